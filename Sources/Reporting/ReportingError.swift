import Bytes

/// The error of the reporting module: results that do not load, shards that do not merge, reports that
/// cannot be written.
public struct ReportingError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A results file of another schema (or none): `coregate-results/1` is the one this build reads.
        public static let unsupportedSchema = Code(rawValue: "unsupportedSchema")
        /// A results file whose JSON does not parse or does not have the documented shape.
        public static let invalidResults = Code(rawValue: "invalidResults")
        /// Results that cannot be merged (other plans, the same shard twice, other histogram precisions).
        public static let mergeConflict = Code(rawValue: "mergeConflict")
        /// A report or results file that cannot be read or written.
        public static let io = Code(rawValue: "io")
        /// An option given by the user that does not parse (`--threshold latency=ten`).
        public static let invalidOption = Code(rawValue: "invalidOption")
    }

    public var code: Code
    public var message: String
    public var context: ErrorContext

    @inline(never)
    public init(_ code: Code, _ message: String, context: ErrorContext = ErrorContext()) {
        self.code = code
        self.message = message
        self.context = context
    }
}
