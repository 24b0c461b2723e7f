import Testing
@testable import FiveGSecurity

struct KDFFile: Decodable { let vectors: [KDFVector] }

/// One entry of kdf_5g.json; the shape depends on `id`, so every field but `id` is optional.
struct KDFVector: Decodable, Sendable, CustomStringConvertible {
    let id: String
    let key, s, kdf_output_256, algorithm_key_128_lsb, p0_algorithm_type_distinguisher, p1_algorithm_identity: String?
    let pci, arfcn_dl: Int?
    let source_value_non_conformant, source_s_non_conformant, spec_conformant_s, spec_conformant_output_computed: String?
    let ck, ik, p0, p1_sqn_xor_ak, ck_prime, ik_prime: String?
    let serving_network_name, rand, res, sqn_xor_ak, k_ausf, k_seaf, supi_p0_text, abba, k_amf: String?
    let res_star_spec_conformant_computed, hres_star_spec_conformant_computed: String?
    let source_res_star_non_conformant, source_hres_star_non_conformant: String?
    let inputs: ChainInputs?
    let outputs: [String: ChainOutput]?
    var description: String { id }

    struct ChainInputs: Decodable, Sendable {
        let k, op, rand, sqn, amf, ck, ik, res, ak, autn, serving_network_name, supi_p0_text, abba, uplink_nas_count: String
    }
    struct ChainOutput: Decodable, Sendable {
        let s: String?
        let value: String?
        let value_128_lsb: String?
        let kdf_output_256: String?
        let key_128_lsb: String?
    }
}

@Suite("TS 33.501 Annex A key derivations (kdf_5g.json)")
struct KeyHierarchyTests {
    static let vectors = VectorFile.load("kdf_5g", as: KDFFile.self).vectors

    @Test("every kdf_5g.json vector, flagged ones against their spec-conformant values", arguments: vectors)
    func vector(_ v: KDFVector) throws {
        switch v.id {
        case let id where id.hasPrefix("srsran-k_") && v.pci == nil:
            let key = hex(try #require(v.key))
            let dist = AlgorithmTypeDistinguisher(rawValue: hex(try #require(v.p0_algorithm_type_distinguisher))[0])
            let alg = hex(try #require(v.p1_algorithm_identity))[0]
            #expect(try KDF.inputString(fc: 0x69, [[dist.rawValue], [alg]]) == hex(try #require(v.s)))
            #expect(try KeyHierarchy.algorithmKeyFull(key: key, distinguisher: dist, algorithmIdentity: alg) == hex(try #require(v.kdf_output_256)))
            #expect(try KeyHierarchy.algorithmKey(key: key, distinguisher: dist, algorithmIdentity: alg) == hex(try #require(v.algorithm_key_128_lsb)))
        case "srsran-k_ng_ran_star":
            // Source encodes ARFCN-DL in 2 octets; A.11 fixes 3 octets. Check the conformant value,
            // and that the source value is exactly the 2-octet variant.
            let key = hex(try #require(v.key))
            let pci = UInt16(try #require(v.pci)), arfcn = UInt32(try #require(v.arfcn_dl))
            #expect(try KDF.inputString(fc: 0x70, [Bytes.be(UInt64(pci), 2), Bytes.be(UInt64(arfcn), 3)]) == hex(try #require(v.spec_conformant_s)))
            #expect(try KeyHierarchy.kngRANStar(key: key, pci: pci, arfcnDL: arfcn) == hex(try #require(v.spec_conformant_output_computed)))
            let nonConformant = try KDF.derive(key: key, fc: 0x70, [Bytes.be(UInt64(pci), 2), Bytes.be(UInt64(arfcn), 2)])
            #expect(nonConformant == hex(try #require(v.source_value_non_conformant)))
            #expect(nonConformant != (try KeyHierarchy.kngRANStar(key: key, pci: pci, arfcnDL: arfcn)))
        case "rfc5448-ck-ik-prime":
            let (ckp, ikp) = try KeyHierarchy.ckIKPrime(ck: hex(try #require(v.ck)), ik: hex(try #require(v.ik)),
                                                         accessNetworkIdentity: hex(try #require(v.p0)), sqnXorAK: hex(try #require(v.p1_sqn_xor_ak)))
            #expect(ckp == hex(try #require(v.ck_prime)))
            #expect(ikp == hex(try #require(v.ik_prime)))
        case "byoi-kausf":
            #expect(try KeyHierarchy.kausf(ck: hex(try #require(v.ck)), ik: hex(try #require(v.ik)), servingNetworkName: try #require(v.serving_network_name),
                                           sqnXorAK: hex(try #require(v.sqn_xor_ak))) == hex(try #require(v.k_ausf)))
        case "byoi-kseaf":
            #expect(try KeyHierarchy.kseaf(kausf: hex(try #require(v.k_ausf)), servingNetworkName: try #require(v.serving_network_name)) == hex(try #require(v.k_seaf)))
        case "byoi-kamf-nai":
            let supi = try SUPI("nai-" + (try #require(v.supi_p0_text)))
            #expect(try KeyHierarchy.kamf(kseaf: hex(try #require(v.k_seaf)), supi: supi, abba: hex(try #require(v.abba))) == hex(try #require(v.k_amf)))
        case "byoi-res-star":
            // Source keeps the 128 MSBs; A.4/A.5 want the 128 LSBs. Check the conformant values and
            // that the source values are the MSB variant.
            let ck = hex(try #require(v.ck)), ik = hex(try #require(v.ik)), rand = hex(try #require(v.rand))
            let snn = try #require(v.serving_network_name)
            let resStar = try KeyHierarchy.resStar(ck: ck, ik: ik, servingNetworkName: snn, rand: rand, res: hex(try #require(v.res)))
            #expect(resStar == hex(try #require(v.res_star_spec_conformant_computed)))
            #expect(try KeyHierarchy.hresStar(rand: rand, resStar: resStar) == hex(try #require(v.hres_star_spec_conformant_computed)))
            let full = try KDF.derive(key: ck + ik, fc: 0x6B, [Array(snn.utf8), rand, hex(try #require(v.res))])
            #expect(full == hex(try #require(v.kdf_output_256)))
            #expect(Array(full[0..<16]) == hex(try #require(v.source_res_star_non_conformant)))
            #expect(resStar != hex(try #require(v.source_res_star_non_conformant)))
        case let id where id.hasPrefix("chain-"):
            try checkChain(v)
        default:
            Issue.record("vector \(v.id) has no check")
        }
    }

    func checkChain(_ v: KDFVector) throws {
        let i = try #require(v.inputs), o = try #require(v.outputs)
        func out(_ name: String) throws -> KDFVector.ChainOutput { try #require(o[name], "missing output \(name)") }
        let supi: SUPI = i.supi_p0_text.contains("@") ? .nai(i.supi_p0_text) : .imsi(i.supi_p0_text)
        let ulCount = UInt32(Bytes.uint(hex(i.uplink_nas_count)))
        let keys = try DerivedKeySet.derive(
            k: hex(i.k), operatorKey: .op(hex(i.op)), rand: hex(i.rand), sqn: hex(i.sqn), amf: hex(i.amf),
            supi: supi, servingNetworkName: i.serving_network_name, abba: hex(i.abba), uplinkNASCount: ulCount)
        #expect(keys.ck == hex(i.ck))
        #expect(keys.ik == hex(i.ik))
        #expect(keys.res == hex(i.res))
        #expect(keys.ak == hex(i.ak))
        #expect(keys.autn == hex(i.autn))
        #expect(keys.kausf == hex(try out("k_ausf").value ?? ""))
        #expect(keys.resStar == hex(try out("res_star").value_128_lsb ?? ""))
        #expect(keys.hresStar == hex(try out("hres_star").value_128_lsb ?? ""))
        #expect(keys.kseaf == hex(try out("k_seaf").value ?? ""))
        #expect(keys.kamf == hex(try out("k_amf").value ?? ""))
        #expect(try KDF.inputString(fc: 0x6D, [supi.kdfParameter, hex(i.abba)]) == hex(try out("k_amf").s ?? ""))
        for n in 1...3 {
            #expect(keys.knasEnc[n - 1] == hex(try out("k_nas_enc_128_nea\(n)").key_128_lsb ?? ""))
            #expect(keys.knasInt[n - 1] == hex(try out("k_nas_int_128_nia\(n)").key_128_lsb ?? ""))
        }
        #expect(keys.kgnb == hex(try out("k_gnb").value ?? ""))
        #expect(try KeyHierarchy.nh(kamf: keys.kamf, syncInput: keys.kgnb) == hex(try out("nh_first").value ?? ""))
        let rrcUP: [(String, AlgorithmTypeDistinguisher)] = [
            ("k_rrc_enc_128_nea2", .rrcEncryption), ("k_rrc_int_128_nia2", .rrcIntegrity),
            ("k_up_enc_128_nea2", .upEncryption), ("k_up_int_128_nia2", .upIntegrity)]
        for (name, dist) in rrcUP {
            #expect(try KeyHierarchy.algorithmKey(key: keys.kgnb, distinguisher: dist, algorithmIdentity: 2) == hex(try out(name).key_128_lsb ?? ""))
        }
    }

    @Test("KDF input string S puts each parameter's 2-octet length after it (TS 33.220 B.2.0)")
    func inputStringLayout() throws {
        #expect(try KDF.inputString(fc: 0x6E, [[0, 0, 0, 3], [1]]) == [0x6E, 0, 0, 0, 3, 0, 4, 1, 0, 1])
    }

    @Test("SUPI parsing accepts imsi-/nai- forms and rejects others")
    func supiParsing() throws {
        #expect(try SUPI("imsi-001010000000001") == .imsi("001010000000001"))
        #expect(try SUPI("nai-user@example.com") == .nai("user@example.com"))
        #expect(throws: SecurityError.self) { try SUPI("imsi-12ab") }
        #expect(throws: SecurityError.self) { try SUPI("nai-nouser") }
        #expect(throws: SecurityError.self) { try SUPI("001010000000001") }
        #expect(try ServingNetworkName.make(mcc: "208", mnc: "95") == "5G:mnc095.mcc208.3gppnetwork.org")
    }
}
