import ASN1PER
import NAS5GS
import NGAP
import Simulation
import Testing

@Suite("gNB NAS transport and UE context management (TS 38.413 §8.3, §8.6, §8.14)")
struct GNBUEContextTests {
    @Test("Initial UE Message → DL NAS → UL NAS → Initial Context Setup with a PDU session → release: the whole UE life")
    func ueLife() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let tmsi = NAS5GS.FiveGSTMSI(amfSetID: 1, amfPointer: 0, tmsi: 0xC0FFEE)
        let initial = bench.uplink(5, nas(0x41), setup: RRCSetup(cause: .moSignalling, fiveGSTMSI: tmsi, ueContextRequested: true))
        #expect(initial.messageNames == ["InitialUEMessage"])
        guard case .initialUEMessage(let message)? = initial.pdus.first?.initiating else { return }
        let ran = try #require(message.protocolIEs.first(\.ranUENGAPID)).value
        #expect(message.protocolIEs.first(\.nasPDU)?.value.array == nas(0x41))
        #expect(message.protocolIEs.first(\.rrcEstablishmentCause) == .moSignalling)
        #expect(message.protocolIEs.first(\.ueContextRequest) == .requested)
        #expect(message.protocolIEs.first(\.fiveGSTMSI)?.fiveGTMSI.value.array == [0x00, 0xC0, 0xFF, 0xEE])
        guard case .userLocationInformationNR(let nr)? = message.protocolIEs.first(\.userLocationInformation) else {
            Issue.record("no NR user location"); return
        }
        #expect(nr.tai.tac.value.array == [0, 0, 1])
        #expect(nr.nrCGI.nrCellIdentity.value.uint64Value == 0x100)

        // The first downlink message gives the connection its AMF UE NGAP ID; NAS goes to the UE untouched.
        let down = bench.receive(ScriptedAMF.downlinkNAS(amf: 77, ran: ran, nas: nas(0x56)))
        #expect(down == [.deliverNAS(ue: UEIndex(5), nasPDU: nas(0x56)[...])])
        #expect(bench.gnb.context(of: UEIndex(5))?.amfUENGAPID == 77)

        let up = bench.uplink(5, nas(0x57))
        #expect(up.messageNames == ["UplinkNASTransport"])
        guard case .uplinkNASTransport(let ul)? = up.pdus.first?.initiating else { return }
        #expect(ul.protocolIEs.first(\.amfUENGAPID)?.value == 77)
        #expect(ul.protocolIEs.first(\.ranUENGAPID)?.value == ran)
        #expect(up.streams == initial.streams, "a UE's messages stay on its stream")

        // Initial Context Setup with PDU session 1: response with the gNB's downlink tunnel, then tunnel up.
        let ics = bench.receive(ScriptedAMF.initialContextSetup(
            amf: 77, ran: ran, sessions: [.init(id: 1, ulTEID: 0xABCD0001, qfis: [1, 2])], nas: nas(0x42), radioCapability: true))
        #expect(ics.messageNames == ["InitialContextSetupResponse"])
        #expect(ics.deviations.isEmpty)
        guard case .initialContextSetup(let response)? = ics.pdus.first?.successful else { return }
        let item = try #require(response.protocolIEs.first(\.pduSessionResourceSetupListCxtRes)?.value.first)
        guard case .value(let transfer) = item.pduSessionResourceSetupResponseTransfer,
              case .gtpTunnel(let dl) = transfer.dlQosFlowPerTNLInformation.upTransportLayerInformation else {
            Issue.record("no downlink GTP tunnel in the response transfer"); return
        }
        let tunnel = try #require(ics.tunnelsUp.first)
        #expect(ics.tunnelsUp.count == 1)
        #expect(tunnel.ue == UEIndex(5) && tunnel.pduSessionID == 1)
        #expect(tunnel.ulAddress == ScriptedAMF.upfAddress && tunnel.ulTEID == 0xABCD0001)
        #expect(tunnel.dlAddress == [127, 0, 0, 101])
        #expect(dl.transportLayerAddress.value.bytes.array == tunnel.dlAddress)
        #expect(dl.gtpTEID.value.array == [UInt8(tunnel.dlTEID >> 24), UInt8(tunnel.dlTEID >> 16 & 0xFF), UInt8(tunnel.dlTEID >> 8 & 0xFF), UInt8(tunnel.dlTEID & 0xFF)])
        #expect(tunnel.dlTEID >> 24 == 1, "the configured TEID prefix")
        #expect(tunnel.qfis == [1, 2])
        #expect(transfer.dlQosFlowPerTNLInformation.associatedQosFlowList.value.map(\.qosFlowIdentifier.value) == [1, 2])
        #expect(ics.delivered == [nas(0x42)])
        #expect(bench.gnb.context(of: UEIndex(5))?.contextSetUp == true)

        // UE Context Release Command: complete with the session, tunnel down, the UE idle.
        bench.advance(.milliseconds(9))
        let rel = bench.receive(ScriptedAMF.ueContextReleaseCommand(amf: 77, ran: ran))
        #expect(rel.messageNames == ["UEContextReleaseComplete"])
        guard case .ueContextRelease(let complete)? = rel.pdus.first?.successful else { return }
        #expect(complete.protocolIEs.first(\.pduSessionResourceListCxtRelCpl)?.value.map(\.pduSessionID.value) == [1])
        #expect(rel.tunnelsDown.map(\.pduSessionID) == [1])
        #expect(rel.released == [UEIndex(5)])
        #expect(rel.reports.map(\.kind) == [.ueContextRelease])
        #expect(bench.gnb.context(of: UEIndex(5)) == nil)
        #expect(bench.gnb.contextCount == 0)
    }

    @Test("Initial Context Setup without PDU sessions; UE Radio Capability Info Indication follows the response")
    func initialContextSetupWithoutSessions() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 1)
        let a = bench.receive(ScriptedAMF.initialContextSetup(amf: 1, ran: ran))
        #expect(a.messageNames == ["InitialContextSetupResponse", "UERadioCapabilityInfoIndication"])
        #expect(a.tunnelsUp.isEmpty)
        guard case .ueRadioCapabilityInfoIndication(let ind)? = a.pdus.last?.initiating else { return }
        #expect(ind.protocolIEs.first(\.ueRadioCapability)?.value.array == GNBConfig.cannedUERadioCapability)
        guard case .initialContextSetup(let response)? = a.pdus.first?.successful else { return }
        #expect(response.protocolIEs.first(\.pduSessionResourceSetupListCxtRes) == nil)
    }

    @Test("UE Radio Capability Info Indication where the configuration puts it: before the response, or never")
    func radioCapabilityPlacement() throws {
        for (placement, expected) in [
            (GNBConfig.RadioCapabilityIndication.beforeInitialContextSetupResponse, ["UERadioCapabilityInfoIndication", "InitialContextSetupResponse"]),
            (.never, ["InitialContextSetupResponse"]),
        ] {
            var config = GNBConfig.test()
            config.radioCapabilityIndication = placement
            var bench = try Bench(config)
            _ = bench.setUp()
            let ran = connect(&bench, ue: 0, amf: 1)
            #expect(bench.receive(ScriptedAMF.initialContextSetup(amf: 1, ran: ran)).messageNames == expected)
        }
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 1)
        #expect(bench.receive(ScriptedAMF.initialContextSetup(amf: 1, ran: ran, radioCapability: true)).messageNames == ["InitialContextSetupResponse"],
                "no indication when the AMF already has the capability")
    }

    @Test("Initial Context Setup whose only session names an unsupported slice fails with slice-not-supported")
    func initialContextSetupFailure() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 1)
        let other = SNSSAI(sst: SST(ASN1Bytes([2])))
        let a = bench.receive(ScriptedAMF.initialContextSetup(amf: 1, ran: ran, sessions: [.init(id: 1, ulTEID: 5, slice: other)]))
        #expect(a.messageNames == ["InitialContextSetupFailure"])
        #expect(a.tunnelsUp.isEmpty)
        guard case .initialContextSetup(let failure)? = a.pdus.first?.unsuccessful else { return }
        #expect(failure.protocolIEs.first(\.cause) == .radioNetwork(.sliceNotSupported))
        #expect(bench.gnb.context(of: UEIndex(0))?.contextSetUp == false)
    }

    @Test("gNB-initiated UE Context Release Request lists the sessions; the Command completes it and reports the latency")
    func releaseRequest() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connectWithSession(&bench, ue: 2, amf: 20)
        bench.advance(.seconds(1))
        let req = bench.command(.releaseRequest(UEIndex(2), cause: .userInactivity))
        #expect(req.messageNames == ["UEContextReleaseRequest"])
        guard case .ueContextReleaseRequest(let r)? = req.pdus.first?.initiating else { return }
        #expect(r.protocolIEs.first(\.cause) == .radioNetwork(.userInactivity))
        #expect(r.protocolIEs.first(\.pduSessionResourceListCxtRelReq)?.value.map(\.pduSessionID.value) == [1])
        #expect(bench.command(.releaseRequest(UEIndex(2), cause: .userInactivity)).refusals == [.busy])
        bench.advance(.milliseconds(4))
        let done = bench.receive(ScriptedAMF.ueContextReleaseCommand(amf: 20, ran: ran, cause: .radioNetwork(.userInactivity)))
        #expect(done.messageNames == ["UEContextReleaseComplete"])
        #expect(done.released == [UEIndex(2)])
        #expect(done.reports.first?.latency == .milliseconds(4))
    }

    @Test("a UE Context Release Command by AMF UE NGAP ID alone finds the connection")
    func releaseByAMFID() throws {
        var bench = try Bench()
        _ = bench.setUp()
        _ = connect(&bench, ue: 0, amf: 99)
        let cmd = NGAPPDU.initiatingMessage(.ueContextRelease(UEContextReleaseCommand(protocolIEs: [
            .ueNGAPIDs(.amfUENGAPID(AMFUENGAPID(99))), .cause(.nas(.deregister)),
        ])))
        let a = bench.receive(cmd)
        #expect(a.messageNames == ["UEContextReleaseComplete"])
        #expect(a.released == [UEIndex(0)])
    }

    @Test("uplink NAS: without a connection and without RRC setup values it is refused; a second Initial UE Message too")
    func uplinkRefusals() throws {
        var bench = try Bench()
        #expect(bench.uplink(0, nas(1), setup: moSignalling).refusals == [.notReady])
        _ = bench.setUp()
        #expect(bench.uplink(0, nas(1)).refusals == [.noConnection])
        _ = bench.uplink(0, nas(1), setup: moSignalling)
        #expect(bench.uplink(0, nas(1), setup: moSignalling).refusals == [.alreadyConnected])
        #expect(bench.uplink(0, nas(2)).refusals == [.busy], "the AMF has not answered the Initial UE Message yet")
    }

    @Test("UEs spread over streams 1…n−1; with one stream everything goes on stream 0")
    func streams() throws {
        var bench = try Bench(streams: 3)
        _ = bench.setUp()
        var used: [UInt16] = []
        for ue in 0..<4 { used += bench.uplink(ue, nas(1), setup: moSignalling).streams }
        #expect(used == [1, 2, 1, 2])
        var single = try Bench(streams: 1)
        _ = single.setUp()
        #expect(single.gnb.isReady)
        var actions: [GNBAction] = []
        single.gnb.uplinkNAS(UplinkNAS(ue: UEIndex(0), nasPDU: nas(1), setup: moSignalling), now: .zero, into: &actions)
        #expect(actions.streams == [0])
    }

    @Test("UE Context Modification takes a new AMF UE NGAP ID and answers on the UE's stream")
    func ueContextModification() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 5)
        let mod = NGAPPDU.initiatingMessage(.ueContextModification(UEContextModificationRequest(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(5)), .ranUENGAPID(RANUENGAPID(ran)), .newAMFUENGAPID(AMFUENGAPID(6)),
        ])))
        let a = bench.receive(mod)
        #expect(a.messageNames == ["UEContextModificationResponse"])
        #expect(bench.gnb.context(of: UEIndex(0))?.amfUENGAPID == 6)
        #expect(bench.receive(ScriptedAMF.downlinkNAS(amf: 6, ran: ran, nas: nas(3))).delivered == [nas(3)])
    }
}

@Suite("gNB UE context edge cases")
struct GNBUEContextEdgeTests {
    @Test("a UE Context Release Command for a connection the gNB does not have is still completed, on a UE stream")
    func releaseUnknown() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let a = bench.receive(ScriptedAMF.ueContextReleaseCommand(amf: 3, ran: 4242))
        #expect(a.messageNames == ["UEContextReleaseComplete"])
        #expect(a.streams.allSatisfy { $0 >= 1 })
        #expect(a.released.isEmpty)
    }

    @Test("Initial Context Setup with two sessions, one on an unsupported slice: the other is set up, the failed one listed")
    func partialSessions() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 1)
        let a = bench.receive(ScriptedAMF.initialContextSetup(amf: 1, ran: ran, sessions: [
            .init(id: 1, ulTEID: 10), .init(id: 2, ulTEID: 20, slice: SNSSAI(sst: SST(ASN1Bytes([3])))),
        ], radioCapability: true))
        #expect(a.messageNames == ["InitialContextSetupResponse"])
        #expect(a.tunnelsUp.map(\.pduSessionID) == [1])
        guard case .initialContextSetup(let r)? = a.pdus.first?.successful else { return }
        #expect(r.protocolIEs.first(\.pduSessionResourceSetupListCxtRes)?.value.map(\.pduSessionID.value) == [1])
        #expect(r.protocolIEs.first(\.pduSessionResourceFailedToSetupListCxtRes)?.value.map(\.pduSessionID.value) == [2])
    }

    @Test("a second Initial Context Setup for a context already set up fails: message not compatible with receiver state")
    func secondInitialContextSetup() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connectWithSession(&bench, ue: 0, amf: 1)
        let a = bench.receive(ScriptedAMF.initialContextSetup(amf: 1, ran: ran, radioCapability: true))
        #expect(a.messageNames == ["InitialContextSetupFailure"])
        #expect(a.deviations.map(\.kind) == ["unexpectedMessage"])
        #expect(bench.gnb.context(of: UEIndex(0))?.sessions.count == 1, "the context is untouched")
    }

    @Test("maxUEContexts: an Initial UE Message beyond it is refused; a released slot is used again")
    func capacity() throws {
        var config = GNBConfig.test()
        config.maxUEContexts = 2
        var bench = try Bench(config)
        _ = bench.setUp()
        let ran0 = connect(&bench, ue: 0, amf: 1)
        _ = connect(&bench, ue: 1, amf: 2)
        #expect(bench.uplink(2, nas(1), setup: moSignalling).refusals == [.capacity])
        _ = bench.receive(ScriptedAMF.ueContextReleaseCommand(amf: 1, ran: ran0))
        #expect(bench.uplink(2, nas(1), setup: moSignalling).messageNames == ["InitialUEMessage"])
    }

    @Test("a configuration outside TS 38.413's constraints is refused when the gNB is made")
    func badConfiguration() {
        var c = GNBConfig.test()
        c.gnbIDBitLength = 40
        #expect(throws: SimulationError.self) { try GNB(index: GNBIndex(0), config: c) }
        c = .test()
        c.tacs = [0x1_000_000]
        #expect(throws: SimulationError.self) { try GNB(index: GNBIndex(0), config: c) }
        c = .test()
        c.n3Address = [1, 2, 3]
        #expect(throws: SimulationError.self) { try GNB(index: GNBIndex(0), config: c) }
        c = .test()
        c.mcc = "1A1"
        #expect(throws: SimulationError.self) { try GNB(index: GNBIndex(0), config: c) }
    }
}
