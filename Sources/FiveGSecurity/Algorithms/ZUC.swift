/// The ZUC keystream generator (ETSI/SAGE 128-EEA3 & 128-EIA3 Document 2, ZUC specification
/// v1.6 §3): a 16-cell LFSR over GF(2^31 − 1), bit reorganisation and the nonlinear function F.
/// Used by 128-NEA3 and 128-NIA3.
@usableFromInline
struct ZUC {
    @usableFromInline var s: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                              UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    @usableFromInline var r1: UInt32 = 0, r2: UInt32 = 0
    @usableFromInline let t: ZUCTables

    /// Key loading (§3.5), 32 initialisation rounds (§3.6.1) and the first, discarded working round (§3.6.2).
    @inlinable
    init(key k: UnsafeRawBufferPointer, iv: UnsafeRawBufferPointer) {
        let d = ZUCTables.d
        @inline(__always) func cell(_ i: Int) -> UInt32 {
            UInt32(k[i]) << 23 | UInt32(d[i]) << 8 | UInt32(iv[i])
        }
        t = ZUCTables.shared
        s = (cell(0), cell(1), cell(2), cell(3), cell(4), cell(5), cell(6), cell(7),
             cell(8), cell(9), cell(10), cell(11), cell(12), cell(13), cell(14), cell(15))
        for _ in 0..<32 {
            let (x0, x1, x2, _) = bitReorganization()
            let w = f(x0, x1, x2)
            lfsr(u: w >> 1)
        }
        let (x0, x1, x2, _) = bitReorganization()
        _ = f(x0, x1, x2)
        lfsr(u: 0)
    }

    @inlinable static func addM(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let c = a &+ b
        return (c & 0x7fff_ffff) &+ (c >> 31)
    }

    @inlinable static func rot31(_ a: UInt32, _ k: UInt32) -> UInt32 {
        ((a << k) | (a >> (31 - k))) & 0x7fff_ffff
    }

    /// LFSRWithInitialisationMode(u) for u ≠ 0 semantics, LFSRWithWorkMode for u = 0 (§3.2).
    @inlinable mutating func lfsr(u: UInt32) {
        var v = s.0
        v = Self.addM(v, Self.rot31(s.0, 8))
        v = Self.addM(v, Self.rot31(s.4, 20))
        v = Self.addM(v, Self.rot31(s.10, 21))
        v = Self.addM(v, Self.rot31(s.13, 17))
        v = Self.addM(v, Self.rot31(s.15, 15))
        v = Self.addM(v, u)
        if v == 0 { v = 0x7fff_ffff }
        s = (s.1, s.2, s.3, s.4, s.5, s.6, s.7, s.8, s.9, s.10, s.11, s.12, s.13, s.14, s.15, v)
    }

    /// Bit reorganisation (§3.3): X0 = s15H||s14L, X1 = s11L||s9H, X2 = s7L||s5H, X3 = s2L||s0H.
    @inlinable func bitReorganization() -> (UInt32, UInt32, UInt32, UInt32) {
        ((s.15 & 0x7fff8000) << 1 | (s.14 & 0xffff),
         (s.11 & 0xffff) << 16 | s.9 >> 15,
         (s.7 & 0xffff) << 16 | s.5 >> 15,
         (s.2 & 0xffff) << 16 | s.0 >> 15)
    }

    @inlinable static func rotl(_ x: UInt32, _ k: UInt32) -> UInt32 { x << k | x >> (32 - k) }

    @inlinable static func l1(_ x: UInt32) -> UInt32 {
        x ^ rotl(x, 2) ^ rotl(x, 10) ^ rotl(x, 18) ^ rotl(x, 24)
    }

    @inlinable static func l2(_ x: UInt32) -> UInt32 {
        x ^ rotl(x, 8) ^ rotl(x, 14) ^ rotl(x, 22) ^ rotl(x, 30)
    }

    /// The 32×32 S-box S = (S0, S1, S0, S1) (§3.4.1), from byte-positioned tables.
    @inlinable func sbox(_ x: UInt32) -> UInt32 {
        t.s[Int(x >> 24)] | t.s[256 + Int((x >> 16) & 0xff)] | t.s[512 + Int((x >> 8) & 0xff)] | t.s[768 + Int(x & 0xff)]
    }

    /// The same S-box straight from the spec tables (used to check the fast tables).
    static func referenceSBox(_ x: UInt32) -> UInt32 {
        UInt32(zucS0[Int(x >> 24)]) << 24 | UInt32(zucS1[Int((x >> 16) & 0xff)]) << 16
            | UInt32(zucS0[Int((x >> 8) & 0xff)]) << 8 | UInt32(zucS1[Int(x & 0xff)])
    }

    /// The nonlinear function F (§3.4).
    @inlinable mutating func f(_ x0: UInt32, _ x1: UInt32, _ x2: UInt32) -> UInt32 {
        let w = (x0 ^ r1) &+ r2
        let w1 = r1 &+ x1
        let w2 = r2 ^ x2
        r1 = sbox(Self.l1(w1 << 16 | w2 >> 16))
        r2 = sbox(Self.l2(w2 << 16 | w1 >> 16))
        return w
    }

    /// The next keystream word Z = W ⊕ X3 (§3.6.2).
    @inlinable mutating func next() -> UInt32 {
        let (x0, x1, x2, x3) = bitReorganization()
        let z = f(x0, x1, x2) ^ x3
        lfsr(u: 0)
        return z
    }
}

/// ZUC lookup tables: S0/S1 placed at their byte positions of the 32-bit S-box output (so S is four
/// loads and three ORs) and the key-loading constants; built once from the spec tables.
@usableFromInline
final class ZUCTables: @unchecked Sendable {
    // Read-only after init; one allocation for the program's life.
    @usableFromInline let s: UnsafeMutablePointer<UInt32>  // 4 × 256
    @usableFromInline static let shared = ZUCTables()

    /// The 15-bit constants d0..d15 of the key loading (§3.5).
    @usableFromInline static let d: [UInt16] = [
        0x44D7, 0x26BC, 0x626B, 0x135E, 0x5789, 0x35E2, 0x7135, 0x09AF,
        0x4D78, 0x2F13, 0x6BC4, 0x1AF1, 0x5E26, 0x3C4D, 0x789A, 0x47AC,
    ]

    private init() {
        s = .allocate(capacity: 1024)
        for x in 0..<256 {
            s[x] = UInt32(zucS0[x]) << 24
            s[256 + x] = UInt32(zucS1[x]) << 16
            s[512 + x] = UInt32(zucS0[x]) << 8
            s[768 + x] = UInt32(zucS1[x])
        }
    }
}
