import Testing
@testable import FiveGSecurity

@Suite("GF(2^64) multiplication of UIA2 f9")
struct GF64MultiplierTests {
    @Test("the 4-bit table multiplier equals the bitwise MUL64(V, P, 0x1b) of UEA2&UIA2 Document 1 §4.3")
    func tableEqualsBitwise() {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> UInt64 {  // SplitMix64, a fixed pseudo-random sequence
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        let edges: [UInt64] = [0, 1, 2, 0x8000_0000_0000_0000, ~0, 0x1b, 0xf000_0000_0000_0000]
        for p in edges + (0..<40).map({ _ in next() }) {
            let m = GF64Multiplier(p)
            for x in edges + (0..<40).map({ _ in next() }) {
                #expect(m.multiply(x) == UIA2.mul64(x, p), "P \(p) x \(x)")
            }
        }
    }
}
