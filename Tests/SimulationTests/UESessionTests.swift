import FiveGSecurity
import NAS5GS
import NASSecurity
import Simulation
import Testing

/// The default QoS rule (match-all filter, QFI 1) and an AMBR, as cores send them.
let defaultRules = QoSRules([QoSRule(identifier: 1, operationCode: 1, isDefault: true,
                                     packetFilters: [PacketFilter(direction: 3, identifier: 1, components: [PacketFilter.Component(type: 1, value: [])])],
                                     precedence: 255, qfi: 1)])
let ambr = SessionAMBR(downlinkUnit: 6, downlink: 100, uplinkUnit: 6, uplink: 100)

/// The UE's request as the core reads it: the UL NAS Transport and its 5GSM message.
func uplink5GSM(_ core: inout UETestCore, _ actions: [UEAction]) throws -> (ULNASTransport, NASMessage) {
    let m = try core.receive(try actions.single().nasPDU)
    guard case .ulnasTransport(let t) = m else { throw TestFailure("expected UL NAS Transport, got \(m.name)") }
    return (t, try UETestCore.inner5GSM(m))
}

/// Establishes PDU session `psi` (IPv4) on a registered UE.
func establish(_ ue: inout UEDriver, _ core: inout UETestCore, psi: UInt8 = 1) throws {
    let (_, sm) = try uplink5GSM(&core, ue.command(.establishPDUSession(PDUSessionRequest(id: psi))))
    guard case .pduSessionEstablishmentRequest(let r) = sm else { throw TestFailure("not an establishment request") }
    let accept = PDUSessionEstablishmentAccept(pduSessionID: psi, pti: r.pti, selectedSSCMode: SSCMode(nibble: 1), selectedPDUSessionType: .ipv4,
                                               authorizedQoSRules: defaultRules, sessionAMBR: ambr, pduAddress: .ipv4(10, 60, 0, 2))
    let a = ue.receive(try core.downlink5GSM(.pduSessionEstablishmentAccept(accept), psi: psi))
    guard a.report(.pduSessionEstablishment)?.outcome == .success else { throw TestFailure("session not established: \(a)") }
}

@Suite("UE: PDU sessions (TS 24.501 §6.4) against a scripted core")
struct UESessionTests {
    static let addresses: [(PDUSessionType, PDUAddress)] = [
        (.ipv4, .ipv4(10, 60, 0, 2)),
        (.ipv6, PDUAddress(octet1: 2, addressBytes: [0, 0, 0, 0, 0, 0, 0, 7])),
        (.ipv4v6, PDUAddress(octet1: 3, addressBytes: [0, 0, 0, 0, 0, 0, 0, 7, 10, 60, 0, 2])),
    ]

    @Test("establishment of IPv4, IPv6 and IPv4v6 sessions: request in UL NAS Transport, accept, address and QFI known",
          arguments: 0..<3)
    func establishment(_ n: Int) throws {
        let (type, address) = Self.addresses[n]
        var (ue, core) = try registeredUE()
        let a = ue.command(.establishPDUSession(PDUSessionRequest(id: 5, type: type)))
        #expect(try a.single().setup == nil)
        #expect(a.started.contains(.t3580(5)))
        let (transport, sm) = try uplink5GSM(&core, a)
        #expect(transport.requestType?.nibble == 1)
        #expect(transport.pduSessionID?.value == 5)
        #expect(transport.dnn?.name == "internet")
        #expect(transport.sNSSAI == SNSSAI(sst: 1))
        guard case .pduSessionEstablishmentRequest(let request) = sm else { Issue.record("not a request: \(sm.name)"); return }
        #expect(request.pduSessionID == 5)
        #expect(request.pduSessionType == type)
        #expect(request.pti != 0)

        let accept = PDUSessionEstablishmentAccept(pduSessionID: 5, pti: request.pti, selectedSSCMode: SSCMode(nibble: 1),
                                                   selectedPDUSessionType: type, authorizedQoSRules: defaultRules, sessionAMBR: ambr,
                                                   pduAddress: address, sNSSAI: SNSSAI(sst: 1), dnn: DNN("internet"))
        let b = ue.receive(try core.downlink5GSM(.pduSessionEstablishmentAccept(accept), psi: 5))
        #expect(b.sent.isEmpty)
        #expect(b.deviations.isEmpty)
        #expect(b.stopped.contains(.t3580(5)))
        #expect(b.report(.pduSessionEstablishment)?.outcome == .success)
        guard case .up(let info)? = b.sessionEvents.first else { Issue.record("no session event"); return }
        #expect(info.id == 5 && info.type == type && info.qfiList == [1])
        #expect(info.ipv4 == (type == .ipv6 ? nil : 0x0A3C_0002))
        #expect(info.ipv6InterfaceIdentifier == (type == .ipv4 ? nil : 7))
        #expect(ue.ue.activeSessions.map(\.id) == [5])
    }

    @Test("an establishment reject ends the procedure with the 5GSM cause and no session")
    func establishmentReject() throws {
        var (ue, core) = try registeredUE()
        let (_, sm) = try uplink5GSM(&core, ue.command(.establishPDUSession(PDUSessionRequest(id: 1))))
        guard case .pduSessionEstablishmentRequest(let r) = sm else { return }
        let reject = PDUSessionEstablishmentReject(pduSessionID: 1, pti: r.pti, cause: FiveGSMCause(27))
        let a = ue.receive(try core.downlink5GSM(.pduSessionEstablishmentReject(reject), psi: 1))
        guard case .failure(let why)? = a.report(.pduSessionEstablishment)?.outcome else { Issue.record("no failure report"); return }
        #expect(why.contains("#27"))
        #expect(ue.ue.activeSessions.isEmpty)
    }

    @Test("UE-requested modification: request, command with the same PTI, complete; the session stays")
    func modification() throws {
        var (ue, core) = try registeredUE()
        try establish(&ue, &core)
        let (_, sm) = try uplink5GSM(&core, ue.command(.modifyPDUSession(PDUSessionModificationRequestParameters(id: 1))))
        guard case .pduSessionModificationRequest(let r) = sm else { Issue.record("not a modification request: \(sm.name)"); return }
        let command = PDUSessionModificationCommand(pduSessionID: 1, pti: r.pti, sessionAMBR: SessionAMBR(downlinkUnit: 6, downlink: 200, uplinkUnit: 6, uplink: 200))
        let a = ue.receive(try core.downlink5GSM(.pduSessionModificationCommand(command), psi: 1))
        let (_, answer) = try uplink5GSM(&core, a)
        guard case .pduSessionModificationComplete(let c) = answer else { Issue.record("not a complete: \(answer.name)"); return }
        #expect(c.pti == r.pti)
        #expect(a.report(.pduSessionModification)?.outcome == .success)
        #expect(ue.ue.activeSessions.first?.sessionAMBR.downlink == 200)
    }

    @Test("a modification reject keeps the session")
    func modificationReject() throws {
        var (ue, core) = try registeredUE()
        try establish(&ue, &core)
        let (_, sm) = try uplink5GSM(&core, ue.command(.modifyPDUSession(PDUSessionModificationRequestParameters(id: 1))))
        guard case .pduSessionModificationRequest(let r) = sm else { return }
        let a = ue.receive(try core.downlink5GSM(.pduSessionModificationReject(PDUSessionModificationReject(pduSessionID: 1, pti: r.pti, cause: FiveGSMCause(31))), psi: 1))
        #expect(a.report(.pduSessionModification)?.outcome != .success)
        #expect(ue.ue.activeSessions.map(\.id) == [1])
    }

    @Test("network-requested modification (PTI 0) is completed with PTI 0")
    func networkModification() throws {
        var (ue, core) = try registeredUE()
        try establish(&ue, &core)
        let command = PDUSessionModificationCommand(pduSessionID: 1, pti: 0, sessionAMBR: ambr)
        let (_, answer) = try uplink5GSM(&core, ue.receive(try core.downlink5GSM(.pduSessionModificationCommand(command), psi: 1)))
        guard case .pduSessionModificationComplete(let c) = answer else { Issue.record("not a complete: \(answer.name)"); return }
        #expect(c.pti == 0)
    }

    @Test("UE-requested release: request, command, complete; the session goes down")
    func release() throws {
        var (ue, core) = try registeredUE()
        try establish(&ue, &core)
        let a = ue.command(.releasePDUSession(id: 1))
        #expect(a.started.contains(.t3582(1)))
        let (_, sm) = try uplink5GSM(&core, a)
        guard case .pduSessionReleaseRequest(let r) = sm else { Issue.record("not a release request: \(sm.name)"); return }
        let b = ue.receive(try core.downlink5GSM(.pduSessionReleaseCommand(PDUSessionReleaseCommand(pduSessionID: 1, pti: r.pti, cause: FiveGSMCause(36))), psi: 1))
        let (_, answer) = try uplink5GSM(&core, b)
        guard case .pduSessionReleaseComplete = answer else { Issue.record("not a complete: \(answer.name)"); return }
        #expect(b.report(.pduSessionRelease)?.outcome == .success)
        #expect(b.sessionEvents.contains(.down(id: 1, cause: FiveGSMCause(36))))
        #expect(ue.ue.activeSessions.isEmpty)
    }

    @Test("network-requested release (PTI 0) is completed and the session goes down")
    func networkRelease() throws {
        var (ue, core) = try registeredUE()
        try establish(&ue, &core)
        let a = ue.receive(try core.downlink5GSM(.pduSessionReleaseCommand(PDUSessionReleaseCommand(pduSessionID: 1, pti: 0, cause: FiveGSMCause(39))), psi: 1))
        let (_, answer) = try uplink5GSM(&core, a)
        guard case .pduSessionReleaseComplete = answer else { Issue.record("not a complete: \(answer.name)"); return }
        #expect(ue.ue.activeSessions.isEmpty)
    }

    @Test("T3580 retransmits the request four times, then the establishment fails")
    func establishmentTimeout() throws {
        var (ue, core) = try registeredUE()
        let first = try ue.command(.establishPDUSession(PDUSessionRequest(id: 2))).single().nasPDU
        _ = try core.receive(first)
        for _ in 0..<4 {
            let a = ue.fire(.t3580(2))
            let (_, sm) = try uplink5GSM(&core, a)
            guard case .pduSessionEstablishmentRequest = sm else { Issue.record("not a retransmission"); return }
            #expect(a.started.contains(.t3580(2)))
        }
        let last = ue.fire(.t3580(2))
        #expect(last.sent.isEmpty)
        #expect(last.report(.pduSessionEstablishment)?.outcome != .success)
    }
}
