/// The ZUC keystream generator (ETSI/SAGE 128-EEA3 & 128-EIA3 Document 2, ZUC specification
/// v1.6 §3): a 16-cell LFSR over GF(2^31 − 1), bit reorganisation and the nonlinear function F.
/// Used by 128-NEA3 and 128-NIA3.
@usableFromInline
struct ZUC {
    /// The LFSR cells as a circular buffer mirrored in both halves (`ring[i] == ring[i + 16]`), so
    /// s_j = ring[head + j] never wraps and a clock stores the new cell twice instead of moving 16.
    @usableFromInline var ring: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                                 UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                                 UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                                 UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    @usableFromInline var head = 0
    @usableFromInline var r1: UInt32 = 0, r2: UInt32 = 0
    @usableFromInline let t: ZUCTables

    /// Key loading (§3.5), 32 initialisation rounds (§3.6.1) and the first, discarded working round (§3.6.2).
    @inlinable
    init(key k: UnsafeRawBufferPointer, iv: UnsafeRawBufferPointer) {
        let d = ZUCTables.d
        t = ZUCTables.shared
        ring = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &ring) { r in
            for i in 0..<16 {
                let cell = UInt32(k[i]) << 23 | UInt32(d[i]) << 8 | UInt32(iv[i])
                r.storeBytes(of: cell, toByteOffset: 4 * i, as: UInt32.self)
                r.storeBytes(of: cell, toByteOffset: 4 * (i + 16), as: UInt32.self)
            }
        }
        for _ in 0..<32 { _ = clock(initialisation: true) }
        _ = clock(initialisation: false)
    }

    @inlinable @inline(__always) static func addM(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let c = a &+ b
        return (c & 0x7fff_ffff) &+ (c &>> 31)
    }

    // Masking shifts (&<<, &>>): k is always a constant in 1...30, and Swift's checked shifts by a
    // variable amount would otherwise keep the overshift branches in the inner loop.
    @inlinable @inline(__always) static func rot31(_ a: UInt32, _ k: UInt32) -> UInt32 {
        ((a &<< k) | (a &>> (31 &- k))) & 0x7fff_ffff
    }

    @inlinable @inline(__always) static func rotl(_ x: UInt32, _ k: UInt32) -> UInt32 { x &<< k | x &>> (32 &- k) }

    @inlinable @inline(__always) static func l1(_ x: UInt32) -> UInt32 {
        x ^ rotl(x, 2) ^ rotl(x, 10) ^ rotl(x, 18) ^ rotl(x, 24)
    }

    @inlinable @inline(__always) static func l2(_ x: UInt32) -> UInt32 {
        x ^ rotl(x, 8) ^ rotl(x, 14) ^ rotl(x, 22) ^ rotl(x, 30)
    }

    /// The 32×32 S-box S = (S0, S1, S0, S1) (§3.4.1), from byte-positioned tables.
    @inlinable @inline(__always) static func sbox(_ x: UInt32, _ s: UnsafeMutablePointer<UInt32>) -> UInt32 {
        s[Int(x >> 24)] | s[256 + Int((x >> 16) & 0xff)] | s[512 + Int((x >> 8) & 0xff)] | s[768 + Int(x & 0xff)]
    }

    @inlinable func sbox(_ x: UInt32) -> UInt32 { Self.sbox(x, t.s) }

    /// The same S-box straight from the spec tables (used to check the fast tables).
    static func referenceSBox(_ x: UInt32) -> UInt32 {
        UInt32(zucS0[Int(x >> 24)]) << 24 | UInt32(zucS1[Int((x >> 16) & 0xff)]) << 16
            | UInt32(zucS0[Int((x >> 8) & 0xff)]) << 8 | UInt32(zucS1[Int(x & 0xff)])
    }

    /// One clock: bit reorganisation (§3.3), F (§3.4) and the LFSR (§3.2) in initialisation mode
    /// (u = W >> 1) or work mode. Returns Z = W ⊕ X3.
    @inlinable @inline(__always)
    mutating func clock(initialisation: Bool) -> UInt32 {
        var a = r1, b = r2
        let h = head, sboxes = t.s
        let z: UInt32 = withUnsafeMutableBytes(of: &ring) { r in
            @inline(__always) func s(_ j: Int) -> UInt32 { r.load(fromByteOffset: (h &+ j) &* 4, as: UInt32.self) }
            let s0 = s(0), s15 = s(15)
            // X0 = s15H||s14L, X1 = s11L||s9H, X2 = s7L||s5H, X3 = s2L||s0H.
            let x0 = (s15 & 0x7fff_8000) << 1 | (s(14) & 0xffff)
            let x1 = (s(11) & 0xffff) << 16 | s(9) >> 15
            let x2 = (s(7) & 0xffff) << 16 | s(5) >> 15
            let x3 = (s(2) & 0xffff) << 16 | s0 >> 15
            let w = (x0 ^ a) &+ b
            let w1 = a &+ x1
            let w2 = b ^ x2
            a = Self.sbox(Self.l1(w1 << 16 | w2 >> 16), sboxes)
            b = Self.sbox(Self.l2(w2 << 16 | w1 >> 16), sboxes)
            var v = s0
            v = Self.addM(v, Self.rot31(s0, 8))
            v = Self.addM(v, Self.rot31(s(4), 20))
            v = Self.addM(v, Self.rot31(s(10), 21))
            v = Self.addM(v, Self.rot31(s(13), 17))
            v = Self.addM(v, Self.rot31(s15, 15))
            v = Self.addM(v, initialisation ? w >> 1 : 0)
            if v == 0 { v = 0x7fff_ffff }
            r.storeBytes(of: v, toByteOffset: h &* 4, as: UInt32.self)
            r.storeBytes(of: v, toByteOffset: (h &+ 16) &* 4, as: UInt32.self)
            return w ^ x3
        }
        r1 = a
        r2 = b
        head = (h &+ 1) & 15
        return z
    }

    /// The next keystream word Z = W ⊕ X3 (§3.6.2).
    @inlinable mutating func next() -> UInt32 { clock(initialisation: false) }
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
