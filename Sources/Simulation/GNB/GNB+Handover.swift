import ASN1PER
import NGAP

/// N2 handover (TS 38.413 §8.4.1 preparation, §8.4.2 resource allocation, §8.4.3 notification, §8.4.5
/// cancellation). Source and target are separate gNBs (or the same one) that meet only through the driver:
/// the source's `handoverExecute` action carries the target's container to the target's `handoverArrival`.
extension GNB {
    // MARK: - Source

    /// Handover Required (§8.4.1.2) with the source-to-target transparent container; TNGRELOCprep starts.
    mutating func startHandover(_ ue: UEIndex, to target: GNBHandoverTarget, cause: CauseRadioNetwork, now: Duration, into actions: inout [GNBAction]) {
        guard interface == .ready else { actions.append(.refused(ue: ue, .notReady)); return }
        guard let slot32 = slotByUE[ue] else { actions.append(.refused(ue: ue, .noConnection)); return }
        let slot = Int(slot32)
        let c = contexts[slot]
        guard c.state == .connected, c.contextSetUp else { actions.append(.refused(ue: ue, .busy)); return }
        guard !c.sessions.isEmpty else { actions.append(.refused(ue: ue, .noPDUSession)); return }
        let container: [UInt8]
        do {
            container = try GNBContainers.sourceToTarget(sourceGNBID: config.gnbID, sessions: c.sessions, target: target.cell, sourceCell: identity.nrCGI)
        } catch {
            deviation("encodingFailed", "X.691", "source-to-target container: \(error)", ue: ue, into: &actions)
            return
        }
        let required = HandoverRequired(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .handoverType(.intra5gs),
            .cause(.radioNetwork(cause)),
            .targetID(.targetRANNodeID(TargetRANNodeID(globalRANNodeID: target.globalRANNodeID, selectedTAI: target.selectedTAI))),
            .pduSessionResourceListHORqd(PDUSessionResourceListHORqd(c.sessions.map {
                PDUSessionResourceItemHORqd(pduSessionID: PDUSessionID(Int64($0.pduSessionID)), handoverRequiredTransfer: .value(HandoverRequiredTransfer()))
            })),
            .sourceToTargetTransparentContainer(SourceToTargetTransparentContainer(ASN1Bytes(container))),
        ])
        send(.initiatingMessage(.handoverPreparation(required)), stream: c.stream, ue: ue, into: &actions)
        contexts[slot].state = .handoverPreparing
        contexts[slot].procedureStarted = now
        actions.append(.startTimer(.relocPrep(ue), after: config.relocPrepTimeout))
    }

    /// Handover Command (§8.4.1.2): TNGRELOCprep stops, TNGRELOCoverall starts, and the UE leaves with the
    /// target's container (`handoverExecute`). A Command that crosses the gNB's Handover Cancel is dropped.
    mutating func handoverCommand(_ m: HandoverCommand, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard let slot = ueContext(amfID: m.protocolIEs.first(\.amfUENGAPID), ranID: m.protocolIEs.first(\.ranUENGAPID), pdu, bytes: bytes, into: &actions)
        else { return }
        let c = contexts[slot]
        if c.state == .handoverCancelling { return }
        guard c.state == .handoverPreparing else {
            notCompatible(pdu, bytes: bytes, why: "no handover of this UE is under preparation", amfID: c.amfID, ranID: Int64(c.ranID),
                          ue: c.ue, stream: c.stream, into: &actions)
            return
        }
        actions.append(.stopTimer(.relocPrep(c.ue)))
        guard let container = m.protocolIEs.first(\.targetToSourceTransparentContainer) else {
            missingIE(pdu, "Target to Source Transparent Container", bytes: bytes, ue: c.ue, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), amfID: c.amfID, ranID: Int64(c.ranID),
                                about: pdu, stream: c.stream, into: &actions)
            contexts[slot].state = .connected
            report(.handover, .failure("Handover Command without Target to Source Transparent Container"), started: c.procedureStarted,
                   now: now, ue: c.ue, into: &actions)
            return
        }
        contexts[slot].state = .handoverExecuting
        contexts[slot].ueMoved = true
        actions.append(.startTimer(.relocOverall(c.ue), after: config.relocOverallTimeout))
        actions.append(.handoverExecute(ue: c.ue, targetToSourceContainer: container.value.array))
    }

    /// Handover Preparation Failure (§8.4.1.3): the UE stays.
    mutating func handoverPreparationFailure(_ m: HandoverPreparationFailure, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard let slot = ueContext(amfID: m.protocolIEs.first(\.amfUENGAPID), ranID: m.protocolIEs.first(\.ranUENGAPID), pdu, bytes: bytes, into: &actions)
        else { return }
        let c = contexts[slot]
        if c.state == .handoverCancelling { return }
        guard c.state == .handoverPreparing else {
            notCompatible(pdu, bytes: bytes, why: "no handover of this UE is under preparation", amfID: c.amfID, ranID: Int64(c.ranID),
                          ue: c.ue, stream: c.stream, into: &actions)
            return
        }
        actions.append(.stopTimer(.relocPrep(c.ue)))
        contexts[slot].state = .connected
        let cause = m.protocolIEs.first(\.cause).map(Self.text) ?? "Handover Preparation Failure without Cause"
        report(.handover, .failure(cause), started: c.procedureStarted, now: now, ue: c.ue, into: &actions)
    }

    /// TNGRELOCprep expired (§8.4.1.2): the source cancels the handover (§8.4.5).
    mutating func relocPrepExpired(_ ue: UEIndex, now: Duration, into actions: inout [GNBAction]) {
        guard let slot = slotByUE[ue].map(Int.init), contexts[slot].state == .handoverPreparing else { return }
        sendHandoverCancel(slot, cause: .tngrelocprepExpiry, now: now, into: &actions)
    }

    /// TNGRELOCoverall expired (§8.4.1.2): the source asks the AMF to release the UE context.
    mutating func relocOverallExpired(_ ue: UEIndex, now: Duration, into actions: inout [GNBAction]) {
        guard let slot = slotByUE[ue].map(Int.init), contexts[slot].state == .handoverExecuting else { return }
        report(.handover, .failure("TNGRELOCoverall expired"), started: contexts[slot].procedureStarted, now: now, ue: ue, into: &actions)
        sendReleaseRequest(slot, cause: .tngrelocoverallExpiry, now: now, into: &actions)
    }

    /// Handover Cancel from the plan (§8.4.5.2).
    mutating func cancelHandover(_ ue: UEIndex, cause: CauseRadioNetwork, now: Duration, into actions: inout [GNBAction]) {
        guard let slot = slotByUE[ue].map(Int.init) else { actions.append(.refused(ue: ue, .noConnection)); return }
        guard contexts[slot].state == .handoverPreparing else { actions.append(.refused(ue: ue, .busy)); return }
        actions.append(.stopTimer(.relocPrep(ue)))
        sendHandoverCancel(slot, cause: cause, now: now, into: &actions)
    }

    /// Sends Handover Cancel; the handover is reported failed now, the Acknowledge only ends the cancel.
    mutating func sendHandoverCancel(_ slot: Int, cause: CauseRadioNetwork, now: Duration, into actions: inout [GNBAction]) {
        let c = contexts[slot]
        let cancel = HandoverCancel(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))), .cause(.radioNetwork(cause)),
        ])
        send(.initiatingMessage(.handoverCancel(cancel)), stream: c.stream, ue: c.ue, into: &actions)
        contexts[slot].state = .handoverCancelling
        report(.handover, .failure("cancelled: \(Self.text(.radioNetwork(cause)))"), started: c.procedureStarted, now: now, ue: c.ue, into: &actions)
    }

    mutating func handoverCancelAcknowledge(_ m: HandoverCancelAcknowledge, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard let slot = ueContext(amfID: m.protocolIEs.first(\.amfUENGAPID), ranID: m.protocolIEs.first(\.ranUENGAPID), pdu, bytes: bytes, into: &actions)
        else { return }
        let c = contexts[slot]
        guard c.state == .handoverCancelling else {
            notCompatible(pdu, bytes: bytes, why: "the gNB sent no Handover Cancel", amfID: c.amfID, ranID: Int64(c.ranID), ue: c.ue,
                          stream: c.stream, into: &actions)
            return
        }
        contexts[slot].state = .connected
    }

    // MARK: - Target

    /// Handover Request (§8.4.2.2): a context without a UE yet, a downlink tunnel per admitted session and
    /// Handover Request Acknowledge with the target-to-source container; Handover Failure (§8.4.2.3) when no
    /// session can be admitted.
    mutating func handoverRequest(_ m: HandoverRequest, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        var amfID: AMFUENGAPID?, list: PDUSessionResourceSetupListHOReq?, caps: UESecurityCapabilities?
        for ie in m.protocolIEs {
            switch ie.value {
            case .amfUENGAPID(let v): amfID = v
            case .pduSessionResourceSetupListHOReq(let v): list = v
            case .ueSecurityCapabilities(let v): caps = v
            default: break
            }
        }
        guard let amfID else {
            missingIE(pdu, "AMF UE NGAP ID", bytes: bytes, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), about: pdu, into: &actions)
            return
        }
        func fail(_ cause: Cause) {
            let failure = HandoverFailure(protocolIEs: [.amfUENGAPID(amfID), .cause(cause)])
            send(.unsuccessfulOutcome(.handoverResourceAllocation(failure)), stream: takeStream(), into: &actions)
        }
        guard interface == .ready else {
            deviation("unexpectedMessage", "TS 38.413 §10.4", "Handover Request before NG Setup completed", bytes: bytes, into: &actions)
            fail(.protocol_(.messageNotCompatibleWithReceiverState))
            return
        }
        guard let list, let caps else {
            missingIE(pdu, list == nil ? "PDU Session Resource Setup List" : "UE Security Capabilities", bytes: bytes, into: &actions)
            fail(.protocol_(.abstractSyntaxErrorFalselyConstructedMessage))
            return
        }
        if let other = slotByAMFID[amfID.value] {
            deviation("duplicateAMFUENGAPID", "TS 38.413 §10.6", "Handover Request with AMF UE NGAP ID \(amfID.value), which another connection has",
                      bytes: bytes, into: &actions)
            releaseLocally(Int(other), toIdle: !contexts[Int(other)].ueMoved, into: &actions)
        }
        guard let slot = allocate(ue: Self.unbound, state: .handoverTarget) else { fail(.radioNetwork(.noRadioResourcesAvailableInTargetCell)); return }
        setAMFID(amfID.value, slot: slot)
        var admitted: [PDUSessionResourceAdmittedItem] = [], failed: [PDUSessionResourceFailedToSetupItemHOAck] = []
        for item in list.value {
            switch setUpSession(id: item.pduSessionID, slice: item.sNSSAI, transfer: item.handoverRequestTransfer, slot: slot) {
            case .success(let s):
                contexts[slot].sessions.append(s)
                let transfer = HandoverRequestAcknowledgeTransfer(
                    dlNGUUPTNLInformation: dlTunnel(s.dlTEID),
                    qosFlowSetupResponseList: QosFlowListWithDataForwarding(s.qfis.map { QosFlowItemWithDataForwarding(qosFlowIdentifier: QosFlowIdentifier(Int64($0))) }))
                admitted.append(PDUSessionResourceAdmittedItem(pduSessionID: item.pduSessionID, handoverRequestAcknowledgeTransfer: .value(transfer)))
            case .failure(let box):
                failed.append(PDUSessionResourceFailedToSetupItemHOAck(
                    pduSessionID: item.pduSessionID,
                    handoverResourceAllocationUnsuccessfulTransfer: .value(HandoverResourceAllocationUnsuccessfulTransfer(cause: box.cause))))
            }
        }
        let ranID = contexts[slot].ranID
        let container: [UInt8]
        do {
            container = try GNBContainers.targetToSource(targetGNBID: config.gnbID, ranID: ranID)
        } catch {
            deviation("encodingFailed", "X.691", "target-to-source container: \(error)", into: &actions)
            free(slot)
            fail(.misc(.unspecified))
            return
        }
        guard !admitted.isEmpty else {
            free(slot)
            if case .value(let t)? = failed.first?.handoverResourceAllocationUnsuccessfulTransfer { fail(t.cause) } else { fail(.misc(.unspecified)) }
            return
        }
        contexts[slot].securityCapabilities = caps
        contexts[slot].procedureStarted = now
        var ies: [ProtocolIEField_HandoverRequestAcknowledgeIEs] = [
            .amfUENGAPID(amfID), .ranUENGAPID(RANUENGAPID(Int64(ranID))),
            .pduSessionResourceAdmittedList(PDUSessionResourceAdmittedList(admitted)),
        ]
        if !failed.isEmpty { ies.append(.pduSessionResourceFailedToSetupListHOAck(PDUSessionResourceFailedToSetupListHOAck(failed))) }
        ies.append(.targetToSourceTransparentContainer(TargetToSourceTransparentContainer(ASN1Bytes(container))))
        send(.successfulOutcome(.handoverResourceAllocation(HandoverRequestAcknowledge(protocolIEs: ies))), stream: contexts[slot].stream, into: &actions)
    }

    /// The UE arrived at the target with the container the source received (§8.4.3): the context is bound to
    /// the UE, its tunnels come up, and Handover Notify goes to the AMF.
    mutating func handoverArrival(_ ue: UEIndex, container: [UInt8], now: Duration, into actions: inout [GNBAction]) {
        guard let (gnbID, ranID) = GNBContainers.arrival(container), gnbID == config.gnbID,
              let slot = slot(ranID: Int64(ranID)), contexts[slot].state == .handoverTarget
        else { actions.append(.refused(ue: ue, .unknownHandover)); return }
        if let existing = slotByUE[ue], !contexts[Int(existing)].ueMoved {
            actions.append(.refused(ue: ue, .alreadyConnected)); return
        }
        bind(ue, slot: slot)
        contexts[slot].state = .connected
        contexts[slot].contextSetUp = true
        let c = contexts[slot]
        let notify = HandoverNotify(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .userLocationInformation(identity.location),
        ])
        send(.initiatingMessage(.handoverNotification(notify)), stream: c.stream, ue: ue, into: &actions)
        leave(ue)
        for s in c.sessions { actions.append(.tunnelUp(tunnel(s, ue: ue))) }
    }
}
