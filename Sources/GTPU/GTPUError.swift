import Bytes

/// The error of the `GTPU` module: bytes that are not a GTP-U message as TS 29.281 defines it. `context`
/// names the field and the byte offset from the message start. (Encoding writes through `PacketWriter` and
/// throws its `PacketError`: a buffer too small, a value that does not fit its field.)
public struct GTPUError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The bytes end before the header, an extension header or an information element.
        public static let truncated = Code(rawValue: "truncated")
        /// The version is not 1 or the protocol type is GTP' (PT 0).
        public static let unsupportedVersion = Code(rawValue: "unsupportedVersion")
        /// The length field runs past the bytes, or is shorter than the optional fields it must cover.
        public static let badLength = Code(rawValue: "badLength")
        /// An extension header with length 0, or whose content contradicts its type.
        public static let badExtensionHeader = Code(rawValue: "badExtensionHeader")
        /// More extension headers than the decoder follows.
        public static let tooManyExtensionHeaders = Code(rawValue: "tooManyExtensionHeaders")
        /// An information element of TV format with a type TS 29.281 does not define: its length is unknown.
        public static let unknownInformationElement = Code(rawValue: "unknownInformationElement")
        /// An information element's length contradicts its type (a GTP-U Peer Address of 5 bytes).
        public static let badInformationElement = Code(rawValue: "badInformationElement")
        /// A G-PDU whose T-PDU is not an IPv4 or IPv6 packet `Packets` can parse (asked through `innerPacket`).
        public static let badInnerPacket = Code(rawValue: "badInnerPacket")
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

    @inline(never)
    static func at(_ offset: Int, _ path: [String], _ code: Code, _ message: String) -> GTPUError {
        GTPUError(code, message, context: ErrorContext(offset: .byte(offset), path: path))
    }
}
