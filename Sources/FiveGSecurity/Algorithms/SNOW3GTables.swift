/// Lookup tables of SNOW 3G (ETSI/SAGE UEA2&UIA2 Document 2 §2-§3), generated at first use from
/// their definitions rather than typed in: SR is the Rijndael S-box, SQ the S-box from the Dickson
/// polynomial g49 over GF(2^8) mod x^8+x^6+x^5+x^3+1 plus 0x25; S1/S2 are folded with their
/// MixColumn-like mixing (MULx with 0x1B resp. 0x69) into four 32-bit tables each; MULα and DIVα
/// are the LFSR feedback multiplications by α and α^-1 (MULxPOW with 0xA9).
@usableFromInline
final class SNOW3GTables: @unchecked Sendable {
    // Read-only after init; one allocation for the program's life.
    @usableFromInline let s1: UnsafeMutablePointer<UInt32>   // 4 × 256
    @usableFromInline let s2: UnsafeMutablePointer<UInt32>   // 4 × 256
    @usableFromInline let mulAlpha: UnsafeMutablePointer<UInt32>
    @usableFromInline let divAlpha: UnsafeMutablePointer<UInt32>

    @usableFromInline static let shared = SNOW3GTables()

    private init() {
        s1 = .allocate(capacity: 1024)
        s2 = .allocate(capacity: 1024)
        mulAlpha = .allocate(capacity: 256)
        divAlpha = .allocate(capacity: 256)
        let sr = Self.rijndaelSBox()
        let sq = Self.dicksonSBox()
        Self.fill(s1, sbox: sr, c: 0x1B)
        Self.fill(s2, sbox: sq, c: 0x69)
        for c in 0..<256 {
            let v = UInt8(c)
            mulAlpha[c] = Self.word(Self.mulxPow(v, 23, 0xA9), Self.mulxPow(v, 245, 0xA9),
                                    Self.mulxPow(v, 48, 0xA9), Self.mulxPow(v, 239, 0xA9))
            divAlpha[c] = Self.word(Self.mulxPow(v, 16, 0xA9), Self.mulxPow(v, 39, 0xA9),
                                    Self.mulxPow(v, 6, 0xA9), Self.mulxPow(v, 64, 0xA9))
        }
    }

    /// MULx(V, c) of Doc 2 §3.1.1.
    static func mulx(_ v: UInt8, _ c: UInt8) -> UInt8 { v & 0x80 != 0 ? (v << 1) ^ c : v << 1 }

    /// MULxPOW(V, i, c) of Doc 2 §3.1.2.
    static func mulxPow(_ v: UInt8, _ i: Int, _ c: UInt8) -> UInt8 {
        var r = v
        for _ in 0..<i { r = mulx(r, c) }
        return r
    }

    static func word(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> UInt32 {
        UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Tables for S(w) = r0||r1||r2||r3 with r = circulant(2,3,1,1)ᵀ applied to (S(w0)..S(w3)),
    /// so that S(w) = T0[w0] ^ T1[w1] ^ T2[w2] ^ T3[w3] (Doc 2 §3.3.1, §3.3.2).
    static func fill(_ t: UnsafeMutablePointer<UInt32>, sbox: [UInt8], c: UInt8) {
        for x in 0..<256 {
            let s = sbox[x], s2 = mulx(s, c), s3 = s2 ^ s
            t[x] = word(s2, s3, s, s)
            t[256 + x] = word(s, s2, s3, s)
            t[512 + x] = word(s, s, s2, s3)
            t[768 + x] = word(s3, s, s, s2)
        }
    }

    /// Multiplication in GF(2^8) modulo the polynomial with low byte `poly` (x^8 implied).
    static func gmul(_ a: UInt8, _ b: UInt8, _ poly: UInt8) -> UInt8 {
        var a = a, b = b, r: UInt8 = 0
        while b != 0 {
            if b & 1 != 0 { r ^= a }
            a = mulx(a, poly)
            b >>= 1
        }
        return r
    }

    static func gpow(_ a: UInt8, _ e: Int, _ poly: UInt8) -> UInt8 {
        var r: UInt8 = 1
        for _ in 0..<e { r = gmul(r, a, poly) }
        return r
    }

    /// SR: the AES S-box, inverse in GF(2^8) mod x^8+x^4+x^3+x+1 then the FIPS 197 affine map.
    static func rijndaelSBox() -> [UInt8] {
        (0..<256).map { i -> UInt8 in
            let x = UInt8(i)
            let inv: UInt8 = x == 0 ? 0 : gpow(x, 254, 0x1B)
            var s = inv
            for k in 1...4 { s ^= inv << k | inv >> (8 - k) }
            return s ^ 0x63
        }
    }

    /// SQ(x) = g49(x) ⊕ 0x25 with g49(x) = x + x^9 + x^13 + x^15 + x^33 + x^41 + x^45 + x^47 + x^49
    /// over GF(2^8) mod x^8+x^6+x^5+x^3+1.
    static func dicksonSBox() -> [UInt8] {
        (0..<256).map { i -> UInt8 in
            let x = UInt8(i)
            var g: UInt8 = 0
            for e in [1, 9, 13, 15, 33, 41, 45, 47, 49] { g ^= gpow(x, e, 0x69) }
            return g ^ 0x25
        }
    }
}
