/// Something wrong or unusual in one frame. The reader reports it and goes on with the next frame.
public struct CaptureDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem. A struct so that codes can be added without breaking callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The captured bytes end before a header that the frame announces (link, IP, SCTP, UDP).
        public static let truncatedPacket = Code("truncatedPacket")
        /// The capture kept fewer bytes than the packet had (snap length); the cut part is lost.
        public static let snapLengthCut = Code("snapLengthCut")
        /// An IPv4/IPv6 header field is inconsistent (version, header length, total length).
        public static let badIPHeader = Code("badIPHeader")
        /// An IP fragment could not be used (overlap, too large, or too many pending datagrams).
        public static let ipFragmentDropped = Code("ipFragmentDropped")
        /// An IP datagram was rebuilt from fragments; this frame completed it.
        public static let ipReassembled = Code("ipReassembled")
        /// The SCTP common header is shorter than 12 bytes.
        public static let badSCTPHeader = Code("badSCTPHeader")
        /// An SCTP chunk length is below its minimum or runs past the packet; the rest of the packet is skipped.
        public static let badChunkLength = Code("badChunkLength")
        /// A DATA or I-DATA chunk carries no user data.
        public static let emptyDataChunk = Code("emptyDataChunk")
        /// A fragment of a user message was dropped: reassembly limits reached or it contradicts others.
        public static let sctpFragmentDropped = Code("sctpFragmentDropped")
        /// A retransmitted fragment (TSN already seen) was not used again for reassembly.
        public static let retransmittedFragment = Code("retransmittedFragment")
        /// The UDP header length is inconsistent with the IP payload.
        public static let badUDPHeader = Code("badUDPHeader")
    }

    /// 1-based frame number, as tshark counts.
    public let frame: Int
    public let code: Code
    public let message: String

    @inline(never)
    init(frame: Int, _ code: Code, _ message: String) {
        self.frame = frame
        self.code = code
        self.message = message
    }

    public var description: String { "frame \(frame): \(code): \(message)" }
}
