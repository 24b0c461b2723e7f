/// Hand-built packets for synthetic captures: link headers, IPv4/IPv6, UDP, SCTP with DATA and I-DATA chunks.
enum PacketBuilder {
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
    static func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4) }

    // MARK: SCTP

    struct Flags: OptionSet {
        let rawValue: UInt8
        static let end = Flags(rawValue: 1)
        static let begin = Flags(rawValue: 2)
        static let unordered = Flags(rawValue: 4)
        static let whole: Flags = [.begin, .end]
    }

    static func dataChunk(tsn: UInt32, sid: UInt16 = 0, ssn: UInt16 = 0, ppid: UInt32 = 60,
                          flags: Flags = .whole, payload: [UInt8]) -> [UInt8] {
        let length = UInt16(16 + payload.count)
        return padded([0, flags.rawValue] + be16(length) + be32(tsn) + be16(sid) + be16(ssn) + be32(ppid) + payload)
    }

    /// I-DATA (RFC 8260): `ppidOrFSN` is the PPID on the first fragment, the FSN on the others.
    static func iDataChunk(tsn: UInt32, sid: UInt16, mid: UInt32, ppidOrFSN: UInt32, flags: Flags,
                           payload: [UInt8]) -> [UInt8] {
        let length = UInt16(20 + payload.count)
        return padded([64, flags.rawValue] + be16(length) + be32(tsn) + be16(sid) + [0, 0] + be32(mid)
                      + be32(ppidOrFSN) + payload)
    }

    static func chunk(type: UInt8, flags: UInt8 = 0, value: [UInt8]) -> [UInt8] {
        padded([type, flags] + be16(UInt16(4 + value.count)) + value)
    }

    static func sctp(sport: UInt16 = 40000, dport: UInt16 = 38412, vtag: UInt32 = 0x1234_5678, chunks: [[UInt8]]) -> [UInt8] {
        be16(sport) + be16(dport) + be32(vtag) + [0, 0, 0, 0] + chunks.flatMap { $0 }
    }

    static func udp(sport: UInt16, dport: UInt16, payload: [UInt8]) -> [UInt8] {
        be16(sport) + be16(dport) + be16(UInt16(8 + payload.count)) + [0, 0] + payload
    }

    // MARK: IP

    static let addressA: [UInt8] = [10, 0, 0, 1]
    static let addressB: [UInt8] = [10, 0, 0, 2]
    static let address6A: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]
    static let address6B: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [2]

    static func ipv4(src: [UInt8] = addressA, dst: [UInt8] = addressB, proto: UInt8 = 132, id: UInt16 = 1,
                     fragmentOffset: Int = 0, moreFragments: Bool = false, options: [UInt8] = [],
                     payload: [UInt8]) -> [UInt8] {
        let headerLength = 20 + options.count
        let flags: UInt16 = (moreFragments ? 0x2000 : 0) | UInt16(fragmentOffset / 8)
        return [UInt8(0x40 | (headerLength / 4)), 0] + be16(UInt16(headerLength + payload.count)) + be16(id)
            + be16(flags) + [64, proto, 0, 0] + src + dst + options + payload
    }

    /// IPv6 with optional extension headers given as (type, bytes including their own next-header byte slot).
    static func ipv6(src: [UInt8] = address6A, dst: [UInt8] = address6B, next: UInt8 = 132,
                     extensions: [(type: UInt8, body: [UInt8])] = [], payload: [UInt8]) -> [UInt8] {
        // Chain: base header next = first extension type; each extension's first byte = following type.
        var chain: [UInt8] = []
        let types = extensions.map(\.type) + [next]
        for (i, ext) in extensions.enumerated() {
            var body = ext.body
            body[0] = types[i + 1]
            chain += body
        }
        let payloadLength = UInt16(chain.count + payload.count)
        return [0x60, 0, 0, 0] + be16(payloadLength) + [types[0], 64] + src + dst + chain + payload
    }

    /// An IPv6 fragment extension header body (8 bytes).
    static func ipv6Fragment(offset: Int, more: Bool, id: UInt32) -> (type: UInt8, body: [UInt8]) {
        (44, [0, 0] + be16(UInt16(offset) | (more ? 1 : 0)) + be32(id))
    }

    // MARK: Link

    static func ethernet(type: UInt16, vlans: [UInt16] = [], payload: [UInt8]) -> [UInt8] {
        var frame = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as [UInt8]
        for (i, vlan) in vlans.enumerated() { frame += be16(i == 0 && vlans.count > 1 ? 0x88A8 : 0x8100) + be16(vlan) }
        return frame + be16(type) + payload
    }

    static func sll(type: UInt16, payload: [UInt8]) -> [UInt8] {
        [0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0] + be16(type) + payload
    }

    static func sll2(type: UInt16, payload: [UInt8]) -> [UInt8] {
        be16(type) + [0, 0] + be32(2) + [0, 1, 0, 6] + [1, 2, 3, 4, 5, 6, 0, 0] + payload
    }

    static func null(family: UInt32, littleEndian: Bool, payload: [UInt8]) -> [UInt8] {
        (littleEndian ? be32(family).reversed() : be32(family)) + payload
    }
}
