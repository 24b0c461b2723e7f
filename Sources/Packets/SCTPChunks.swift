import Bytes

/// The I, U, B and E flags of DATA and I-DATA chunks (RFC 9260 §3.3.1, RFC 7053, RFC 8260).
public struct SCTPDataFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// E: last fragment of a user message.
    public static let ending = SCTPDataFlags(rawValue: 0x01)
    /// B: first fragment of a user message.
    public static let beginning = SCTPDataFlags(rawValue: 0x02)
    /// U: unordered.
    public static let unordered = SCTPDataFlags(rawValue: 0x04)
    /// I: the receiver should acknowledge at once (RFC 7053).
    public static let immediate = SCTPDataFlags(rawValue: 0x08)
    /// A whole message in one chunk.
    public static let whole: SCTPDataFlags = [.beginning, .ending]
}

/// A DATA chunk's header fields (RFC 9260 §3.3.1); the user data follows.
public struct SCTPDataChunk: Hashable, Sendable {
    public var flags: SCTPDataFlags
    public var tsn: UInt32
    public var streamIdentifier: UInt16
    public var streamSequenceNumber: UInt16
    public var payloadProtocolIdentifier: UInt32

    @inlinable
    public init(flags: SCTPDataFlags = .whole, tsn: UInt32, streamIdentifier: UInt16, streamSequenceNumber: UInt16,
                payloadProtocolIdentifier: UInt32) {
        self.flags = flags
        self.tsn = tsn
        self.streamIdentifier = streamIdentifier
        self.streamSequenceNumber = streamSequenceNumber
        self.payloadProtocolIdentifier = payloadProtocolIdentifier
    }

    /// Reads a DATA chunk of `packet`; returns its fields and where the user data lies in the packet.
    @inlinable
    public static func parse(_ chunk: SCTPChunk, in packet: ByteView) throws(PacketError) -> (SCTPDataChunk, userData: Range<Int>) {
        let o = chunk.offset
        guard chunk.length >= 16, packet.has(chunk.length, at: o) else { throw chunkTooShort(chunk, "DATA", 16) }
        let b = packet.bytes
        return (SCTPDataChunk(flags: SCTPDataFlags(rawValue: chunk.flags), tsn: b.be32(o &+ 4), streamIdentifier: b.be16(o &+ 8),
                              streamSequenceNumber: b.be16(o &+ 10), payloadProtocolIdentifier: b.be32(o &+ 12)),
                (o &+ 16)..<(o &+ chunk.length))
    }
}

/// An I-DATA chunk's header fields (RFC 8260 §2.1); the user data follows.
public struct SCTPIDataChunk: Hashable, Sendable {
    public var flags: SCTPDataFlags
    public var tsn: UInt32
    public var streamIdentifier: UInt16
    public var messageIdentifier: UInt32
    /// The payload protocol identifier on the first fragment (B set), the fragment sequence number on the others.
    public var ppidOrFragmentSequenceNumber: UInt32

    @inlinable
    public init(flags: SCTPDataFlags = .whole, tsn: UInt32, streamIdentifier: UInt16, messageIdentifier: UInt32,
                ppidOrFragmentSequenceNumber: UInt32) {
        self.flags = flags
        self.tsn = tsn
        self.streamIdentifier = streamIdentifier
        self.messageIdentifier = messageIdentifier
        self.ppidOrFragmentSequenceNumber = ppidOrFragmentSequenceNumber
    }

    /// Reads an I-DATA chunk of `packet`; returns its fields and where the user data lies in the packet.
    @inlinable
    public static func parse(_ chunk: SCTPChunk, in packet: ByteView) throws(PacketError) -> (SCTPIDataChunk, userData: Range<Int>) {
        let o = chunk.offset
        guard chunk.length >= 20, packet.has(chunk.length, at: o) else { throw chunkTooShort(chunk, "I-DATA", 20) }
        let b = packet.bytes
        return (SCTPIDataChunk(flags: SCTPDataFlags(rawValue: chunk.flags), tsn: b.be32(o &+ 4), streamIdentifier: b.be16(o &+ 8),
                               messageIdentifier: b.be32(o &+ 12), ppidOrFragmentSequenceNumber: b.be32(o &+ 16)),
                (o &+ 20)..<(o &+ chunk.length))
    }
}

/// The fixed part of an INIT or INIT ACK chunk (RFC 9260 §3.3.2, §3.3.3); optional parameters follow
/// (in INIT ACK the State Cookie among them), kept as bytes.
public struct SCTPInitChunk: Hashable, Sendable {
    public var initiateTag: UInt32
    public var advertisedReceiverWindowCredit: UInt32
    public var outboundStreams: UInt16
    public var inboundStreams: UInt16
    public var initialTSN: UInt32

    @inlinable
    public init(initiateTag: UInt32, advertisedReceiverWindowCredit: UInt32, outboundStreams: UInt16,
                inboundStreams: UInt16, initialTSN: UInt32) {
        self.initiateTag = initiateTag
        self.advertisedReceiverWindowCredit = advertisedReceiverWindowCredit
        self.outboundStreams = outboundStreams
        self.inboundStreams = inboundStreams
        self.initialTSN = initialTSN
    }

    /// Reads an INIT or INIT ACK chunk; returns its fixed fields and where the parameters lie in the packet.
    public static func parse(_ chunk: SCTPChunk, in packet: ByteView) throws(PacketError) -> (SCTPInitChunk, parameters: Range<Int>) {
        let o = chunk.offset
        guard chunk.length >= 20, let tag = packet.u32(at: o &+ 4), let rwnd = packet.u32(at: o &+ 8),
              let outbound = packet.u16(at: o &+ 12), let inbound = packet.u16(at: o &+ 14), let tsn = packet.u32(at: o &+ 16)
        else { throw chunkTooShort(chunk, chunk.type.description, 20) }
        return (SCTPInitChunk(initiateTag: tag, advertisedReceiverWindowCredit: rwnd, outboundStreams: outbound,
                              inboundStreams: inbound, initialTSN: tsn), (o &+ 20)..<(o &+ chunk.length))
    }
}

/// A SACK chunk (RFC 9260 §3.3.4): cumulative TSN, window, gap blocks (offsets from the cumulative TSN)
/// and duplicate TSNs.
public struct SCTPSackChunk: Hashable, Sendable {
    public var cumulativeTSNAck: UInt32
    public var advertisedReceiverWindowCredit: UInt32
    public var gapAckBlocks: [(start: UInt16, end: UInt16)]
    public var duplicateTSNs: [UInt32]

    public init(cumulativeTSNAck: UInt32, advertisedReceiverWindowCredit: UInt32,
                gapAckBlocks: [(start: UInt16, end: UInt16)] = [], duplicateTSNs: [UInt32] = []) {
        self.cumulativeTSNAck = cumulativeTSNAck
        self.advertisedReceiverWindowCredit = advertisedReceiverWindowCredit
        self.gapAckBlocks = gapAckBlocks
        self.duplicateTSNs = duplicateTSNs
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.cumulativeTSNAck == b.cumulativeTSNAck && a.advertisedReceiverWindowCredit == b.advertisedReceiverWindowCredit
            && a.gapAckBlocks.map(\.start) == b.gapAckBlocks.map(\.start) && a.gapAckBlocks.map(\.end) == b.gapAckBlocks.map(\.end)
            && a.duplicateTSNs == b.duplicateTSNs
    }

    public func hash(into h: inout Hasher) {
        h.combine(cumulativeTSNAck)
        h.combine(advertisedReceiverWindowCredit)
        h.combine(duplicateTSNs)
        for block in gapAckBlocks { h.combine(block.start); h.combine(block.end) }
    }

    /// Reads a SACK chunk; its block counts must fit the chunk length.
    public static func parse(_ chunk: SCTPChunk, in packet: ByteView) throws(PacketError) -> SCTPSackChunk {
        let o = chunk.offset
        guard chunk.length >= 16, let cumulative = packet.u32(at: o &+ 4), let rwnd = packet.u32(at: o &+ 8),
              let gaps = packet.u16(at: o &+ 12), let dups = packet.u16(at: o &+ 14)
        else { throw chunkTooShort(chunk, "SACK", 16) }
        let needed = 16 &+ 4 &* (Int(gaps) &+ Int(dups))
        guard needed <= chunk.length else {
            throw .at(o &+ 12, ["SCTP", "chunks", "[\(chunk.index)]", "numberOfGapAckBlocks"], .badChunkLength,
                      "SACK with \(gaps) gap blocks and \(dups) duplicate TSNs needs \(needed) bytes, chunk length is \(chunk.length)")
        }
        var sack = SCTPSackChunk(cumulativeTSNAck: cumulative, advertisedReceiverWindowCredit: rwnd)
        var at = o &+ 16
        for _ in 0..<gaps {
            sack.gapAckBlocks.append((packet.u16(at: at) ?? 0, packet.u16(at: at &+ 2) ?? 0))
            at &+= 4
        }
        for _ in 0..<dups {
            sack.duplicateTSNs.append(packet.u32(at: at) ?? 0)
            at &+= 4
        }
        return sack
    }
}

/// The cumulative TSN of a SHUTDOWN chunk (RFC 9260 §3.3.8).
public enum SCTPShutdownChunk {
    public static func parse(_ chunk: SCTPChunk, in packet: ByteView) throws(PacketError) -> UInt32 {
        guard chunk.length >= 8, let tsn = packet.u32(at: chunk.offset &+ 4) else { throw chunkTooShort(chunk, "SHUTDOWN", 8) }
        return tsn
    }
}

@usableFromInline @inline(never)
func chunkTooShort(_ chunk: SCTPChunk, _ name: String, _ minimum: Int) -> PacketError {
    .at(chunk.offset &+ 2, ["SCTP", "chunks", "[\(chunk.index)]", "length"], .badChunkLength,
        "\(name) chunk \(chunk.index + 1) length \(chunk.length) is shorter than its \(minimum)-byte header")
}

extension PacketWriter {
    /// Writes a DATA chunk carrying `userData`.
    public mutating func writeDataChunk(_ chunk: SCTPDataChunk, userData: UnsafeRawBufferPointer) throws(PacketError) {
        try writeSCTPChunk(.data, flags: chunk.flags.rawValue) { (w: inout PacketWriter) throws(PacketError) in
            try w.writeU32(chunk.tsn)
            try w.writeU16(chunk.streamIdentifier)
            try w.writeU16(chunk.streamSequenceNumber)
            try w.writeU32(chunk.payloadProtocolIdentifier)
            try w.write(userData)
        }
    }

    /// Writes an I-DATA chunk carrying `userData`.
    public mutating func writeIDataChunk(_ chunk: SCTPIDataChunk, userData: UnsafeRawBufferPointer) throws(PacketError) {
        try writeSCTPChunk(.iData, flags: chunk.flags.rawValue) { (w: inout PacketWriter) throws(PacketError) in
            try w.writeU32(chunk.tsn)
            try w.writeU16(chunk.streamIdentifier)
            try w.writeU16(0)
            try w.writeU32(chunk.messageIdentifier)
            try w.writeU32(chunk.ppidOrFragmentSequenceNumber)
            try w.write(userData)
        }
    }

    /// Writes an INIT (or, with `acknowledgement`, an INIT ACK) chunk with its parameters (TLVs, each padded).
    public mutating func writeInitChunk(_ chunk: SCTPInitChunk, acknowledgement: Bool = false,
                                        parameters: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) throws(PacketError) {
        try writeSCTPChunk(acknowledgement ? .initiationAck : .initiation) { (w: inout PacketWriter) throws(PacketError) in
            try w.writeU32(chunk.initiateTag)
            try w.writeU32(chunk.advertisedReceiverWindowCredit)
            try w.writeU16(chunk.outboundStreams)
            try w.writeU16(chunk.inboundStreams)
            try w.writeU32(chunk.initialTSN)
            try w.write(parameters)
        }
    }

    /// Writes a SACK chunk.
    public mutating func writeSackChunk(_ sack: SCTPSackChunk) throws(PacketError) {
        guard sack.gapAckBlocks.count <= 0xFFFF, sack.duplicateTSNs.count <= 0xFFFF else {
            throw PacketError(.valueOutOfRange, "SACK with more than 65,535 gap blocks or duplicate TSNs",
                              context: ErrorContext(path: ["SCTP", "SACK"]))
        }
        try writeSCTPChunk(.sack) { (w: inout PacketWriter) throws(PacketError) in
            try w.writeU32(sack.cumulativeTSNAck)
            try w.writeU32(sack.advertisedReceiverWindowCredit)
            try w.writeU16(UInt16(sack.gapAckBlocks.count))
            try w.writeU16(UInt16(sack.duplicateTSNs.count))
            for block in sack.gapAckBlocks {
                try w.writeU16(block.start)
                try w.writeU16(block.end)
            }
            for tsn in sack.duplicateTSNs { try w.writeU32(tsn) }
        }
    }

    /// Writes a SHUTDOWN chunk.
    public mutating func writeShutdownChunk(cumulativeTSNAck: UInt32) throws(PacketError) {
        try writeSCTPChunk(.shutdown) { (w: inout PacketWriter) throws(PacketError) in try w.writeU32(cumulativeTSNAck) }
    }
}
