import Bytes

/// An IPv4 or IPv6 packet parsed from borrowed bytes: its header and where the upper layer lies in them.
public struct IPPacket: Hashable, Sendable {
    public enum Header: Hashable, Sendable {
        case v4(IPv4Header)
        case v6(IPv6Header)
    }

    public var header: Header
    /// Where the upper layer's bytes lie in the bytes parsed (after options and extension headers).
    public var payload: Range<Int>

    @inlinable public var version: Int {
        if case .v4 = header { return 4 }
        return 6
    }

    public var source: IPAddress {
        switch header {
        case .v4(let h): h.source
        case .v6(let h): h.source
        }
    }

    public var destination: IPAddress {
        switch header {
        case .v4(let h): h.destination
        case .v6(let h): h.destination
        }
    }

    /// The upper-layer protocol (after IPv6 extension headers).
    public var upperProtocol: IPProtocol {
        switch header {
        case .v4(let h): h.upperProtocol
        case .v6(let h): h.upperProtocol
        }
    }

    /// The fragment this packet is, nil for a whole datagram.
    public var fragment: IPFragment? {
        switch header {
        case .v4(let h): h.fragment
        case .v6(let h): h.fragment
        }
    }

    /// Parses an IPv4 or IPv6 packet, by the version nibble.
    public init(parsing bytes: ByteView, options: IPParseOptions = .strict) throws(PacketError) {
        guard let first = bytes.u8(at: 0) else { throw .at(0, ["IP"], .truncated, "empty IP packet") }
        switch first >> 4 {
        case 4: try self.init(parsingIPv4: bytes, options: options)
        case 6: try self.init(parsingIPv6: bytes, options: options)
        default: throw .at(0, ["IP", "version"], .badVersion, "IP version field is \(first >> 4)")
        }
    }

    public init(parsingIPv4 bytes: ByteView, options: IPParseOptions = .strict) throws(PacketError) {
        let (h, payload) = try IPv4Header.parse(bytes, options: options)
        self.header = .v4(h)
        self.payload = payload
    }

    public init(parsingIPv6 bytes: ByteView, options: IPParseOptions = .strict) throws(PacketError) {
        let (h, payload) = try IPv6Header.parse(bytes, options: options)
        self.header = .v6(h)
        self.payload = payload
    }

    /// The pseudo-header sum of RFC 768 / RFC 8200 §8.1 for an upper-layer packet of `length` bytes.
    @inlinable
    public func pseudoHeader(length: Int) -> InternetChecksum {
        var c = InternetChecksum()
        c.addPseudoHeader(source: source, destination: destination, protocol: upperProtocol, length: length)
        return c
    }
}
