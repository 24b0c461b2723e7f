import Bytes

/// An IPv4 header (RFC 791). Parsing fills every field; building writes every field except the total
/// length and the header checksum, which `PacketWriter.endIPv4` computes.
public struct IPv4Header: Hashable, Sendable {
    /// DSCP (6 bits) and ECN (2 bits).
    public var typeOfService: UInt8 = 0
    /// As parsed; ignored when building (the writer sets it).
    public var totalLength: UInt16 = 0
    public var identification: UInt16 = 0
    /// The reserved flag bit (must be zero; kept so a parsed header rebuilds to the same bytes).
    public var reservedFlag = false
    public var dontFragment = false
    public var moreFragments = false
    /// Offset of this fragment's payload in bytes (a multiple of 8, below 65,536).
    public var fragmentOffset = 0
    public var timeToLive: UInt8 = 64
    public var upperProtocol: IPProtocol
    /// As parsed; ignored when building (the writer computes it).
    public var headerChecksum: UInt16 = 0
    public var source: IPAddress
    public var destination: IPAddress
    /// Options, padded to a multiple of 4 bytes (at most 40).
    public var options: [UInt8] = []

    @inlinable
    public init(source: IPAddress, destination: IPAddress, upperProtocol: IPProtocol, timeToLive: UInt8 = 64,
                identification: UInt16 = 0, dontFragment: Bool = false) {
        self.source = source
        self.destination = destination
        self.upperProtocol = upperProtocol
        self.timeToLive = timeToLive
        self.identification = identification
        self.dontFragment = dontFragment
    }

    /// 20 bytes plus options.
    @inlinable public var headerLength: Int { 20 &+ options.count }

    /// The fragment this packet is, nil when it is a whole datagram.
    @inlinable public var fragment: IPFragment? {
        guard moreFragments || fragmentOffset != 0 else { return nil }
        return IPFragment(identification: UInt32(identification), offset: fragmentOffset, moreFragments: moreFragments)
    }

    @usableFromInline static let path = ["IPv4"]

    /// Parses the header at the start of `bytes`; returns it and where its payload lies in `bytes`.
    @inlinable
    public static func parse(_ bytes: ByteView, options: IPParseOptions = .strict) throws(PacketError) -> (IPv4Header, payload: Range<Int>) {
        guard bytes.count >= 20 else { throw .at(0, path, .truncated, "IPv4 header cut (\(bytes.count) of 20 bytes)") }
        let b = bytes.bytes
        let versionIHL = b.be8(0), tos = b.be8(1), total16 = b.be16(2), id = b.be16(4), flagsOffset = b.be16(6)
        let ttl = b.be8(8), proto = b.be8(9), checksum = b.be16(10), src = b.be32(12), dst = b.be32(16)
        guard versionIHL >> 4 == 4 else { throw .at(0, path + ["version"], .badVersion, "IPv4 version field is \(versionIHL >> 4)") }
        let headerLength = Int(versionIHL & 0x0F) &* 4
        guard headerLength >= 20 else {
            throw .at(0, path + ["headerLength"], .badHeaderLength, "IPv4 header length \(headerLength) < 20")
        }
        guard bytes.has(headerLength, at: 0) else {
            throw .at(0, path + ["options"], .truncated, "IPv4 header with options cut (\(bytes.count) of \(headerLength) bytes)")
        }
        let total = Int(total16)
        let end: Int
        if total == 0 && options.allowsZeroLength {
            end = bytes.count
        } else {
            guard total >= headerLength else {
                throw .at(2, path + ["totalLength"], .badLength, "IPv4 total length \(total) < header length \(headerLength)")
            }
            guard total <= bytes.count || options.allowsCutPayload else {
                throw .at(2, path + ["totalLength"], .badLength, "IPv4 total length \(total) exceeds the \(bytes.count) bytes present")
            }
            end = min(total, bytes.count)
        }
        var header = IPv4Header(source: .v4(src), destination: .v4(dst), upperProtocol: IPProtocol(proto), timeToLive: ttl,
                                identification: id, dontFragment: flagsOffset & 0x4000 != 0)
        header.typeOfService = tos
        header.totalLength = total16
        header.reservedFlag = flagsOffset & 0x8000 != 0
        header.moreFragments = flagsOffset & 0x2000 != 0
        header.fragmentOffset = Int(flagsOffset & 0x1FFF) &* 8
        header.headerChecksum = checksum
        if headerLength > 20, let o = bytes.slice(20, headerLength &- 20) { header.options = o.copyBytes() }
        return (header, headerLength..<end)
    }

    /// Whether the header checksum of the IPv4 header at the start of `bytes` is right.
    public static func checksumIsValid(_ bytes: ByteView) -> Bool {
        guard let first = bytes.u8(at: 0), let header = bytes.slice(0, Int(first & 0x0F) &* 4), header.count >= 20 else { return false }
        return InternetChecksum.of(header.bytes) == 0
    }
}

/// An open IPv4 packet in a `PacketWriter`: where it starts, its addresses for the upper layer's pseudo-header.
public struct IPMark: Hashable, Sendable {
    public let start: Int
    public let payloadStart: Int
    public let source: IPAddress
    public let destination: IPAddress
    /// IPv6: the offset of the payload length field (the base header's); IPv4: of the total length.
    let lengthField: Int
}

extension PacketWriter {
    /// Writes an IPv4 header; the total length and checksum are filled in by `endIPv4`.
    public mutating func beginIPv4(_ header: IPv4Header) throws(PacketError) -> IPMark {
        guard case .v4(let src) = header.source, case .v4(let dst) = header.destination else {
            throw PacketError(.valueOutOfRange, "IPv6 address in an IPv4 header", context: ErrorContext(path: ["IPv4"]))
        }
        let length = header.headerLength
        guard header.options.count % 4 == 0, length <= 60 else {
            throw PacketError(.valueOutOfRange, "IPv4 options of \(header.options.count) bytes (a multiple of 4, at most 40)",
                              context: ErrorContext(path: ["IPv4", "options"]))
        }
        guard header.fragmentOffset % 8 == 0, header.fragmentOffset >= 0, header.fragmentOffset <= 0x1FFF * 8 else {
            throw PacketError(.valueOutOfRange, "IPv4 fragment offset \(header.fragmentOffset) (a multiple of 8 up to 65,528)",
                              context: ErrorContext(path: ["IPv4", "fragmentOffset"]))
        }
        try ensure(length, "IPv4 header")
        let start = count
        var flags = UInt16(header.fragmentOffset / 8)
        if header.reservedFlag { flags |= 0x8000 }
        if header.dontFragment { flags |= 0x4000 }
        if header.moreFragments { flags |= 0x2000 }
        try writeU8(0x40 | UInt8(length / 4))
        try writeU8(header.typeOfService)
        try writeU16(0)
        try writeU16(header.identification)
        try writeU16(flags)
        try writeU8(header.timeToLive)
        try writeU8(header.upperProtocol.rawValue)
        try writeU16(0)
        try writeU32(src)
        try writeU32(dst)
        try write(header.options)
        return IPMark(start: start, payloadStart: count, source: header.source, destination: header.destination, lengthField: start + 2)
    }

    /// Sets the total length and header checksum of the IPv4 packet opened at `mark`.
    public mutating func endIPv4(_ mark: IPMark) throws(PacketError) {
        let total = count - mark.start
        guard total <= 65_535 else {
            throw PacketError(.valueOutOfRange, "IPv4 packet of \(total) bytes (at most 65,535)", context: ErrorContext(path: ["IPv4", "totalLength"]))
        }
        setU16(UInt16(total), at: mark.lengthField)
        setU16(InternetChecksum.of(bytes(mark.start..<mark.payloadStart)), at: mark.start + 10)
    }
}
