import Bytes

/// The error of the runner module: a plan that cannot be scheduled, a metrics address that does not parse or
/// cannot be bound, a signal handler that cannot be installed.
public struct RunnerError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A value given on the command line that does not parse (`--metrics localhost`).
        public static let invalidOption = Code(rawValue: "invalidOption")
        /// A socket call failed (bind, listen): the message names the call and errno's text.
        public static let socket = Code(rawValue: "socket")
        /// A plan the scheduler cannot run (no UEs in the slice).
        public static let invalidPlan = Code(rawValue: "invalidPlan")
        /// The target could not be reached (no association to any AMF): `coregate run` exits 3.
        public static let targetUnreachable = Code(rawValue: "targetUnreachable")
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
