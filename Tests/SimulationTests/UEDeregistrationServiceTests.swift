import FiveGSecurity
import NAS5GS
import NASSecurity
import Simulation
import Testing

@Suite("UE: de-registration both ways and service request from CM-IDLE")
struct UEDeregistrationServiceTests {
    @Test("UE-initiated de-registration: protected request with the 5G-GUTI, T3521, accept ends it; sessions go")
    func ueInitiated() throws {
        var (ue, core) = try registeredUE()
        try establish(&ue, &core)
        let a = ue.command(.deregister(switchOff: false))
        #expect(a.started.contains(.t3521))
        guard case .deregistrationRequestUEOriginating(let r) = try core.receive(try a.single().nasPDU) else { Issue.record("no request"); return }
        #expect(!r.deregistrationType.switchOff)
        #expect(r.mobileIdentity == .guti(UETestCore.guti))
        #expect(ue.ue.state == .deregisteredInitiated)
        let b = ue.receive(try core.protect(.deregistrationAcceptUEOriginating(DeregistrationAcceptUEOriginating())))
        #expect(b.sent.isEmpty)
        #expect(b.stopped.contains(.t3521))
        #expect(b.report(.deregistration)?.outcome == .success)
        #expect(b.sessionEvents.contains(.down(id: 1, cause: nil)))
        #expect(ue.ue.state == .deregistered)
    }

    @Test("switch-off: the request goes, nothing is awaited, the UE is de-registered at once")
    func switchOff() throws {
        var (ue, core) = try registeredUE()
        let a = ue.command(.deregister(switchOff: true))
        guard case .deregistrationRequestUEOriginating(let r) = try core.receive(try a.single().nasPDU) else { Issue.record("no request"); return }
        #expect(r.deregistrationType.switchOff)
        #expect(!a.started.contains(.t3521))
        #expect(a.report(.deregistration)?.outcome == .success)
        #expect(ue.ue.state == .deregistered)
    }

    @Test("de-registration from CM-IDLE is an initial message, integrity protected (header type 1) with the next COUNT")
    func fromIdle() throws {
        var (ue, core) = try registeredUE()
        let r = ue.released()
        #expect(r.started.contains(.t3512))
        let a = ue.command(.deregister(switchOff: false))
        let ul = try a.single()
        #expect(ul.setup?.cause == .moSignalling)
        #expect(ul.setup?.fiveGSTMSI?.tmsi == UETestCore.guti.tmsi)
        #expect(ul.nasPDU[1] == 1)
        guard case .deregistrationRequestUEOriginating = try core.receive(ul.nasPDU) else { Issue.record("no request"); return }
        #expect(core.uplinkCounts == [0, 1, 2])
    }

    @Test("network-initiated de-registration: Deregistration Accept; with re-registration required, an initial registration after release")
    func networkInitiated() throws {
        var (ue, core) = try registeredUE()
        let request = DeregistrationRequestUETerminated(deregistrationType: DeregistrationType(switchOff: false, reregistrationRequired: true, accessType: 1))
        let a = ue.receive(try core.protect(.deregistrationRequestUETerminated(request)))
        guard case .deregistrationAcceptUETerminated = try core.receive(try a.single().nasPDU) else { Issue.record("no accept"); return }
        #expect(ue.ue.state == .deregistered)
        #expect(a.report(.deregistration)?.outcome == .success)
        let b = ue.released()
        let again = try b.single()
        #expect(again.setup != nil)
        guard case .registrationRequest(let rr) = try NASMessage(nasEncoded: again.nasPDU[7...]) else { Issue.record("no new registration"); return }
        #expect(rr.registrationType.nibble & 7 == RegistrationType.initial)
    }

    @Test("service request from CM-IDLE: initial message with the 5G-S-TMSI, NAS container with the full request; accept ends it")
    func serviceRequest() throws {
        var (ue, core) = try registeredUE()
        try establish(&ue, &core)
        _ = ue.released()
        let a = ue.command(.serviceRequest(uplinkDataPending: [1]))
        let ul = try a.single()
        #expect(ul.setup?.cause == .moData)
        #expect(ul.nasPDU[1] == 1)
        guard case .serviceRequest(let sr) = try core.receive(ul.nasPDU) else { Issue.record("no service request"); return }
        #expect(sr.serviceType.nibble == 1)
        #expect(sr.sTMSI == .sTMSI(FiveGSTMSI(amfSetID: 1, amfPointer: 1, tmsi: UETestCore.guti.tmsi)))
        let container = try #require(sr.nasMessageContainer, "the full request has non-cleartext IEs")
        // The container's value is ciphered with the uplink COUNT of the message (TS 24.501 §4.4.6).
        var plain = Array(container.bytes)
        let count = try #require(core.uplinkCounts.last)
        let key = try #require(core.context?.cipheringKey)
        try plain.withUnsafeMutableBytes { try key.apply(count: count, bearer: 1, direction: .uplink, $0, bitLength: $0.count * 8) }
        guard case .serviceRequest(let full) = try NASMessage(nasEncoded: plain[...]) else { Issue.record("container is not a service request"); return }
        #expect(full.uplinkDataStatus?.psiBits == 1 << 1)
        #expect(full.pduSessionStatus?.psiBits == 1 << 1)
        #expect(ue.ue.state == .serviceRequestInitiated)
        let b = ue.receive(try core.protect(.serviceAccept(ServiceAccept(pduSessionStatus: PDUSessionStatus(psiBits: 1 << 1)))))
        #expect(b.report(.serviceRequest)?.outcome == .success)
        #expect(b.stopped.contains(.t3517))
        #expect(ue.ue.state == .registered)
        #expect(ue.ue.activeSessions.map(\.id) == [1])
    }

    @Test("paging: a service request for mobile-terminated services (cause mt-Access)")
    func paging() throws {
        var (ue, core) = try registeredUE()
        _ = ue.released()
        let a = ue.paged()
        let ul = try a.single()
        #expect(ul.setup?.cause == .mtAccess)
        guard case .serviceRequest(let sr) = try core.receive(ul.nasPDU) else { Issue.record("no service request"); return }
        #expect(sr.serviceType.nibble == 2)
    }

    @Test("a 5GSM request from CM-IDLE first brings the connection up with a service request, then goes")
    func sessionFromIdle() throws {
        var (ue, core) = try registeredUE()
        _ = ue.released()
        let a = ue.command(.establishPDUSession(PDUSessionRequest(id: 3)))
        guard case .serviceRequest = try core.receive(try a.single().nasPDU) else { Issue.record("no service request"); return }
        let b = ue.receive(try core.protect(.serviceAccept(ServiceAccept())))
        let (_, sm) = try uplink5GSM(&core, b)
        guard case .pduSessionEstablishmentRequest(let r) = sm else { Issue.record("no establishment request: \(sm.name)"); return }
        #expect(r.pduSessionID == 3)
    }
}
