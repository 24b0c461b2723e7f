@_exported import enum Packets.IPAddress

/// An IP address and a transport port.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public var description: String {
        if case .v6 = address { return "[\(address)]:\(port)" }
        return "\(address):\(port)"
    }
}

/// One SCTP user message: a complete DATA chunk, or fragments reassembled, or an I-DATA message.
public struct SCTPMessage: Hashable, Sendable {
    /// 1-based number of the frame that completed the message (its only frame when not fragmented).
    public var frame: Int
    /// 0-based position among the messages completed in that frame, in chunk order.
    public var indexInFrame: Int
    public var timestamp: CaptureTimestamp
    public var source: Endpoint
    public var destination: Endpoint
    /// The verification tag of the packet that completed the message.
    public var verificationTag: UInt32
    public var streamID: UInt16
    /// Stream sequence number (DATA); for I-DATA the low 16 bits of the message identifier.
    public var streamSequenceNumber: UInt16
    /// I-DATA message identifier (RFC 8260); nil for DATA.
    public var messageIdentifier: UInt32?
    public var payloadProtocolID: UInt32
    /// TSN of the first and of the last fragment (equal when the message is one chunk).
    public var firstTSN: UInt32
    public var lastTSN: UInt32
    /// Number of chunks the message came in.
    public var fragmentCount: Int
    public var isUnordered: Bool
    /// The chunk's TSN had been seen before in this direction of the association (same ports and
    /// verification tag), in an earlier frame: what tshark flags as `sctp.retransmission`.
    public var isRetransmission: Bool
    /// For a retransmission: the frame that first carried that TSN.
    public var retransmissionOf: Int?
    /// The user data, exactly as carried (no padding).
    public var payload: [UInt8]

    /// The IANA payload protocol identifier of NGAP (RFC / TS 38.412).
    public static let ngapPPID: UInt32 = 60
    /// The SCTP port NGAP uses (TS 38.412).
    public static let ngapPort: UInt16 = 38412

    /// NGAP as tshark selects it: PPID 60, or port 38412 on either side.
    public var isNGAP: Bool {
        payloadProtocolID == Self.ngapPPID || source.port == Self.ngapPort || destination.port == Self.ngapPort
    }
}

/// A UDP datagram (GTP-U on 2152 and PFCP on 8805 are decoded elsewhere).
public struct UDPDatagram: Hashable, Sendable {
    public var frame: Int
    public var timestamp: CaptureTimestamp
    public var source: Endpoint
    public var destination: Endpoint
    public var payload: [UInt8]
}

/// What the reader delivers, in frame order.
public enum CaptureEvent: Hashable, Sendable {
    case sctpMessage(SCTPMessage)
    case udp(UDPDatagram)
    case diagnostic(CaptureDiagnostic)
}

/// What the reader delivers and its limits.
public struct CaptureOptions: Hashable, Sendable {
    /// Deliver only NGAP messages (PPID 60 or port 38412); others are skipped before any copy.
    public var ngapOnly = false
    /// Deliver UDP datagrams (one array allocation each).
    public var includeUDP = false
    /// Deliver retransmitted SCTP messages (flagged `isRetransmission`). tshark does not dissect them.
    public var includeRetransmissions = true
    /// TSNs remembered per direction of an association for retransmission detection (a power of two).
    public var tsnWindow = 8192
    /// Bytes of pending SCTP fragments kept per direction of an association.
    public var maxReassemblyBytes = 4 << 20
    /// Incomplete IP datagrams kept at once.
    public var maxPendingIPDatagrams = 256

    public init() {}

    /// Only NGAP messages, retransmissions included and flagged.
    public static var ngap: CaptureOptions {
        var options = CaptureOptions()
        options.ngapOnly = true
        return options
    }
}
