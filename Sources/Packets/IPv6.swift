import Bytes

/// An IPv6 extension header (RFC 8200 §4). The fragment header is structured; the others keep the bytes
/// after their next-header and length octets.
public enum IPv6ExtensionHeader: Hashable, Sendable {
    /// Fragment header (44): offset in bytes (a multiple of 8), M flag, identification.
    case fragment(offset: Int, moreFragments: Bool, identification: UInt32)
    /// Any other header: hop-by-hop (0), routing (43), destination options (60), mobility (135), HIP (139),
    /// shim6 (140) in units of 8 bytes, authentication header (51) in units of 4 bytes. `body` is what
    /// follows the next-header and length octets, so 2 + `body.count` is the header's length.
    case other(type: IPProtocol, body: [UInt8])

    public var type: IPProtocol {
        switch self {
        case .fragment: .ipv6Fragment
        case .other(let type, _): type
        }
    }

    /// The header's length on the wire.
    public var length: Int {
        switch self {
        case .fragment: 8
        case .other(_, let body): 2 + body.count
        }
    }

    /// Whether the parser walks over this type as an extension header (ESP and "no next header" end the walk).
    @inlinable public static func isExtension(_ type: IPProtocol) -> Bool {
        switch type.rawValue {
        case 0, 43, 44, 51, 60, 135, 139, 140: true
        default: false
        }
    }
}

/// An IPv6 header (RFC 8200) with its extension headers. Building writes every field except the payload
/// length, which `PacketWriter.endIPv6` computes.
public struct IPv6Header: Hashable, Sendable {
    public var trafficClass: UInt8 = 0
    /// 20 bits.
    public var flowLabel: UInt32 = 0
    /// As parsed; ignored when building.
    public var payloadLength: UInt16 = 0
    public var hopLimit: UInt8 = 64
    public var source: IPAddress
    public var destination: IPAddress
    /// In order; the next-header fields are chained from `upperProtocol` when building.
    public var extensionHeaders: [IPv6ExtensionHeader] = []
    /// The protocol after the last extension header (ESP or "no next header" included).
    public var upperProtocol: IPProtocol

    @inlinable
    public init(source: IPAddress, destination: IPAddress, upperProtocol: IPProtocol, hopLimit: UInt8 = 64,
                extensionHeaders: [IPv6ExtensionHeader] = []) {
        self.source = source
        self.destination = destination
        self.upperProtocol = upperProtocol
        self.hopLimit = hopLimit
        self.extensionHeaders = extensionHeaders
    }

    /// The base header's next-header field: the first extension header's type, else the upper protocol.
    @inlinable public var nextHeader: IPProtocol { extensionHeaders.first?.type ?? upperProtocol }

    /// The fragment this packet is, nil when it is whole (an atomic fragment, offset 0 without M, is whole).
    public var fragment: IPFragment? {
        for case .fragment(let offset, let more, let id) in extensionHeaders where offset != 0 || more {
            return IPFragment(identification: id, offset: offset, moreFragments: more)
        }
        return nil
    }

    /// Extension headers followed at most.
    public static let maxExtensionHeaders = 16
    static let path = ["IPv6"]

    /// `IPv6.extensionHeaders[i]`, built only for an error.
    @inline(never)
    static func extensionPath(_ index: Int) -> [String] { ["IPv6", "extensionHeaders", "[\(index)]"] }

    /// Parses the header and its extension headers at the start of `bytes`; returns it and where the upper
    /// layer's bytes lie in `bytes`.
    public static func parse(_ bytes: ByteView, options: IPParseOptions = .strict) throws(PacketError) -> (IPv6Header, payload: Range<Int>) {
        guard bytes.count >= 40 else { throw .at(0, path, .truncated, "IPv6 header cut (\(bytes.count) of 40 bytes)") }
        let b = bytes.bytes
        let word0 = b.be32(0), payload16 = b.be16(4), first = b.be8(6), hopLimit = b.be8(7)
        let srcHigh = b.be64(8), srcLow = b.be64(16), dstHigh = b.be64(24), dstLow = b.be64(32)
        guard word0 >> 28 == 6 else { throw .at(0, path + ["version"], .badVersion, "IPv6 version field is \(word0 >> 28)") }
        let payloadLength = Int(payload16)
        let end: Int
        if payloadLength == 0 && options.allowsZeroLength {
            end = bytes.count
        } else {
            guard 40 &+ payloadLength <= bytes.count || options.allowsCutPayload else {
                throw .at(4, path + ["payloadLength"], .badLength,
                          "IPv6 payload length \(payloadLength) exceeds the \(bytes.count - 40) bytes present")
            }
            end = min(40 &+ payloadLength, bytes.count)
        }
        var header = IPv6Header(source: .v6(high: srcHigh, low: srcLow), destination: .v6(high: dstHigh, low: dstLow),
                                upperProtocol: IPProtocol(first), hopLimit: hopLimit)
        header.trafficClass = UInt8(truncatingIfNeeded: word0 >> 20)
        header.flowLabel = word0 & 0xF_FFFF
        header.payloadLength = payload16
        var next = IPProtocol(first)
        var offset = 40
        var walked = 0
        while IPv6ExtensionHeader.isExtension(next) {
            guard walked < maxExtensionHeaders else {
                throw .at(offset, path + ["extensionHeaders"], .tooManyExtensionHeaders,
                          "more than \(maxExtensionHeaders) IPv6 extension headers")
            }
            guard let nh = bytes.u8(at: offset), let len = bytes.u8(at: offset &+ 1) else {
                throw .at(offset, Self.extensionPath(walked), .truncated, "IPv6 extension header \(next.rawValue) cut")
            }
            let length: Int
            switch next {
            case .ipv6Fragment: length = 8
            case .authenticationHeader: length = (Int(len) &+ 2) &* 4
            default: length = (Int(len) &+ 1) &* 8
            }
            guard offset &+ length <= end, let whole = bytes.slice(offset, length) else {
                throw .at(offset, Self.extensionPath(walked), .truncated, "IPv6 extension header \(next.rawValue) of \(length) bytes runs past the payload")
            }
            if next == .ipv6Fragment {
                let field = whole.u16(at: 2) ?? 0
                header.extensionHeaders.append(.fragment(offset: Int(field & 0xFFF8), moreFragments: field & 1 != 0,
                                                         identification: whole.u32(at: 4) ?? 0))
            } else {
                header.extensionHeaders.append(.other(type: next, body: whole.suffix(from: 2).copyBytes()))
            }
            next = IPProtocol(nh)
            offset &+= length
            walked &+= 1
        }
        header.upperProtocol = next
        return (header, offset..<end)
    }
}

extension PacketWriter {
    /// Writes an IPv6 header and its extension headers; the payload length is filled in by `endIPv6`.
    public mutating func beginIPv6(_ header: IPv6Header) throws(PacketError) -> IPMark {
        guard case .v6(let sh, let sl) = header.source, case .v6(let dh, let dl) = header.destination else {
            throw PacketError(.valueOutOfRange, "IPv4 address in an IPv6 header", context: ErrorContext(path: ["IPv6"]))
        }
        let start = count
        try ensure(40, "IPv6 header")
        try writeU32(6 << 28 | UInt32(header.trafficClass) << 20 | header.flowLabel & 0xF_FFFF)
        try writeU16(0)
        try writeU8(header.nextHeader.rawValue)
        try writeU8(header.hopLimit)
        try writeU64(sh); try writeU64(sl)
        try writeU64(dh); try writeU64(dl)
        let headers = header.extensionHeaders
        for (i, ext) in headers.enumerated() {
            let next = i + 1 < headers.count ? headers[i + 1].type : header.upperProtocol
            try writeExtension(ext, next: next, index: i)
        }
        return IPMark(start: start, payloadStart: start + 40, source: header.source, destination: header.destination,
                      lengthField: start + 4)
    }

    private mutating func writeExtension(_ ext: IPv6ExtensionHeader, next: IPProtocol, index: Int) throws(PacketError) {
        let path = ["IPv6", "extensionHeaders", "[\(index)]"]
        switch ext {
        case .fragment(let offset, let more, let id):
            guard offset >= 0, offset % 8 == 0, offset <= 0xFFF8 else {
                throw PacketError(.valueOutOfRange, "IPv6 fragment offset \(offset) (a multiple of 8 up to 65,528)", context: ErrorContext(path: path))
            }
            try writeU8(next.rawValue)
            try writeU8(0)
            try writeU16(UInt16(offset) | (more ? 1 : 0))
            try writeU32(id)
        case .other(let type, let body):
            let unit = type == .authenticationHeader ? 4 : 8
            let total = 2 + body.count
            let units = total / unit - (unit == 4 ? 2 : 1)
            guard total % unit == 0, units >= 0, units <= 255 else {
                throw PacketError(.valueOutOfRange, "IPv6 extension header \(type.rawValue) of \(total) bytes (a multiple of \(unit))",
                                  context: ErrorContext(path: path))
            }
            try writeU8(next.rawValue)
            try writeU8(UInt8(units))
            try write(body)
        }
    }

    /// Sets the payload length of the IPv6 packet opened at `mark` (extension headers included).
    public mutating func endIPv6(_ mark: IPMark) throws(PacketError) {
        let length = count - mark.start - 40
        guard length <= 65_535 else {
            throw PacketError(.valueOutOfRange, "IPv6 payload of \(length) bytes (jumbograms are not built)",
                              context: ErrorContext(path: ["IPv6", "payloadLength"]))
        }
        setU16(UInt16(length), at: mark.lengthField)
    }

    /// Closes an IPv4 or IPv6 packet opened at `mark`.
    public mutating func endIP(_ mark: IPMark) throws(PacketError) {
        if mark.source.version == 4 { try endIPv4(mark) } else { try endIPv6(mark) }
    }
}
