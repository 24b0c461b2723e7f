import ASN1PER
import NGAP

/// UE context management (TS 38.413 §8.3) and UE Radio Capability Info Indication (§8.14.1).
extension GNB {
    /// Initial Context Setup (§8.3.1). The Security Key, UE Security Capabilities, GUAMI and Allowed NSSAI
    /// must be there (the gNB runs no RRC security, so it only keeps the capabilities, for Xn). Sessions of
    /// the request are set up as in PDU Session Resource Setup; when sessions were asked and none could be,
    /// the procedure fails (§8.3.1.3). UE Radio Capability Info Indication follows when the request carries no
    /// UE Radio Capability (when, per `GNBConfig.radioCapabilityIndication`). NAS-PDUs go to the UE last.
    mutating func initialContextSetup(_ m: InitialContextSetupRequest, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        var amfID: AMFUENGAPID?, ranID: RANUENGAPID?, nas: NASPDU?, list: PDUSessionResourceSetupListCxtReq?
        var caps: UESecurityCapabilities?, key = false, guami = false, nssai = false, radioCapability = false
        for ie in m.protocolIEs {
            switch ie.value {
            case .amfUENGAPID(let v): amfID = v
            case .ranUENGAPID(let v): ranID = v
            case .nasPDU(let v): nas = v
            case .pduSessionResourceSetupListCxtReq(let v): list = v
            case .ueSecurityCapabilities(let v): caps = v
            case .securityKey: key = true
            case .guami: guami = true
            case .allowedNSSAI: nssai = true
            case .ueRadioCapability: radioCapability = true
            default: break
            }
        }
        guard let slot = ueContext(amfID: amfID, ranID: ranID, pdu, bytes: bytes, into: &actions) else { return }
        let ue = contexts[slot].ue
        func fail(_ cause: Cause, sessions: [PDUSessionResourceFailedToSetupItemCxtFail] = []) {
            let c = contexts[slot]
            var ies: [ProtocolIEField_InitialContextSetupFailureIEs] = [
                .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            ]
            if !sessions.isEmpty { ies.append(.pduSessionResourceFailedToSetupListCxtFail(PDUSessionResourceFailedToSetupListCxtFail(sessions))) }
            ies.append(.cause(cause))
            send(.unsuccessfulOutcome(.initialContextSetup(InitialContextSetupFailure(protocolIEs: ies))), stream: c.stream, ue: ue, into: &actions)
        }
        guard let caps, key, guami, nssai else {
            let missing = [caps == nil ? "UE Security Capabilities" : nil, key ? nil : "Security Key", guami ? nil : "GUAMI",
                           nssai ? nil : "Allowed NSSAI"].compactMap { $0 }
            missingIE(pdu, missing.joined(separator: ", "), bytes: bytes, ue: ue, into: &actions)
            fail(.protocol_(.abstractSyntaxErrorFalselyConstructedMessage))
            return
        }
        guard contexts[slot].state == .connected, !contexts[slot].contextSetUp else {
            let why = contexts[slot].contextSetUp ? "the UE context is already set up" : "the UE context is \(contexts[slot].state.rawValue)"
            deviation("unexpectedMessage", "TS 38.413 §10.4", "Initial Context Setup Request: \(why)", bytes: bytes, ue: ue, into: &actions)
            fail(.protocol_(.messageNotCompatibleWithReceiverState))
            return
        }
        var done: [PDUSessionResourceSetupItemCxtRes] = [], failed: [(PDUSessionID, Cause)] = []
        var up: [GNBSession] = [], toUE: [NASPDU] = []
        for item in list?.value ?? [] {
            switch setUpSession(id: item.pduSessionID, slice: item.sNSSAI, transfer: item.pduSessionResourceSetupRequestTransfer, slot: slot) {
            case .success(let s):
                up.append(s)
                if let n = item.nasPDU { toUE.append(n) }
                done.append(PDUSessionResourceSetupItemCxtRes(pduSessionID: item.pduSessionID, pduSessionResourceSetupResponseTransfer: .value(setupResponseTransfer(s))))
            case .failure(let box):
                failed.append((item.pduSessionID, box.cause))
            }
        }
        if done.isEmpty, let first = failed.first {
            fail(first.1, sessions: failed.map {
                PDUSessionResourceFailedToSetupItemCxtFail(pduSessionID: $0.0, pduSessionResourceSetupUnsuccessfulTransfer: .value(PDUSessionResourceSetupUnsuccessfulTransfer(cause: $0.1)))
            })
            return
        }
        contexts[slot].sessions.append(contentsOf: up)
        contexts[slot].contextSetUp = true
        contexts[slot].securityCapabilities = caps
        let c = contexts[slot]
        var ies: [ProtocolIEField_InitialContextSetupResponseIEs] = [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
        ]
        if !done.isEmpty { ies.append(.pduSessionResourceSetupListCxtRes(PDUSessionResourceSetupListCxtRes(done))) }
        if !failed.isEmpty {
            ies.append(.pduSessionResourceFailedToSetupListCxtRes(PDUSessionResourceFailedToSetupListCxtRes(failed.map {
                PDUSessionResourceFailedToSetupItemCxtRes(pduSessionID: $0.0, pduSessionResourceSetupUnsuccessfulTransfer: .value(PDUSessionResourceSetupUnsuccessfulTransfer(cause: $0.1)))
            })))
        }
        let indicate = !radioCapability ? config.radioCapabilityIndication : .never
        if indicate == .beforeInitialContextSetupResponse { sendRadioCapability(slot, into: &actions) }
        send(.successfulOutcome(.initialContextSetup(InitialContextSetupResponse(protocolIEs: ies))), stream: c.stream, ue: ue, into: &actions)
        if indicate == .afterInitialContextSetupResponse { sendRadioCapability(slot, into: &actions) }
        for s in up { actions.append(.tunnelUp(tunnel(s, ue: ue))) }
        if let nas { deliverOrRefuse(nas, slot: slot, into: &actions) }
        for n in toUE { deliverOrRefuse(n, slot: slot, into: &actions) }
    }

    /// UE Radio Capability Info Indication (§8.14.1) with the configured capability.
    func sendRadioCapability(_ slot: Int, into actions: inout [GNBAction]) {
        let c = contexts[slot]
        let message = UERadioCapabilityInfoIndication(protocolIEs: [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .ueRadioCapability(UERadioCapability(ASN1Bytes(config.ueRadioCapability))),
        ])
        send(.initiatingMessage(.ueRadioCapabilityInfoIndication(message)), stream: c.stream, ue: c.ue, into: &actions)
    }

    /// UE Context Release Request (§8.3.2), gNB-initiated: the UE goes idle once the AMF's UE Context Release
    /// Command arrives.
    mutating func requestRelease(_ ue: UEIndex, cause: CauseRadioNetwork, now: Duration, into actions: inout [GNBAction]) {
        guard let slot32 = slotByUE[ue] else { actions.append(.refused(ue: ue, .noConnection)); return }
        let slot = Int(slot32)
        guard contexts[slot].state == .connected else { actions.append(.refused(ue: ue, .busy)); return }
        sendReleaseRequest(slot, cause: cause, now: now, into: &actions)
    }

    mutating func sendReleaseRequest(_ slot: Int, cause: CauseRadioNetwork, now: Duration, into actions: inout [GNBAction]) {
        let c = contexts[slot]
        var ies: [ProtocolIEField_UEContextReleaseRequestIEs] = [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
        ]
        if !c.sessions.isEmpty {
            ies.append(.pduSessionResourceListCxtRelReq(PDUSessionResourceListCxtRelReq(c.sessions.map {
                PDUSessionResourceItemCxtRelReq(pduSessionID: PDUSessionID(Int64($0.pduSessionID)))
            })))
        }
        ies.append(.cause(.radioNetwork(cause)))
        send(.initiatingMessage(.ueContextReleaseRequest(UEContextReleaseRequest(protocolIEs: ies))), stream: c.stream, ue: c.ue, into: &actions)
        contexts[slot].state = .releaseRequested
        contexts[slot].releaseRequestedAt = now
    }

    /// UE Context Release Command (§8.3.3): UE Context Release Complete with the PDU sessions the context
    /// had, the tunnels down and the UE in CM-IDLE, or, for the source of a completed handover, the
    /// handover reported and the context gone (the UE lives on at the target). A command for a pair of IDs
    /// the gNB does not know is still completed (the AMF wants the connection gone).
    mutating func ueContextReleaseCommand(_ m: UEContextReleaseCommand, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard let ids = m.protocolIEs.first(\.ueNGAPIDs) else {
            missingIE(pdu, "UE NGAP IDs", bytes: bytes, into: &actions)
            sendErrorIndication(cause: .protocol_(.abstractSyntaxErrorFalselyConstructedMessage), about: pdu, into: &actions)
            return
        }
        let cause = m.protocolIEs.first(\.cause)
        var slot: Int?
        switch ids {
        case .ueNGAPIDPair(let pair):
            if self.slot(ranID: pair.ranUENGAPID.value) == nil {
                let complete = UEContextReleaseComplete(protocolIEs: [.amfUENGAPID(pair.amfUENGAPID), .ranUENGAPID(pair.ranUENGAPID)])
                send(.successfulOutcome(.ueContextRelease(complete)), stream: anyUEStream, into: &actions)
                return
            }
            slot = ueContext(amfID: pair.amfUENGAPID, ranID: pair.ranUENGAPID, pdu, bytes: bytes, into: &actions)
        case .amfUENGAPID(let id):
            slot = slotByAMFID[id.value].map(Int.init)
            if slot == nil {
                deviation("unknownRemoteUENGAPID", "TS 38.413 §10.6", "UE Context Release Command for AMF UE NGAP ID \(id.value), which no connection has",
                          bytes: bytes, into: &actions)
                sendErrorIndication(cause: .radioNetwork(.inconsistentRemoteUENGAPID), amfID: id.value, about: pdu, into: &actions)
            }
        case .choiceExtensions:
            deviation("unknownUENGAPIDs", "TS 38.413 9.3.3.18", "UE NGAP IDs extension the gNB does not know", bytes: bytes, into: &actions)
        }
        guard let slot else { return }
        let c = contexts[slot]
        var ies: [ProtocolIEField_UEContextReleaseCompleteIEs] = [
            .amfUENGAPID(AMFUENGAPID(c.amfID)), .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .userLocationInformation(identity.location),
        ]
        if !c.sessions.isEmpty {
            ies.append(.pduSessionResourceListCxtRelCpl(PDUSessionResourceListCxtRelCpl(c.sessions.map {
                PDUSessionResourceItemCxtRelCpl(pduSessionID: PDUSessionID(Int64($0.pduSessionID)))
            })))
        }
        send(.successfulOutcome(.ueContextRelease(UEContextReleaseComplete(protocolIEs: ies))), stream: c.stream, ue: c.ue, into: &actions)
        let ue: UEIndex? = c.ue == Self.unbound ? nil : c.ue
        switch c.state {
        case .handoverExecuting:
            let outcome: ProcedureOutcome = cause == .radioNetwork(.successfulHandover)
                ? .success : .failure(cause.map(Self.text) ?? "released without cause")
            report(.handover, outcome, started: c.procedureStarted, now: now, ue: ue, into: &actions)
            releaseLocally(slot, toIdle: false, into: &actions)
        case .xnSource:
            releaseLocally(slot, toIdle: false, into: &actions)
        default:
            releaseLocally(slot, toIdle: !c.ueMoved, into: &actions)
            report(.ueContextRelease, .success, started: c.releaseRequestedAt ?? now, now: now, ue: ue, into: &actions)
        }
    }

    /// UE Context Modification (§8.3.4): a new AMF UE NGAP ID or new security capabilities are taken; the
    /// rest (keys, AMBR, RFSP) concerns the radio side, which is not simulated.
    mutating func ueContextModification(_ m: UEContextModificationRequest, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, into actions: inout [GNBAction]) {
        guard let slot = ueContext(amfID: m.protocolIEs.first(\.amfUENGAPID), ranID: m.protocolIEs.first(\.ranUENGAPID), pdu, bytes: bytes, into: &actions)
        else { return }
        let c = contexts[slot]
        let ids: (AMFUENGAPID, RANUENGAPID) = (AMFUENGAPID(c.amfID), RANUENGAPID(Int64(c.ranID)))
        guard c.state == .connected || c.state == .releaseRequested else {
            let failure = UEContextModificationFailure(protocolIEs: [
                .amfUENGAPID(ids.0), .ranUENGAPID(ids.1), .cause(.radioNetwork(.interactionWithOtherProcedure)),
            ])
            send(.unsuccessfulOutcome(.ueContextModification(failure)), stream: c.stream, ue: c.ue, into: &actions)
            return
        }
        if let caps = m.protocolIEs.first(\.ueSecurityCapabilities) { contexts[slot].securityCapabilities = caps }
        if let new = m.protocolIEs.first(\.newAMFUENGAPID) {
            if let other = slotByAMFID[new.value], Int(other) != slot {
                deviation("duplicateAMFUENGAPID", "TS 38.413 §10.6", "New AMF UE NGAP ID \(new.value) is already used by another connection",
                          bytes: bytes, ue: c.ue, into: &actions)
                releaseLocally(Int(other), toIdle: true, into: &actions)
            }
            setAMFID(new.value, slot: slot)
        }
        let response = UEContextModificationResponse(protocolIEs: [.amfUENGAPID(ids.0), .ranUENGAPID(ids.1)])
        send(.successfulOutcome(.ueContextModification(response)), stream: c.stream, ue: c.ue, into: &actions)
    }
}
