import Bytes

/// An IPv4 or IPv6 packet parsed from borrowed bytes: its header and where the upper layer lies in them.
public struct IPPacket: Hashable, Sendable {
    public enum Header: Hashable, Sendable {
        case v4(IPv4Header)
        case v6(IPv6Header)
    }

    public let header: Header
    /// Where the upper layer's bytes lie in the bytes parsed (after options and extension headers).
    public let payload: Range<Int>
    // Copied out of the header when parsing, so that reading them needs no switch.
    public let source: IPAddress
    public let destination: IPAddress
    /// The upper-layer protocol (after IPv6 extension headers).
    public let upperProtocol: IPProtocol
    /// The fragment this packet is, nil for a whole datagram.
    public let fragment: IPFragment?

    @inlinable public var version: Int { source.version }

    /// Parses an IPv4 or IPv6 packet, by the version nibble.
    public init(parsing bytes: ByteView, options: IPParseOptions = .strict) throws(PacketError) {
        guard let first = bytes.u8(at: 0) else { throw .at(0, ["IP"], .truncated, "empty IP packet") }
        switch first >> 4 {
        case 4: try self.init(parsingIPv4: bytes, options: options)
        case 6: try self.init(parsingIPv6: bytes, options: options)
        default: throw .at(0, ["IP", "version"], .badVersion, "IP version field is \(first >> 4)")
        }
    }

    @inlinable
    public init(parsingIPv4 bytes: ByteView, options: IPParseOptions = .strict) throws(PacketError) {
        let (h, payload) = try IPv4Header.parse(bytes, options: options)
        self.init(.v4(h), source: h.source, destination: h.destination, upperProtocol: h.upperProtocol, fragment: h.fragment,
                  payload: payload)
    }

    public init(parsingIPv6 bytes: ByteView, options: IPParseOptions = .strict) throws(PacketError) {
        let (h, payload) = try IPv6Header.parse(bytes, options: options)
        self.init(.v6(h), source: h.source, destination: h.destination, upperProtocol: h.upperProtocol, fragment: h.fragment,
                  payload: payload)
    }

    @usableFromInline
    init(_ header: Header, source: IPAddress, destination: IPAddress, upperProtocol: IPProtocol, fragment: IPFragment?,
         payload: Range<Int>) {
        self.header = header
        self.source = source
        self.destination = destination
        self.upperProtocol = upperProtocol
        self.fragment = fragment
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
