import Bytes

/// The link-layer types the reader decodes, from libpcap's DLT value.
public enum LinkLayer: Hashable, Sendable {
    case ethernet
    case linuxSLL
    case linuxSLL2
    /// Raw IP with no link header (DLT_RAW 12/14, LINKTYPE_RAW 101): version nibble decides v4/v6.
    case rawIP
    case ipv4
    case ipv6
    /// BSD loopback: 4-byte address family in the writer's byte order.
    case null
    /// OpenBSD loopback: 4-byte address family in network byte order.
    case loop

    /// Maps a DLT value (`pcap_datalink`), or nil if unsupported.
    public init?(dlt: Int32) {
        switch dlt {
        case 1: self = .ethernet
        case 113: self = .linuxSLL
        case 276: self = .linuxSLL2
        case 12, 14, 101: self = .rawIP
        case 228: self = .ipv4
        case 229: self = .ipv6
        case 0: self = .null
        case 108: self = .loop
        default: return nil
        }
    }

    /// What a frame of this link type carries.
    public enum Network: Hashable, Sendable {
        case ipv4(offset: Int)
        case ipv6(offset: Int)
        /// Not IP (ARP, LLDP, ...): skipped without a diagnostic.
        case other
        /// The link header is cut; the text says where.
        case truncated(String)
    }

    /// Where the IP header starts in a frame of this link type.
    public func network(in frame: ByteView) -> Network {
        switch self {
        case .ethernet:
            // Destination, source, then EtherType; 802.1Q / 802.1ad / QinQ tags repeat 4 bytes each.
            var offset = 12
            for _ in 0..<8 {
                guard let type = frame.u16(at: offset) else { return .truncated("Ethernet header cut at \(offset) bytes") }
                switch type {
                case 0x8100, 0x88A8, 0x9100, 0x9200: offset += 4
                default: return Self.etherType(type, offset: offset + 2)
                }
            }
            return .other
        case .linuxSLL:
            guard let type = frame.u16(at: 14) else { return .truncated("Linux SLL header cut (\(frame.count) of 16 bytes)") }
            return Self.etherType(type, offset: 16)
        case .linuxSLL2:
            guard frame.has(20, at: 0), let type = frame.u16(at: 0) else {
                return .truncated("Linux SLL2 header cut (\(frame.count) of 20 bytes)")
            }
            return Self.etherType(type, offset: 20)
        case .rawIP:
            guard let first = frame.u8(at: 0) else { return .truncated("empty raw IP frame") }
            switch first >> 4 {
            case 4: return .ipv4(offset: 0)
            case 6: return .ipv6(offset: 0)
            default: return .other
            }
        case .ipv4: return .ipv4(offset: 0)
        case .ipv6: return .ipv6(offset: 0)
        case .null, .loop:
            guard let raw = frame.u32(at: 0) else { return .truncated("loopback header cut (\(frame.count) of 4 bytes)") }
            // NULL is written in the capturing host's order; accept either order (families are small numbers).
            let family = self == .loop ? raw : (raw > 0xFFFF ? raw.byteSwapped : raw)
            switch family {
            case 2: return .ipv4(offset: 4)
            case 10, 24, 28, 30: return .ipv6(offset: 4)
            default: return .other
            }
        }
    }

    private static func etherType(_ type: UInt16, offset: Int) -> Network {
        switch type {
        case 0x0800: return .ipv4(offset: offset)
        case 0x86DD: return .ipv6(offset: offset)
        default: return .other
        }
    }
}
