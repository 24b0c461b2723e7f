import ASN1PER
import CoreEmulator
import NAS5GS
import NGAP
import Testing

/// A registered UE with PDU session 1 up.
func registeredWithSession(_ loop: inout CoreLoop, _ gnb: inout ScriptedGNB, _ ue: inout ScriptedUE) throws -> (ran: Int64, amf: Int64, key: UPFSessionKey) {
    let a = AssociationID(1)
    loop.handle(.associationUp(a, outboundStreams: 4))
    try loop.receive(gnb.ngSetupRequest(), on: a)
    _ = loop.take()
    let (ran, amf) = try register(&loop, &gnb, &ue, association: a)
    try loop.receive(gnb.uplinkNAS(try ue.pduSessionEstablishment(psi: 1, dnn: "internet"), amf: amf, ran: ran), on: a, stream: 1)
    guard let (nas, _) = loop.take().first.flatMap(Downlink.nas), case .pduSessionEstablishmentAccept = try ue.readSession(nas) else {
        throw ScriptError("no PDU Session Establishment Accept")
    }
    try loop.receive(gnb.pduSessionResourceSetupResponse(amf: amf, ran: ran, psi: 1, teid: 0x10), on: a, stream: 1)
    guard case .setDownlink(let key, _, _)? = loop.userPlane.last else { throw ScriptError("no downlink tunnel") }
    return (ran, amf, key)
}

@Suite("CoreEmulator: PDU session modification and release, network-initiated deregistration")
struct SessionAndDeregistrationTests {
    @Test("UE-requested release: Release Command in a PDU Session Resource Release Command; the session goes when both N1 and N2 answered")
    func release() throws {
        var loop = try CoreLoop(testConfiguration())
        var gnb = ScriptedGNB()
        var ue = try ScriptedUE(imsi: "001010000000002", k: testK, opc: testOPc)
        let (ran, amf, key) = try registeredWithSession(&loop, &gnb, &ue)
        let a = AssociationID(1)
        try loop.receive(gnb.uplinkNAS(try ue.sessionMessage(psi: 1, .pduSessionReleaseRequest(PDUSessionReleaseRequest(pduSessionID: 1, pti: 2))),
                                       amf: amf, ran: ran), on: a, stream: 1)
        let out = loop.take()
        guard out.map(\.messageName) == ["PDUSessionResourceReleaseCommand"], let (nas, _) = Downlink.nas(out[0]),
              case .pduSessionReleaseCommand(let command) = try ue.readSession(nas) else {
            Issue.record("expected a PDU Session Resource Release Command with the Release Command, got \(out.map(\.messageName))")
            return
        }
        #expect(command.cause.rawValue == 36)
        #expect(command.pti == 2)
        try loop.receive(gnb.pduSessionResourceReleaseResponse(amf: amf, ran: ran, psi: 1), on: a, stream: 1)
        #expect(loop.core.pduSessions(supi: "imsi-001010000000002") == [1])
        try loop.receive(gnb.uplinkNAS(try ue.sessionMessage(psi: 1, .pduSessionReleaseComplete(PDUSessionReleaseComplete(pduSessionID: 1, pti: 2))),
                                       amf: amf, ran: ran), on: a, stream: 1)
        #expect(loop.core.pduSessions(supi: "imsi-001010000000002").isEmpty)
        #expect(loop.userPlane.last == .removeSession(key))
        #expect(loop.notices.contains(.pduSessionReleased(supi: "imsi-001010000000002", pduSessionID: 1)))
    }

    @Test("UE-requested modification is answered by a Command or, by policy, a Reject; either way the session stays", arguments: [SessionPolicy.Modification.accept, .reject])
    func modification(policy: SessionPolicy.Modification) throws {
        var config = testConfiguration()
        config.sessions.modification = policy
        var loop = try CoreLoop(config)
        var gnb = ScriptedGNB()
        var ue = try ScriptedUE(imsi: "001010000000003", k: testK, opc: testOPc)
        let (ran, amf, _) = try registeredWithSession(&loop, &gnb, &ue)
        try loop.receive(gnb.uplinkNAS(try ue.sessionMessage(psi: 1, .pduSessionModificationRequest(PDUSessionModificationRequest(pduSessionID: 1, pti: 3))),
                                       amf: amf, ran: ran), on: AssociationID(1), stream: 1)
        guard let (nas, _) = loop.take().first.flatMap(Downlink.nas) else {
            Issue.record("no answer to the modification request")
            return
        }
        switch try ue.readSession(nas) {
        case .pduSessionModificationCommand: #expect(policy == .accept)
        case .pduSessionModificationReject(let r): #expect(policy == .reject && r.cause.rawValue == 31)
        default: Issue.record("unexpected answer")
        }
        #expect(loop.core.pduSessions(supi: "imsi-001010000000003") == [1])
    }

    @Test("network-initiated deregistration: Deregistration Request (T3522), Accept, session removed, UE Context Release Command")
    func networkDeregistration() throws {
        var loop = try CoreLoop(testConfiguration())
        var gnb = ScriptedGNB()
        var ue = try ScriptedUE(imsi: "001010000000004", k: testK, opc: testOPc)
        let (ran, amf, key) = try registeredWithSession(&loop, &gnb, &ue)
        loop.handle(.command(.deregister(supi: "imsi-001010000000004", reregistrationRequired: false)))
        guard let (nas, _) = loop.take().first.flatMap(Downlink.nas), case .deregistrationRequestUETerminated = try ue.read(nas) else {
            Issue.record("no Deregistration Request")
            return
        }
        #expect(loop.timers.keys.contains { $0.kind == .t3522 })
        try loop.receive(gnb.uplinkNAS(try ue.protect(.deregistrationAcceptUETerminated(DeregistrationAcceptUETerminated())), amf: amf, ran: ran),
                         on: AssociationID(1), stream: 1)
        #expect(loop.take().map(\.messageName) == ["UEContextReleaseCommand"])
        #expect(!loop.timers.keys.contains { $0.kind == .t3522 })
        #expect(loop.userPlane.contains(.removeSession(key)))
        #expect(!loop.core.isRegistered(supi: "imsi-001010000000004"))
    }
}
