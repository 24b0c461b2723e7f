import Testing
@testable import FiveGSecurity

struct EAPVector: Decodable {
    let identity_text, network_name_text, rand, autn, ik, ck, res, ck_prime, ik_prime, k_encr, k_aut, k_re, msk, emsk: String
}

@Suite("EAP-AKA' (RFC 9048 / RFC 5448, TS 33.501 §6.1.3.1)")
struct EAPAKAPrimeTests {
    static let rfc = VectorFile.load("eap_aka_prime", as: EAPVector.self)
    static let snn = "5G:mnc001.mcc001.3gppnetwork.org"

    @Test("CK'/IK' and K_encr, K_aut, K_re, MSK, EMSK match RFC 5448 Appendix C case 1")
    func rfcKeys() throws {
        let v = Self.rfc
        let (ckp, ikp) = try KeyHierarchy.ckIKPrime(ck: hex(v.ck), ik: hex(v.ik), accessNetworkIdentity: Array(v.network_name_text.utf8),
                                                     sqnXorAK: Array(hex(v.autn)[0..<6]))
        #expect(ckp == hex(v.ck_prime))
        #expect(ikp == hex(v.ik_prime))
        let keys = try EAPAKAPrimeKeys.derive(ckPrime: ckp, ikPrime: ikp, identity: Array(v.identity_text.utf8))
        #expect(keys.kEncr == hex(v.k_encr))
        #expect(keys.kAut == hex(v.k_aut))
        #expect(keys.kRe == hex(v.k_re))
        #expect(keys.msk == hex(v.msk))
        #expect(keys.emsk == hex(v.emsk))
        #expect(keys.kausf == Array(hex(v.emsk)[0..<32]))
    }

    static func setup(sqnMS: UInt64 = 0) throws -> (Milenage, EAPAKAPrimeChallenge, EAPAKAPrimePeer) {
        let m = Vectors.milenage[0]
        let milenage = try Milenage(k: hex(m.k), opc: hex(m.opc))
        let identity = Array("274012001002086".utf8)
        let challenge = try EAPAKAPrimeServer.makeChallenge(milenage: milenage, identifier: 7, rand: hex(m.rand), sqn: hex(m.sqn),
                                                            amf: hex(m.amf), identity: identity, servingNetworkName: snn)
        let peer = EAPAKAPrimePeer(usim: FiveGAKAUE(milenage: milenage, sqn: SQNFreshness(highestAccepted: sqnMS)), identity: identity)
        return (milenage, challenge, peer)
    }

    @Test("server Challenge → peer Response → server Success, both with the same KAUSF")
    func endToEnd() throws {
        var (_, challenge, peer) = try Self.setup()
        let request = try EAPAKAPrimePacket(bytes: challenge.request)
        #expect(request.code == .request && request.subtype == .challenge && request.identifier == 7)
        #expect(request.attribute(24) == .kdf(1))
        #expect(request.attribute(23) == .kdfInput(Array(Self.snn.utf8)))
        guard case .response(let response, let keys, let kausf) = try peer.respond(toChallenge: challenge.request, servingNetworkName: Self.snn) else {
            Issue.record("peer did not answer the challenge"); return
        }
        #expect(keys == challenge.keys)
        let decoded = try EAPAKAPrimePacket(bytes: response)
        #expect(decoded.attribute(3) == .res(challenge.xres, bitLength: 64))
        #expect(try EAPAKAPrimeServer.verifyResponse(response, challenge: challenge) == .success(kausf: kausf))
        #expect(kausf == Array(challenge.keys.emsk[0..<32]))
        #expect(try KeyHierarchy.kseaf(kausf: kausf, servingNetworkName: Self.snn).count == 32)
    }

    @Test("a stale SQN gives Synchronization-Failure whose AUTS recovers SQN_MS")
    func synchronizationFailure() throws {
        var (milenage, challenge, peer) = try Self.setup(sqnMS: 0xffff_ffff_fff0)
        guard case .synchronizationFailure(let response) = try peer.respond(toChallenge: challenge.request, servingNetworkName: Self.snn) else {
            Issue.record("stale SQN accepted"); return
        }
        guard case .synchronizationFailure(let auts) = try EAPAKAPrimeServer.verifyResponse(response, challenge: challenge) else {
            Issue.record("server did not see the synchronisation failure"); return
        }
        #expect(try FiveGAKANetwork.resynchronise(milenage: milenage, rand: hex(Vectors.milenage[0].rand), auts: auts) == .recovered(sqnMS: 0xffff_ffff_fff0))
        _ = milenage
    }

    @Test("a tampered AT_AUTN is rejected by the peer (Authentication-Reject)")
    func autnTampered() throws {
        var (_, challenge, peer) = try Self.setup()
        var packet = try EAPAKAPrimePacket(bytes: challenge.request)
        packet.attributes = packet.attributes.map { if case .autn(var a) = $0 { a[15] ^= 1; return .autn(a) } else { return $0 } }
        let forged = try packet.encodedWithMAC(kAut: challenge.keys.kAut)
        guard case .authenticationReject(let response) = try peer.respond(toChallenge: forged, servingNetworkName: Self.snn) else {
            Issue.record("tampered AUTN accepted"); return
        }
        #expect(try EAPAKAPrimeServer.verifyResponse(response, challenge: challenge) == .authenticationRejected)
    }

    @Test("a request whose AT_MAC does not verify, or that names another network, gets Client-Error")
    func requestMACAndNetworkName() throws {
        var (_, challenge, peer) = try Self.setup()
        var bad = challenge.request
        bad[bad.count - 1] ^= 0x01
        guard case .clientError(let response, _) = try peer.respond(toChallenge: bad, servingNetworkName: Self.snn) else {
            Issue.record("bad AT_MAC accepted"); return
        }
        #expect(try EAPAKAPrimeServer.verifyResponse(response, challenge: challenge) == .clientError)
        var (_, challenge2, peer2) = try Self.setup()
        guard case .clientError = try peer2.respond(toChallenge: challenge2.request, servingNetworkName: "5G:mnc002.mcc001.3gppnetwork.org") else {
            Issue.record("other network name accepted"); return
        }
    }

    @Test("the server rejects a response with a bad AT_MAC or a wrong AT_RES")
    func serverRejects() throws {
        var (_, challenge, peer) = try Self.setup()
        guard case .response(var response, let keys, _) = try peer.respond(toChallenge: challenge.request, servingNetworkName: Self.snn) else {
            Issue.record("no response"); return
        }
        response[12] ^= 0x01  // inside AT_RES
        #expect(try EAPAKAPrimeServer.verifyResponse(response, challenge: challenge) == .macFailure)
        let wrongRES = try EAPAKAPrimePacket(code: .response, identifier: 7, subtype: .challenge,
                                             attributes: [.res([1, 2, 3, 4, 5, 6, 7, 8], bitLength: 64)]).encodedWithMAC(kAut: keys.kAut)
        #expect(try EAPAKAPrimeServer.verifyResponse(wrongRES, challenge: challenge) == .resMismatch)
    }

    @Test("attributes encode and decode, with 4-octet padding and lengths checked")
    func attributes() throws {
        let p = EAPAKAPrimePacket(code: .request, identifier: 1, subtype: .challenge, attributes: [
            .rand([UInt8](repeating: 1, count: 16)), .autn([UInt8](repeating: 2, count: 16)), .res([9, 9, 9, 9, 9], bitLength: 36),
            .auts([UInt8](repeating: 3, count: 14)), .kdf(1), .kdfInput(Array("5G:mnc093.mcc208.3gppnetwork.org".utf8)),
            .unknown(type: 135, value: [0, 0]), .mac([UInt8](repeating: 4, count: 16)),
        ])
        let bytes = try p.encoded()
        #expect(bytes.count % 4 == 0)
        #expect(bytes[8] == 1 && bytes[9] == 5)  // AT_RAND, 20 bytes
        #expect(try EAPAKAPrimePacket(bytes: bytes) == p)
        var truncated = bytes
        truncated.removeLast(4)
        truncated[3] = UInt8(truncated.count)
        #expect(throws: SecurityError.self) { try EAPAKAPrimePacket(bytes: truncated) }
        var zeroLength = bytes
        zeroLength[9] = 0
        #expect(throws: SecurityError.self) { try EAPAKAPrimePacket(bytes: zeroLength) }
        #expect(throws: SecurityError.self) { try EAPAKAPrimePacket(bytes: [1, 2, 0, 4]) }
    }
}

@Suite("EAP-AKA' attribute encoding limits")
struct EAPAttributeLimitTests {
    @Test("an AT_RES bit length that does not match its bytes, or an oversized attribute, throws")
    func limits() {
        #expect(throws: SecurityError.self) {
            try EAPAKAPrimePacket(code: .response, identifier: 1, subtype: .challenge, attributes: [.res([1, 2], bitLength: 70000)]).encoded()
        }
        #expect(throws: SecurityError.self) {
            try EAPAKAPrimePacket(code: .response, identifier: 1, subtype: .challenge, attributes: [.kdfInput([UInt8](repeating: 0x41, count: 2000))]).encoded()
        }
    }
}
