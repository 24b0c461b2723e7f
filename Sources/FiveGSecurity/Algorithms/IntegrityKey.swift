/// A 128-NIA key with its per-key state prepared once (TS 33.501 Annex D.3; TS 33.401 B.2):
/// NIA1 = UIA2 f9 with FRESH = BEARER<<27, NIA2 = AES-CMAC (subkeys precomputed), NIA3 = 128-EIA3;
/// NIA0 gives a MAC of 32 zero bits.
public struct IntegrityKey: Sendable {
    public let algorithm: IntegrityAlgorithm
    @usableFromInline let words: Block128
    @usableFromInline let cmac: AESCMAC?

    /// Prepares `key` (16 bytes; ignored for NIA0) for `algorithm`.
    public init(algorithm: IntegrityAlgorithm, key: [UInt8]) throws(SecurityError) {
        self.algorithm = algorithm
        switch algorithm {
        case .nia0:
            words = .zero
            cmac = nil
        case .nia1, .nia3:
            words = try Block128(key, "KNASint")
            cmac = nil
        case .nia2:
            words = try Block128(key, "KNASint")
            cmac = try AESCMAC(key: key)
        default:
            throw .value("integrity algorithm \(algorithm) is not supported")
        }
    }

    /// The 32-bit MAC-I/NAS-MAC over the first `bitLength` bits of `message`.
    public func mac(count: UInt32, bearer: UInt8, direction: Direction,
                    _ message: UnsafeRawBufferPointer, bitLength: Int) throws(SecurityError) -> UInt32 {
        guard bearer < 32 else { throw .value("BEARER \(bearer) is not a 5-bit value") }
        guard bitLength >= 0, (bitLength + 7) / 8 <= message.count else {
            throw .length("NIA input", expected: "at least \((bitLength + 7) / 8) bytes", got: message.count)
        }
        let dir = UInt32(direction.rawValue)
        switch algorithm {
        case .nia1:
            return UIA2.mac(key: words, count: count, fresh: UInt32(bearer) << 27, direction: dir, message, bitLength: bitLength)
        case .nia2:
            // M = COUNT || BEARER || DIRECTION || 0^26 || MESSAGE (TS 33.401 B.2.3); MAC = 32 MSBs of the CMAC.
            let prefix = UInt64(count) << 32 | UInt64(bearer) << 27 | UInt64(dir) << 26
            guard let cmac else { return 0 }
            return try cmac.mac32(prefix: prefix, prefixBytes: 8, message, bitLength: bitLength)
        case .nia3:
            return EIA3.mac(key: words, count: count, bearer: bearer, direction: dir, message, bitLength: bitLength)
        default:
            return 0
        }
    }

    /// The MAC over `message` (its first `bitLength` bits, all of it by default).
    public func mac(count: UInt32, bearer: UInt8, direction: Direction, _ message: [UInt8], bitLength: Int? = nil) throws(SecurityError) -> UInt32 {
        try withBytes(message) { (buf) throws(SecurityError) in
            try mac(count: count, bearer: bearer, direction: direction, buf, bitLength: bitLength ?? message.count * 8)
        }
    }
}

/// UIA2 f9 (ETSI/SAGE UEA2&UIA2 Document 1 §4), the integrity function behind 128-NIA1.
public enum UIA2 {
    /// f9 with explicit FRESH, as in the UIA2 test data; 128-NIA1 uses FRESH = BEARER<<27.
    public static func mac(key: [UInt8], count: UInt32, fresh: UInt32, direction: Direction, _ message: [UInt8], bitLength: Int) throws(SecurityError) -> UInt32 {
        let k = try Block128(key, "IK")
        guard bitLength >= 0, (bitLength + 7) / 8 <= message.count else {
            throw .length("f9 message", expected: "at least \((bitLength + 7) / 8) bytes", got: message.count)
        }
        return message.withUnsafeBytes { mac(key: k, count: count, fresh: fresh, direction: UInt32(direction.rawValue), $0, bitLength: bitLength) }
    }

    @usableFromInline
    static func mac(key: Block128, count: UInt32, fresh: UInt32, direction: UInt32, _ message: UnsafeRawBufferPointer, bitLength: Int) -> UInt32 {
        // IV3 = COUNT-I, IV2 = FRESH, IV1 = COUNT-I ⊕ DIRECTION<<31, IV0 = FRESH ⊕ DIRECTION<<15.
        var snow = SNOW3G(k: (key.lo32, key.lo.high32, key.hi32Low, key.hi.high32),
                          iv: (fresh ^ direction << 15, count ^ direction << 31, fresh, count))
        let z1 = snow.next(), z2 = snow.next(), z3 = snow.next(), z4 = snow.next(), z5 = snow.next()
        let p = UInt64(z1) << 32 | UInt64(z2)
        let q = UInt64(z3) << 32 | UInt64(z4)
        // Horner's rule over the 64-bit blocks, each step a multiplication by P (Document 1 §4.4).
        let byP = GF64Multiplier(p)
        let blocks = (bitLength + 63) / 64
        let whole = bitLength / 64
        var eval: UInt64 = 0
        var i = 0
        while i < whole {
            eval = byP.multiply(eval ^ UInt64(bigEndian: message.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            i += 1
        }
        if i < blocks { eval = byP.multiply(eval ^ loadBlock64(message, index: i, bitLength: bitLength)) }
        eval ^= UInt64(bitLength)
        eval = mul64(eval, q)
        return UInt32(truncatingIfNeeded: eval >> 32) ^ z5
    }

    /// MUL64(V, P, 0x1b) over GF(2^64) (Document 1 §4.3).
    @inlinable static func mul64(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var result: UInt64 = 0
        var v = a
        var p = b
        while p != 0 {
            if p & 1 == 1 { result ^= v }
            v = v >> 63 == 1 ? (v << 1) ^ 0x1b : v << 1
            p >>= 1
        }
        return result
    }
}

/// Multiplication by a fixed element P of GF(2^64) with the polynomial x^64 + x^4 + x^3 + x + 1
/// (UIA2's MUL64 with c = 0x1b), four bits at a time: a table of the 16 products j(x)·P, and
/// Horner's rule over the nibbles of the other factor from the most significant down.
@usableFromInline
struct GF64Multiplier {
    @usableFromInline let table: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    @inlinable init(_ p: UInt64) {
        let p2 = Self.timesX(p), p4 = Self.timesX(p2), p8 = Self.timesX(p4)
        table = (0, p, p2, p2 ^ p, p4, p4 ^ p, p4 ^ p2, p4 ^ p2 ^ p,
                 p8, p8 ^ p, p8 ^ p2, p8 ^ p2 ^ p, p8 ^ p4, p8 ^ p4 ^ p, p8 ^ p4 ^ p2, p8 ^ p4 ^ p2 ^ p)
    }

    /// v·x: a left shift, reduced by 0x1b when x^63 falls out.
    @inlinable static func timesX(_ v: UInt64) -> UInt64 {
        (v &<< 1) ^ (0 &- (v &>> 63)) & 0x1b
    }

    /// x·P.
    @inlinable func multiply(_ x: UInt64) -> UInt64 {
        withUnsafeBytes(of: table) { t in
            var z: UInt64 = 0
            var shift: UInt64 = 64
            while shift > 0 {
                shift &-= 4
                // z·x^4: the 4 bits carried out are h(x)·x^64 = h(x)·(x^4 + x^3 + x + 1), below x^8.
                let h = z &>> 60
                z = (z &<< 4) ^ (h &<< 4) ^ (h &<< 3) ^ (h &<< 1) ^ h
                z ^= t.load(fromByteOffset: Int(truncatingIfNeeded: (x &>> shift) & 15) &* 8, as: UInt64.self)
            }
            return z
        }
    }
}

/// The 64-bit block `index` of a bit string of `bitLength` bits, zero padded (big-endian).
@inlinable
func loadBlock64(_ message: UnsafeRawBufferPointer, index: Int, bitLength: Int) -> UInt64 {
    let start = index * 8
    let bytes = (bitLength + 7) / 8
    var v: UInt64
    if start + 8 <= bytes {
        v = UInt64(bigEndian: message.loadUnaligned(fromByteOffset: start, as: UInt64.self))
    } else {
        v = 0
        for j in 0..<8 where start + j < bytes { v |= UInt64(message[start + j]) << (56 - 8 * j) }
    }
    let blockEnd = (index + 1) * 64
    if blockEnd > bitLength {
        let keep = bitLength - index * 64
        v &= keep == 0 ? 0 : ~UInt64(0) << (64 - keep)
    }
    return v
}

/// 128-EIA3 (EEA3/EIA3 specification §4, the corrected v1.1 definition used by TS 35.223).
enum EIA3 {
    static func mac(key: Block128, count: UInt32, bearer: UInt8, direction: UInt32, _ message: UnsafeRawBufferPointer, bitLength: Int) -> UInt32 {
        // IV: COUNT || BEARER<<3 || 0^24, then the same with DIRECTION<<7 XORed into bytes 8 and 14.
        let half = UInt64(count) << 32 | UInt64(bearer) << 27
        let second = half ^ UInt64(direction) << 63 ^ UInt64(direction) << 15
        var zuc = withUnsafeBytes(of: (half.bigEndian, second.bigEndian)) { iv in
            withUnsafeBytes(of: (key.hi.bigEndian, key.lo.bigEndian)) { ZUC(key: $0, iv: iv) }
        }
        // L = ceil(LENGTH/32) + 2 keystream words; z_i is the 32-bit word starting at keystream bit i.
        let l = (bitLength + 31) / 32 + 2
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: l) { ks in
            for i in 0..<l { ks[i] = zuc.next() }
            @inline(__always) func z(_ i: Int) -> UInt32 {
                let k = i >> 5, b = UInt64(i & 31)
                let window = UInt64(ks[k]) << 32 | UInt64(ks[k + 1])
                return UInt32(truncatingIfNeeded: window &>> (32 &- b))
            }
            var t: UInt32 = 0
            var wordIndex = 0
            while wordIndex * 32 < bitLength {
                let window = UInt64(ks[wordIndex]) << 32 | UInt64(ks[wordIndex + 1])
                // Bits past LENGTH are zero in m, so every set bit is a message bit.
                var m = loadWord32(message, wordIndex: wordIndex, bitLength: bitLength)
                var b: UInt64 = 0
                while m != 0 {
                    let lz = UInt32(truncatingIfNeeded: m.leadingZeroBitCount)
                    b &+= UInt64(lz)
                    t ^= UInt32(truncatingIfNeeded: window &>> (32 &- b))
                    m = (m &<< lz) &<< 1
                    b &+= 1
                }
                wordIndex += 1
            }
            t ^= z(bitLength)
            return t ^ ks[l - 1]
        }
    }
}

/// The 32-bit word `wordIndex` of a bit string of `bitLength` bits, zero padded (big-endian).
@inlinable
func loadWord32(_ message: UnsafeRawBufferPointer, wordIndex: Int, bitLength: Int) -> UInt32 {
    let start = wordIndex * 4
    let bytes = (bitLength + 7) / 8
    var v: UInt32 = 0
    if start + 4 <= bytes {
        v = UInt32(bigEndian: message.loadUnaligned(fromByteOffset: start, as: UInt32.self))
    } else {
        for j in 0..<4 where start + j < bytes { v |= UInt32(message[start + j]) << (24 - 8 * j) }
    }
    let keep = bitLength - wordIndex * 32
    if keep < 32 { v &= keep <= 0 ? 0 : ~UInt32(0) << UInt32(32 - keep) }
    return v
}
