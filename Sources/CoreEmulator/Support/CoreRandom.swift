/// The core's random values (RAND, 5G-TMSIs, fault decisions): SplitMix64, seeded from the configuration so a run
/// can be repeated exactly. This is a test core: RAND only has to be fresh and unpredictable to the peer under
/// test within a run, not cryptographically strong.
struct CoreRandom: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 16 random octets.
    mutating func rand128() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        for _ in 0..<2 {
            let v = next()
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
        }
        return out
    }

    /// A value in 0..<1 with 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }
}
