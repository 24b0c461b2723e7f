import Bytes

/// An ICMP (RFC 792) or ICMPv6 (RFC 4443) echo request or reply.
public struct ICMPEcho: Hashable, Sendable {
    /// ICMP for IPv4 or ICMPv6.
    public var isICMPv6: Bool
    public var isReply: Bool
    public var identifier: UInt16
    public var sequenceNumber: UInt16
    /// As parsed; ignored when building.
    public var checksum: UInt16 = 0

    @inlinable public init(isICMPv6: Bool, isReply: Bool, identifier: UInt16, sequenceNumber: UInt16) {
        self.isICMPv6 = isICMPv6
        self.isReply = isReply
        self.identifier = identifier
        self.sequenceNumber = sequenceNumber
    }

    /// The type octet: 8/0 for ICMP, 128/129 for ICMPv6.
    @inlinable public var type: UInt8 {
        isICMPv6 ? (isReply ? 129 : 128) : (isReply ? 0 : 8)
    }

    /// The reply to this request (same identifier and sequence number).
    @inlinable public var reply: ICMPEcho { ICMPEcho(isICMPv6: isICMPv6, isReply: true, identifier: identifier, sequenceNumber: sequenceNumber) }

    /// Parses an echo message in `bytes` (the IP payload); returns it and where its data lies.
    public static func parse(_ bytes: ByteView, icmpv6: Bool) throws(PacketError) -> (ICMPEcho, data: Range<Int>) {
        let path = [icmpv6 ? "ICMPv6" : "ICMP"]
        guard let type = bytes.u8(at: 0), let code = bytes.u8(at: 1), let checksum = bytes.u16(at: 2),
              let id = bytes.u16(at: 4), let seq = bytes.u16(at: 6)
        else { throw .at(0, path, .truncated, "ICMP echo header cut (\(bytes.count) of 8 bytes)") }
        let isReply: Bool
        switch (icmpv6, type) {
        case (false, 8), (true, 128): isReply = false
        case (false, 0), (true, 129): isReply = true
        default: throw .at(0, path + ["type"], .unexpectedType, "ICMP type \(type) code \(code) is not an echo request or reply")
        }
        var echo = ICMPEcho(isICMPv6: icmpv6, isReply: isReply, identifier: id, sequenceNumber: seq)
        echo.checksum = checksum
        return (echo, 8..<bytes.count)
    }

    /// Whether the checksum of the ICMP message `bytes` is right (ICMPv6 covers the pseudo-header of `ip`).
    public static func checksumIsValid(_ bytes: ByteView, in ip: IPPacket) -> Bool {
        var c = ip.version == 6 ? ip.pseudoHeader(length: bytes.count) : InternetChecksum()
        c.add(bytes.bytes)
        return c.verifies
    }
}

/// An open ICMP message in a `PacketWriter`.
public struct ICMPMark: Hashable, Sendable {
    public let start: Int
    let isICMPv6: Bool
}

extension PacketWriter {
    /// Writes an echo header; the data follows, and `endICMP` sets the checksum.
    public mutating func beginICMPEcho(_ echo: ICMPEcho) throws(PacketError) -> ICMPMark {
        try ensure(8, "ICMP echo header")
        let start = count
        try writeU8(echo.type)
        try writeU8(0)
        try writeU16(0)
        try writeU16(echo.identifier)
        try writeU16(echo.sequenceNumber)
        return ICMPMark(start: start, isICMPv6: echo.isICMPv6)
    }

    /// Sets the checksum of the ICMP message opened at `mark` (ICMPv6: with the pseudo-header of `ip`).
    public mutating func endICMP(_ mark: ICMPMark, in ip: IPMark) throws(PacketError) {
        var c = InternetChecksum()
        if mark.isICMPv6 {
            c.addPseudoHeader(source: ip.source, destination: ip.destination, protocol: .icmpv6, length: count - mark.start)
        }
        c.add(bytes(mark.start..<count))
        setU16(c.value, at: mark.start + 2)
    }
}
