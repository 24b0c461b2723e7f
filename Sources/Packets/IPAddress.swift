/// An IPv4 or IPv6 address held inline (no allocation).
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Network byte order folded into an integer: 127.0.0.1 is 0x7F00_0001.
    case v4(UInt32)
    /// The 128 bits as two big-endian halves.
    case v6(high: UInt64, low: UInt64)

    /// The address family's IP version (4 or 6).
    @inlinable public var version: Int {
        if case .v4 = self { return 4 }
        return 6
    }

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (`::` compression, embedded IPv4 tail); nil otherwise.
    public init?(_ text: String) {
        if text.contains(":") {
            guard let (high, low) = Self.parseIPv6(Array(text.utf8)) else { return nil }
            self = .v6(high: high, low: low)
        } else {
            guard let v4 = Self.parseIPv4(text.utf8[...]) else { return nil }
            self = .v4(v4)
        }
    }

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

    static func parseIPv4(_ text: Substring.UTF8View) -> UInt32? {
        var value: UInt32 = 0, part: UInt32 = 0, digits = 0, parts = 0
        for c in text {
            if c == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | part
                part = 0; digits = 0; parts += 1
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                part = part * 10 + UInt32(c - UInt8(ascii: "0"))
                digits += 1
                guard part <= 255, digits <= 3 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | part
    }

    static func parseIPv6(_ text: [UInt8]) -> (UInt64, UInt64)? {
        // Split at "::" (at most once), parse each side's groups, fill zeros between.
        var head: [UInt16] = [], tail: [UInt16] = []
        var sawDoubleColon = false
        var i = 0
        var current: [UInt8] = []
        func flush(_ into: inout [UInt16], last: Bool) -> Bool {
            if current.isEmpty { return false }
            if last, current.contains(UInt8(ascii: ".")) {
                guard let v4 = parseIPv4(String(decoding: current, as: UTF8.self).utf8[...]) else { return false }
                into.append(UInt16(v4 >> 16)); into.append(UInt16(v4 & 0xFFFF))
            } else {
                guard current.count <= 4, let v = UInt16(String(decoding: current, as: UTF8.self), radix: 16) else { return false }
                into.append(v)
            }
            current = []
            return true
        }
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: ":") {
                if i + 1 < text.count && text[i + 1] == UInt8(ascii: ":") {
                    guard !sawDoubleColon else { return nil }
                    if !current.isEmpty { guard flush(&head, last: false) else { return nil } }
                    sawDoubleColon = true
                    i += 2
                    continue
                }
                if sawDoubleColon { guard flush(&tail, last: false) else { return nil } }
                else { guard flush(&head, last: false) else { return nil } }
            } else {
                current.append(c)
            }
            i += 1
        }
        if !current.isEmpty {
            if sawDoubleColon { guard flush(&tail, last: true) else { return nil } }
            else { guard flush(&head, last: true) else { return nil } }
        }
        let count = head.count + tail.count
        guard sawDoubleColon ? count <= 7 : count == 8 else { return nil }
        let groups = head + [UInt16](repeating: 0, count: 8 - count) + tail
        var high: UInt64 = 0, low: UInt64 = 0
        for g in groups[0..<4] { high = high << 16 | UInt64(g) }
        for g in groups[4..<8] { low = low << 16 | UInt64(g) }
        return (high, low)
    }
}
