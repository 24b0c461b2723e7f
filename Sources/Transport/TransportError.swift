import Bytes

/// An error of the transport layer: a socket call that failed (with its errno), an address that is not
/// allowed, or an association that cannot take the operation.
public struct TransportError: CoreGateError, Hashable {
    /// What went wrong. A struct, not an enum, so new codes do not break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The text is not an IPv4 or IPv6 address, or the port is out of range.
        public static let invalidAddress = Code("invalidAddress")
        /// A wildcard (0.0.0.0, ::) was given where an explicit address is required.
        public static let wildcardAddress = Code("wildcardAddress")
        /// The requested SCTP stack is not available (no kernel SCTP, usrsctp failed to start).
        public static let backendUnavailable = Code("backendUnavailable")
        /// socket, bind, listen, connect or a socket option failed.
        public static let socketFailed = Code("socketFailed")
        /// The association or listener id is not (or no longer) open.
        public static let unknownAssociation = Code("unknownAssociation")
        /// The stream id is not below the negotiated outbound stream count.
        public static let invalidStream = Code("invalidStream")
        /// A send failed for a reason other than a full buffer.
        public static let sendFailed = Code("sendFailed")
        /// The message is larger than the configured maximum.
        public static let messageTooLarge = Code("messageTooLarge")
    }

    public let code: Code
    public let message: String
    /// The errno of the failed call, 0 when none.
    public let errno: Int32
    public var context: ErrorContext { ErrorContext(path: ["Transport"]) }

    @inline(never)
    public init(_ code: Code, errno: Int32 = 0, _ message: String) {
        self.code = code
        self.errno = errno
        self.message = errno == 0 ? message : "\(message) (errno \(errno))"
    }
}
