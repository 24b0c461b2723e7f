/// An SCTP association of the N2 interface, as the driver names it (any value unique among live associations).
public struct AssociationID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }
    @inlinable public init(_ value: Int) { rawValue = UInt32(truncatingIfNeeded: value) }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "assoc\(rawValue)" }
}

/// The user plane's name for one PDU session: the SEID the SMF allocates (TS 29.244 §5.6.2 calls it the
/// F-SEID's SEID; here the UPF and SMF are one process, so one 64-bit value names the session on both sides).
public struct UPFSessionKey: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "seid\(rawValue)" }
}

/// An IPv4 address as a 32-bit number (network order: `10.60.0.1` is `0x0A3C_0001`).
public struct IPv4Address: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Parses dotted-quad text; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt32(p), n <= 255 else { return nil }
            v = v << 8 | n
        }
        rawValue = v
    }

    /// The four octets, most significant first.
    public var octets: [UInt8] {
        [UInt8(truncatingIfNeeded: rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
         UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue)]
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { octets.map(String.init).joined(separator: ".") }
}

/// An IPv6 address as two 64-bit halves.
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    @inlinable public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// Parses RFC 4291 text (`2001:db8::1`, `::`); nil for anything else (no embedded IPv4 form).
    public init?(_ text: String) {
        // Split at "::" (at most once) without Foundation.
        let chars = Array(text)
        var halves: [String] = []
        var start = 0, i = 0
        while i < chars.count {
            if chars[i] == ":" && i + 1 < chars.count && chars[i + 1] == ":" {
                halves.append(String(chars[start..<i]))
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        halves.append(String(chars[start...]))
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<4 { h = h << 16 | UInt64(all[i]) }
        for i in 4..<8 { l = l << 16 | UInt64(all[i]) }
        high = h
        low = l
    }

    /// The sixteen octets, most significant first.
    public var octets: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return out
    }

    public static func < (a: Self, b: Self) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// RFC 5952 text: lower case, the longest run of zero groups (two or more) as `::`.
    public var description: String {
        var g: [UInt16] = []
        for shift in stride(from: 48, through: 0, by: -16) { g.append(UInt16(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 48, through: 0, by: -16) { g.append(UInt16(truncatingIfNeeded: low >> UInt64(shift))) }
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            if g[i] == 0 {
                var j = i
                while j < 8 && g[j] == 0 { j += 1 }
                if j - i > bestLength { bestStart = i; bestLength = j - i }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ range: Range<Int>) -> String { g[range].map { String($0, radix: 16) }.joined(separator: ":") }
        guard bestLength >= 2 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}

/// An address of either family (N3 endpoints, UE addresses).
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses either form; nil for anything else.
    public init?(_ text: String) {
        if let a = IPv4Address(text) { self = .v4(a) } else if let a = IPv6Address(text) { self = .v6(a) } else { return nil }
    }

    /// 4 or 16 octets.
    public var octets: [UInt8] {
        switch self {
        case .v4(let a): a.octets
        case .v6(let a): a.octets
        }
    }

    /// Reads 4 or 16 octets; nil for another length.
    public init?(octets: [UInt8]) {
        switch octets.count {
        case 4: self = .v4(IPv4Address(rawValue: octets.reduce(0) { $0 << 8 | UInt32($1) }))
        case 16:
            self = .v6(IPv6Address(high: octets[0..<8].reduce(0) { $0 << 8 | UInt64($1) },
                                   low: octets[8..<16].reduce(0) { $0 << 8 | UInt64($1) }))
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }
}

/// An IPv6 prefix (address and length).
public struct IPv6Prefix: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv6Address
    public var length: Int
    public init(address: IPv6Address, length: Int) {
        self.address = address
        self.length = length
    }
    public var description: String { "\(address)/\(length)" }
}

/// `IPAddress` under a name that modules with their own `IPAddress` can use (the module and its main type share
/// the name `CoreEmulator`, so `CoreEmulator.IPAddress` does not resolve).
public typealias CoreIPAddress = IPAddress
