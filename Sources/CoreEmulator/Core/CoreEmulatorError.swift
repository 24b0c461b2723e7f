import Bytes

/// The error of this module: a configuration the core cannot run with (a rule the loader cannot see, such as a
/// home network private key that is not a key of its curve).
public struct CoreEmulatorError: CoreGateError, Hashable {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The configuration breaks a rule; the message names the key.
        public static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
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
