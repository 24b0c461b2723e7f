import Bytes

/// The error of the `Packets` module: bytes that are not a valid header of the layer being parsed, or a
/// packet that does not fit the caller's buffer when building. `context` names the layer and field
/// (`["IPv4", "totalLength"]`) and the byte offset from the start of the bytes given to the parser.
public struct PacketError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The bytes end before a header, or before the length a header announces.
        public static let truncated = Code(rawValue: "truncated")
        /// The version field is not the one of the layer (4 for IPv4, 6 for IPv6).
        public static let badVersion = Code(rawValue: "badVersion")
        /// A header length field is below the minimum or not a multiple of its unit.
        public static let badHeaderLength = Code(rawValue: "badHeaderLength")
        /// A length field contradicts the header or the bytes present (IP total length, UDP length).
        public static let badLength = Code(rawValue: "badLength")
        /// More IPv6 extension headers than the parser follows.
        public static let tooManyExtensionHeaders = Code(rawValue: "tooManyExtensionHeaders")
        /// An SCTP chunk length below the chunk's minimum or running past the packet.
        public static let badChunkLength = Code(rawValue: "badChunkLength")
        /// A message of another kind than the parser reads (an ICMP type that is not an echo).
        public static let unexpectedType = Code(rawValue: "unexpectedType")
        /// Building: the caller's buffer has no room for what is written.
        public static let bufferTooSmall = Code(rawValue: "bufferTooSmall")
        /// Building: a value does not fit its field (a length over 65,535, an IPv6 address in an IPv4 header).
        public static let valueOutOfRange = Code(rawValue: "valueOutOfRange")
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

    @usableFromInline @inline(never)
    static func at(_ offset: Int, _ path: [String], _ code: Code, _ message: String) -> PacketError {
        PacketError(code, message, context: ErrorContext(offset: .byte(offset), path: path))
    }

    /// The same error with `offset` added to its byte offset and `outer` put in front of its path, for a
    /// layer parsed inside another one.
    public func nested(at offset: Int, in outer: [String]) -> PacketError {
        var copy = self
        if case .byte(let b)? = context.offset { copy.context.offset = .byte(b + offset) }
        copy.context.path = outer + context.path
        return copy
    }
}
