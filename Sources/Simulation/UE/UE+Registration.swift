import NAS5GS
import NASSecurity

/// Registration (TS 24.501 §5.5.1): initial, mobility and periodic updating; accept, reject, the abnormal
/// cases and their timers; Configuration Update (§5.4.4).
extension UE {
    mutating func startRegistration(_ requested: RegistrationKind, now: Duration, into actions: inout [UEAction]) {
        guard !usimInvalid else {
            report(.registration, .failure("USIM invalid (TS 24.501 §5.5.1.2.5)"), started: now, now: now, into: &actions)
            return
        }
        guard registration == nil, deregistration == nil else {
            report(.registration, .failure("another 5GMM procedure is in progress"), started: now, now: now, into: &actions)
            return
        }
        // Mobility and periodic updating need a 5G-GUTI and a registration; otherwise it is an initial registration.
        let kind: RegistrationKind = requested != .initial && (guti == nil || state == .deregistered) ? .initial : requested
        retryKind = kind
        stopTimer(.t3511, into: &actions)
        stopTimer(.t3502, into: &actions)
        stopTimer(.t3346, into: &actions)

        let type = RegistrationType(followOnRequest: configuration.followOnRequest, value: kind.registrationTypeValue)
        let identity = registrationIdentity(into: &actions)
        let capability = configuration.securityCapabilities
        // TS 24.501 §4.4.6: the cleartext IEs; the full request adds the others.
        let cleartext = RegistrationRequest(ngKSI: currentNgKSI, registrationType: type, mobileIdentity: identity,
                                            ueSecurityCapability: capability)
        var full = cleartext
        if !configuration.requestedNSSAI.isEmpty { full.requestedNSSAI = NSSAI(configuration.requestedNSSAI) }
        if let tai = configuration.lastVisitedTAI { full.lastVisitedRegisteredTAI = tai }
        let active = activeSessionBits
        if kind != .initial || active != 0 { full.pduSessionStatus = PDUSessionStatus(psiBits: active) }
        let cleartextBytes = cleartext.nasEncoded
        let fullBytes = full.nasEncoded

        registration = PendingRegistration(kind: kind, started: now, fullRequest: fullBytes)
        setState(.registeredInitiated, into: &actions)
        startTimer(.t3510, after: configuration.timers.t3510, into: &actions)
        if isConnected {
            send(full, into: &actions)
        } else {
            sendInitial(cleartext: cleartextBytes, full: fullBytes.count > cleartextBytes.count ? fullBytes : nil,
                        cause: .moSignalling, into: &actions)
        }
    }

    /// PSIs of the sessions that are up, as a bitmap (TS 24.501 §9.11.3.44).
    var activeSessionBits: UInt16 {
        sessions.reduce(0) { $0 | ($1.info != nil ? UInt16(1) << UInt16($1.id & 15) : 0) }
    }

    mutating func registrationAccepted(_ m: RegistrationAccept, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        guard let pending = registration else {
            notCompatible("Registration accept", clause: "TS 24.501 §5.5.1.2.4", bytes: bytes, into: &actions)
            return
        }
        stopTimer(.t3510, into: &actions)
        registration = nil
        attemptCounter = 0
        consecutiveAuthenticationFailures = 0
        var newGUTI = false
        if let identity = m.guti {
            if case .guti(let g) = identity {
                guti = g
                newGUTI = true
            } else {
                deviate("invalidIE", "TS 24.501 §8.2.7.2", "the 5G-GUTI IE holds a \(identity.typeOfIdentity) identity", bytes: bytes, into: &actions)
            }
        }
        if let list = m.taiList { taiList = list }
        if let allowed = m.allowedNSSAI { allowedNSSAI = allowed }
        if let timer = m.t3512Value { t3512 = timer.seconds.map { .seconds($0) } }
        if let timer = m.t3502Value, let seconds = timer.seconds { t3502 = .seconds(seconds) }
        // Sessions the network does not have any more are released locally (TS 24.501 §5.5.1.3.4).
        if pending.kind != .initial, let status = m.pduSessionStatus {
            releaseSessionsLocally(notIn: status.psiBits, now: now, into: &actions)
        }
        setState(.registered, into: &actions)
        finishSecurityProcedures(now: now, into: &actions)
        report(.registration, .success, started: pending.started, now: now, into: &actions)
        // TS 24.501 §5.5.1.2.4: Registration Complete when the accept assigned a 5G-GUTI.
        if newGUTI { send(RegistrationComplete(), into: &actions) }
        flushQueuedUplink(into: &actions)
    }

    /// Reports the authentication and security mode procedures that the accept (or reject) completes.
    mutating func finishSecurityProcedures(now: Duration, into actions: inout [UEAction]) {
        if let started = authenticationStarted {
            report(.authentication, .success, started: started, now: now, into: &actions)
            authenticationStarted = nil
        }
        if let started = securityModeStarted {
            report(.securityMode, .success, started: started, now: now, into: &actions)
            securityModeStarted = nil
        }
    }

    mutating func registrationRejected(_ m: RegistrationReject, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        guard let pending = registration else {
            notCompatible("Registration reject", clause: "TS 24.501 §5.5.1.2.5", bytes: bytes, into: &actions)
            return
        }
        stopTimer(.t3510, into: &actions)
        registration = nil
        finishSecurityProcedures(now: now, into: &actions)
        let cause = m.cause
        let outcome = ProcedureOutcome.failure("5GMM #\(cause.rawValue) \(cause)")
        if let t3502 = m.t3502Value?.seconds { self.t3502 = .seconds(t3502) }
        switch cause.rawValue {
        case 3, 6, 7:
            // Illegal UE / ME, 5GS services not allowed: the USIM is invalid until switched off (§5.5.1.2.5).
            forgetRegistration(deleteSecurity: true)
            usimInvalid = true
            dropSessionsLocally(now: now, into: &actions)
            setState(.deregistered, into: &actions)
            report(.registration, outcome, started: pending.started, now: now, into: &actions)
        case 9, 10:
            // UE identity cannot be derived / implicitly deregistered: start again with an initial registration.
            forgetRegistration(deleteSecurity: cause.rawValue == 9)
            dropSessionsLocally(now: now, into: &actions)
            setState(.deregistered, into: &actions)
            report(.registration, outcome, started: pending.started, now: now, into: &actions)
            afterRelease = .initial
        case 11, 12, 13, 15, 27, 31, 62, 72, 73, 74, 75, 76, 77, 78:
            // PLMN or tracking area not allowed, no slices, N1 mode not allowed...: a real UE selects another PLMN
            // or cell; the simulator has none, so it stays deregistered.
            if [11, 12, 13, 15, 31, 73].contains(cause.rawValue) { forgetRegistration(deleteSecurity: cause.rawValue == 11 || cause.rawValue == 73) }
            setState(pending.kind == .initial ? .deregistered : .registered, into: &actions)
            report(.registration, outcome, started: pending.started, now: now, into: &actions)
        case 22 where m.t3346Value?.seconds != nil:
            // Congestion with a back-off time: try again when T3346 expires (§5.5.1.2.5 #22).
            setState(pending.kind == .initial ? .deregistered : .registered, into: &actions)
            report(.registration, outcome, started: pending.started, now: now, into: &actions)
            startTimer(.t3346, after: .seconds(m.t3346Value?.seconds ?? 0), into: &actions)
        default:
            registrationAttemptFailed(pending, outcome, now: now, into: &actions)
        }
    }

    /// Forgets the 5G-GUTI, tracking areas and (when asked) the security context (TS 24.501 §5.5.1.2.5).
    mutating func forgetRegistration(deleteSecurity: Bool) {
        guti = nil
        taiList = nil
        allowedNSSAI = nil
        if deleteSecurity { security.deleteAll() }
    }

    /// The abnormal cases of TS 24.501 §5.5.1.2.7 / §5.5.1.3.7: the attempt counter goes up; T3511 until it
    /// reaches its maximum, then T3502.
    mutating func registrationAttemptFailed(_ pending: PendingRegistration, _ outcome: ProcedureOutcome, now: Duration,
                                            into actions: inout [UEAction]) {
        report(.registration, outcome, started: pending.started, now: now, into: &actions)
        attemptCounter += 1
        setState(pending.kind == .initial ? .deregistered : .registered, into: &actions)
        if attemptCounter < configuration.timers.maximumRegistrationAttempts {
            startTimer(.t3511, after: configuration.timers.t3511, into: &actions)
        } else {
            if pending.kind == .initial { forgetRegistration(deleteSecurity: false) }
            startTimer(.t3502, after: t3502, into: &actions)
        }
    }

    /// T3510 expired: abort the registration and release the connection locally (TS 24.501 §5.5.1.2.7 c).
    mutating func registrationTimedOut(now: Duration, into actions: inout [UEAction]) {
        guard let pending = registration else { return }
        registration = nil
        abortSecurityProcedures("T3510 expired", now: now, into: &actions)
        releaseLocally(now: now, into: &actions)
        registrationAttemptFailed(pending, .failure("T3510 expired"), now: now, into: &actions)
    }

    /// The connection was released before Registration Accept or Reject (TS 24.501 §5.5.1.2.7 a).
    mutating func registrationAbortedByRelease(now: Duration, into actions: inout [UEAction]) {
        guard let pending = registration else { return }
        stopTimer(.t3510, into: &actions)
        registration = nil
        abortSecurityProcedures("connection released", now: now, into: &actions)
        registrationAttemptFailed(pending, .failure("connection released before Registration Accept"), now: now, into: &actions)
    }

    mutating func abortSecurityProcedures(_ reason: String, now: Duration, into actions: inout [UEAction]) {
        if let started = authenticationStarted {
            report(.authentication, .failure(reason), started: started, now: now, into: &actions)
            authenticationStarted = nil
        }
        if let started = securityModeStarted {
            report(.securityMode, .failure(reason), started: started, now: now, into: &actions)
            securityModeStarted = nil
        }
    }

    /// The UE drops its NAS signalling connection itself.
    mutating func releaseLocally(now: Duration, into actions: inout [UEAction]) {
        guard isConnected else { return }
        actions.append(.releaseConnection)
        isConnected = false
        secureExchange = false
        if let t3512, state == .registered { startTimer(.t3512, after: t3512, into: &actions) }
    }

    /// T3511, T3502 or T3346 expired: register again (TS 24.501 §5.5.1.2.7).
    mutating func retryRegistration(after timer: Timer5GMM, now: Duration, into actions: inout [UEAction]) {
        if timer == .t3502 {
            guard configuration.retriesAfterT3502 else { return }
            attemptCounter = 0
        }
        guard registration == nil, !usimInvalid else { return }
        startRegistration(retryKind, now: now, into: &actions)
    }

    /// T3512 expired: periodic registration updating, now in CM-IDLE or when the connection is released
    /// (TS 24.501 §5.3.7).
    mutating func periodicTimerExpired(now: Duration, into actions: inout [UEAction]) {
        guard state == .registered else { return }
        if isConnected {
            if afterRelease == nil { afterRelease = .periodic }
        } else {
            startRegistration(.periodic, now: now, into: &actions)
        }
    }

    /// Configuration Update Command (TS 24.501 §5.4.4.3): new 5G-GUTI, TAI list, NSSAI; Complete when the
    /// network asks for an acknowledgement; registration after release when it asks for one.
    mutating func configurationUpdate(_ m: ConfigurationUpdateCommand, now: Duration, into actions: inout [UEAction]) {
        if let identity = m.guti, case .guti(let g) = identity { guti = g }
        if let list = m.taiList { taiList = list }
        if let allowed = m.allowedNSSAI { allowedNSSAI = allowed }
        let indication = m.configurationUpdateIndication?.nibble ?? 0
        if indication & 0x02 != 0 { afterRelease = .mobility }
        if indication & 0x01 != 0 { send(ConfigurationUpdateComplete(), into: &actions) }
    }
}
