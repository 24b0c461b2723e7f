import Testing
@testable import FiveGSecurity

/// The AES-128 modes built on swift-crypto: CTR (NIST SP 800-38A) by blocks and in one call, and
/// AES-CMAC (RFC 4493) through the keyed swift-crypto context and through the general bit-level path.
@Suite("AES-128 CTR and CMAC primitives")
struct AESModeTests {
    /// RFC 4493 / SP 800-38A key and the four-block example message.
    static let key = hex("2b7e151628aed2a6abf7158809cf4f3c")
    static let message = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                             + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")

    static func ctr(_ aes: AES128, counter: Block128, _ input: [UInt8]) throws -> [UInt8] {
        var out = input
        try withMutableBytes(&out) { (buf) throws(SecurityError) in try aes.ctrXOR(counter: counter, buf, count: buf.count) }
        return out
    }

    @Test("CTR matches SP 800-38A F.5.1")
    func ctrVector() throws {
        let aes = try AES128(key: Self.key)
        let out = try Self.ctr(aes, counter: Block128(hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")), Self.message)
        #expect(out == hex("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                           + "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"))
    }

    /// Keystreams from Python `cryptography` (OpenSSL) for counters just below a 64-bit and the
    /// 128-bit wrap, 100 bytes each.
    static let carries: [(counter: String, keystream: String)] = [
        ("0102030405060708fffffffffffffffe",
         "d88d505218e03889038015e73dbc67d29bc69d06da9b3335ef60284dcfea4e9713b1f9706fa73adcefdd6e8f5aad6cff"
         + "effd4c714e406200462ee98a45575a5adb2cd0038d03fa51725efcd989989191d18aa10cd034e574d6fb7636629c42759784f00a"),
        ("fffffffffffffffffffffffffffffffe",
         "d1b714b6fbf5fff1289aee2a4c4eeda38af2860142f786f409307c1a3f7eaaac7df76b0c1ab899b33e42f047b91b546f"
         + "57127d4034b1bebfaef466b9c7726fc6973f2ef34879e2027f1734303ff21f89469c7fcb75d5d9a1b418cb997b09a1858a7c37ad"),
    ]

    // Lengths up to `AES128.permuteCTRBlocks` blocks (64 bytes) take the per-block path, longer ones one `_CTR` call.
    @Test("CTR carries the full 128-bit counter alike whether run block by block (short) or in one call (long)",
          arguments: [1, 15, 16, 17, 48, 63, 64, 65, 80, 100])
    func ctrCounterCarry(_ length: Int) throws {
        let aes = try AES128(key: Self.key)
        for c in Self.carries {
            let out = try Self.ctr(aes, counter: Block128(hex(c.counter)), [UInt8](repeating: 0, count: length))
            #expect(out == Array(hex(c.keystream).prefix(length)), "counter \(c.counter)")
        }
    }

    @Test("AES-CMAC matches RFC 4493 on the general path, and its 32 MSBs on the keyed swift-crypto path",
          arguments: [(0, "bb1d6929e95937287fa37d129b756746"), (16, "070a16b46b4d4144f79bdd9dd04a287c"),
                      (40, "dfa66747de9ae63030ca32611497c827"), (64, "51f0bebf7e3b9d92fc49741779363cfe")])
    func cmacVectors(_ length: Int, _ tag: String) throws {
        let cmac = try AESCMAC(key: Self.key)
        let m = Array(Self.message.prefix(length))
        let expected = try Block128(hex(tag))
        try m.withUnsafeBytes { (raw) throws in
            #expect(try cmac.mac(raw, bitLength: length * 8) == expected)
            #expect(try cmac.keyedMAC32(prefix: 0, prefixBytes: 0, raw) == UInt32(expected.hi >> 32))
            #expect(try cmac.mac32(raw, bitLength: length * 8) == UInt32(expected.hi >> 32))
        }
        #expect(cmac.k1 == (try Block128(hex("fbeed618357133667c85e08f7236a8de"))))
        #expect(cmac.k2 == (try Block128(hex("f7ddac306ae266ccf90bc11ee46d513b"))))
    }

    @Test("with the 8-byte NIA2 prefix, the keyed path gives the general path's 32 MSBs for every whole-byte length",
          arguments: [Array(0...70), [1015, 1016, 1017, 2000]])
    func cmacPrefixPaths(_ lengths: [Int]) throws {
        let cmac = try AESCMAC(key: Self.key)
        let prefix: UInt64 = 0x3832_4a0b_8c00_0000
        let bytes = (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 89 &+ 7) }
        for n in lengths {
            try Array(bytes.prefix(n)).withUnsafeBytes { (raw) throws in
                let keyed = try cmac.keyedMAC32(prefix: prefix, prefixBytes: 8, raw)
                let general = try cmac.mac(prefix: prefix, prefixBytes: 8, raw, bitLength: n * 8)
                #expect(keyed == UInt32(general.hi >> 32), "length \(n)")
            }
        }
    }
}
