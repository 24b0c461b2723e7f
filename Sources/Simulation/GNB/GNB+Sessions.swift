import ASN1PER
import NGAP

/// PDU session management (TS 38.413 §8.2): Setup, Modify, Release, and the gNB's Notify.
extension GNB {
    /// Whether the context's state lets a session be set up or modified (not while the UE is leaving or
    /// arriving by handover: interaction with other procedure).
    func sessionsAllowed(_ slot: Int) -> Bool {
        switch contexts[slot].state {
        case .connected, .releaseRequested, .waitingForAMF: true
        default: false
        }
    }

    /// PDU Session Resource Setup (§8.2.1): each session's transfer read, a downlink tunnel allocated and
    /// the response transfer built; sessions that cannot be set up get the unsuccessful transfer with the
    /// cause. The NAS-PDU of each session set up goes to the UE, after the response.
    mutating func pduSessionResourceSetup(_ m: PDUSessionResourceSetupRequest, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        var amfID: AMFUENGAPID?, ranID: RANUENGAPID?, nas: NASPDU?, list: PDUSessionResourceSetupListSUReq?
        for ie in m.protocolIEs {
            switch ie.value {
            case .amfUENGAPID(let v): amfID = v
            case .ranUENGAPID(let v): ranID = v
            case .nasPDU(let v): nas = v
            case .pduSessionResourceSetupListSUReq(let v): list = v
            default: break
            }
        }
        guard let slot = ueContext(amfID: amfID, ranID: ranID, pdu, bytes: bytes, into: &actions) else { return }
        let ue = contexts[slot].ue
        guard let list else {
            missingIE(pdu, "PDU Session Resource Setup List", bytes: bytes, ue: ue, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), amfID: contexts[slot].amfID,
                                ranID: Int64(contexts[slot].ranID), about: pdu, stream: contexts[slot].stream, into: &actions)
            return
        }
        var done: [PDUSessionResourceSetupItemSURes] = [], failed: [PDUSessionResourceFailedToSetupItemSURes] = []
        var up: [GNBSession] = [], toUE: [NASPDU] = []
        let allowed = sessionsAllowed(slot)
        for item in list.value {
            let result = allowed
                ? setUpSession(id: item.pduSessionID, slice: item.sNSSAI, transfer: item.pduSessionResourceSetupRequestTransfer, slot: slot)
                : .failure(CauseBox(.radioNetwork(.interactionWithOtherProcedure)))
            switch result {
            case .success(let s):
                contexts[slot].sessions.append(s)
                up.append(s)
                if let n = item.pduSessionNASPDU { toUE.append(n) }
                done.append(PDUSessionResourceSetupItemSURes(pduSessionID: item.pduSessionID, pduSessionResourceSetupResponseTransfer: .value(setupResponseTransfer(s))))
            case .failure(let box):
                failed.append(PDUSessionResourceFailedToSetupItemSURes(
                    pduSessionID: item.pduSessionID,
                    pduSessionResourceSetupUnsuccessfulTransfer: .value(PDUSessionResourceSetupUnsuccessfulTransfer(cause: box.cause))))
            }
        }
        let c = contexts[slot]
        var ies: [ProtocolIEField_PDUSessionResourceSetupResponseIEs] = [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
        ]
        if !done.isEmpty { ies.append(.pduSessionResourceSetupListSURes(PDUSessionResourceSetupListSURes(done))) }
        if !failed.isEmpty { ies.append(.pduSessionResourceFailedToSetupListSURes(PDUSessionResourceFailedToSetupListSURes(failed))) }
        send(.successfulOutcome(.pduSessionResourceSetup(PDUSessionResourceSetupResponse(protocolIEs: ies))), stream: c.stream, ue: ue, into: &actions)
        for s in up { actions.append(.tunnelUp(tunnel(s, ue: ue))) }
        if let nas { deliverOrRefuse(nas, slot: slot, into: &actions) }
        for n in toUE { deliverOrRefuse(n, slot: slot, into: &actions) }
    }

    /// PDU Session Resource Modify (§8.2.3): QoS flows added, modified or released and a new UPF endpoint
    /// taken from each session's Modify Request Transfer; unknown sessions fail with unknown-PDU-session-ID.
    mutating func pduSessionResourceModify(_ m: PDUSessionResourceModifyRequest, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        var amfID: AMFUENGAPID?, ranID: RANUENGAPID?, list: PDUSessionResourceModifyListModReq?
        for ie in m.protocolIEs {
            switch ie.value {
            case .amfUENGAPID(let v): amfID = v
            case .ranUENGAPID(let v): ranID = v
            case .pduSessionResourceModifyListModReq(let v): list = v
            default: break
            }
        }
        guard let slot = ueContext(amfID: amfID, ranID: ranID, pdu, bytes: bytes, into: &actions) else { return }
        let ue = contexts[slot].ue
        guard let list else {
            missingIE(pdu, "PDU Session Resource Modify List", bytes: bytes, ue: ue, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), amfID: contexts[slot].amfID,
                                ranID: Int64(contexts[slot].ranID), about: pdu, stream: contexts[slot].stream, into: &actions)
            return
        }
        var done: [PDUSessionResourceModifyItemModRes] = [], failed: [PDUSessionResourceFailedToModifyItemModRes] = []
        var changed: [GNBSession] = [], toUE: [NASPDU] = []
        let allowed = sessionsAllowed(slot)
        for item in list.value {
            func fail(_ cause: Cause) {
                failed.append(PDUSessionResourceFailedToModifyItemModRes(
                    pduSessionID: item.pduSessionID,
                    pduSessionResourceModifyUnsuccessfulTransfer: .value(PDUSessionResourceModifyUnsuccessfulTransfer(cause: cause))))
            }
            guard allowed else { fail(.radioNetwork(.interactionWithOtherProcedure)); continue }
            guard item.pduSessionID.value >= 0, item.pduSessionID.value <= 255, let index = contexts[slot].session(UInt8(item.pduSessionID.value)) else {
                fail(.radioNetwork(.unknownPDUSessionID)); continue
            }
            guard case .value(let t) = item.pduSessionResourceModifyRequestTransfer else { fail(.protocol_(.transferSyntaxError)); continue }
            var s = contexts[slot].sessions[index]
            var added: [QosFlowAddOrModifyResponseItem] = []
            for ie in t.protocolIEs {
                switch ie.value {
                case .qosFlowAddOrModifyRequestList(let flows):
                    for f in flows.value where (0...63).contains(f.qosFlowIdentifier.value) {
                        let q = UInt8(f.qosFlowIdentifier.value)
                        if !s.qfis.contains(q) { s.qfis.append(q) }
                        added.append(QosFlowAddOrModifyResponseItem(qosFlowIdentifier: f.qosFlowIdentifier))
                    }
                case .qosFlowToReleaseList(let flows):
                    s.qfis.removeAll { q in flows.value.contains { $0.qosFlowIdentifier.value == Int64(q) } }
                case .ulNGUUPTNLModifyList(let tunnels):
                    if let first = tunnels.value.first, let (address, teid) = Self.endpoint(first.ulNGUUPTNLInformation) {
                        s.ulAddress = address
                        s.ulTEID = teid
                    }
                default: break
                }
            }
            if s != contexts[slot].sessions[index] {
                contexts[slot].sessions[index] = s
                changed.append(s)
            }
            if let n = item.nasPDU { toUE.append(n) }
            let response = PDUSessionResourceModifyResponseTransfer(
                qosFlowAddOrModifyResponseList: added.isEmpty ? nil : QosFlowAddOrModifyResponseList(added))
            done.append(PDUSessionResourceModifyItemModRes(pduSessionID: item.pduSessionID, pduSessionResourceModifyResponseTransfer: .value(response)))
        }
        let c = contexts[slot]
        var ies: [ProtocolIEField_PDUSessionResourceModifyResponseIEs] = [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
        ]
        if !done.isEmpty { ies.append(.pduSessionResourceModifyListModRes(PDUSessionResourceModifyListModRes(done))) }
        if !failed.isEmpty { ies.append(.pduSessionResourceFailedToModifyListModRes(PDUSessionResourceFailedToModifyListModRes(failed))) }
        ies.append(.userLocationInformation(identity.location))
        send(.successfulOutcome(.pduSessionResourceModify(PDUSessionResourceModifyResponse(protocolIEs: ies))), stream: c.stream, ue: ue, into: &actions)
        for s in changed { actions.append(.tunnelModified(tunnel(s, ue: ue))) }
        for n in toUE { deliverOrRefuse(n, slot: slot, into: &actions) }
    }

    /// PDU Session Resource Release (§8.2.2): the sessions' tunnels go down; every session named is in the
    /// response (releasing one the gNB does not have leaves nothing to do); the NAS-PDU goes to the UE.
    mutating func pduSessionResourceRelease(_ m: PDUSessionResourceReleaseCommand, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        var amfID: AMFUENGAPID?, ranID: RANUENGAPID?, nas: NASPDU?, list: PDUSessionResourceToReleaseListRelCmd?
        for ie in m.protocolIEs {
            switch ie.value {
            case .amfUENGAPID(let v): amfID = v
            case .ranUENGAPID(let v): ranID = v
            case .nasPDU(let v): nas = v
            case .pduSessionResourceToReleaseListRelCmd(let v): list = v
            default: break
            }
        }
        guard let slot = ueContext(amfID: amfID, ranID: ranID, pdu, bytes: bytes, into: &actions) else { return }
        let ue = contexts[slot].ue
        guard let list else {
            missingIE(pdu, "PDU Session Resource To Release List", bytes: bytes, ue: ue, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), amfID: contexts[slot].amfID,
                                ranID: Int64(contexts[slot].ranID), about: pdu, stream: contexts[slot].stream, into: &actions)
            return
        }
        var released: [PDUSessionResourceReleasedItemRelRes] = []
        var down: [GNBSession] = []
        for item in list.value {
            if item.pduSessionID.value >= 0, item.pduSessionID.value <= 255, let index = contexts[slot].session(UInt8(item.pduSessionID.value)) {
                down.append(contexts[slot].sessions.remove(at: index))
            }
            released.append(PDUSessionResourceReleasedItemRelRes(
                pduSessionID: item.pduSessionID, pduSessionResourceReleaseResponseTransfer: .value(PDUSessionResourceReleaseResponseTransfer())))
        }
        let c = contexts[slot]
        let response = PDUSessionResourceReleaseResponse(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .pduSessionResourceReleasedListRelRes(PDUSessionResourceReleasedListRelRes(released)),
            .userLocationInformation(identity.location),
        ])
        send(.successfulOutcome(.pduSessionResourceRelease(response)), stream: c.stream, ue: ue, into: &actions)
        if ue != Self.unbound {
            for s in down { actions.append(.tunnelDown(ue: ue, pduSessionID: s.pduSessionID, dlTEID: s.dlTEID)) }
        }
        if let nas { deliverOrRefuse(nas, slot: slot, into: &actions) }
    }

    /// The gNB releases a session's resources itself and tells the AMF: PDU Session Resource Notify with the
    /// PDU Session Resource Released List (§8.2.4).
    mutating func notifySessionReleased(_ ue: UEIndex, _ id: UInt8, cause: CauseRadioNetwork, into actions: inout [GNBAction]) {
        guard let slot32 = slotByUE[ue] else { actions.append(.refused(ue: ue, .noConnection)); return }
        let slot = Int(slot32)
        guard contexts[slot].state == .connected else { actions.append(.refused(ue: ue, .busy)); return }
        guard let index = contexts[slot].session(id) else { actions.append(.refused(ue: ue, .unknownPDUSession)); return }
        let s = contexts[slot].sessions.remove(at: index)
        let c = contexts[slot]
        let item = PDUSessionResourceReleasedItemNot(
            pduSessionID: PDUSessionID(Int64(id)),
            pduSessionResourceNotifyReleasedTransfer: .value(PDUSessionResourceNotifyReleasedTransfer(cause: .radioNetwork(cause))))
        let notify = PDUSessionResourceNotify(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .pduSessionResourceReleasedListNot(PDUSessionResourceReleasedListNot([item])),
            .userLocationInformation(identity.location),
        ])
        send(.initiatingMessage(.pduSessionResourceNotify(notify)), stream: c.stream, ue: ue, into: &actions)
        actions.append(.tunnelDown(ue: ue, pduSessionID: id, dlTEID: s.dlTEID))
    }
}
