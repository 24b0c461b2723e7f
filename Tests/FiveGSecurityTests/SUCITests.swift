import Testing
@testable import FiveGSecurity

struct SUCIFile: Decodable { let vectors: [SUCIVector] }
struct SUCIVector: Decodable, Sendable, CustomStringConvertible {
    let id: String
    let protection_scheme_id: UInt8
    let supi: String
    let mnc: String?
    let scheme_input: String?
    let scheme_output: String?
    let scheme_output_hex_computed: String?
    let scheme_output_text_as_printed: String?
    let home_network_private_key: String?
    let home_network_public_key: String?
    let home_network_public_key_compressed: String?
    let home_network_public_key_uncompressed: String?
    let ephemeral_private_key: String?
    let ephemeral_public_key: String?
    let ephemeral_public_key_compressed: String?
    let eph_shared_key, eph_enc_key, icb, icb_computed_not_in_spec, eph_mac_key, ciphertext, mac_tag: String?
    let plaintext_scheme_input: String?
    var description: String { id }
    var scheme: ProtectionScheme { ProtectionScheme(rawValue: protection_scheme_id) }
    var expectedOutput: String? { scheme_output ?? scheme_output_hex_computed }
    var input: [UInt8] { hex(scheme_input ?? plaintext_scheme_input ?? "") }
}

@Suite("SUCI: null-scheme and ECIES Profiles A and B (TS 33.501 Annex C.3, C.4)")
struct SUCITests {
    static let vectors = VectorFile.load("suci_ecies", as: SUCIFile.self).vectors

    @Test("scheme input from the SUPI: TBCD MSIN for IMSI, username for NAI", arguments: vectors)
    func schemeInput(_ v: SUCIVector) throws {
        let supi = try SUPI(v.supi.hasPrefix("imsi-") ? v.supi : "nai-" + v.supi)
        switch supi {
        case .imsi(let digits): #expect(try SUCI.schemeInput(imsi: digits, mncLength: try #require(v.mnc).count) == v.input)
        case .nai(let nai): #expect(try SUCI.schemeInput(nai: nai) == v.input)
        }
    }

    @Test("conceal with the spec's ephemeral key reproduces every printed value; de-conceal recovers the input", arguments: vectors)
    func specVector(_ v: SUCIVector) throws {
        if v.scheme == .null {
            #expect(try SUCI.conceal(schemeInput: v.input, scheme: .null) == v.input)
            #expect(try SUCI.deconceal(schemeOutput: v.input, scheme: .null) == .schemeInput(v.input))
            return
        }
        let hnPublic = hex(try #require(v.home_network_public_key ?? v.home_network_public_key_compressed))
        let hnPrivate = hex(try #require(v.home_network_private_key))
        let ephPrivate = hex(try #require(v.ephemeral_private_key))
        let ephPublic = hex(try #require(v.ephemeral_public_key ?? v.ephemeral_public_key_compressed))
        #expect(try ECIES.publicKey(scheme: v.scheme, privateKey: hnPrivate) == hnPublic)
        #expect(try ECIES.publicKey(scheme: v.scheme, privateKey: ephPrivate) == ephPublic)
        let shared = try ECIES.sharedSecret(scheme: v.scheme, privateKey: ephPrivate, peerPublicKey: hnPublic)
        #expect(shared == hex(try #require(v.eph_shared_key)))
        let keys = try ECIES.deriveKeys(sharedSecret: shared, ephemeralPublicKey: ephPublic)
        #expect(keys.encryptionKey == hex(try #require(v.eph_enc_key)))
        #expect(keys.initialCounterBlock == hex(try #require(v.icb ?? v.icb_computed_not_in_spec)))
        #expect(keys.macKey == hex(try #require(v.eph_mac_key)))
        let out = try ECIES.conceal(schemeInput: v.input, scheme: v.scheme, homeNetworkPublicKey: hnPublic, ephemeralPrivateKey: ephPrivate)
        #expect(out.ciphertext == hex(try #require(v.ciphertext)))
        #expect(out.macTag == hex(try #require(v.mac_tag)))
        #expect(out.bytes == hex(try #require(v.expectedOutput)))
        if let text = v.scheme_output_text_as_printed { #expect(out.naiText == text) }
        #expect(try SUCI.deconceal(schemeOutput: out.bytes, scheme: v.scheme, homeNetworkPrivateKey: hnPrivate) == .schemeInput(v.input))
        if let uncompressed = v.home_network_public_key_uncompressed {
            let again = try ECIES.conceal(schemeInput: v.input, scheme: v.scheme, homeNetworkPublicKey: hex(uncompressed), ephemeralPrivateKey: ephPrivate)
            #expect(again == out)
        }
    }

    @Test("conceal with a fresh ephemeral key round-trips, and a tampered tag or ciphertext is a MAC failure",
          arguments: vectors.filter { $0.scheme != .null })
    func roundTripFreshKey(_ v: SUCIVector) throws {
        let hnPrivate = hex(try #require(v.home_network_private_key))
        let hnPublic = try ECIES.publicKey(scheme: v.scheme, privateKey: hnPrivate)
        let a = try SUCI.conceal(schemeInput: v.input, scheme: v.scheme, homeNetworkPublicKey: hnPublic)
        let b = try SUCI.conceal(schemeInput: v.input, scheme: v.scheme, homeNetworkPublicKey: hnPublic)
        #expect(a != b, "two concealments must use different ephemeral keys")
        #expect(a.count == (v.scheme == .profileA ? 32 : 33) + v.input.count + 8)
        #expect(try SUCI.deconceal(schemeOutput: a, scheme: v.scheme, homeNetworkPrivateKey: hnPrivate) == .schemeInput(v.input))
        for index in [a.count - 1, a.count - 9] {
            var bad = a
            bad[index] ^= 0x04
            #expect(try SUCI.deconceal(schemeOutput: bad, scheme: v.scheme, homeNetworkPrivateKey: hnPrivate) == .macFailure)
        }
    }

    @Test("TBCD encodes MSIN with swapped nibbles and F filler, and decodes back")
    func tbcd() throws {
        #expect(try TBCD.encode("001002086") == hex("00012080f6"))
        #expect(try TBCD.decode(hex("00012080f6")) == "001002086")
        #expect(try TBCD.encode("0000000031") == hex("0000000013"))
        #expect(throws: SecurityError.self) { try TBCD.encode("12a") }
        #expect(throws: SecurityError.self) { try TBCD.decode(hex("f1")+[0x21]) }
        #expect(throws: SecurityError.self) { try TBCD.decode([0x1c]) }
    }

    @Test("bad keys and short scheme outputs throw instead of trapping")
    func badInputs() {
        #expect(throws: SecurityError.self) { try SUCI.deconceal(schemeOutput: [1, 2, 3], scheme: .profileA, homeNetworkPrivateKey: [UInt8](repeating: 1, count: 32)) }
        #expect(throws: SecurityError.self) { try ECIES.conceal(schemeInput: [1], scheme: .profileB, homeNetworkPublicKey: [UInt8](repeating: 9, count: 33)) }
        #expect(throws: SecurityError.self) { try ECIES.conceal(schemeInput: [1], scheme: .profileA, homeNetworkPublicKey: [1, 2]) }
        #expect(throws: SecurityError.self) { try ECIES.conceal(schemeInput: [1], scheme: ProtectionScheme(rawValue: 3), homeNetworkPublicKey: []) }
    }
}
