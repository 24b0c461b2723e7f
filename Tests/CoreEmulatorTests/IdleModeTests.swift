import ASN1PER
import CoreEmulator
import NAS5GS
import NGAP
import Testing

@Suite("CoreEmulator: UE context release, paging on downlink data, service request re-activating the PDU session")
struct IdleModeTests {
    @Test("release to CM-IDLE, downlink data pages the UE, its Service Request gets an Initial Context Setup with the session and the UPF the new tunnel")
    func pagingAndServiceRequest() throws {
        var loop = try CoreLoop(testConfiguration())
        let a = AssociationID(1)
        var gnb = ScriptedGNB()
        loop.handle(.associationUp(a, outboundStreams: 4))
        try loop.receive(gnb.ngSetupRequest(), on: a)
        _ = loop.take()
        var ue = try ScriptedUE(imsi: "001010000000006", k: testK, opc: testOPc)
        loop.sentStreams = []
        let (ran, amf) = try register(&loop, &gnb, &ue, association: a)
        // UE-associated signalling never on stream 0 (TS 38.412 §7).
        #expect(!loop.sentStreams.contains(0))
        try loop.receive(gnb.uplinkNAS(try ue.pduSessionEstablishment(psi: 5, dnn: "internet"), amf: amf, ran: ran), on: a, stream: 1)
        _ = loop.take()
        try loop.receive(gnb.pduSessionResourceSetupResponse(amf: amf, ran: ran, psi: 5, teid: 0x100), on: a, stream: 1)
        guard case .setDownlink(let key, _, _)? = loop.userPlane.last else {
            Issue.record("no downlink tunnel")
            return
        }

        // The gNB asks for release (user inactivity): command, complete, the UE is idle and its session too.
        try loop.receive(gnb.ueContextReleaseRequest(amf: amf, ran: ran), on: a, stream: 1)
        #expect(loop.take().map(\.messageName) == ["UEContextReleaseCommand"])
        #expect(loop.userPlane.last == .markIdle(key, buffer: true))
        try loop.receive(gnb.ueContextReleaseComplete(amf: amf, ran: ran), on: a, stream: 1)
        #expect(!loop.core.isConnected(supi: "imsi-001010000000006"))
        #expect(loop.core.isRegistered(supi: "imsi-001010000000006"))

        // Downlink data: Paging with the 5G-S-TMSI on stream 0, repeated on T3513.
        loop.handle(.userPlane(.downlinkData(key)))
        var out = loop.take()
        guard out.count == 1, case .initiatingMessage(let m) = out[0], case .paging(let paging) = m.value,
              case .fiveGSTMSI(let stmsi)? = paging.protocolIEs.first(\.uePagingIdentity) else {
            Issue.record("expected Paging, got \(out.map(\.messageName))")
            return
        }
        let tmsi = try #require(ue.guti?.tmsi)
        #expect(stmsi.fiveGTMSI.value.array == [UInt8(tmsi >> 24), UInt8(truncatingIfNeeded: tmsi >> 16), UInt8(truncatingIfNeeded: tmsi >> 8),
                                                UInt8(truncatingIfNeeded: tmsi)])
        #expect(loop.sentStreams.last == 0)
        let fired = loop.fire(.t3513)
        #expect(fired)
        #expect(loop.take().map(\.messageName) == ["Paging"])

        // Service Request: Service Accept in an Initial Context Setup Request that re-activates PDU session 5.
        let (initial, ran2) = gnb.initialUEMessage(try ue.serviceRequest(uplinkData: []))
        try loop.receive(initial, on: a, stream: 2)
        out = loop.take()
        guard out.count == 1, case .initiatingMessage(let ics) = out[0], case .initialContextSetup(let request) = ics.value,
              let (nas, amf2) = Downlink.nas(out[0]), case .serviceAccept = try ue.read(nas) else {
            Issue.record("expected an Initial Context Setup Request with the Service Accept, got \(out.map(\.messageName))")
            return
        }
        #expect(request.protocolIEs.first(\.pduSessionResourceSetupListCxtReq)?.value.map(\.pduSessionID.value) == [5])
        // Paging stopped: T3513 is no longer running.
        #expect(!loop.timers.keys.contains { $0.kind == .t3513 })
        try loop.receive(gnb.initialContextSetupResponse(amf: amf2, ran: ran2, psi: 5, teid: 0x200), on: a, stream: 2)
        guard case .setDownlink(let key2, let tunnel, _)? = loop.userPlane.last else {
            Issue.record("the UPF did not get the new tunnel")
            return
        }
        #expect(key2 == key)
        #expect(tunnel.teid == 0x200)
        #expect(loop.core.isConnected(supi: "imsi-001010000000006"))
        #expect(loop.notices.contains(.serviceAccepted(supi: "imsi-001010000000006")))
    }
}
