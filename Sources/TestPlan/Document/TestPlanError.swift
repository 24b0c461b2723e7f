import Bytes

/// The error of this module: a plan that cannot be read or that breaks rules of the format (with every
/// diagnostic), an override that cannot be applied, a shard that does not fit the plan.
public struct TestPlanError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file could not be read.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The plan is not valid; `diagnostics` lists every rule it breaks.
        public static let invalidPlan = Code(rawValue: "invalidPlan")
        /// A `--set key=value` override is malformed or cannot be applied.
        public static let invalidOverride = Code(rawValue: "invalidOverride")
        /// A `--shard I/N` that is malformed or asks for more shards than the plan has gNBs or UEs.
        public static let invalidShard = Code(rawValue: "invalidShard")
    }

    public var code: Code
    public var message: String
    public var context: ErrorContext
    /// Every rule broken, in file order (for `invalidPlan` and `invalidOverride`).
    public var diagnostics: [PlanDiagnostic]

    @inline(never)
    public init(_ code: Code, _ message: String, diagnostics: [PlanDiagnostic] = [], context: ErrorContext = ErrorContext()) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
        self.context = context
    }
}
