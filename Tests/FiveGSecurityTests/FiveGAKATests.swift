import Testing
@testable import FiveGSecurity

@Suite("5G AKA, UE and network sides (TS 33.501 §6.1.3.2, TS 33.102 §6.3)")
struct FiveGAKATests {
    static let snn = "5G:mnc012.mcc274.3gppnetwork.org"

    @Test("the network's vector is accepted by the UE, which answers RES* that the SEAF and AUSF accept", arguments: Vectors.milenage)
    func endToEnd(_ v: MilenageVector) throws {
        let m = try Milenage(k: hex(v.k), opc: hex(v.opc))
        let vector = try FiveGAKANetwork.makeVector(milenage: m, rand: hex(v.rand), sqn: hex(v.sqn), amf: hex(v.amf), servingNetworkName: Self.snn)
        #expect(vector.autn == hex(v.derived_not_in_spec.autn))
        var ue = FiveGAKAUE(milenage: m)
        ue.requireSeparationBit = false  // TS 35.208 sets 3 and 6 have AMF without the 5G separation bit
        guard case .success(let r) = try ue.authenticate(rand: vector.rand, autn: vector.autn, servingNetworkName: Self.snn) else {
            Issue.record("UE rejected a valid AUTN"); return
        }
        #expect(r.res == hex(v.f2_res))
        #expect(r.ck == hex(v.f3_ck))
        #expect(r.kausf == vector.kausf)
        #expect(r.kseaf == vector.kseaf)
        #expect(FiveGAKANetwork.seafAccepts(resStar: r.resStar, vector: vector))
        #expect(FiveGAKANetwork.ausfAccepts(resStar: r.resStar, vector: vector))
        var wrong = r.resStar
        wrong[15] ^= 1
        #expect(!FiveGAKANetwork.seafAccepts(resStar: wrong, vector: vector))
        #expect(!FiveGAKANetwork.ausfAccepts(resStar: wrong, vector: vector))
        #expect(ue.sqn.highestAccepted == Bytes.uint(hex(v.sqn)))
    }

    @Test("a flipped AUTN MAC bit gives macFailure and leaves SQN_MS unchanged", arguments: Vectors.milenage)
    func macFailure(_ v: MilenageVector) throws {
        let m = try Milenage(k: hex(v.k), opc: hex(v.opc))
        var autn = hex(v.derived_not_in_spec.autn)
        autn[15] ^= 0x01
        var ue = FiveGAKAUE(milenage: m, sqn: SQNFreshness(highestAccepted: 5))
        #expect(try ue.authenticate(rand: hex(v.rand), autn: autn, servingNetworkName: Self.snn) == .macFailure)
        #expect(ue.sqn.highestAccepted == 5)
    }

    @Test("a replayed AUTN gives synchFailure whose AUTS lets the network recover SQN_MS", arguments: Vectors.milenage)
    func synchFailureRoundTrip(_ v: MilenageVector) throws {
        let m = try Milenage(k: hex(v.k), opc: hex(v.opc))
        var ue = FiveGAKAUE(milenage: m)
        ue.requireSeparationBit = false  // TS 35.208 sets 3 and 6 have AMF without the 5G separation bit
        let first = try ue.authenticate(rand: hex(v.rand), autn: hex(v.derived_not_in_spec.autn), servingNetworkName: Self.snn)
        guard case .success = first else { Issue.record("first challenge failed: \(first)"); return }
        let again = try ue.authenticate(rand: hex(v.rand), autn: hex(v.derived_not_in_spec.autn), servingNetworkName: Self.snn)
        guard case .synchFailure(let auts) = again else { Issue.record("replay not detected: \(again)"); return }
        // SQN_MS ⊕ AK* is the one listed in the vector file (SQN_MS = this set's SQN). Its MAC-S
        // there uses the set's AMF; TS 33.102 §6.3.3 makes the AMF of MAC-S a dummy 0x0000.
        #expect(Array(auts[0..<6]) == Array(hex(v.derived_not_in_spec.auts)[0..<6]))
        #expect(Array(auts[6..<14]) == (try m.compute(rand: hex(v.rand), sqn: hex(v.sqn), amf: [0, 0]).macS))
        #expect(try FiveGAKANetwork.resynchronise(milenage: m, rand: hex(v.rand), auts: auts) == .recovered(sqnMS: Bytes.uint(hex(v.sqn))))
        var tampered = auts
        tampered[13] ^= 0x80
        #expect(try FiveGAKANetwork.resynchronise(milenage: m, rand: hex(v.rand), auts: tampered) == .macSFailure)
        // The network continues above SQN_MS and the UE accepts.
        let next = Bytes.be(Bytes.uint(hex(v.sqn)) + 32, 6)
        let vector = try FiveGAKANetwork.makeVector(milenage: m, rand: hex(v.rand), sqn: next, amf: hex(v.amf), servingNetworkName: Self.snn)
        guard case .success = try ue.authenticate(rand: vector.rand, autn: vector.autn, servingNetworkName: Self.snn) else {
            Issue.record("UE rejected the resynchronised vector"); return
        }
    }

    @Test("an SQN beyond the Δ limit gives synchFailure")
    func deltaLimit() throws {
        let v = Vectors.milenage[0]
        let m = try Milenage(k: hex(v.k), opc: hex(v.opc))
        var ue = FiveGAKAUE(milenage: m, sqn: SQNFreshness(highestAccepted: 0, maximumJump: 1 << 28))
        guard case .synchFailure = try ue.authenticate(rand: hex(v.rand), autn: hex(v.derived_not_in_spec.autn), servingNetworkName: Self.snn) else {
            Issue.record("SQN far above SQN_MS was accepted"); return
        }
    }

    @Test("AMF without the separation bit is refused after the MAC verifies")
    func separationBit() throws {
        let v = Vectors.milenage[0]
        let m = try Milenage(k: hex(v.k), opc: hex(v.opc))
        let vector = try FiveGAKANetwork.makeVector(milenage: m, rand: hex(v.rand), sqn: hex(v.sqn), amf: [0x00, 0x00], servingNetworkName: Self.snn)
        var ue = FiveGAKAUE(milenage: m)
        #expect(try ue.authenticate(rand: vector.rand, autn: vector.autn, servingNetworkName: Self.snn) == .separationBitNotSet)
        ue.requireSeparationBit = false
        guard case .success = try ue.authenticate(rand: vector.rand, autn: vector.autn, servingNetworkName: Self.snn) else {
            Issue.record("valid AUTN refused with the check off"); return
        }
    }

    @Test("short RAND, AUTN and AUTS throw instead of trapping")
    func badLengths() throws {
        let v = Vectors.milenage[0]
        let m = try Milenage(k: hex(v.k), opc: hex(v.opc))
        var ue = FiveGAKAUE(milenage: m)
        #expect(throws: SecurityError.self) { try ue.authenticate(rand: [1], autn: hex(v.derived_not_in_spec.autn), servingNetworkName: Self.snn) }
        #expect(throws: SecurityError.self) { try ue.authenticate(rand: hex(v.rand), autn: [1, 2], servingNetworkName: Self.snn) }
        #expect(throws: SecurityError.self) { try FiveGAKANetwork.resynchronise(milenage: m, rand: hex(v.rand), auts: [1]) }
    }
}
