import ASN1PER
import NAS5GS
import NGAP
import Simulation
import Testing

@Suite("gNB PDU session resources (TS 38.413 §8.2) and paging (§8.5)")
struct GNBSessionTests {
    @Test("PDU Session Resource Setup → Modify → Release: response transfers, tunnel up, modified, down")
    func setupModifyRelease() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 1, amf: 40)
        _ = bench.receive(ScriptedAMF.initialContextSetup(amf: 40, ran: ran, radioCapability: true))

        let setup = bench.receive(ScriptedAMF.pduSessionSetup(amf: 40, ran: ran, sessions: [.init(id: 5, ulTEID: 0x5000)], nas: nas(0xC2)))
        #expect(setup.messageNames == ["PDUSessionResourceSetupResponse"])
        #expect(setup.deviations.isEmpty)
        guard case .pduSessionResourceSetup(let response)? = setup.pdus.first?.successful else { return }
        let item = try #require(response.protocolIEs.first(\.pduSessionResourceSetupListSURes)?.value.first)
        #expect(item.pduSessionID.value == 5)
        guard case .value(let transfer) = item.pduSessionResourceSetupResponseTransfer,
              case .gtpTunnel(let dl) = transfer.dlQosFlowPerTNLInformation.upTransportLayerInformation else {
            Issue.record("no downlink tunnel"); return
        }
        let up = try #require(setup.tunnelsUp.first)
        #expect(up.pduSessionID == 5 && up.ulTEID == 0x5000 && up.ulAddress == ScriptedAMF.upfAddress)
        #expect(dl.gtpTEID.value.array == [UInt8(up.dlTEID >> 24), UInt8(up.dlTEID >> 16 & 0xFF), UInt8(up.dlTEID >> 8 & 0xFF), UInt8(up.dlTEID & 0xFF)])
        #expect(setup.delivered == [nas(0xC2)], "the session's NAS-PDU goes to the UE after the response")
        #expect(bench.gnb.context(of: UEIndex(1))?.sessions.map(\.pduSessionID) == [5])

        let modify = bench.receive(ScriptedAMF.pduSessionModify(amf: 40, ran: ran, id: 5, addQFI: 2, newULTEID: 0x5001))
        #expect(modify.messageNames == ["PDUSessionResourceModifyResponse"])
        guard case .pduSessionResourceModify(let mod)? = modify.pdus.first?.successful else { return }
        #expect(mod.protocolIEs.first(\.pduSessionResourceModifyListModRes)?.value.map(\.pduSessionID.value) == [5])
        #expect(mod.protocolIEs.first(\.pduSessionResourceFailedToModifyListModRes) == nil)
        let changed = try #require(modify.tunnelsModified.first)
        #expect(changed.ulTEID == 0x5001)
        #expect(changed.qfis == [1, 2])
        #expect(changed.dlTEID == up.dlTEID, "the gNB's end of the tunnel stays")

        let release = bench.receive(ScriptedAMF.pduSessionRelease(amf: 40, ran: ran, ids: [5], nas: nas(0xD3)))
        #expect(release.messageNames == ["PDUSessionResourceReleaseResponse"])
        guard case .pduSessionResourceRelease(let rel)? = release.pdus.first?.successful else { return }
        #expect(rel.protocolIEs.first(\.pduSessionResourceReleasedListRelRes)?.value.map(\.pduSessionID.value) == [5])
        #expect(release.tunnelsDown.map(\.pduSessionID) == [5])
        #expect(release.delivered == [nas(0xD3)])
        #expect(bench.gnb.context(of: UEIndex(1))?.sessions.isEmpty == true)
    }

    @Test("Modify of a session the UE does not have fails it with unknown-PDU-session-ID")
    func modifyUnknown() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connect(&bench, ue: 0, amf: 1)
        let a = bench.receive(ScriptedAMF.pduSessionModify(amf: 1, ran: ran, id: 9, addQFI: 2, newULTEID: nil))
        guard case .pduSessionResourceModify(let mod)? = a.pdus.first?.successful else { Issue.record("no response"); return }
        let failed = try #require(mod.protocolIEs.first(\.pduSessionResourceFailedToModifyListModRes)?.value.first)
        #expect(failed.pduSessionID.value == 9)
        guard case .value(let t) = failed.pduSessionResourceModifyUnsuccessfulTransfer else { return }
        #expect(t.cause == .radioNetwork(.unknownPDUSessionID))
        #expect(a.tunnelsModified.isEmpty)
    }

    @Test("a second setup of the same PDU session ID fails with multiple-PDU-session-ID-instances; the first stays")
    func duplicateSession() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connectWithSession(&bench, ue: 0, amf: 1)
        let a = bench.receive(ScriptedAMF.pduSessionSetup(amf: 1, ran: ran, sessions: [.init(id: 1, ulTEID: 99)]))
        guard case .pduSessionResourceSetup(let r)? = a.pdus.first?.successful else { Issue.record("no response"); return }
        let failed = try #require(r.protocolIEs.first(\.pduSessionResourceFailedToSetupListSURes)?.value.first)
        guard case .value(let t) = failed.pduSessionResourceSetupUnsuccessfulTransfer else { return }
        #expect(t.cause == .radioNetwork(.multiplePDUSessionIDInstances))
        #expect(a.tunnelsUp.isEmpty)
        #expect(bench.gnb.context(of: UEIndex(0))?.sessions.first?.ulTEID == 0x1000)
    }

    @Test("PDU Session Resource Notify releases a session on the gNB's initiative")
    func notifyReleased() throws {
        var bench = try Bench()
        _ = bench.setUp()
        _ = connectWithSession(&bench, ue: 0, amf: 1)
        let a = bench.command(.notifySessionReleased(UEIndex(0), pduSessionID: 1, cause: .radioConnectionWithUeLost))
        #expect(a.messageNames == ["PDUSessionResourceNotify"])
        #expect(a.tunnelsDown.map(\.pduSessionID) == [1])
        #expect(bench.command(.notifySessionReleased(UEIndex(0), pduSessionID: 1, cause: .unspecified)).refusals == [.unknownPDUSession])
    }

    @Test("Paging names an idle UE camped here: it is woken, and its Initial UE Message ends the paging report")
    func paging() throws {
        var bench = try Bench()
        _ = bench.setUp()
        _ = bench.command(.camp(UEIndex(7), fiveGSTMSI: NAS5GS.FiveGSTMSI(amfSetID: 1, amfPointer: 0, tmsi: 0xAABBCCDD)))
        bench.advance(.seconds(1))
        let a = bench.receive(ScriptedAMF.paging(tmsi: 0xAABBCCDD, tacs: [1]), stream: 0)
        #expect(a == [.paged(ue: UEIndex(7), fiveGSTMSI: NAS5GS.FiveGSTMSI(amfSetID: 1, amfPointer: 0, tmsi: 0xAABBCCDD))])
        bench.advance(.milliseconds(30))
        let answer = bench.uplink(7, nas(0x4C), setup: RRCSetup(cause: .mtAccess, fiveGSTMSI: NAS5GS.FiveGSTMSI(amfSetID: 1, amfPointer: 0, tmsi: 0xAABBCCDD)))
        #expect(answer.messageNames == ["InitialUEMessage"])
        #expect(answer.reports == [ProcedureReport(kind: .paging, outcome: .success, started: .seconds(1), ended: .milliseconds(1030))])
        guard case .initialUEMessage(let m)? = answer.pdus.first?.initiating else { return }
        #expect(m.protocolIEs.first(\.rrcEstablishmentCause) == .mtAccess)
    }

    @Test("Paging for another TA, or for a UE not camped here, wakes nobody and is no error")
    func pagingElsewhere() throws {
        var bench = try Bench()
        _ = bench.setUp()
        _ = bench.command(.camp(UEIndex(7), fiveGSTMSI: NAS5GS.FiveGSTMSI(amfSetID: 1, amfPointer: 0, tmsi: 1)))
        #expect(bench.receive(ScriptedAMF.paging(tmsi: 1, tacs: [2]), stream: 0).isEmpty)
        #expect(bench.receive(ScriptedAMF.paging(tmsi: 2, tacs: [1]), stream: 0).isEmpty)
        _ = bench.command(.leave(UEIndex(7)))
        #expect(bench.receive(ScriptedAMF.paging(tmsi: 1, tacs: [1]), stream: 0).isEmpty)
    }

    @Test("a UE goes idle, is paged, and comes back with a service request and a new context")
    func idleAndBack() throws {
        var bench = try Bench()
        _ = bench.setUp()
        let ran = connectWithSession(&bench, ue: 0, amf: 1)
        _ = bench.command(.releaseRequest(UEIndex(0), cause: .userInactivity))
        #expect(bench.receive(ScriptedAMF.ueContextReleaseCommand(amf: 1, ran: ran)).released == [UEIndex(0)])
        let tmsi = NAS5GS.FiveGSTMSI(amfSetID: 1, amfPointer: 0, tmsi: 42)
        _ = bench.command(.camp(UEIndex(0), fiveGSTMSI: tmsi))
        #expect(bench.receive(ScriptedAMF.paging(tmsi: 42, tacs: [1]), stream: 0).count == 1)
        let again = bench.uplink(0, nas(0x4C), setup: RRCSetup(cause: .mtAccess, fiveGSTMSI: tmsi))
        let ran2 = try #require(again.pdus.first?.initialUERANID)
        #expect(ran2 != ran, "a released RAN UE NGAP ID is not reused at once")
        #expect(bench.receive(ScriptedAMF.initialContextSetup(amf: 2, ran: ran2, sessions: [.init(id: 1, ulTEID: 3)], radioCapability: true)).tunnelsUp.count == 1)
        #expect(bench.receive(ScriptedAMF.downlinkNAS(amf: 1, ran: ran, nas: nas(1))).deviations.map(\.kind) == ["unknownLocalUENGAPID"],
                "the old connection's IDs no longer find a context")
    }
}
