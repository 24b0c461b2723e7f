import FiveGSecurity
import NAS5GS
import NASSecurity
import Testing

struct CaptureFile: Decodable {
    struct Flow: Decodable, Sendable, CustomStringConvertible {
        struct Frame: Decodable, Sendable { let frame: Int; let nas: String }
        struct Message: Decodable, Sendable { let frame: Int; let direction: String; let nas: String; let plain_message_type: String }
        let capture, k, opc, supi, serving_network_name: String
        let authentication_request, authentication_response: Frame
        let integrity, ciphering: UInt8
        let messages: [Message]
        var description: String { capture }
    }
    let flows: [Flow]
}

/// Independent check on real traffic (shared/captures, see Resources/captures.json): replaying the
/// 5G AKA of a capture must give the RES* the real UE sent and keys that verify the MACs of the
/// real uplink and downlink NAS messages, and decipher them. This pins BEARER, DIRECTION and COUNT.
@Suite("Real captures: 5G AKA and NAS MACs of two OAI flows, checked by hand")
struct CaptureNASTests {
    static let flows = Resource.load("captures", as: CaptureFile.self).flows

    @Test("RES*, KAMF→KNASint/KNASenc verify and decipher every captured NAS message", arguments: flows)
    func replayFlow(_ flow: CaptureFile.Flow) throws {
        // Authentication Request: EPD, SHT, type 0x56, ngKSI, ABBA (LV), RAND (IEI 0x21), AUTN (IEI 0x20, TLV).
        let req = hex(flow.authentication_request.nas)
        try #require(req.count == 42 && req[2] == 0x56 && req[4] == 2)
        let abba = Array(req[5..<7])
        try #require(req[7] == 0x21 && req[24] == 0x20 && req[25] == 16)
        let rand = Array(req[8..<24]), autn = Array(req[26..<42])

        var ue = FiveGAKAUE(milenage: try Milenage(k: hex(flow.k), opc: hex(flow.opc)))
        guard case .success(let result) = try ue.authenticate(rand: rand, autn: autn, servingNetworkName: flow.serving_network_name) else {
            Issue.record("UE rejected the captured AUTN"); return
        }
        // Authentication Response: ... IEI 0x2d, length 16, RES*.
        let rsp = hex(flow.authentication_response.nas)
        try #require(rsp.count == 21 && rsp[3] == 0x2d)
        #expect(result.resStar == Array(rsp[5..<21]), "RES* differs from frame \(flow.authentication_response.frame)")

        let kamf = try KeyHierarchy.kamf(kseaf: result.kseaf, supi: try SUPI(flow.supi), abba: abba)
        let ia = IntegrityAlgorithm(rawValue: flow.integrity), ea = CipheringAlgorithm(rawValue: flow.ciphering)
        var ueContext = try NASSecurityContext(role: .ue, kamf: kamf, integrity: ia, ciphering: ea)
        var amfContext = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
        var uplinks = 0, downlinks = 0
        for m in flow.messages {
            let outcome = m.direction == "uplink" ? try amfContext.receive(hex(m.nas)) : try ueContext.receive(hex(m.nas))
            guard case .integrityOK(let plain, _) = outcome else {
                Issue.record("frame \(m.frame) \(m.direction): \(outcome)"); continue
            }
            #expect(plain.messageType.rawValue == hex(m.plain_message_type)[0], "frame \(m.frame) deciphered wrongly")
            if m.direction == "uplink" { uplinks += 1 } else { downlinks += 1 }
        }
        #expect(uplinks >= 1 && downlinks >= 1)
        // A UE simulator re-protecting the first captured plain uplink with COUNT 0 gives the same bytes.
        if let first = flow.messages.first(where: { $0.direction == "uplink" }) {
            var net = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
            var pdu = hex(first.nas)
            guard case .verified = try net.unprotect(&pdu) else { return }
            var sim = try NASSecurityContext(role: .ue, kamf: kamf, integrity: ia, ciphering: ea)
            let again = try sim.protect(Array(pdu[7...]), headerType: NASSecurityHeaderType(rawValue: hex(first.nas)[1]))
            #expect(again == hex(first.nas), "re-protecting frame \(first.frame) does not reproduce it")
        }
    }

    @Test("BEARER 0 (a common mistake) does not verify the captured MACs", arguments: flows)
    func bearerZeroFails(_ flow: CaptureFile.Flow) throws {
        let req = hex(flow.authentication_request.nas)
        var ue = FiveGAKAUE(milenage: try Milenage(k: hex(flow.k), opc: hex(flow.opc)))
        guard case .success(let r) = try ue.authenticate(rand: Array(req[8..<24]), autn: Array(req[26..<42]), servingNetworkName: flow.serving_network_name) else {
            Issue.record("AUTN rejected"); return
        }
        let kamf = try KeyHierarchy.kamf(kseaf: r.kseaf, supi: try SUPI(flow.supi), abba: Array(req[5..<7]))
        let ia = IntegrityAlgorithm(rawValue: flow.integrity)
        let key = try IntegrityKey(algorithm: ia, key: try KeyHierarchy.knasInt(kamf: kamf, algorithm: ia))
        let m = try #require(flow.messages.first)
        let pdu = hex(m.nas)
        let captured = UInt32(pdu[2]) << 24 | UInt32(pdu[3]) << 16 | UInt32(pdu[4]) << 8 | UInt32(pdu[5])
        let dir: Direction = m.direction == "uplink" ? .uplink : .downlink
        #expect(try key.mac(count: 0, bearer: 1, direction: dir, Array(pdu[6...])) == captured)
        #expect(try key.mac(count: 0, bearer: 0, direction: dir, Array(pdu[6...])) != captured)
    }
}
