import NAS5GS

/// The UE-requested 5GSM procedures (TS 24.501 §6.4): establishment, modification and release, carried in UL
/// NAS Transport (§5.4.5.2), with their timers T3580, T3581, T3582 and retransmissions (§6.4.1.6, §6.4.2.6,
/// §6.4.3.6).
extension UE {
    mutating func establishSession(_ request: PDUSessionRequest, now: Duration, into actions: inout [UEAction]) {
        guard (1...15).contains(request.id) else {
            report(.pduSessionEstablishment, .failure("PSI \(request.id) out of 1...15"), started: now, now: now, session: request.id, into: &actions)
            return
        }
        guard state == .registered || registration != nil || service != nil else {
            report(.pduSessionEstablishment, .failure("not registered (\(state))"), started: now, now: now, session: request.id, into: &actions)
            return
        }
        guard sessionIndex(request.id) == nil else {
            report(.pduSessionEstablishment, .failure("PSI \(request.id) in use"), started: now, now: now, session: request.id, into: &actions)
            return
        }
        let pti = request.pti.flatMap { (1...254).contains($0) ? $0 : nil } ?? nextPTI()
        let sm = PDUSessionEstablishmentRequest(
            pduSessionID: request.id, pti: pti,
            // TS 24.501 §9.11.4.7: full data rate for integrity protection, both directions.
            integrityProtectionMaximumDataRate: IntegrityProtectionMaximumDataRate([0xFF, 0xFF]),
            pduSessionType: request.type, sscMode: request.sscMode.map { SSCMode(nibble: $0) })
        let dnn = request.dnn ?? configuration.dnns.first
        let slice = request.sNSSAI ?? configuration.requestedNSSAI.first
        // Request type 1: initial request (TS 24.501 §9.11.3.47).
        let transport = ULNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer(sm.nasEncoded),
                                       pduSessionID: PDUSessionIdentity(request.id), requestType: RequestType(nibble: 1),
                                       sNSSAI: slice, dnn: dnn.map { DNN($0) })
        let plain = transport.nasEncoded
        var resolved = request
        resolved.dnn = dnn
        resolved.sNSSAI = slice
        sessions.append(PDUSessionState(id: request.id, phase: .establishing, pti: pti, request: resolved, info: nil,
                                        pendingUplink: plain, retransmissions: 0, started: now))
        transmit5GSM(plain, now: now, into: &actions)
        actions.append(.startTimer(.t3580(request.id), after: configuration.timers.t3580))
    }

    mutating func modifySession(_ parameters: PDUSessionModificationRequestParameters, now: Duration, into actions: inout [UEAction]) {
        guard let i = sessionIndex(parameters.id), sessions[i].phase == .active else {
            report(.pduSessionModification, .failure("no active PDU session \(parameters.id)"), started: now, now: now, session: parameters.id, into: &actions)
            return
        }
        let pti = parameters.pti.flatMap { (1...254).contains($0) ? $0 : nil } ?? nextPTI()
        let sm = PDUSessionModificationRequest(pduSessionID: parameters.id, pti: pti, cause: parameters.cause,
                                               requestedQoSRules: parameters.requestedQoSRules,
                                               requestedQoSFlowDescriptions: parameters.requestedQoSFlowDescriptions)
        let plain = uplinkTransport(sm.nasEncoded, psi: parameters.id)
        sessions[i].phase = .modifying
        sessions[i].pti = pti
        sessions[i].pendingUplink = plain
        sessions[i].retransmissions = 0
        sessions[i].started = now
        transmit5GSM(plain, now: now, into: &actions)
        actions.append(.startTimer(.t3581(parameters.id), after: configuration.timers.t3581))
    }

    mutating func releaseSession(_ id: UInt8, pti requested: UInt8? = nil, now: Duration, into actions: inout [UEAction]) {
        guard let i = sessionIndex(id), sessions[i].phase == .active else {
            report(.pduSessionRelease, .failure("no active PDU session \(id)"), started: now, now: now, session: id, into: &actions)
            return
        }
        let pti = requested.flatMap { (1...254).contains($0) ? $0 : nil } ?? nextPTI()
        let plain = uplinkTransport(PDUSessionReleaseRequest(pduSessionID: id, pti: pti).nasEncoded, psi: id)
        sessions[i].phase = .releasing
        sessions[i].pti = pti
        sessions[i].pendingUplink = plain
        sessions[i].retransmissions = 0
        sessions[i].started = now
        transmit5GSM(plain, now: now, into: &actions)
        actions.append(.startTimer(.t3582(id), after: configuration.timers.t3582))
    }

    /// A UL NAS Transport carrying a 5GSM message of an existing session (TS 24.501 §8.2.10).
    func uplinkTransport(_ sm: [UInt8], psi: UInt8) -> [UInt8] {
        ULNASTransport(payloadContainerType: .n1SMInformation, payloadContainer: PayloadContainer(sm), pduSessionID: PDUSessionIdentity(psi)).nasEncoded
    }

    /// Sends a 5GSM message now, or once the UE has a NAS signalling connection with secure exchange: from
    /// CM-IDLE it starts a service request (TS 24.501 §5.6.1.1).
    mutating func transmit5GSM(_ plain: [UInt8], now: Duration, into actions: inout [UEAction]) {
        if isConnected, secureExchange, state == .registered {
            sendEncoded(plain, into: &actions)
            return
        }
        queuedUplink.append(plain)
        if !isConnected, state == .registered, service == nil { startServiceRequest(uplinkData: [], mobileTerminated: false, now: now, into: &actions) }
    }

    func sessionIndex(_ id: UInt8) -> Int? { sessions.firstIndex { $0.id == id } }

    /// PTI 1...254 (TS 24.007 §11.2.3.1a: 0 no PTI, 255 reserved).
    mutating func nextPTI() -> UInt8 {
        lastPTI = lastPTI % 254 + 1
        return lastPTI
    }

    /// T3580, T3581 or T3582 expired: the request goes again, up to the limit; then the procedure is aborted.
    mutating func sessionTimerFired(_ timer: UETimer, now: Duration, into actions: inout [UEAction]) {
        guard let i = sessionIndex(timer.pduSessionID) else { return }
        let expected: UInt16
        switch sessions[i].phase {
        case .establishing: expected = 3580
        case .modifying: expected = 3581
        case .releasing: expected = 3582
        case .active: return
        }
        guard timer.number == expected else { return }
        if sessions[i].retransmissions < configuration.timers.maximumRetransmissions {
            sessions[i].retransmissions += 1
            transmit5GSM(sessions[i].pendingUplink, now: now, into: &actions)
            actions.append(.startTimer(timer, after: expected == 3580 ? configuration.timers.t3580 : expected == 3581 ? configuration.timers.t3581 : configuration.timers.t3582))
            return
        }
        let s = sessions[i]
        let outcome = ProcedureOutcome.failure("\(timer) expired \(s.retransmissions + 1) times")
        switch s.phase {
        case .establishing:
            sessions.remove(at: i)
            report(.pduSessionEstablishment, outcome, started: s.started, now: now, session: s.id, into: &actions)
        case .modifying:
            sessions[i].phase = .active
            sessions[i].pti = 0
            report(.pduSessionModification, outcome, started: s.started, now: now, session: s.id, into: &actions)
        case .releasing:
            // TS 24.501 §6.4.3.6: on the fifth expiry the UE releases the session locally.
            sessions.remove(at: i)
            report(.pduSessionRelease, outcome, started: s.started, now: now, session: s.id, into: &actions)
            actions.append(.pduSession(.down(id: s.id, cause: nil)))
        case .active:
            break
        }
    }

    /// Sessions the network reported inactive are released locally (TS 24.501 §5.5.1.3.4, §5.6.1.4).
    mutating func releaseSessionsLocally(notIn bits: UInt16, now: Duration, into actions: inout [UEAction]) {
        var i = 0
        while i < sessions.count {
            let s = sessions[i]
            if s.info != nil, bits & (UInt16(1) << UInt16(s.id & 15)) == 0 {
                stopSessionTimer(s, into: &actions)
                sessions.remove(at: i)
                actions.append(.pduSession(.down(id: s.id, cause: nil)))
            } else {
                i += 1
            }
        }
    }

    /// Every session goes (de-registration, rejects): procedures in progress end as failures.
    mutating func dropSessionsLocally(now: Duration, into actions: inout [UEAction]) {
        for s in sessions {
            stopSessionTimer(s, into: &actions)
            switch s.phase {
            case .establishing:
                report(.pduSessionEstablishment, .failure("released locally"), started: s.started, now: now, session: s.id, into: &actions)
            case .modifying:
                report(.pduSessionModification, .failure("released locally"), started: s.started, now: now, session: s.id, into: &actions)
            case .releasing:
                report(.pduSessionRelease, .failure("released locally"), started: s.started, now: now, session: s.id, into: &actions)
            case .active:
                break
            }
            if s.info != nil { actions.append(.pduSession(.down(id: s.id, cause: nil))) }
        }
        sessions.removeAll()
        queuedUplink.removeAll()
    }

    func stopSessionTimer(_ s: PDUSessionState, into actions: inout [UEAction]) {
        switch s.phase {
        case .establishing: actions.append(.stopTimer(.t3580(s.id)))
        case .modifying: actions.append(.stopTimer(.t3581(s.id)))
        case .releasing: actions.append(.stopTimer(.t3582(s.id)))
        case .active: break
        }
    }
}
