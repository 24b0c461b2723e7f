import ASN1PER
import NAS5GS
import NGAP

extension CoreEmulator {
    /// UE-requested PDU session release (TS 24.501 §6.4.3): PDU Session Release Command (cause #36) in a PDU
    /// Session Resource Release Command when the user plane is up, else in a DL NAS Transport; T3592 guards it.
    mutating func releaseRequested(_ slot: Int, psi: UInt8, pti: UInt8) {
        guard let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }) else {
            sendSM(slot, psi: psi, .pduSessionReleaseReject(PDUSessionReleaseReject(pduSessionID: psi, pti: pti, cause: .invalidPDUSessionIdentity)))
            return
        }
        startRelease(slot, index: i, pti: pti, cause: .regularDeactivation)
    }

    /// Network-requested release (TS 24.501 §6.3.3) with PTI 0.
    mutating func startRelease(_ slot: Int, index i: Int, pti: UInt8, cause: FiveGSMCause) {
        let s = ues[slot].sessions[i]
        guard let conn = ues[slot].connection else {
            removeSession(slot, psi: s.id)
            return
        }
        let command = NASMessage.pduSessionReleaseCommand(PDUSessionReleaseCommand(pduSessionID: s.id, pti: pti, cause: cause))
        let plain = Self.dlTransport(psi: s.id, command)
        ues[slot].sessions[i].lastCommand = plain
        ues[slot].sessions[i].retransmissions = 0
        ues[slot].sessions[i].state = .releasing(n1Done: false, n2Done: !s.upActive)
        startSessionTimer(slot, index: i, kind: .t3592)
        if s.upActive {
            guard let nas = protectedNAS(slot, plain: plain) else { return }
            let item = PDUSessionResourceToReleaseItemRelCmd(
                pduSessionID: PDUSessionID(Int64(s.id)),
                pduSessionResourceReleaseCommandTransfer: .value(PDUSessionResourceReleaseCommandTransfer(cause: .nas(.normalRelease))))
            let m = PDUSessionResourceReleaseCommand(protocolIEs: [
                .amfUENGAPID(AMFUENGAPID(Int64(conn.amfUENGAPID))), .ranUENGAPID(RANUENGAPID(Int64(conn.ranUENGAPID))),
                .nasPDU(NGAP.NASPDU(ASN1Bytes(nas))),
                .pduSessionResourceToReleaseListRelCmd(PDUSessionResourceToReleaseListRelCmd([item])),
            ])
            send(.initiatingMessage(.pduSessionResourceRelease(m)), to: conn.association, stream: conn.stream, nas: .dlnasTransport)
        } else {
            sendNASBytes(slot, plain: plain, headerType: .integrityProtectedAndCiphered, nasType: .dlnasTransport)
        }
    }

    /// PDU Session Release Complete (N1) or PDU Session Resource Release Response (N2): the session goes once both
    /// halves answered.
    mutating func releaseCompleted(_ slot: Int, psi: UInt8, n1: Bool) {
        guard let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }), case .releasing(let n1Done, let n2Done) = ues[slot].sessions[i].state else {
            if n1 {
                deviation("unexpectedNAS", "TS 24.501 §6.3.3.3", "PDU Session Release Complete for session \(psi), which is not being released", slot: slot)
            }
            return
        }
        let n1Now = n1Done || n1, n2Now = n2Done || !n1
        ues[slot].sessions[i].state = .releasing(n1Done: n1Now, n2Done: n2Now)
        if n1 { ues[slot].sessions[i].timerToken &+= 1 }
        if n1Now && n2Now {
            removeSession(slot, psi: psi)
            notice(.pduSessionReleased(supi: ues[slot].supi ?? "?", pduSessionID: psi))
        }
    }

    /// PDU Session Resource Release Response (TS 38.413 §8.2.2.2).
    mutating func handlePDUSessionResourceReleaseResponse(_ m: PDUSessionResourceReleaseResponse, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        guard let slot = ueSlot(amf: m.protocolIEs.first(\.amfUENGAPID), ran: m.protocolIEs.first(\.ranUENGAPID), from: a, stream: stream,
                                message: "PDUSessionResourceReleaseResponse", bytes: bytes) else { return }
        for item in m.protocolIEs.first(\.pduSessionResourceReleasedListRelRes)?.value ?? [] {
            let psi = UInt8(truncatingIfNeeded: item.pduSessionID.value)
            if let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }) { ues[slot].sessions[i].upActive = false }
            releaseCompleted(slot, psi: psi, n1: false)
        }
    }

    /// Removes one session: the UPF forgets it, its address goes back to the pool.
    mutating func removeSession(_ slot: Int, psi: UInt8) {
        guard let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }) else { return }
        let s = ues[slot].sessions.remove(at: i)
        if ues.bySession[s.key] == slot { ues.bySession[s.key] = nil }
        if let a = s.ipv4 { pools[s.dnn].release(a) }
        emit(.userPlane(.removeSession(s.key)))
    }

    mutating func removeAllSessions(_ slot: Int) {
        for psi in ues[slot].sessions.map(\.id) { removeSession(slot, psi: psi) }
    }

    /// UE-requested modification (TS 24.501 §6.4.2): answered by a PDU Session Modification Command (a fresh
    /// session AMBR, T3591) or, by policy or fault, a Modification Reject; either way the session stays.
    mutating func modificationRequested(_ slot: Int, _ req: PDUSessionModificationRequest, bytes: [UInt8]) {
        let psi = req.pduSessionID
        guard let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }), ues[slot].sessions[i].state == .active else {
            sendSM(slot, psi: psi, .pduSessionModificationReject(PDUSessionModificationReject(pduSessionID: psi, pti: req.pti, cause: .invalidPDUSessionIdentity)))
            return
        }
        var rejectCause: UInt8?
        if configuration.sessions.modification == .reject { rejectCause = configuration.sessions.modificationRejectCause }
        if let imsi = ues[slot].imsi, let c = faults.rejectCause(imsi: imsi, .pduSessionModification) { rejectCause = c }
        if let c = rejectCause {
            sendSM(slot, psi: psi, .pduSessionModificationReject(PDUSessionModificationReject(pduSessionID: psi, pti: req.pti, cause: FiveGSMCause(rawValue: c))))
            notice(.pduSessionModified(supi: ues[slot].supi ?? "?", pduSessionID: psi, accepted: false))
            return
        }
        let s = ues[slot].sessions[i]
        let command = PDUSessionModificationCommand(pduSessionID: psi, pti: req.pti,
                                                    sessionAMBR: Self.sessionAMBR(uplink: s.ambrUplink, downlink: s.ambrDownlink))
        ues[slot].sessions[i].state = .modifying
        ues[slot].sessions[i].retransmissions = 0
        sendSM(slot, psi: psi, .pduSessionModificationCommand(command), retransmitOn: i)
        startSessionTimer(slot, index: i, kind: .t3591)
    }

    mutating func modificationCompleted(_ slot: Int, psi: UInt8) {
        guard let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }), ues[slot].sessions[i].state == .modifying else { return }
        ues[slot].sessions[i].state = .active
        ues[slot].sessions[i].timerToken &+= 1
        notice(.pduSessionModified(supi: ues[slot].supi ?? "?", pduSessionID: psi, accepted: true))
    }

    /// PDU Session Resource Modify Response: the emulator sends no Modify Request; reported if one arrives.
    mutating func handlePDUSessionResourceModifyResponse(_ m: PDUSessionResourceModifyResponse, from a: AssociationID, stream: UInt16, bytes: [UInt8]) {
        deviation("unexpectedMessage", "TS 38.413 §8.2.3", "PDU Session Resource Modify Response without a request", association: a, bytes: bytes)
    }

    mutating func startSessionTimer(_ slot: Int, index i: Int, kind: CoreTimerKind) {
        ues[slot].sessions[i].timerToken &+= 1
        let s = ues[slot].sessions[i]
        emit(.startTimer(CoreTimerID(kind: kind, slot: UInt32(slot), pduSessionID: s.id, token: s.timerToken), after: configuration.timers.value(kind)))
    }

    /// T3591/T3592 ran out: the command again (four times), then the procedure ends locally (§6.3.2.5, §6.3.3.5).
    mutating func sessionTimerFired(_ slot: Int, psi: UInt8, kind: CoreTimerKind, token: UInt32) {
        guard let i = ues[slot].sessions.firstIndex(where: { $0.id == psi }), ues[slot].sessions[i].timerToken == token else { return }
        if ues[slot].sessions[i].retransmissions < configuration.timers.retransmissions, ues[slot].connection != nil {
            ues[slot].sessions[i].retransmissions += 1
            startSessionTimer(slot, index: i, kind: kind)
            sendNASBytes(slot, plain: ues[slot].sessions[i].lastCommand, headerType: .integrityProtectedAndCiphered, nasType: .dlnasTransport)
            return
        }
        notice(.procedureAborted(supi: ues[slot].supi, timer: kind))
        if kind == .t3592 {
            removeSession(slot, psi: psi)
        } else {
            ues[slot].sessions[i].state = .active
        }
    }
}
