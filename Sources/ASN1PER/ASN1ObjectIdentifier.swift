/// An OBJECT IDENTIFIER value: its arcs, e.g. 0.4.0.0.22.3.1.
public struct ASN1ObjectIdentifier: Hashable, Sendable, CustomStringConvertible {
    public var arcs: [UInt64]

    public init(arcs: [UInt64]) { self.arcs = arcs }

    /// Parses dotted text such as `1.2.840.113549`; nil unless it has two or more numeric arcs.
    public init?(dotted text: String) {
        var arcs: [UInt64] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard let v = UInt64(part) else { return nil }
            arcs.append(v)
        }
        guard arcs.count >= 2 else { return nil }
        self.arcs = arcs
    }

    /// Decodes BER contents octets (X.690 8.19); nil when malformed.
    public init?(contents: ASN1Bytes) {
        var subidentifiers: [UInt64] = []
        var current: UInt64 = 0
        var inProgress = false
        for byte in contents {
            if !inProgress && byte == 0x80 { return nil }  // non-minimal
            guard current >> 57 == 0 else { return nil }
            current = current << 7 | UInt64(byte & 0x7F)
            inProgress = byte & 0x80 != 0
            if !inProgress {
                subidentifiers.append(current)
                current = 0
            }
        }
        guard !inProgress, let first = subidentifiers.first else { return nil }
        let head: [UInt64] = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80]
        arcs = head + subidentifiers.dropFirst()
    }

    /// BER contents octets.
    public var contents: [UInt8] {
        guard arcs.count >= 2 else { return [] }
        var out: [UInt8] = []
        func put(_ v: UInt64) {
            var groups: [UInt8] = [UInt8(v & 0x7F)]
            var rest = v >> 7
            while rest > 0 {
                groups.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            out.append(contentsOf: groups.reversed())
        }
        put(arcs[0] &* 40 &+ arcs[1])
        for arc in arcs.dropFirst(2) { put(arc) }
        return out
    }

    public var description: String { arcs.map(String.init).joined(separator: ".") }
}
