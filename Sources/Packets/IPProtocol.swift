/// An IANA IP protocol number (IPv4 protocol, IPv6 next header). An open set.
public struct IPProtocol: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let hopByHopOptions = IPProtocol(0)
    public static let icmp = IPProtocol(1)
    public static let tcp = IPProtocol(6)
    public static let udp = IPProtocol(17)
    public static let ipv6Routing = IPProtocol(43)
    public static let ipv6Fragment = IPProtocol(44)
    public static let esp = IPProtocol(50)
    public static let authenticationHeader = IPProtocol(51)
    public static let icmpv6 = IPProtocol(58)
    public static let ipv6NoNextHeader = IPProtocol(59)
    public static let ipv6DestinationOptions = IPProtocol(60)
    public static let sctp = IPProtocol(132)
    public static let mobilityHeader = IPProtocol(135)
    public static let hip = IPProtocol(139)
    public static let shim6 = IPProtocol(140)

    public var description: String {
        switch self {
        case .icmp: "ICMP"
        case .tcp: "TCP"
        case .udp: "UDP"
        case .icmpv6: "ICMPv6"
        case .sctp: "SCTP"
        default: "protocol \(rawValue)"
        }
    }
}
