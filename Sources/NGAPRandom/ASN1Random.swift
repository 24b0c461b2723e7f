import ASN1PER

/// Random valid values for generated types' `random(using:depth:)` (used by
/// round-trip tests and fuzz corpora). Sizes stay small so values stay readable;
/// extensible constraints are sometimes exercised outside their root.
public enum ASN1Random {
    /// Depth past which optional components are left out and lists kept minimal.
    public static let maxDepth = 6

    @inlinable
    public static func bool<G: RandomNumberGenerator>(_ g: inout G) -> Bool { Bool.random(using: &g) }

    /// Whether to include an optional component at `depth`.
    @inlinable
    public static func include<G: RandomNumberGenerator>(_ g: inout G, depth: Int) -> Bool {
        depth < maxDepth && Int.random(in: 0..<3, using: &g) != 0
    }

    /// An INTEGER within its constraint; extensible ones are sometimes outside the root.
    public static func integer<G: RandomNumberGenerator>(
        _ lowerBound: Int64?, _ upperBound: Int64?, extensible: Bool, _ g: inout G
    ) -> Int64 {
        if extensible, Int.random(in: 0..<8, using: &g) == 0 {
            if let ub = upperBound, ub < Int64.max - 1000 { return ub + Int64.random(in: 1...1000, using: &g) }
            if let lb = lowerBound, lb > Int64.min + 1000 { return lb - Int64.random(in: 1...1000, using: &g) }
        }
        switch (lowerBound, upperBound) {
        case (let lb?, let ub?):
            switch Int.random(in: 0..<4, using: &g) {
            case 0: return lb
            case 1: return ub
            default: return Int64.random(in: lb...ub, using: &g)
            }
        case (let lb?, nil):
            return lb &+ Int64.random(in: 0...(Int.random(in: 0..<2, using: &g) == 0 ? 300 : 1 << 40), using: &g)
        default:
            return Int64.random(in: -(1 << 40)...(1 << 40), using: &g)
        }
    }

    public static func unsigned<G: RandomNumberGenerator>(_ lowerBound: UInt64, _ upperBound: UInt64, _ g: inout G) -> UInt64 {
        switch Int.random(in: 0..<4, using: &g) {
        case 0: return lowerBound
        case 1: return upperBound
        default: return UInt64.random(in: lowerBound...upperBound, using: &g)
        }
    }

    /// A size within a size constraint, small; sometimes outside an extensible root.
    public static func size<G: RandomNumberGenerator>(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool, cap: Int, _ g: inout G
    ) -> Int {
        if extensible, let ub = upperBound, Int.random(in: 0..<8, using: &g) == 0 {
            return ub + Int.random(in: 1...3, using: &g)
        }
        let top = min(upperBound ?? (lowerBound + cap), lowerBound + cap)
        return Int.random(in: lowerBound...max(lowerBound, top), using: &g)
    }

    public static func octets<G: RandomNumberGenerator>(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool, _ g: inout G
    ) -> ASN1Bytes {
        let n = size(lowerBound, upperBound, extensible: extensible, cap: 12, &g)
        var out: [UInt8] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(UInt8.random(in: 0...255, using: &g)) }
        return ASN1Bytes(out)
    }

    public static func bitString<G: RandomNumberGenerator>(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool, _ g: inout G
    ) -> ASN1BitString {
        let n = size(lowerBound, upperBound, extensible: extensible, cap: 40, &g)
        var out: [UInt8] = []
        for _ in 0..<((n + 7) / 8) { out.append(UInt8.random(in: 0...255, using: &g)) }
        if n % 8 != 0, !out.isEmpty { out[out.count - 1] &= ~UInt8((1 << (8 - n % 8)) - 1) }
        return ASN1BitString(bytes: ASN1Bytes(out), bitCount: n) ?? ASN1BitString()
    }

    /// Characters of a known-multiplier string type (or of `alphabet` when given).
    public static func string<G: RandomNumberGenerator>(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool, kind: String, alphabet: [Unicode.Scalar]?, _ g: inout G
    ) -> String {
        let chars: [Unicode.Scalar] = alphabet ?? naturalAlphabet(kind)
        let n = size(lowerBound, upperBound, extensible: extensible, cap: 10, &g)
        var s = String.UnicodeScalarView()
        for _ in 0..<n { s.append(chars.randomElement(using: &g) ?? "a") }
        return String(s)
    }

    static func naturalAlphabet(_ kind: String) -> [Unicode.Scalar] {
        let values: [UInt32]
        switch kind {
        case "NumericString": values = [0x20] + Array(0x30...0x39)
        case "PrintableString":
            values = [0x20, 0x27, 0x28, 0x29, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A, 0x3D, 0x3F] + Array(0x30...0x39)
                + Array(0x41...0x5A) + Array(0x61...0x7A)
        case "IA5String": values = Array(0x20...0x7E) + [0x0A, 0x09]
        default: values = Array(0x20...0x7E)
        }
        return values.compactMap(Unicode.Scalar.init)
    }

    /// UTF-8 text including some non-ASCII characters.
    public static func utf8<G: RandomNumberGenerator>(_ lowerBound: Int, _ upperBound: Int?, _ g: inout G) -> String {
        let pool: [Unicode.Scalar] = Array("abcXYZ 019-_.é漢€\"\\".unicodeScalars) + ["\u{1F600}"]
        let n = size(max(lowerBound, 0), upperBound, extensible: false, cap: 10, &g)
        var s = String.UnicodeScalarView()
        for _ in 0..<n { s.append(pool.randomElement(using: &g)!) }
        return String(s)
    }

    public static func objectIdentifier<G: RandomNumberGenerator>(_ g: inout G) -> ASN1ObjectIdentifier {
        var arcs: [UInt64] = [UInt64.random(in: 0...2, using: &g), UInt64.random(in: 0...39, using: &g)]
        for _ in 0..<Int.random(in: 0...4, using: &g) { arcs.append(UInt64.random(in: 0...100_000, using: &g)) }
        return ASN1ObjectIdentifier(arcs: arcs)
    }

    /// A list of `element()` values with a size within the constraint.
    @inlinable
    public static func list<G: RandomNumberGenerator, T>(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool, depth: Int, _ g: inout G,
        _ element: (inout G) -> T
    ) -> [T] {
        let n = depth >= maxDepth ? lowerBound : size(lowerBound, upperBound, extensible: extensible, cap: 3, &g)
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(element(&g)) }
        return out
    }

    /// An index in `0..<count`.
    @inlinable
    public static func pick<G: RandomNumberGenerator>(_ count: Int, _ g: inout G) -> Int {
        Int.random(in: 0..<max(count, 1), using: &g)
    }
}
