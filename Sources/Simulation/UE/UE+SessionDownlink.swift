import NAS5GS

/// 5GSM messages from the network, carried in DL NAS Transport (TS 24.501 §5.4.5.3): answers to the UE's
/// requests, network-requested modification and release (§6.3), 5GSM STATUS (§6.5.3), and the checks of
/// clause 7 (PDU session identity, PTI).
extension UE {
    mutating func downlinkTransport(_ m: DLNASTransport, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        guard m.payloadContainerType == .n1SMInformation else {
            deviate("unsupportedPayload", "TS 24.501 §5.4.5.3", "DL NAS Transport with payload container type \(m.payloadContainerType.nibble): ignored",
                    bytes: bytes, into: &actions)
            return
        }
        let payload = m.payloadContainer.bytes
        let psi = payload.count > 1 ? payload[payload.startIndex + 1] : 0
        let pti = payload.count > 2 ? payload[payload.startIndex + 2] : 0
        if let cause = m.cause {
            // The network could not forward the UE's 5GSM message (TS 24.501 §5.4.5.3.3): that procedure fails.
            abortSessionProcedure(psi: m.pduSessionID?.value ?? psi, "5GMM #\(cause.rawValue) \(cause) (not forwarded)", now: now, into: &actions)
            return
        }
        var diagnostics: [NASDiagnostic] = []
        let sm: NASMessage
        do {
            sm = try NASMessage(nasEncoded: payload, options: .tolerant, diagnostics: &diagnostics)
        } catch {
            deviate("undecodable", "TS 24.501 clause 7", "N1 SM payload: \(error.message)", bytes: bytes, into: &actions)
            sendStatus5GSM(psi: psi, pti: pti, cause: FiveGSMCause(error.cause), into: &actions)
            return
        }
        if !diagnostics.isEmpty {
            deviate("malformedMessage", "TS 24.501 clause 7", "\(sm.name): " + diagnostics.map(\.description).joined(separator: "; "), bytes: bytes, into: &actions)
        }
        if let outer = m.pduSessionID?.value, outer != psi {
            deviate("pduSessionIDMismatch", "TS 24.501 §8.2.11", "DL NAS Transport for PSI \(outer) carries a 5GSM message for PSI \(psi)", bytes: bytes, into: &actions)
        }
        switch sm {
        case .pduSessionEstablishmentAccept(let a): sessionEstablished(a, bytes: bytes, now: now, into: &actions)
        case .pduSessionEstablishmentReject(let r):
            guard let i = pendingSession(psi: psi, pti: pti, phase: .establishing, bytes: bytes, into: &actions) else { return }
            let s = sessions.remove(at: i)
            actions.append(.stopTimer(.t3580(psi)))
            report(.pduSessionEstablishment, .failure("5GSM #\(r.cause.rawValue) \(r.cause)"), started: s.started, now: now, session: psi, into: &actions)
        case .pduSessionModificationCommand(let c): sessionModified(c, bytes: bytes, now: now, into: &actions)
        case .pduSessionModificationReject(let r):
            guard let i = pendingSession(psi: psi, pti: pti, phase: .modifying, bytes: bytes, into: &actions) else { return }
            actions.append(.stopTimer(.t3581(psi)))
            sessions[i].phase = .active
            sessions[i].pti = 0
            report(.pduSessionModification, .failure("5GSM #\(r.cause.rawValue) \(r.cause)"), started: sessions[i].started, now: now, session: psi, into: &actions)
        case .pduSessionReleaseCommand(let c): sessionReleased(c, bytes: bytes, now: now, into: &actions)
        case .pduSessionReleaseReject(let r):
            guard let i = pendingSession(psi: psi, pti: pti, phase: .releasing, bytes: bytes, into: &actions) else { return }
            actions.append(.stopTimer(.t3582(psi)))
            sessions[i].phase = .active
            sessions[i].pti = 0
            report(.pduSessionRelease, .failure("5GSM #\(r.cause.rawValue) \(r.cause)"), started: sessions[i].started, now: now, session: psi, into: &actions)
        case .fiveGSMStatus(let s): statusReceived(s, bytes: bytes, now: now, into: &actions)
        default:
            deviate("unexpectedMessage", "TS 24.501 §7.3", "\(sm.name) is not a message the UE's 5GSM entity accepts: ignored", bytes: bytes, into: &actions)
            sendStatus5GSM(psi: psi, pti: pti, cause: .messageTypeNonExistentOrNotImplemented, into: &actions)
        }
    }

    /// The session waiting for this answer, or a deviation and a 5GSM STATUS (#43 invalid PDU session
    /// identity, #47 PTI mismatch: TS 24.501 §7.3.1, §7.3.2).
    mutating func pendingSession(psi: UInt8, pti: UInt8, phase: PDUSessionState.Phase, bytes: [UInt8], into actions: inout [UEAction]) -> Int? {
        guard let i = sessionIndex(psi) else {
            deviate("invalidPDUSessionIdentity", "TS 24.501 §7.3.2", "answer for PSI \(psi), which the UE has no session for", bytes: bytes, into: &actions)
            sendStatus5GSM(psi: psi, pti: pti, cause: .invalidPDUSessionIdentity, into: &actions)
            return nil
        }
        guard sessions[i].phase == phase, sessions[i].pti == pti else {
            deviate("ptiMismatch", "TS 24.501 §7.3.1", "PTI \(pti) for PSI \(psi), the UE's procedure has PTI \(sessions[i].pti) (\(sessions[i].phase))",
                    bytes: bytes, into: &actions)
            sendStatus5GSM(psi: psi, pti: pti, cause: FiveGSMCause(47), into: &actions)
            return nil
        }
        return i
    }

    mutating func sessionEstablished(_ a: PDUSessionEstablishmentAccept, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        let psi = a.pduSessionID
        guard let i = pendingSession(psi: psi, pti: a.pti, phase: .establishing, bytes: bytes, into: &actions) else { return }
        actions.append(.stopTimer(.t3580(psi)))
        let type = a.selectedPDUSessionType
        var info = PDUSessionInfo(id: psi, type: type, qfis: Self.qfis(a.authorizedQoSRules), sessionAMBR: a.sessionAMBR,
                                  sNSSAI: a.sNSSAI ?? sessions[i].request.sNSSAI,
                                  dnn: a.dnn?.name ?? sessions[i].request.dnn)
        if let address = a.pduAddress {
            if let v4 = address.ipv4, v4.count == 4 { info.ipv4 = v4.reduce(0) { $0 << 8 | UInt32($1) } }
            if let iid = address.ipv6InterfaceIdentifier, iid.count == 8 { info.ipv6InterfaceIdentifier = iid.reduce(0) { $0 << 8 | UInt64($1) } }
        } else if type == .ipv4 || type == .ipv6 || type == .ipv4v6 {
            deviate("missingIE", "TS 24.501 §8.3.2.2", "PDU Session Establishment Accept of an \(type.nibble == 1 ? "IPv4" : type.nibble == 2 ? "IPv6" : "IPv4v6") session without PDU address",
                    bytes: bytes, into: &actions)
        }
        if !a.authorizedQoSRules.rules.contains(where: \.isDefault) {
            deviate("noDefaultQoSRule", "TS 24.501 §6.4.1.3", "PDU Session Establishment Accept without a default QoS rule", bytes: bytes, into: &actions)
        }
        sessions[i].phase = .active
        sessions[i].pti = 0
        sessions[i].info = info
        sessions[i].pendingUplink = []
        report(.pduSessionEstablishment, .success, started: sessions[i].started, now: now, session: psi, into: &actions)
        actions.append(.pduSession(.up(info)))
    }

    /// The QFIs the rules name, as a bitmap.
    static func qfis(_ rules: QoSRules) -> UInt64 {
        rules.rules.reduce(0) { $0 | ($1.qfi.map { UInt64(1) << UInt64($0 & 63) } ?? 0) }
    }

    /// PDU Session Modification Command: the answer to the UE's request (PTI set) or network-requested (PTI 0,
    /// TS 24.501 §6.3.2); the UE applies it and completes.
    mutating func sessionModified(_ c: PDUSessionModificationCommand, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        let psi = c.pduSessionID, pti = c.pti
        let i: Int
        if pti == 0 {
            guard let found = sessionIndex(psi), sessions[found].info != nil else {
                deviate("invalidPDUSessionIdentity", "TS 24.501 §6.3.2.4", "Modification Command for PSI \(psi), which is not active", bytes: bytes, into: &actions)
                send5GSM(PDUSessionModificationCommandReject(pduSessionID: psi, pti: pti, cause: .invalidPDUSessionIdentity).nasEncoded, psi: psi, into: &actions)
                return
            }
            i = found
        } else {
            guard let found = pendingSession(psi: psi, pti: pti, phase: .modifying, bytes: bytes, into: &actions) else { return }
            i = found
            actions.append(.stopTimer(.t3581(psi)))
        }
        guard var info = sessions[i].info else { return }
        if let ambr = c.sessionAMBR { info.sessionAMBR = ambr }
        if let rules = c.authorizedQoSRules {
            for rule in rules.rules {
                guard let qfi = rule.qfi else { continue }
                // Operation code 1 creates a rule, 2 deletes one (TS 24.501 §9.11.4.13).
                if rule.operationCode == 2 { info.qfis &= ~(UInt64(1) << UInt64(qfi & 63)) } else { info.qfis |= UInt64(1) << UInt64(qfi & 63) }
            }
        }
        let started = pti == 0 ? now : sessions[i].started
        sessions[i].info = info
        sessions[i].phase = .active
        sessions[i].pti = 0
        send5GSM(PDUSessionModificationComplete(pduSessionID: psi, pti: pti).nasEncoded, psi: psi, into: &actions)
        report(.pduSessionModification, .success, started: started, now: now, session: psi, into: &actions)
        actions.append(.pduSession(.modified(info)))
    }

    /// PDU Session Release Command: the answer to the UE's request or network-requested (TS 24.501 §6.3.3);
    /// the UE completes and the session is gone.
    mutating func sessionReleased(_ c: PDUSessionReleaseCommand, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        let psi = c.pduSessionID, pti = c.pti
        guard let i = sessionIndex(psi) else {
            deviate("invalidPDUSessionIdentity", "TS 24.501 §6.3.3.3", "Release Command for PSI \(psi), which the UE does not have", bytes: bytes, into: &actions)
            send5GSM(PDUSessionReleaseComplete(pduSessionID: psi, pti: pti).nasEncoded, psi: psi, into: &actions)
            return
        }
        let s = sessions[i]
        if pti != 0, s.pti != pti {
            deviate("ptiMismatch", "TS 24.501 §7.3.1", "Release Command with PTI \(pti), the UE's procedure has PTI \(s.pti)", bytes: bytes, into: &actions)
            sendStatus5GSM(psi: psi, pti: pti, cause: FiveGSMCause(47), into: &actions)
            return
        }
        stopSessionTimer(s, into: &actions)
        sessions.remove(at: i)
        send5GSM(PDUSessionReleaseComplete(pduSessionID: psi, pti: pti).nasEncoded, psi: psi, into: &actions)
        switch s.phase {
        case .establishing:
            report(.pduSessionEstablishment, .failure("released by the network: 5GSM #\(c.cause.rawValue)"), started: s.started, now: now, session: psi, into: &actions)
        case .modifying:
            report(.pduSessionModification, .failure("released by the network: 5GSM #\(c.cause.rawValue)"), started: s.started, now: now, session: psi, into: &actions)
        case .releasing:
            report(.pduSessionRelease, .success, started: s.started, now: now, session: psi, into: &actions)
        case .active:
            report(.pduSessionRelease, .success, started: now, now: now, session: psi, into: &actions)
        }
        if s.info != nil { actions.append(.pduSession(.down(id: psi, cause: c.cause))) }
    }

    /// 5GSM STATUS from the network (TS 24.501 §6.5.3): #43 means the session is gone; #47 / #81 / #97 end the
    /// procedure with that PTI.
    mutating func statusReceived(_ s: FiveGSMStatus, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        deviate("statusReceived", "TS 24.501 §6.5.3", "5GSM STATUS with cause #\(s.cause.rawValue) \(s.cause) for PSI \(s.pduSessionID)", bytes: bytes, into: &actions)
        switch s.cause.rawValue {
        case 43:
            guard let i = sessionIndex(s.pduSessionID) else { return }
            let session = sessions.remove(at: i)
            stopSessionTimer(session, into: &actions)
            if session.info != nil { actions.append(.pduSession(.down(id: session.id, cause: s.cause))) }
        case 47, 81, 97:
            abortSessionProcedure(psi: s.pduSessionID, "5GSM STATUS #\(s.cause.rawValue)", now: now, into: &actions)
        default:
            break
        }
    }

    /// The UE-requested procedure of session `psi` ends as a failure.
    mutating func abortSessionProcedure(psi: UInt8, _ reason: String, now: Duration, into actions: inout [UEAction]) {
        guard let i = sessionIndex(psi) else { return }
        let s = sessions[i]
        stopSessionTimer(s, into: &actions)
        switch s.phase {
        case .establishing:
            sessions.remove(at: i)
            report(.pduSessionEstablishment, .failure(reason), started: s.started, now: now, session: psi, into: &actions)
        case .modifying:
            sessions[i].phase = .active
            sessions[i].pti = 0
            report(.pduSessionModification, .failure(reason), started: s.started, now: now, session: psi, into: &actions)
        case .releasing:
            sessions[i].phase = .active
            sessions[i].pti = 0
            report(.pduSessionRelease, .failure(reason), started: s.started, now: now, session: psi, into: &actions)
        case .active:
            break
        }
    }

    /// Sends a 5GSM message of session `psi` (an answer: it goes now or waits with the other queued ones).
    mutating func send5GSM(_ sm: [UInt8], psi: UInt8, into actions: inout [UEAction]) {
        let plain = uplinkTransport(sm, psi: psi)
        if isConnected, secureExchange {
            sendEncoded(plain, into: &actions)
        } else {
            queuedUplink.append(plain)
        }
    }

    /// 5GSM STATUS (TS 24.501 §8.3.16), when the configuration lets the UE answer so.
    mutating func sendStatus5GSM(psi: UInt8, pti: UInt8, cause: FiveGSMCause, into actions: inout [UEAction]) {
        guard configuration.answersWithStatus else { return }
        send5GSM(FiveGSMStatus(pduSessionID: psi, pti: pti, cause: cause).nasEncoded, psi: psi, into: &actions)
    }
}
