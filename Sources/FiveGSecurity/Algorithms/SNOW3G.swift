/// The SNOW 3G keystream generator (ETSI/SAGE UEA2&UIA2 Document 2 §4): a 16-stage LFSR of
/// 32-bit words and a three-register FSM. Used by 128-NEA1 (UEA2 f8) and 128-NIA1 (UIA2 f9).
@usableFromInline
struct SNOW3G {
    @usableFromInline var s: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                              UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    @usableFromInline var r1: UInt32 = 0, r2: UInt32 = 0, r3: UInt32 = 0
    @usableFromInline let t: SNOW3GTables

    /// Initialises with key words k0..k3 and IV words IV0..IV3 (Doc 2 §4.1) and runs the 32
    /// initialisation clocks plus the discarded first clock.
    @inlinable
    init(k: (UInt32, UInt32, UInt32, UInt32), iv: (UInt32, UInt32, UInt32, UInt32)) {
        let one: UInt32 = 0xffff_ffff
        t = SNOW3GTables.shared
        s = (k.0 ^ one, k.1 ^ one, k.2 ^ one, k.3 ^ one,
             k.0, k.1, k.2, k.3,
             k.0 ^ one, k.1 ^ one ^ iv.3, k.2 ^ one ^ iv.2, k.3 ^ one,
             k.0 ^ iv.1, k.1, k.2, k.3 ^ iv.0)
        for _ in 0..<32 {
            let f = clockFSM()
            clockLFSR(f)
        }
        _ = clockFSM()
        clockLFSR(0)
    }

    @inlinable func s1(_ w: UInt32) -> UInt32 {
        t.s1[Int(w >> 24)] ^ t.s1[256 + Int((w >> 16) & 0xff)] ^ t.s1[512 + Int((w >> 8) & 0xff)] ^ t.s1[768 + Int(w & 0xff)]
    }

    @inlinable func s2(_ w: UInt32) -> UInt32 {
        t.s2[Int(w >> 24)] ^ t.s2[256 + Int((w >> 16) & 0xff)] ^ t.s2[512 + Int((w >> 8) & 0xff)] ^ t.s2[768 + Int(w & 0xff)]
    }

    /// ClockFSM (Doc 2 §3.4.6): returns F and updates R1..R3.
    @inlinable mutating func clockFSM() -> UInt32 {
        let f = (s.15 &+ r1) ^ r2
        let r = r2 &+ (r3 ^ s.5)
        r3 = s2(r2)
        r2 = s1(r1)
        r1 = r
        return f
    }

    /// ClockLFSR (Doc 2 §3.4.4/§3.4.5); `f` is F in initialisation mode and 0 in keystream mode.
    @inlinable mutating func clockLFSR(_ f: UInt32) {
        let v = (s.0 << 8) ^ t.mulAlpha[Int(s.0 >> 24)] ^ s.2 ^ (s.11 >> 8) ^ t.divAlpha[Int(s.11 & 0xff)] ^ f
        s = (s.1, s.2, s.3, s.4, s.5, s.6, s.7, s.8, s.9, s.10, s.11, s.12, s.13, s.14, s.15, v)
    }

    /// The next keystream word z_t (Doc 2 §4.2).
    @inlinable mutating func next() -> UInt32 {
        let f = clockFSM()
        let z = f ^ s.0
        clockLFSR(0)
        return z
    }
}
