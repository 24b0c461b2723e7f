import ASN1PER
import CoreEmulator
import FiveGSecurity
import NAS5GS
import NASSecurity
import NGAP
import Testing

/// One subscriber range with the keys of TS 35.208 test set 1 (the shared captures' SOURCE.md lists others).
let testK: [UInt8] = [0x46, 0x5B, 0x5C, 0xE8, 0xB1, 0x99, 0xB4, 0x9F, 0xAA, 0x5F, 0x0A, 0x2E, 0xE2, 0x38, 0xA6, 0xBC]
let testOPc: [UInt8] = [0xCD, 0x63, 0xCB, 0x71, 0x95, 0x4A, 0x9F, 0x4E, 0x48, 0xA5, 0x99, 0x4E, 0x37, 0xA0, 0x2B, 0xAF]

func testConfiguration(integrity: [IntegrityAlgorithm] = [.nia2, .nia1, .nia3], ciphering: [CipheringAlgorithm] = [.nea0, .nea2, .nea1, .nea3],
                       faults: FaultConfiguration = FaultConfiguration()) -> CoreConfiguration {
    var c = CoreConfiguration()
    c.subscribers = [SubscriberRangeConfiguration(firstIMSI: "001010000000001", count: 10, k: testK, operatorKey: .opc(testOPc))]
    c.security.integrity = integrity
    c.security.ciphering = ciphering
    c.faults = faults
    return c
}

/// Runs NG Setup and a full registration of `ue` through the core; returns the RAN and AMF UE NGAP ids.
func register(_ loop: inout CoreLoop, _ gnb: inout ScriptedGNB, _ ue: inout ScriptedUE, association a: AssociationID,
              corruptFirstSMC: Bool = false) throws -> (ran: Int64, amf: Int64) {
    let (initial, ran) = gnb.initialUEMessage(ue.registrationRequest(extraNonCleartext: true))
    try loop.receive(initial, on: a, stream: 1)
    var out = loop.take()
    guard out.count == 1, let (authPDU, amf) = Downlink.nas(out[0]), case .authenticationRequest(let auth) = try ue.read(authPDU) else {
        throw ScriptError("expected an Authentication Request, got \(out.map(\.messageName))")
    }
    try loop.receive(gnb.uplinkNAS(try ue.answerAuthentication(auth), amf: amf, ran: ran), on: a, stream: 1)
    out = loop.take()
    guard out.count == 1, let (smcPDU, _) = Downlink.nas(out[0]) else { throw ScriptError("expected a Security Mode Command") }
    // The SMC is integrity protected with the new context, not ciphered (header type 3).
    guard smcPDU.count > 7, smcPDU[1] == 0x03 else { throw ScriptError("SMC security header type \(smcPDU.count > 1 ? smcPDU[1] : 0)") }
    guard case .securityModeCommand(let smc) = try NASMessage(nasEncoded: smcPDU[7...]) else { throw ScriptError("not an SMC") }
    if corruptFirstSMC {
        var bad = ue
        try loop.receive(gnb.uplinkNAS(try bad.answerSecurityMode(smc, protectedBytes: smcPDU, corruptMAC: true), amf: amf, ran: ran), on: a, stream: 1)
        guard loop.take().isEmpty, loop.deviations.contains(where: { $0.kind == "integrityCheckFailed" }) else {
            throw ScriptError("a Security Mode Complete with a bad MAC was not discarded")
        }
        guard loop.fire(.t3560) else { throw ScriptError("no T3560 running") }
        out = loop.take()
        guard out.count == 1, let (again, _) = Downlink.nas(out[0]), again[1] == 0x03 else { throw ScriptError("no SMC retransmission") }
        ue.security = nil
        try loop.receive(gnb.uplinkNAS(try ue.answerSecurityMode(smc, protectedBytes: again), amf: amf, ran: ran), on: a, stream: 1)
    } else {
        try loop.receive(gnb.uplinkNAS(try ue.answerSecurityMode(smc, protectedBytes: smcPDU), amf: amf, ran: ran), on: a, stream: 1)
    }
    out = loop.take()
    guard out.count == 1, case .initiatingMessage(let ics) = out[0], case .initialContextSetup = ics.value,
          let (acceptPDU, _) = Downlink.nas(out[0]), case .registrationAccept(let accept) = try ue.read(acceptPDU),
          case .guti(let guti)? = accept.guti else {
        throw ScriptError("expected an Initial Context Setup Request with the Registration Accept, got \(out.map(\.messageName))")
    }
    ue.guti = guti
    try loop.receive(gnb.initialContextSetupResponse(amf: amf, ran: ran), on: a, stream: 1)
    try loop.receive(gnb.uplinkNAS(try ue.protect(.registrationComplete(RegistrationComplete())), amf: amf, ran: ran), on: a, stream: 1)
    return (ran, amf)
}

@Suite("CoreEmulator: registration, PDU session, deregistration with a scripted gNB and UE")
struct RegistrationFlowTests {
    @Test("NG Setup from a gNB in a served PLMN and TAC is answered with NG Setup Response")
    func ngSetupAccepted() throws {
        var loop = try CoreLoop(testConfiguration())
        let a = AssociationID(1)
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(ScriptedGNB().ngSetupRequest(), on: a)
        let out = loop.take()
        #expect(out.map(\.messageName) == ["NGSetupResponse"])
        #expect(loop.core.connectedGNBCount == 1)
    }

    @Test("NG Setup from a gNB in an unserved TAC or PLMN fails with misc unknown-PLMN-or-SNPN")
    func ngSetupUnserved() throws {
        var loop = try CoreLoop(testConfiguration())
        loop.handle(.associationUp(AssociationID(1), outboundStreams: 4))
        var gnb = ScriptedGNB()
        gnb.tac = 7
        try loop.receive(gnb.ngSetupRequest(), on: AssociationID(1))
        loop.handle(.associationUp(AssociationID(2), outboundStreams: 4))
        try loop.receive(ScriptedGNB(mcc: "999", mnc: "70").ngSetupRequest(), on: AssociationID(2))
        let out = loop.take()
        #expect(out.count == 2)
        for pdu in out {
            guard case .unsuccessfulOutcome(let m) = pdu, case .ngSetup(let f) = m.value else {
                Issue.record("expected NG Setup Failure, got \(pdu.messageName)")
                continue
            }
            #expect(f.protocolIEs.first(\.cause) == .misc(.unknownPLMNOrSNPN))
        }
    }

    @Test("registration with 5G-AKA, PDU session and UE-initiated deregistration, for several NIA/NEA pairs",
          arguments: [(IntegrityAlgorithm.nia2, CipheringAlgorithm.nea2), (.nia1, .nea1), (.nia3, .nea3), (.nia2, .nea0)])
    func fullFlow(ia: IntegrityAlgorithm, ea: CipheringAlgorithm) throws {
        var loop = try CoreLoop(testConfiguration(integrity: [ia], ciphering: [ea]))
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        _ = loop.take()
        var ue = try ScriptedUE(imsi: "001010000000003", k: testK, opc: testOPc)
        let (ran, amf) = try register(&loop, &gnb, &ue, association: a)
        #expect(loop.core.isRegistered(supi: "imsi-001010000000003"))
        #expect(ue.security?.integrityAlgorithm == ia)
        #expect(ue.security?.cipheringAlgorithm == ea)
        #expect(loop.deviations.filter { $0.kind != "nonCleartextIEs" }.isEmpty, "\(loop.deviations)")
        #expect(loop.deviations.contains { $0.kind == "nonCleartextIEs" })
        // UE-associated signalling on a stream other than 0 (TS 38.412).
        #expect(loop.sent.isEmpty)

        // PDU session: the Establishment Accept rides in the PDU Session Resource Setup Request with the UPF tunnel.
        try loop.receive(gnb.uplinkNAS(try ue.pduSessionEstablishment(psi: 1, dnn: "internet"), amf: amf, ran: ran), on: a, stream: 1)
        var out = loop.take()
        guard out.count == 1, let (nas, _) = Downlink.nas(out[0]), case .dlnasTransport(let dl) = try ue.read(nas),
              case .pduSessionEstablishmentAccept(let accept) = try NASMessage(nasEncoded: dl.payloadContainer.bytes) else {
            Issue.record("expected a PDU Session Resource Setup Request with the Establishment Accept, got \(out.map(\.messageName))")
            return
        }
        #expect(accept.pduAddress?.addressBytes == [10, 60, 0, 2])
        guard case .createSession(let session)? = loop.userPlane.last else {
            Issue.record("no UPF session created")
            return
        }
        #expect(session.ueIPv4 == IPv4Address("10.60.0.2"))
        try loop.receive(gnb.pduSessionResourceSetupResponse(amf: amf, ran: ran, psi: 1, teid: 0x1234), on: a, stream: 1)
        guard case .setDownlink(let key, let downlink, _)? = loop.userPlane.last else {
            Issue.record("the UPF did not learn the gNB's TEID")
            return
        }
        #expect(key == session.key)
        #expect(downlink == GTPTunnelEndpoint(address: .v4(IPv4Address("127.0.0.2")!), teid: 0x1234))
        #expect(loop.core.pduSessions(supi: "imsi-001010000000003") == [1])

        // Deregistration: Accept, then UE Context Release Command; the session is gone in the UPF.
        try loop.receive(gnb.uplinkNAS(try ue.deregistration(), amf: amf, ran: ran), on: a, stream: 1)
        out = loop.take()
        #expect(out.map(\.messageName) == ["DownlinkNASTransport", "UEContextReleaseCommand"])
        if let (d, _) = Downlink.nas(out[0]) {
            guard case .deregistrationAcceptUEOriginating = try ue.read(d) else {
                Issue.record("not a Deregistration Accept")
                return
            }
        }
        #expect(loop.userPlane.contains(.removeSession(session.key)))
        try loop.receive(gnb.ueContextReleaseComplete(amf: amf, ran: ran), on: a, stream: 1)
        #expect(!loop.core.isRegistered(supi: "imsi-001010000000003"))
        #expect(loop.core.ueCount == 0)
    }

    @Test("a Security Mode Complete with a bad MAC is discarded, the command retransmitted on T3560, the good answer accepted")
    func smcRetransmission() throws {
        var loop = try CoreLoop(testConfiguration())
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        _ = loop.take()
        var ue = try ScriptedUE(imsi: "001010000000004", k: testK, opc: testOPc)
        _ = try register(&loop, &gnb, &ue, association: a, corruptFirstSMC: true)
        #expect(loop.core.isRegistered(supi: "imsi-001010000000004"))
    }

    @Test("a wrong RES* ends in Authentication Reject and the release of the connection")
    func wrongRES() throws {
        var loop = try CoreLoop(testConfiguration())
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        _ = loop.take()
        var ue = try ScriptedUE(imsi: "001010000000005", k: testK, opc: testOPc)
        let (initial, ran) = gnb.initialUEMessage(ue.registrationRequest())
        try loop.receive(initial, on: a, stream: 1)
        guard let (authPDU, amf) = loop.take().first.flatMap(Downlink.nas), case .authenticationRequest(let auth) = try ue.read(authPDU) else {
            Issue.record("no Authentication Request")
            return
        }
        try loop.receive(gnb.uplinkNAS(try ue.answerAuthentication(auth, wrongRES: true), amf: amf, ran: ran), on: a, stream: 1)
        let out = loop.take()
        #expect(out.map(\.messageName) == ["DownlinkNASTransport", "UEContextReleaseCommand"])
        if let (nas, _) = out.first.flatMap(Downlink.nas) {
            guard case .authenticationReject = try ue.read(nas) else {
                Issue.record("not an Authentication Reject")
                return
            }
        }
        #expect(loop.notices.contains(.authenticationFailed(supi: "imsi-001010000000005")))
    }

    @Test("an unknown subscriber gets a Registration Reject with the configured cause")
    func unknownSubscriber() throws {
        var config = testConfiguration()
        config.security.unknownSubscriberCause = 11
        var loop = try CoreLoop(config)
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        _ = loop.take()
        var ue = try ScriptedUE(imsi: "001019999999999", k: testK, opc: testOPc)
        let (initial, _) = gnb.initialUEMessage(ue.registrationRequest())
        try loop.receive(initial, on: a, stream: 1)
        let out = loop.take()
        guard let (nas, _) = out.first.flatMap(Downlink.nas), case .registrationReject(let reject) = try ue.read(nas) else {
            Issue.record("expected a Registration Reject, got \(out.map(\.messageName))")
            return
        }
        #expect(reject.cause.rawValue == 11)
    }
}

@Suite("CoreEmulator: EAP-AKA'")
struct EAPAKAPrimeTests {
    @Test("registration with EAP-AKA': challenge in the Authentication Request, EAP-Success in the Security Mode Command, registered")
    func eapRegistration() throws {
        var config = testConfiguration()
        config.security.authentication = .eapAKAPrime
        var loop = try CoreLoop(config)
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        _ = loop.take()
        var ue = try ScriptedUE(imsi: "001010000000007", k: testK, opc: testOPc)
        let (initial, ran) = gnb.initialUEMessage(ue.registrationRequest())
        try loop.receive(initial, on: a, stream: 1)
        guard let (authPDU, amf) = loop.take().first.flatMap(Downlink.nas), case .authenticationRequest(let auth) = try ue.read(authPDU) else {
            Issue.record("no Authentication Request")
            return
        }
        #expect(auth.rand == nil && auth.eapMessage != nil)
        try loop.receive(gnb.uplinkNAS(try ue.answerEAP(auth), amf: amf, ran: ran), on: a, stream: 1)
        var out = loop.take()
        guard out.count == 1, let (smcPDU, _) = Downlink.nas(out[0]), smcPDU.count > 7,
              case .securityModeCommand(let smc) = try NASMessage(nasEncoded: smcPDU[7...]) else {
            Issue.record("expected a Security Mode Command, got \(out.map(\.messageName)) \(loop.deviations)")
            return
        }
        #expect(smc.eapMessage.map { Array($0.bytes.prefix(1)) } == [3])
        try loop.receive(gnb.uplinkNAS(try ue.answerSecurityMode(smc, protectedBytes: smcPDU), amf: amf, ran: ran), on: a, stream: 1)
        out = loop.take()
        guard out.count == 1, let (acceptPDU, _) = Downlink.nas(out[0]), case .registrationAccept = try ue.read(acceptPDU) else {
            Issue.record("expected the Registration Accept, got \(out.map(\.messageName))")
            return
        }
        try loop.receive(gnb.initialContextSetupResponse(amf: amf, ran: ran), on: a, stream: 1)
        try loop.receive(gnb.uplinkNAS(try ue.protect(.registrationComplete(RegistrationComplete())), amf: amf, ran: ran), on: a, stream: 1)
        #expect(loop.core.isRegistered(supi: "imsi-001010000000007"))
    }
}

@Suite("CoreEmulator: SUCI de-concealment")
struct SUCIProfileTests {
    /// Home network private keys: Profile A from TS 33.501 Annex C.4.3; Profile B a P-256 scalar made up for this test.
    static let profileAKey: [UInt8] = [0xC5, 0x3C, 0x22, 0x20, 0x8B, 0x61, 0x86, 0x0B, 0x06, 0xC6, 0x2E, 0x54, 0x06, 0xA7, 0xB3, 0x30,
                                       0xC2, 0xB5, 0x77, 0xAA, 0x55, 0x58, 0x98, 0x15, 0x10, 0xD1, 0x28, 0x24, 0x7D, 0x38, 0xBD, 0x1D]
    static let profileBKey: [UInt8] = [UInt8](repeating: 0x11, count: 32)

    @Test("a SUCI concealed with Profile A or B is de-concealed with the configured key and the subscriber is challenged",
          arguments: [(UInt8(1), UInt8(3)), (UInt8(2), UInt8(4))])
    func profile(scheme: UInt8, keyID: UInt8) throws {
        var config = testConfiguration()
        config.security.homeNetworkKeys = [HomeNetworkKey(scheme: .profileA, id: 3, privateKey: Self.profileAKey),
                                           HomeNetworkKey(scheme: .profileB, id: 4, privateKey: Self.profileBKey)]
        var loop = try CoreLoop(config)
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        _ = loop.take()
        let privateKey = scheme == 1 ? Self.profileAKey : Self.profileBKey
        let publicKey = try ECIES.publicKey(scheme: ProtectionScheme(rawValue: scheme), privateKey: privateKey)
        var ue = try ScriptedUE(imsi: "001010000000008", k: testK, opc: testOPc)
        let (initial, _) = gnb.initialUEMessage(try ue.registrationRequest(scheme: scheme, keyID: keyID, homeNetworkPublicKey: publicKey))
        try loop.receive(initial, on: a, stream: 1)
        guard let (nas, _) = loop.take().first.flatMap(Downlink.nas), case .authenticationRequest = try ue.read(nas) else {
            Issue.record("expected an Authentication Request; deviations: \(loop.deviations)")
            return
        }
        #expect(loop.core.ueCount == 1)

        // The same SUCI under a key id the core does not have: the configured unknown-subscriber cause.
        let (other, _) = gnb.initialUEMessage(try ue.registrationRequest(scheme: scheme, keyID: 9, homeNetworkPublicKey: publicKey))
        try loop.receive(other, on: a, stream: 1)
        guard let (nas2, _) = loop.take().first.flatMap(Downlink.nas), case .registrationReject = try ue.read(nas2) else {
            Issue.record("expected a Registration Reject")
            return
        }
        #expect(loop.deviations.contains { $0.kind == "unresolvableIdentity" })
    }
}
