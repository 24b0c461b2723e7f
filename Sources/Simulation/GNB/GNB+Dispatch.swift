import NGAP

/// Routes a decoded PDU to its procedure.
extension GNB {
    mutating func dispatch(_ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        switch pdu {
        case .initiatingMessage(let m):
            switch m.value {
            case .downlinkNASTransport(let v): downlinkNASTransport(v, pdu, bytes: bytes, into: &actions)
            case .initialContextSetup(let v): initialContextSetup(v, pdu, bytes: bytes, now: now, into: &actions)
            case .pduSessionResourceSetup(let v): pduSessionResourceSetup(v, pdu, bytes: bytes, into: &actions)
            case .pduSessionResourceModify(let v): pduSessionResourceModify(v, pdu, bytes: bytes, into: &actions)
            case .pduSessionResourceRelease(let v): pduSessionResourceRelease(v, pdu, bytes: bytes, into: &actions)
            case .ueContextRelease(let v): ueContextReleaseCommand(v, pdu, bytes: bytes, now: now, into: &actions)
            case .ueContextModification(let v): ueContextModification(v, pdu, bytes: bytes, into: &actions)
            case .handoverResourceAllocation(let v): handoverRequest(v, pdu, bytes: bytes, now: now, into: &actions)
            case .paging(let v): paging(v, pdu, bytes: bytes, now: now, into: &actions)
            case .ngReset(let v): ngResetReceived(v, pdu, bytes: bytes, now: now, into: &actions)
            case .amfConfigurationUpdate(let v): amfConfigurationUpdate(v, pdu, bytes: bytes, into: &actions)
            case .errorIndication(let v): errorIndicationReceived(v, bytes: bytes, into: &actions)
            case .ngSetup, .initialUEMessage, .uplinkNASTransport, .nasNonDeliveryIndication, .ueContextReleaseRequest,
                 .handoverPreparation, .handoverNotification, .handoverCancel, .pathSwitchRequest, .ranConfigurationUpdate,
                 .ueRadioCapabilityInfoIndication, .pduSessionResourceNotify, .pduSessionResourceModifyIndication,
                 .uplinkRANStatusTransfer, .uplinkRANConfigurationTransfer, .rrcInactiveTransitionReport, .locationReport:
                // Messages only an NG-RAN node sends.
                notCompatible(pdu, bytes: bytes, why: "an NG-RAN node sends this message, an AMF does not", into: &actions)
            default:
                notImplemented(pdu, bytes: bytes, into: &actions)
            }
        case .successfulOutcome(let m):
            switch m.value {
            case .ngSetup(let v): ngSetupResponse(v, pdu, bytes: bytes, now: now, into: &actions)
            case .ngReset: ngResetAcknowledge(pdu, bytes: bytes, now: now, into: &actions)
            case .ranConfigurationUpdate: ranConfigurationUpdateOutcome(pdu, timeToWait: nil, bytes: bytes, now: now, into: &actions)
            case .handoverPreparation(let v): handoverCommand(v, pdu, bytes: bytes, now: now, into: &actions)
            case .handoverCancel(let v): handoverCancelAcknowledge(v, pdu, bytes: bytes, now: now, into: &actions)
            case .pathSwitchRequest(let v): pathSwitchAcknowledge(v, pdu, bytes: bytes, now: now, into: &actions)
            default:
                notCompatible(pdu, bytes: bytes, why: "the gNB has no such procedure under way", into: &actions)
            }
        case .unsuccessfulOutcome(let m):
            switch m.value {
            case .ngSetup(let v): ngSetupFailure(v, pdu, bytes: bytes, now: now, into: &actions)
            case .ranConfigurationUpdate(let v):
                ranConfigurationUpdateOutcome(pdu, failure: v, timeToWait: v.protocolIEs.first(\.timeToWait), bytes: bytes, now: now, into: &actions)
            case .handoverPreparation(let v): handoverPreparationFailure(v, pdu, bytes: bytes, now: now, into: &actions)
            case .pathSwitchRequest(let v): pathSwitchFailure(v, pdu, bytes: bytes, now: now, into: &actions)
            default:
                notCompatible(pdu, bytes: bytes, why: "the gNB has no such procedure under way", into: &actions)
            }
        case .unknownExtension:
            break  // refused by validate
        }
    }

    /// A procedure of the AMF the gNB does not implement (trace, location reporting, overload …): reported
    /// as `notImplemented` (the AMF did nothing wrong) and answered as TS 38.413 §10.3.4.1 asks of a
    /// procedure not comprehended: Error Indication unless its criticality is ignore.
    func notImplemented(_ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        deviation("notImplemented", "TS 38.413 §10.3.4.1", "the simulated gNB does not implement \(pdu.messageName)", bytes: bytes, into: &actions)
        if pdu.criticality != .ignore {
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorReject), about: pdu, into: &actions)
        }
    }

    /// Finds the context a UE-associated message names (TS 38.413 §10.6). An unknown RAN UE NGAP ID or an AMF
    /// UE NGAP ID other than the one stored is a deviation answered with Error Indication (unknown local UE
    /// NGAP ID / inconsistent remote UE NGAP ID); an inconsistent pair also releases the context locally,
    /// as both nodes must. The first AMF UE NGAP ID of a context is stored here.
    mutating func ueContext(
        amfID: AMFUENGAPID?, ranID: RANUENGAPID?, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]
    ) -> Int? {
        guard let ranID else {
            missingIE(pdu, "RAN UE NGAP ID", bytes: bytes, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), amfID: amfID?.value, about: pdu, into: &actions)
            return nil
        }
        guard let amfID else {
            missingIE(pdu, "AMF UE NGAP ID", bytes: bytes, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), ranID: ranID.value, about: pdu, into: &actions)
            return nil
        }
        guard let slot = slot(ranID: ranID.value) else {
            deviation("unknownLocalUENGAPID", "TS 38.413 §10.6", "\(pdu.messageName) for RAN UE NGAP ID \(ranID.value), which the gNB has not allocated",
                      bytes: bytes, into: &actions)
            sendErrorIndication(cause: .radioNetwork(.unknownLocalUENGAPID), amfID: amfID.value, ranID: ranID.value, about: pdu, into: &actions)
            return nil
        }
        let c = contexts[slot]
        if c.amfID >= 0 && c.amfID != amfID.value {
            deviation("inconsistentRemoteUENGAPID", "TS 38.413 §10.6",
                      "\(pdu.messageName) gives AMF UE NGAP ID \(amfID.value) for RAN UE NGAP ID \(ranID.value), which has \(c.amfID)",
                      bytes: bytes, ue: c.ue, into: &actions)
            sendErrorIndication(cause: .radioNetwork(.inconsistentRemoteUENGAPID), amfID: amfID.value, ranID: ranID.value, about: pdu,
                                stream: c.stream, into: &actions)
            releaseLocally(slot, toIdle: true, into: &actions)
            return nil
        }
        if c.amfID < 0 {
            if let other = slotByAMFID[amfID.value], Int(other) != slot {
                // The AMF reuses an AMF UE NGAP ID of another live connection: that one is stale (§10.6).
                deviation("duplicateAMFUENGAPID", "TS 38.413 §10.6",
                          "AMF UE NGAP ID \(amfID.value) is already used by RAN UE NGAP ID \(contexts[Int(other)].ranID)",
                          bytes: bytes, ue: c.ue, into: &actions)
                sendErrorIndication(cause: .radioNetwork(.inconsistentRemoteUENGAPID), amfID: amfID.value, about: pdu,
                                    stream: c.stream, into: &actions)
                releaseLocally(Int(other), toIdle: true, into: &actions)
            }
            setAMFID(amfID.value, slot: slot)
            if contexts[slot].state == .waitingForAMF { contexts[slot].state = .connected }
        }
        return slot
    }
}
