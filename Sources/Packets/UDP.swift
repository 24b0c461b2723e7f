import Bytes

/// A UDP header (RFC 768).
public struct UDPHeader: Hashable, Sendable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// Header and payload, as parsed (0 for an IPv6 jumbogram).
    public var length: UInt16
    public var checksum: UInt16

    @inlinable public init(sourcePort: UInt16, destinationPort: UInt16, length: UInt16 = 0, checksum: UInt16 = 0) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.length = length
        self.checksum = checksum
    }

    static let path = ["UDP"]

    /// Parses the datagram in `bytes` (the IP payload); returns its header and where its payload lies.
    /// A length of 0 (IPv6 jumbogram) means the whole of `bytes`; bytes after the length are ignored.
    public static func parse(_ bytes: ByteView) throws(PacketError) -> (UDPHeader, payload: Range<Int>) {
        guard let sport = bytes.u16(at: 0), let dport = bytes.u16(at: 2), let length16 = bytes.u16(at: 4),
              let checksum = bytes.u16(at: 6)
        else { throw .at(0, path, .truncated, "UDP header cut (\(bytes.count) of 8 bytes)") }
        let length = length16 == 0 ? bytes.count : Int(length16)
        guard length >= 8, length <= bytes.count else {
            throw .at(4, path + ["length"], .badLength, "UDP length \(length16) does not fit the \(bytes.count)-byte IP payload")
        }
        return (UDPHeader(sourcePort: sport, destinationPort: dport, length: length16, checksum: checksum), 8..<length)
    }

    /// Whether the checksum of `datagram` (header and payload, as long as its length field says) is right
    /// for the pseudo-header of `ip`; nil when the checksum is 0 over IPv4 (not computed by the sender).
    public static func checksumIsValid(_ datagram: ByteView, in ip: IPPacket) -> Bool? {
        guard let field = datagram.u16(at: 6) else { return false }
        if field == 0 && ip.version == 4 { return nil }
        var c = ip.pseudoHeader(length: datagram.count)
        c.add(datagram.bytes)
        return c.verifies
    }
}

/// An open UDP datagram in a `PacketWriter`.
public struct UDPMark: Hashable, Sendable {
    public let start: Int
}

extension PacketWriter {
    /// Writes a UDP header; its length and checksum are filled in by `endUDP`.
    public mutating func beginUDP(sourcePort: UInt16, destinationPort: UInt16) throws(PacketError) -> UDPMark {
        try ensure(8, "UDP header")
        let start = count
        try writeU16(sourcePort)
        try writeU16(destinationPort)
        try writeU32(0)
        return UDPMark(start: start)
    }

    /// Sets the length and the checksum (pseudo-header of `ip`) of the datagram opened at `mark`.
    /// `checksum: false` leaves it 0 (allowed over IPv4 only, as RFC 768 has it).
    public mutating func endUDP(_ mark: UDPMark, in ip: IPMark, checksum: Bool = true) throws(PacketError) {
        let length = count - mark.start
        guard length <= 65_535 else {
            throw PacketError(.valueOutOfRange, "UDP datagram of \(length) bytes (at most 65,535)", context: ErrorContext(path: ["UDP", "length"]))
        }
        setU16(UInt16(length), at: mark.start + 4)
        guard checksum || ip.source.version == 6 else { return }
        var c = InternetChecksum()
        c.addPseudoHeader(source: ip.source, destination: ip.destination, protocol: .udp, length: length)
        c.add(bytes(mark.start..<count))
        let value = c.value
        setU16(value == 0 ? 0xFFFF : value, at: mark.start + 6)  // 0 means "no checksum": send all ones
    }
}
