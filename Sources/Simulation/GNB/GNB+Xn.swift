import NGAP

/// Xn handover as NG sees it (TS 38.413 §8.4.4 Path Switch Request). The XnAP part between the gNBs is
/// played by the driver: the source hands its context out (`xnPrepare` → `xnHandoverPrepared`), the target
/// takes it (`xnArrival`) and switches the path; the source then releases locally (`xnRelease`).
extension GNB {
    /// Source: the context goes to the driver; NAS for the UE is no longer delivered here.
    mutating func xnPrepare(_ ue: UEIndex, into actions: inout [GNBAction]) {
        guard let slot = slotByUE[ue].map(Int.init) else { actions.append(.refused(ue: ue, .noConnection)); return }
        let c = contexts[slot]
        guard c.state == .connected, c.contextSetUp, let caps = c.securityCapabilities else { actions.append(.refused(ue: ue, .busy)); return }
        guard !c.sessions.isEmpty else { actions.append(.refused(ue: ue, .noPDUSession)); return }
        contexts[slot].state = .xnSource
        contexts[slot].ueMoved = true
        actions.append(.xnHandoverPrepared(ue: ue, context: XnHandoverContext(sourceAMFUENGAPID: c.amfID, ueSecurityCapabilities: caps, sessions: c.sessions)))
    }

    /// Source: the UE's context is released without NG signalling (its tunnels go down; the UE is not idle).
    mutating func xnRelease(_ ue: UEIndex, into actions: inout [GNBAction]) {
        guard let slot = slotByUE[ue].map(Int.init), contexts[slot].state == .xnSource else { actions.append(.refused(ue: ue, .busy)); return }
        releaseLocally(slot, toIdle: false, into: &actions)
    }

    /// Target: a new context with new downlink tunnels (up at once: the UE is here) and Path Switch Request
    /// (§8.4.4.2) with the Source AMF UE NGAP ID and a Path Switch Request Transfer per session.
    mutating func xnArrival(_ ue: UEIndex, context: XnHandoverContext, now: Duration, into actions: inout [GNBAction]) {
        guard interface == .ready else { actions.append(.refused(ue: ue, .notReady)); return }
        if let existing = slotByUE[ue], !contexts[Int(existing)].ueMoved { actions.append(.refused(ue: ue, .alreadyConnected)); return }
        guard !context.sessions.isEmpty else { actions.append(.refused(ue: ue, .noPDUSession)); return }
        guard let slot = allocate(ue: ue, state: .pathSwitching) else { actions.append(.refused(ue: ue, .capacity)); return }
        contexts[slot].sessions = context.sessions.map { s in
            var moved = s
            moved.dlTEID = allocateTEID()
            return moved
        }
        contexts[slot].securityCapabilities = context.ueSecurityCapabilities
        contexts[slot].sourceAMFID = context.sourceAMFUENGAPID
        contexts[slot].procedureStarted = now
        let c = contexts[slot]
        let switched = PDUSessionResourceToBeSwitchedDLList(c.sessions.map { s in
            PDUSessionResourceToBeSwitchedDLItem(
                pduSessionID: PDUSessionID(Int64(s.pduSessionID)),
                pathSwitchRequestTransfer: .value(PathSwitchRequestTransfer(
                    dlNGUUPTNLInformation: dlTunnel(s.dlTEID),
                    qosFlowAcceptedList: QosFlowAcceptedList(s.qfis.map { QosFlowAcceptedItem(qosFlowIdentifier: QosFlowIdentifier(Int64($0))) }))))
        })
        let request = PathSwitchRequest(protocolIEs: [
            .ranUENGAPID(RANUENGAPID(Int64(c.ranID))),
            .sourceAMFUENGAPID(AMFUENGAPID(context.sourceAMFUENGAPID)),
            .userLocationInformation(identity.location),
            .ueSecurityCapabilities(context.ueSecurityCapabilities),
            .pduSessionResourceToBeSwitchedDLList(switched),
        ])
        send(.initiatingMessage(.pathSwitchRequest(request)), stream: c.stream, ue: ue, into: &actions)
        leave(ue)
        for s in c.sessions { actions.append(.tunnelUp(tunnel(s, ue: ue))) }
    }

    /// Path Switch Request Acknowledge: the AMF UE NGAP ID it gives is the connection's from now on; a new
    /// UPF endpoint in a session's transfer modifies its tunnel, sessions it released go down.
    mutating func pathSwitchAcknowledge(_ m: PathSwitchRequestAcknowledge, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard let slot = ueContext(amfID: m.protocolIEs.first(\.amfUENGAPID), ranID: m.protocolIEs.first(\.ranUENGAPID), pdu, bytes: bytes, into: &actions)
        else { return }
        let ue = contexts[slot].ue
        guard contexts[slot].state == .pathSwitching else {
            notCompatible(pdu, bytes: bytes, why: "the gNB sent no Path Switch Request for this UE", amfID: contexts[slot].amfID,
                          ranID: Int64(contexts[slot].ranID), ue: ue, stream: contexts[slot].stream, into: &actions)
            return
        }
        contexts[slot].state = .connected
        contexts[slot].contextSetUp = true
        if let caps = m.protocolIEs.first(\.ueSecurityCapabilities) { contexts[slot].securityCapabilities = caps }
        for item in m.protocolIEs.first(\.pduSessionResourceSwitchedList)?.value ?? [] {
            guard case .value(let t) = item.pathSwitchRequestAcknowledgeTransfer, let ul = t.ulNGUUPTNLInformation,
                  let (address, teid) = Self.endpoint(ul), (0...255).contains(item.pduSessionID.value),
                  let index = contexts[slot].session(UInt8(item.pduSessionID.value)) else { continue }
            contexts[slot].sessions[index].ulAddress = address
            contexts[slot].sessions[index].ulTEID = teid
            actions.append(.tunnelModified(tunnel(contexts[slot].sessions[index], ue: ue)))
        }
        for item in m.protocolIEs.first(\.pduSessionResourceReleasedListPSAck)?.value ?? [] {
            guard (0...255).contains(item.pduSessionID.value), let index = contexts[slot].session(UInt8(item.pduSessionID.value)) else { continue }
            let s = contexts[slot].sessions.remove(at: index)
            actions.append(.tunnelDown(ue: ue, pduSessionID: s.pduSessionID, dlTEID: s.dlTEID))
        }
        report(.handover, .success, started: contexts[slot].procedureStarted, now: now, ue: ue, into: &actions)
    }

    /// Path Switch Request Failure (§8.4.4.3): the target releases the UE (it goes to CM-IDLE).
    mutating func pathSwitchFailure(_ m: PathSwitchRequestFailure, _ pdu: NGAPPDU, bytes: ArraySlice<UInt8>, now: Duration, into actions: inout [GNBAction]) {
        guard let slot = ueContext(amfID: m.protocolIEs.first(\.amfUENGAPID), ranID: m.protocolIEs.first(\.ranUENGAPID), pdu, bytes: bytes, into: &actions)
        else { return }
        let c = contexts[slot]
        guard c.state == .pathSwitching else {
            notCompatible(pdu, bytes: bytes, why: "the gNB sent no Path Switch Request for this UE", amfID: c.amfID, ranID: Int64(c.ranID),
                          ue: c.ue, stream: c.stream, into: &actions)
            return
        }
        report(.handover, .failure("Path Switch Request Failure"), started: c.procedureStarted, now: now, ue: c.ue, into: &actions)
        releaseLocally(slot, toIdle: true, into: &actions)
    }
}
