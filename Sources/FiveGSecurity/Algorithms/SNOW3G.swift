/// The SNOW 3G keystream generator (ETSI/SAGE UEA2&UIA2 Document 2 §4): a 16-stage LFSR of
/// 32-bit words and a three-register FSM. Used by 128-NEA1 (UEA2 f8) and 128-NIA1 (UIA2 f9).
@usableFromInline
struct SNOW3G {
    /// The LFSR cells as a circular buffer mirrored in both halves (`ring[i] == ring[i + 16]`), so
    /// s_j = ring[head + j] never wraps and a clock stores the new cell twice instead of moving 16.
    @usableFromInline var ring: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                                 UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                                 UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                                 UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    @usableFromInline var head = 0
    @usableFromInline var r1: UInt32 = 0, r2: UInt32 = 0, r3: UInt32 = 0
    @usableFromInline let t: SNOW3GTables

    /// Initialises with key words k0..k3 and IV words IV0..IV3 (Doc 2 §4.1) and runs the 32
    /// initialisation clocks plus the discarded first clock.
    @inlinable
    init(k: (UInt32, UInt32, UInt32, UInt32), iv: (UInt32, UInt32, UInt32, UInt32)) {
        let one: UInt32 = 0xffff_ffff
        t = SNOW3GTables.shared
        let s = (k.0 ^ one, k.1 ^ one, k.2 ^ one, k.3 ^ one,
                 k.0, k.1, k.2, k.3,
                 k.0 ^ one, k.1 ^ one ^ iv.3, k.2 ^ one ^ iv.2, k.3 ^ one,
                 k.0 ^ iv.1, k.1, k.2, k.3 ^ iv.0)
        ring = (s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7, s.8, s.9, s.10, s.11, s.12, s.13, s.14, s.15,
                s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7, s.8, s.9, s.10, s.11, s.12, s.13, s.14, s.15)
        for _ in 0..<32 { _ = clock(initialisation: true) }
        _ = clock(initialisation: false)
    }

    @inlinable @inline(__always) static func s1(_ w: UInt32, _ t: UnsafeMutablePointer<UInt32>) -> UInt32 {
        t[Int(w >> 24)] ^ t[256 + Int((w >> 16) & 0xff)] ^ t[512 + Int((w >> 8) & 0xff)] ^ t[768 + Int(w & 0xff)]
    }

    /// One clock: ClockFSM (Doc 2 §3.4.6), then ClockLFSR in initialisation mode (F fed back,
    /// §3.4.4) or keystream mode (§3.4.5). Returns z = F ⊕ s0 (the keystream word in keystream mode).
    @inlinable @inline(__always)
    mutating func clock(initialisation: Bool) -> UInt32 {
        let h = head, tables = t
        var a = r1, b = r2, c = r3
        let z: UInt32 = withUnsafeMutableBytes(of: &ring) { r in
            @inline(__always) func s(_ j: Int) -> UInt32 { r.load(fromByteOffset: (h &+ j) &* 4, as: UInt32.self) }
            let s0 = s(0), s11 = s(11)
            let f = (s(15) &+ a) ^ b
            let next = b &+ (c ^ s(5))
            c = Self.s1(b, tables.s2)
            b = Self.s1(a, tables.s1)
            a = next
            var v = (s0 << 8) ^ tables.mulAlpha[Int(s0 >> 24)] ^ s(2) ^ (s11 >> 8) ^ tables.divAlpha[Int(s11 & 0xff)]
            if initialisation { v ^= f }
            r.storeBytes(of: v, toByteOffset: h &* 4, as: UInt32.self)
            r.storeBytes(of: v, toByteOffset: (h &+ 16) &* 4, as: UInt32.self)
            return f ^ s0
        }
        r1 = a
        r2 = b
        r3 = c
        head = (h &+ 1) & 15
        return z
    }

    /// The next keystream word z_t (Doc 2 §4.2).
    @inlinable mutating func next() -> UInt32 { clock(initialisation: false) }
}
