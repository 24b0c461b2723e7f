/// An IPv4 or IPv6 address held inline (no allocation).
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Network byte order folded into an integer: 127.0.0.1 is 0x7F00_0001.
    case v4(UInt32)
    /// The 128 bits as two big-endian halves.
    case v6(high: UInt64, low: UInt64)

    /// Dotted quad, or RFC 5952 text for IPv6 (lower case, longest zero run compressed), as tshark prints.
    public var description: String {
        switch self {
        case .v4(let a):
            return "\(a >> 24).\((a >> 16) & 0xFF).\((a >> 8) & 0xFF).\(a & 0xFF)"
        case .v6(let high, let low):
            var groups = [UInt16](repeating: 0, count: 8)
            for i in 0..<4 {
                groups[i] = UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64(i)))
                groups[4 + i] = UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64(i)))
            }
            return Self.formatIPv6(groups)
        }
    }

    static func formatIPv6(_ groups: [UInt16]) -> String {
        // Longest run of zero groups, at least two long, first one on ties.
        var bestStart = -1, bestLength = 0, start = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if start < 0 { start = i }
            } else if start >= 0 {
                if i - start > bestLength && i - start >= 2 { bestStart = start; bestLength = i - start }
                start = -1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}
