import Bytes

/// An SCTP chunk type (RFC 9260 §3.2 and extensions). An open set.
public struct SCTPChunkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let data = SCTPChunkType(0)
    public static let initiation = SCTPChunkType(1)
    public static let initiationAck = SCTPChunkType(2)
    public static let sack = SCTPChunkType(3)
    public static let heartbeat = SCTPChunkType(4)
    public static let heartbeatAck = SCTPChunkType(5)
    public static let abort = SCTPChunkType(6)
    public static let shutdown = SCTPChunkType(7)
    public static let shutdownAck = SCTPChunkType(8)
    public static let error = SCTPChunkType(9)
    public static let cookieEcho = SCTPChunkType(10)
    public static let cookieAck = SCTPChunkType(11)
    public static let shutdownComplete = SCTPChunkType(14)
    /// RFC 8260.
    public static let iData = SCTPChunkType(64)

    public var description: String {
        switch self {
        case .data: "DATA"
        case .initiation: "INIT"
        case .initiationAck: "INIT_ACK"
        case .sack: "SACK"
        case .heartbeat: "HEARTBEAT"
        case .heartbeatAck: "HEARTBEAT_ACK"
        case .abort: "ABORT"
        case .shutdown: "SHUTDOWN"
        case .shutdownAck: "SHUTDOWN_ACK"
        case .error: "ERROR"
        case .cookieEcho: "COOKIE_ECHO"
        case .cookieAck: "COOKIE_ACK"
        case .shutdownComplete: "SHUTDOWN_COMPLETE"
        case .iData: "I_DATA"
        default: "chunk(\(rawValue))"
        }
    }
}

/// The SCTP common header (RFC 9260 §3.1).
public struct SCTPCommonHeader: Hashable, Sendable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var verificationTag: UInt32
    /// The checksum field read as a big-endian number, as tshark shows it; the CRC32c is stored least
    /// significant byte first, so this is the CRC byte-swapped. Ignored when building.
    public var checksum: UInt32 = 0

    @inlinable public init(sourcePort: UInt16, destinationPort: UInt16, verificationTag: UInt32) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.verificationTag = verificationTag
    }

    public static let length = 12

    /// Parses the common header at the start of an SCTP packet.
    @inlinable
    public static func parse(_ packet: ByteView) throws(PacketError) -> SCTPCommonHeader {
        guard packet.count >= 12 else { throw .at(0, ["SCTP"], .truncated, "SCTP common header cut (\(packet.count) of 12 bytes)") }
        let b = packet.bytes
        var header = SCTPCommonHeader(sourcePort: b.be16(0), destinationPort: b.be16(2), verificationTag: b.be32(4))
        header.checksum = b.be32(8)
        return header
    }

    /// The CRC32c of `packet` with its checksum field taken as zero (RFC 9260 appendix A).
    public static func computeChecksum(_ packet: ByteView) -> UInt32 {
        guard packet.count >= 12 else { return 0 }
        let zero: UInt32 = 0
        var crc = CRC32c.update(0, UnsafeRawBufferPointer(rebasing: packet.bytes[0..<8]))
        crc = withUnsafeBytes(of: zero) { CRC32c.update(crc, $0) }
        return CRC32c.update(crc, UnsafeRawBufferPointer(rebasing: packet.bytes[12...]))
    }

    /// Whether the packet's checksum field holds its CRC32c.
    public static func checksumIsValid(_ packet: ByteView) -> Bool {
        guard let field = packet.u32(at: 8) else { return false }
        return computeChecksum(packet) == field.byteSwapped
    }
}

/// One chunk of an SCTP packet: type, flags, and where its value lies in the packet.
public struct SCTPChunk: Hashable, Sendable {
    public var type: SCTPChunkType
    public var flags: UInt8
    /// The chunk length field: header and value, without padding.
    public var length: Int
    /// Where the chunk starts in the packet.
    public var offset: Int
    /// 0-based position in the packet.
    public var index: Int

    @inlinable
    public init(type: SCTPChunkType, flags: UInt8, length: Int, offset: Int, index: Int) {
        self.type = type
        self.flags = flags
        self.length = length
        self.offset = offset
        self.index = index
    }

    /// Where the value (after the 4-byte chunk header) lies in the packet.
    @inlinable public var value: Range<Int> { (offset &+ 4)..<(offset &+ length) }
}

/// Walks the chunks of an SCTP packet. Stops at the end, at fewer than 4 bytes left (trailing bytes), or
/// after throwing `badChunkLength` for a chunk whose length is below 4 or runs past the packet.
public struct SCTPChunkIterator {
    public let packet: ByteView
    @usableFromInline var offset = SCTPCommonHeader.length
    @usableFromInline var index = 0

    @inlinable public init(_ packet: ByteView) { self.packet = packet }

    @inlinable
    public mutating func next() throws(PacketError) -> SCTPChunk? {
        guard offset >= 0, offset &+ 4 <= packet.count else { return nil }
        let here = offset
        let type = packet.bytes.be8(here), flags = packet.bytes.be8(here &+ 1)
        let length = Int(packet.bytes.be16(here &+ 2))
        guard length >= 4, packet.has(length, at: here) else {
            offset = packet.count
            throw .at(here &+ 2, ["SCTP", "chunks", "[\(index)]", "length"], .badChunkLength,
                      "SCTP chunk \(index + 1) (type \(type)) length \(length) does not fit the \(packet.count - here) bytes left")
        }
        offset = here &+ ((length &+ 3) & ~3)
        defer { index &+= 1 }
        return SCTPChunk(type: SCTPChunkType(type), flags: flags, length: length, offset: here, index: index)
    }
}

/// An open SCTP packet in a `PacketWriter`.
public struct SCTPMark: Hashable, Sendable {
    public let start: Int
}

extension PacketWriter {
    /// Writes the common header; chunks follow, then `endSCTP` sets the checksum.
    public mutating func beginSCTP(_ header: SCTPCommonHeader) throws(PacketError) -> SCTPMark {
        try ensure(12, "SCTP common header")
        let start = count
        try writeU16(header.sourcePort)
        try writeU16(header.destinationPort)
        try writeU32(header.verificationTag)
        try writeU32(0)
        return SCTPMark(start: start)
    }

    /// Sets the CRC32c of the packet opened at `mark` (`checksum: false` leaves 0, as usrsctp does on loopback).
    public mutating func endSCTP(_ mark: SCTPMark, checksum: Bool = true) throws(PacketError) {
        guard checksum else { return }
        let crc = SCTPCommonHeader.computeChecksum(ByteView(bytes(mark.start..<count)))
        setU32(crc.byteSwapped, at: mark.start + 8)
    }

    /// Writes a chunk with a value of `valueLength` bytes written by `body`, then the padding to 4 bytes.
    @inlinable
    public mutating func writeSCTPChunk(_ type: SCTPChunkType, flags: UInt8 = 0,
                                        _ body: (inout PacketWriter) throws(PacketError) -> Void) throws(PacketError) {
        let start = count
        try writeU8(type.rawValue)
        try writeU8(flags)
        try writeU16(0)
        try body(&self)
        let length = count &- start
        guard length <= 65_535 else {
            throw PacketError(.valueOutOfRange, "SCTP \(type) chunk of \(length) bytes (at most 65,535)",
                              context: ErrorContext(path: ["SCTP", "chunk", "length"]))
        }
        setU16(UInt16(length), at: start &+ 2)
        try writeZeros((4 &- length & 3) & 3)
    }

    /// Writes a chunk whose value is `value`.
    public mutating func writeSCTPChunk(_ type: SCTPChunkType, flags: UInt8 = 0, value: UnsafeRawBufferPointer) throws(PacketError) {
        try writeSCTPChunk(type, flags: flags) { (w: inout PacketWriter) throws(PacketError) in try w.write(value) }
    }
}
