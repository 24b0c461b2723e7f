import Bytes

/// The error of the `Simulation` module: a configuration a state machine cannot run with (checked when the gNB
/// or UE is made, so that nothing built later can fail on it). Everything a peer does wrong is a
/// `ProtocolDeviation` action instead, never a thrown error.
public struct SimulationError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A configuration value outside what the specification allows (a gNB id of 40 bits, a TAC over 24
        /// bits, an N3 address that is neither IPv4 nor IPv6 …).
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
