import Bytes

/// The error of the core driver: the listener, the transport or the tap could not start.
public struct CoreDriverError: CoreGateError, Hashable {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The configuration cannot run (the core refused it, or an address is not one the transport can bind).
        public static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
        /// The SCTP transport or the event loop failed.
        public static let transport = Code(rawValue: "transport")
        /// The pcapng tap could not be written.
        public static let tap = Code(rawValue: "tap")
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
