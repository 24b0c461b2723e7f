import ASN1PER
import NGAP
import Simulation
import Testing

@Suite("gNB N2 and Xn handover (TS 38.413 §8.4)")
struct GNBHandoverTests {
    /// Two ready gNBs in different cells and TAs; UE 0 connected at the source with PDU session 1.
    static func pair() throws -> (source: Bench, target: Bench, ran: Int64) {
        var source = try Bench(.test(id: 1, tac: 1, cell: 0x100, prefix: 1), index: 0)
        var target = try Bench(.test(id: 2, tac: 2, cell: 0x200, prefix: 2), index: 1)
        _ = source.setUp()
        _ = target.setUp()
        let ran = connectWithSession(&source, ue: 0, amf: 100)
        return (source, target, ran)
    }

    @Test("N2 handover between two gNBs: Required → Request/Acknowledge → Command → arrival and Notify → source released")
    func n2Handover() throws {
        var (source, target, sourceRAN) = try Self.pair()
        let required = source.command(.handover(UEIndex(0), to: target.gnb.handoverTarget, cause: .handoverDesirableForRadioReason))
        #expect(required.messageNames == ["HandoverRequired"])
        #expect(required.contains(.startTimer(.relocPrep(UEIndex(0)), after: .seconds(5))))
        guard case .handoverPreparation(let hr)? = required.pdus.first?.initiating else { return }
        guard case .targetRANNodeID(let targetID)? = hr.protocolIEs.first(\.targetID) else { Issue.record("no target RAN node"); return }
        #expect(targetID.globalRANNodeID == target.gnb.handoverTarget.globalRANNodeID)
        #expect(targetID.selectedTAI.tac.value.array == [0, 0, 2])
        #expect(hr.protocolIEs.first(\.pduSessionResourceListHORqd)?.value.map(\.pduSessionID.value) == [1])
        let sourceContainer = try #require(hr.protocolIEs.first(\.sourceToTargetTransparentContainer)).value.array
        let decodedContainer = try SourceNGRANNodeToTargetNGRANNodeTransparentContainer(aperEncoded: sourceContainer)
        #expect(decodedContainer.pduSessionResourceInformationList?.value.map(\.pduSessionID.value) == [1])

        // The AMF asks the target for resources (new AMF UE NGAP ID 200, new uplink TEID).
        let request = target.receive(ScriptedAMF.handoverRequest(amf: 200, sessions: [.init(id: 1, ulTEID: 0x2222)], container: sourceContainer))
        #expect(request.messageNames == ["HandoverRequestAcknowledge"])
        #expect(request.tunnelsUp.isEmpty, "the target's tunnels come up when the UE arrives")
        guard case .handoverResourceAllocation(let ack)? = request.pdus.first?.successful else { return }
        let targetRAN = try #require(ack.protocolIEs.first(\.ranUENGAPID)).value
        #expect(ack.protocolIEs.first(\.pduSessionResourceAdmittedList)?.value.map(\.pduSessionID.value) == [1])
        let targetContainer = try #require(ack.protocolIEs.first(\.targetToSourceTransparentContainer)).value.array

        // Handover Command at the source: the UE leaves with the target's container.
        source.advance(.milliseconds(20))
        let command = source.receive(ScriptedAMF.handoverCommand(amf: 100, ran: sourceRAN, sessionIDs: [1], container: targetContainer))
        #expect(command.contains(.stopTimer(.relocPrep(UEIndex(0)))))
        #expect(command.contains(.startTimer(.relocOverall(UEIndex(0)), after: .seconds(10))))
        #expect(command.contains(.handoverExecute(ue: UEIndex(0), targetToSourceContainer: targetContainer)))
        #expect(command.deviations.isEmpty)

        // The UE arrives at the target: Handover Notify, tunnel up with the new uplink endpoint.
        let arrival = target.command(.handoverArrival(UEIndex(0), targetToSourceContainer: targetContainer))
        #expect(arrival.messageNames == ["HandoverNotify"])
        guard case .handoverNotification(let notify)? = arrival.pdus.first?.initiating else { return }
        #expect(notify.protocolIEs.first(\.amfUENGAPID)?.value == 200)
        #expect(notify.protocolIEs.first(\.ranUENGAPID)?.value == targetRAN)
        let tunnel = try #require(arrival.tunnelsUp.first)
        #expect(tunnel.ulTEID == 0x2222 && tunnel.dlTEID >> 24 == 2 && tunnel.dlAddress == [127, 0, 0, 102])
        #expect(target.gnb.context(of: UEIndex(0))?.state == "connected")

        // The AMF releases the source: complete, handover reported, the UE not idle.
        source.advance(.milliseconds(30))
        let release = source.receive(ScriptedAMF.ueContextReleaseCommand(amf: 100, ran: sourceRAN, cause: .radioNetwork(.successfulHandover)))
        #expect(release.messageNames == ["UEContextReleaseComplete"])
        #expect(release.released.isEmpty, "the UE lives on at the target")
        #expect(release.contains(.stopTimer(.relocOverall(UEIndex(0)))))
        #expect(release.tunnelsDown.map(\.pduSessionID) == [1])
        #expect(release.reports == [ProcedureReport(kind: .handover, outcome: .success, started: .zero, ended: .milliseconds(50))])
        #expect(source.gnb.context(of: UEIndex(0)) == nil)

        // The UE's NAS goes through the target from now on.
        #expect(target.uplink(0, nas(9)).messageNames == ["UplinkNASTransport"])
    }

    @Test("Handover Preparation Failure: the UE stays at the source, connected")
    func preparationFailure() throws {
        var (source, target, ran) = try Self.pair()
        _ = source.command(.handover(UEIndex(0), to: target.gnb.handoverTarget, cause: .handoverDesirableForRadioReason))
        let a = source.receive(ScriptedAMF.handoverPreparationFailure(amf: 100, ran: ran))
        #expect(a.contains(.stopTimer(.relocPrep(UEIndex(0)))))
        #expect(a.reports.map(\.kind) == [.handover])
        #expect(a.reports.first?.outcome != .success)
        #expect(source.gnb.context(of: UEIndex(0))?.state == "connected")
        #expect(source.uplink(0, nas(1)).messageNames == ["UplinkNASTransport"])
    }

    @Test("TNGRELOCprep expiry cancels the handover; a crossing Handover Command is then dropped")
    func relocPrepExpiry() throws {
        var (source, target, ran) = try Self.pair()
        _ = source.command(.handover(UEIndex(0), to: target.gnb.handoverTarget, cause: .handoverDesirableForRadioReason))
        let expiry = source.fire(.relocPrep(UEIndex(0)))
        #expect(expiry.messageNames == ["HandoverCancel"])
        guard case .handoverCancel(let cancel)? = expiry.pdus.first?.initiating else { return }
        #expect(cancel.protocolIEs.first(\.cause) == .radioNetwork(.tngrelocprepExpiry))
        let late = source.receive(ScriptedAMF.handoverCommand(amf: 100, ran: ran, sessionIDs: [1], container: [0]))
        #expect(late.isEmpty)
        let ack = NGAPPDU.successfulOutcome(.handoverCancel(HandoverCancelAcknowledge(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(100)), .ranUENGAPID(RANUENGAPID(ran)),
        ])))
        #expect(source.receive(ack).deviations.isEmpty)
        #expect(source.gnb.context(of: UEIndex(0))?.state == "connected")
    }

    @Test("a handover arrival with a container no target prepared is refused")
    func unknownArrival() throws {
        var (_, target, _) = try Self.pair()
        #expect(target.command(.handoverArrival(UEIndex(0), targetToSourceContainer: [1, 2, 3])).refusals == [.unknownHandover])
    }

    @Test("Xn handover: the target's Path Switch Request carries the source AMF UE NGAP ID and new DL tunnels; the acknowledge completes it")
    func xnHandover() throws {
        var (source, target, _) = try Self.pair()
        let prepared = source.command(.xnPrepare(UEIndex(0)))
        guard case .xnHandoverPrepared(let ue, let context)? = prepared.first else { Issue.record("no context: \(prepared)"); return }
        #expect(ue == UEIndex(0))
        #expect(context.sourceAMFUENGAPID == 100)
        #expect(prepared.messageNames.isEmpty, "Xn preparation sends nothing on NG")

        let arrival = target.command(.xnArrival(UEIndex(0), context: context))
        #expect(arrival.messageNames == ["PathSwitchRequest"])
        guard case .pathSwitchRequest(let ps)? = arrival.pdus.first?.initiating else { return }
        let targetRAN = try #require(ps.protocolIEs.first(\.ranUENGAPID)).value
        #expect(ps.protocolIEs.first(\.sourceAMFUENGAPID)?.value == 100)
        let item = try #require(ps.protocolIEs.first(\.pduSessionResourceToBeSwitchedDLList)?.value.first)
        guard case .value(let t) = item.pathSwitchRequestTransfer, case .gtpTunnel(let dl) = t.dlNGUUPTNLInformation else {
            Issue.record("no downlink tunnel"); return
        }
        let tunnel = try #require(arrival.tunnelsUp.first)
        #expect(dl.transportLayerAddress.value.bytes.array == [127, 0, 0, 102])
        #expect(tunnel.dlTEID >> 24 == 2)
        #expect(tunnel.ulTEID == 0x1000, "until the acknowledge, uplink goes to the UPF endpoint the source used")

        target.advance(.milliseconds(7))
        let ack = target.receive(ScriptedAMF.pathSwitchAcknowledge(amf: 300, ran: targetRAN, sessions: [.init(id: 1, ulTEID: 0x3333)]))
        #expect(ack.messageNames.isEmpty)
        #expect(ack.deviations.isEmpty)
        #expect(ack.tunnelsModified.map(\.ulTEID) == [0x3333])
        #expect(ack.reports == [ProcedureReport(kind: .handover, outcome: .success, started: .zero, ended: .milliseconds(7))])
        #expect(target.gnb.context(of: UEIndex(0))?.amfUENGAPID == 300)

        let released = source.command(.xnRelease(UEIndex(0)))
        #expect(released.messageNames.isEmpty)
        #expect(released.released.isEmpty)
        #expect(released.tunnelsDown.map(\.pduSessionID) == [1])
        #expect(source.gnb.context(of: UEIndex(0)) == nil)
    }

    @Test("Path Switch Request Failure releases the UE at the target")
    func pathSwitchFailure() throws {
        var (source, target, _) = try Self.pair()
        guard case .xnHandoverPrepared(_, let context)? = source.command(.xnPrepare(UEIndex(0))).first else { return }
        let arrival = target.command(.xnArrival(UEIndex(0), context: context))
        let ran = try #require(arrival.pdus.first.flatMap { pdu -> Int64? in
            if case .pathSwitchRequest(let ps)? = pdu.initiating { return ps.protocolIEs.first(\.ranUENGAPID)?.value }
            return nil
        })
        let a = target.receive(ScriptedAMF.pathSwitchFailure(amf: 100, ran: ran, sessionIDs: [1]))
        #expect(a.released == [UEIndex(0)])
        #expect(a.tunnelsDown.count == 1)
        #expect(a.reports.first?.outcome != .success)
    }
}

@Suite("gNB N2 handover edge cases")
struct GNBHandoverEdgeTests {
    @Test("Handover Cancel on command: sent on the UE's stream, the handover reported failed, the UE stays")
    func cancelByCommand() throws {
        var (source, target, ran) = try GNBHandoverTests.pair()
        _ = source.command(.handover(UEIndex(0), to: target.gnb.handoverTarget, cause: .handoverDesirableForRadioReason))
        let a = source.command(.handoverCancel(UEIndex(0), cause: .unspecified))
        #expect(a.messageNames == ["HandoverCancel"])
        #expect(a.contains(.stopTimer(.relocPrep(UEIndex(0)))))
        #expect(a.reports.map(\.kind) == [.handover])
        #expect(a.reports.first?.outcome != .success)
        guard case .handoverCancel(let c)? = a.pdus.first?.initiating else { return }
        #expect(c.protocolIEs.first(\.ranUENGAPID)?.value == ran)
        #expect(source.command(.handoverCancel(UEIndex(0), cause: .unspecified)).refusals == [.busy])
    }

    @Test("downlink NAS for a UE that left by handover is not delivered: NAS Non Delivery Indication")
    func nasNonDelivery() throws {
        var (source, target, ran) = try GNBHandoverTests.pair()
        _ = source.command(.handover(UEIndex(0), to: target.gnb.handoverTarget, cause: .handoverDesirableForRadioReason))
        _ = source.receive(ScriptedAMF.handoverCommand(amf: 100, ran: ran, sessionIDs: [1], container: [0]))
        let a = source.receive(ScriptedAMF.downlinkNAS(amf: 100, ran: ran, nas: nas(7)))
        #expect(a.delivered.isEmpty)
        #expect(a.messageNames == ["NASNonDeliveryIndication"])
        guard case .nasNonDeliveryIndication(let n)? = a.pdus.first?.initiating else { return }
        #expect(n.protocolIEs.first(\.nasPDU)?.value.array == nas(7))
        #expect(n.protocolIEs.first(\.cause) == .radioNetwork(.ngIntraSystemHandoverTriggered))
    }

    @Test("TNGRELOCoverall expiry: the handover fails and the source asks for the UE context release")
    func relocOverallExpiry() throws {
        var (source, target, ran) = try GNBHandoverTests.pair()
        _ = source.command(.handover(UEIndex(0), to: target.gnb.handoverTarget, cause: .handoverDesirableForRadioReason))
        _ = source.receive(ScriptedAMF.handoverCommand(amf: 100, ran: ran, sessionIDs: [1], container: [0]))
        let a = source.fire(.relocOverall(UEIndex(0)))
        #expect(a.messageNames == ["UEContextReleaseRequest"])
        #expect(a.reports.map(\.kind) == [.handover])
        guard case .ueContextReleaseRequest(let r)? = a.pdus.first?.initiating else { return }
        #expect(r.protocolIEs.first(\.cause) == .radioNetwork(.tngrelocoverallExpiry))
    }

    @Test("a Handover Request whose sessions all name unsupported slices: Handover Failure, no context kept")
    func handoverFailure() throws {
        var (_, target, _) = try GNBHandoverTests.pair()
        let before = target.gnb.contextCount
        let a = target.receive(ScriptedAMF.handoverRequest(amf: 5, sessions: [.init(id: 1, ulTEID: 1, slice: SNSSAI(sst: SST(ASN1Bytes([9]))))], container: [0]))
        #expect(a.messageNames == ["HandoverFailure"])
        guard case .handoverResourceAllocation(let f)? = a.pdus.first?.unsuccessful else { return }
        #expect(f.protocolIEs.first(\.cause) == .radioNetwork(.sliceNotSupported))
        #expect(target.gnb.contextCount == before)
    }

    @Test("a handover needs a PDU session; a UE without a context set up cannot move")
    func handoverRefusals() throws {
        var source = try Bench(.test(id: 1), index: 0)
        let target = try Bench(.test(id: 2, tac: 2, cell: 0x200, prefix: 2), index: 1)
        _ = source.setUp()
        let ran = connect(&source, ue: 0, amf: 1)
        #expect(source.command(.handover(UEIndex(0), to: target.gnb.handoverTarget, cause: .unspecified)).refusals == [.busy])
        _ = source.receive(ScriptedAMF.initialContextSetup(amf: 1, ran: ran))
        #expect(source.command(.handover(UEIndex(0), to: target.gnb.handoverTarget, cause: .unspecified)).refusals == [.noPDUSession])
        #expect(source.command(.xnPrepare(UEIndex(0))).refusals == [.noPDUSession])
    }
}
