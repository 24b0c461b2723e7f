import Testing
@testable import FiveGSecurity

/// Every NEA/NIA test vector, compared on the first LENGTH bits (the vectors include lengths that
/// are not a multiple of 8).
@Suite("128-NEA1..3 and 128-NIA1..3 (TS 33.401 Annex C, UEA2/UIA2 and EEA3/EIA3 test data)")
struct CipherAlgorithmTests {
    static let neaVectors: [CipherVector] =
        Vectors.nia2nea2.filter { $0.ciphertext != nil } + Vectors.snow.nea1_ts33401_c3 + Vectors.snow.uea2_f8 + Vectors.zuc.nea3
    static let niaVectors: [CipherVector] =
        Vectors.nia2nea2.filter { $0.mac != nil } + Vectors.snow.nia1_ts33401_c4 + Vectors.zuc.nia3

    static func neaAlgorithm(_ v: CipherVector) -> CipheringAlgorithm {
        v.algorithm.contains("NEA2") || v.algorithm.contains("EEA2") ? .nea2 : v.algorithm.contains("EEA3") ? .nea3 : .nea1
    }

    static func niaAlgorithm(_ v: CipherVector) -> IntegrityAlgorithm {
        v.algorithm.contains("EIA2") ? .nia2 : v.algorithm.contains("EIA3") ? .nia3 : .nia1
    }

    @Test("NEA enciphers plaintext to ciphertext and back, bit-exact", arguments: neaVectors)
    func neaBothDirections(_ v: CipherVector) throws {
        let key = try CipheringKey(algorithm: Self.neaAlgorithm(v), key: hex(v.key))
        let bearer = try #require(v.bearer_int)
        let plain = prefixBits(hex(try #require(v.plaintext)), v.length_bits)
        let cipher = prefixBits(hex(try #require(v.ciphertext)), v.length_bits)
        let enc = try key.apply(count: v.count_int, bearer: bearer, direction: v.dir, plain, bitLength: v.length_bits)
        #expect(enc == cipher)
        let dec = try key.apply(count: v.count_int, bearer: bearer, direction: v.dir, cipher, bitLength: v.length_bits)
        #expect(dec == plain)
    }

    @Test("NIA computes the MAC of the test data, bit-exact", arguments: niaVectors)
    func niaMAC(_ v: CipherVector) throws {
        let key = try IntegrityKey(algorithm: Self.niaAlgorithm(v), key: hex(v.key))
        let mac = try key.mac(count: v.count_int, bearer: try #require(v.bearer_int), direction: v.dir,
                              hex(try #require(v.message)), bitLength: v.length_bits)
        #expect(mac == UInt32(Bytes.uint(hex(try #require(v.mac)))))
    }

    @Test("NIA MAC changes when a message bit flips", arguments: niaVectors.filter { $0.length_bits >= 8 })
    func niaDetectsBitFlip(_ v: CipherVector) throws {
        let key = try IntegrityKey(algorithm: Self.niaAlgorithm(v), key: hex(v.key))
        var message = hex(try #require(v.message))
        let good = try key.mac(count: v.count_int, bearer: try #require(v.bearer_int), direction: v.dir, message, bitLength: v.length_bits)
        message[0] ^= 0x80
        let bad = try key.mac(count: v.count_int, bearer: try #require(v.bearer_int), direction: v.dir, message, bitLength: v.length_bits)
        #expect(good != bad)
    }

    @Test("UIA2 f9 with explicit FRESH matches the UIA2 test data", arguments: Vectors.snow.uia2_f9)
    func uia2(_ v: CipherVector) throws {
        let mac = try UIA2.mac(key: hex(v.key), count: v.count_int, fresh: try #require(v.fresh_int), direction: v.dir,
                               hex(try #require(v.message)), bitLength: v.length_bits)
        #expect(mac == UInt32(Bytes.uint(hex(try #require(v.mac)))))
    }

    @Test("SNOW 3G keystream words match the test sets", arguments: Vectors.snow.snow3g_keystream)
    func snow3GKeystream(_ v: SNOWKeystreamVector) {
        let k = hex(v.key_k0_k3), iv = hex(v.iv_iv0_iv3)
        func word(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(Bytes.uint(Array(b[4 * i..<4 * i + 4]))) }
        var snow = SNOW3G(k: (word(k, 0), word(k, 1), word(k, 2), word(k, 3)), iv: (word(iv, 0), word(iv, 1), word(iv, 2), word(iv, 3)))
        let expected = hex(v.z1_z2 ?? v.z1_z2_z3 ?? "")
        var got = [UInt32]()
        for _ in 0..<(expected.count / 4) { got.append(snow.next()) }
        #expect(got == (0..<(expected.count / 4)).map { word(expected, $0) })
        if let z2500 = v.z2500 {
            for _ in got.count..<2499 { _ = snow.next() }
            #expect(snow.next() == word(hex(z2500), 0))
        }
    }

    @Test("ZUC keystream words match the test sets", arguments: Vectors.zuc.zuc_keystream)
    func zucKeystream(_ v: ZUCKeystreamVector) {
        var zuc = hex(v.key).withUnsafeBytes { k in hex(v.iv).withUnsafeBytes { ZUC(key: k, iv: $0) } }
        let z = hex(v.z1_z2)
        #expect(zuc.next() == UInt32(Bytes.uint(Array(z[0..<4]))))
        #expect(zuc.next() == UInt32(Bytes.uint(Array(z[4..<8]))))
        if let z2000 = v.z2000 {
            for _ in 2..<1999 { _ = zuc.next() }
            #expect(zuc.next() == UInt32(Bytes.uint(hex(z2000))))
        }
    }

    @Test("ZUC S-boxes are permutations and match the spec's worked example S(0x12345678) = 0xF9C05A4E")
    func zucSBoxes() {
        #expect(Set(zucS0).count == 256)
        #expect(Set(zucS1).count == 256)
        #expect(ZUC.referenceSBox(0x1234_5678) == 0xF9C0_5A4E)
        var zuc = [UInt8](repeating: 0, count: 16).withUnsafeBytes { ZUC(key: $0, iv: $0) }
        _ = zuc.next()
        for x: UInt32 in [0, 0x1234_5678, 0xffff_ffff, 0x8040_2010, 0xdead_beef] { #expect(zuc.sbox(x) == ZUC.referenceSBox(x)) }
    }

    @Test("BEARER wider than 5 bits and short buffers throw, never trap")
    func badInputsThrow() throws {
        let key = try IntegrityKey(algorithm: .nia2, key: [UInt8](repeating: 1, count: 16))
        #expect(throws: SecurityError.self) { try key.mac(count: 0, bearer: 32, direction: .uplink, [1, 2, 3]) }
        #expect(throws: SecurityError.self) { try key.mac(count: 0, bearer: 1, direction: .uplink, [1, 2, 3], bitLength: 25) }
        #expect(throws: SecurityError.self) { try CipheringKey(algorithm: .nea1, key: [1]) }
        #expect(throws: SecurityError.self) { try CipheringKey(algorithm: CipheringAlgorithm(rawValue: 7), key: [UInt8](repeating: 0, count: 16)) }
    }
}
