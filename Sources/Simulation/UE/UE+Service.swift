import NAS5GS

/// Service request (TS 24.501 §5.6.1) and UE-initiated and network-initiated de-registration (§5.5.2).
extension UE {
    // MARK: Service request

    mutating func startServiceRequest(uplinkData: [UInt8], mobileTerminated: Bool, now: Duration, into actions: inout [UEAction]) {
        guard state == .registered, security.current != nil, let guti else {
            report(.serviceRequest, .failure("not registered with a 5G NAS security context (\(state))"), started: now, now: now, into: &actions)
            return
        }
        guard service == nil, registration == nil, deregistration == nil else {
            report(.serviceRequest, .failure("another 5GMM procedure is in progress"), started: now, now: now, into: &actions)
            return
        }
        let dataBits = uplinkData.reduce(UInt16(0)) { $0 | ($1 < 16 ? UInt16(1) << UInt16($1) : 0) }
        // Service type (TS 24.501 §9.11.3.50): 0 signalling, 1 data, 2 mobile terminated services.
        let type: UInt8 = mobileTerminated ? 2 : (dataBits != 0 ? 1 : 0)
        let sTMSI = MobileIdentity.sTMSI(FiveGSTMSI(amfSetID: guti.amfSetID, amfPointer: guti.amfPointer, tmsi: guti.tmsi))
        let cleartext = ServiceRequest(serviceType: ServiceType(nibble: type), ngKSI: currentNgKSI, sTMSI: sTMSI)
        var full = cleartext
        if dataBits != 0 { full.uplinkDataStatus = PDUSessionStatus(psiBits: dataBits) }
        full.pduSessionStatus = PDUSessionStatus(psiBits: activeSessionBits)
        let fullBytes = full.nasEncoded
        service = PendingService(started: now, fullRequest: fullBytes, requested: dataBits)
        setState(.serviceRequestInitiated, into: &actions)
        startTimer(.t3517, after: configuration.timers.t3517, into: &actions)
        if isConnected {
            // In CM-CONNECTED the Service Request is not an initial message (TS 24.501 §5.6.1.2.1).
            send(full, into: &actions)
        } else {
            sendInitial(cleartext: cleartext.nasEncoded, full: fullBytes, cause: mobileTerminated ? .mtAccess : (dataBits != 0 ? .moData : .moSignalling),
                        into: &actions)
        }
    }

    mutating func serviceAccepted(_ m: ServiceAccept, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        guard let pending = service else {
            notCompatible("Service accept", clause: "TS 24.501 §5.6.1.4", bytes: bytes, into: &actions)
            return
        }
        stopTimer(.t3517, into: &actions)
        service = nil
        setState(.registered, into: &actions)
        finishSecurityProcedures(now: now, into: &actions)
        // Sessions the network does not have any more are released locally (TS 24.501 §5.6.1.4.1).
        if let status = m.pduSessionStatus { releaseSessionsLocally(notIn: status.psiBits, now: now, into: &actions) }
        let failed = (m.pduSessionReactivationResult?.psiBits ?? 0) & pending.requested
        report(.serviceRequest, failed == 0 ? .success : .failure("user-plane resources not set up for PSI bitmap \(failed)"),
               started: pending.started, now: now, into: &actions)
        flushQueuedUplink(into: &actions)
    }

    mutating func serviceRejected(_ m: ServiceReject, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        guard let pending = service else {
            notCompatible("Service reject", clause: "TS 24.501 §5.6.1.5", bytes: bytes, into: &actions)
            return
        }
        stopTimer(.t3517, into: &actions)
        service = nil
        finishSecurityProcedures(now: now, into: &actions)
        let cause = m.cause
        report(.serviceRequest, .failure("5GMM #\(cause.rawValue) \(cause)"), started: pending.started, now: now, into: &actions)
        switch cause.rawValue {
        case 3, 6, 7:
            usimInvalid = true
            forgetRegistration(deleteSecurity: true)
            dropSessionsLocally(now: now, into: &actions)
            setState(.deregistered, into: &actions)
        case 9, 10:
            // UE identity cannot be derived / implicitly de-registered: initial registration (§5.6.1.5).
            forgetRegistration(deleteSecurity: cause.rawValue == 9)
            dropSessionsLocally(now: now, into: &actions)
            setState(.deregistered, into: &actions)
            afterRelease = .initial
        case 11, 12, 13, 15, 72, 73:
            forgetRegistration(deleteSecurity: cause.rawValue == 11 || cause.rawValue == 73)
            dropSessionsLocally(now: now, into: &actions)
            setState(.deregistered, into: &actions)
        default:
            setState(.registered, into: &actions)
        }
        if let status = m.pduSessionStatus, state == .registered { releaseSessionsLocally(notIn: status.psiBits, now: now, into: &actions) }
        queuedUplink.removeAll()
    }

    /// T3517 expired: the service request is aborted (TS 24.501 §5.6.1.7 c).
    mutating func serviceRequestTimedOut(now: Duration, into actions: inout [UEAction]) {
        guard let pending = service else { return }
        service = nil
        abortSecurityProcedures("T3517 expired", now: now, into: &actions)
        report(.serviceRequest, .failure("T3517 expired"), started: pending.started, now: now, into: &actions)
        setState(.registered, into: &actions)
        releaseLocally(now: now, into: &actions)
    }

    mutating func serviceRequestAbortedByRelease(now: Duration, into actions: inout [UEAction]) {
        guard let pending = service else { return }
        stopTimer(.t3517, into: &actions)
        service = nil
        abortSecurityProcedures("connection released", now: now, into: &actions)
        report(.serviceRequest, .failure("connection released before Service Accept"), started: pending.started, now: now, into: &actions)
        if state == .serviceRequestInitiated { setState(.registered, into: &actions) }
    }

    /// Sends the UL NAS Transports that waited for a NAS signalling connection with secure exchange.
    mutating func flushQueuedUplink(into actions: inout [UEAction]) {
        guard !queuedUplink.isEmpty, secureExchange, state == .registered else { return }
        let queued = queuedUplink
        queuedUplink.removeAll()
        for plain in queued { sendEncoded(plain, into: &actions) }
    }

    // MARK: De-registration

    mutating func startDeregistration(switchOff: Bool, now: Duration, into actions: inout [UEAction]) {
        guard state != .deregistered, deregistration == nil else {
            report(.deregistration, .failure("not registered (\(state))"), started: now, now: now, into: &actions)
            return
        }
        // A registration or service request in progress is aborted (TS 24.501 §5.5.1.2.7 g, §5.6.1.7).
        if let pending = registration {
            stopTimer(.t3510, into: &actions)
            registration = nil
            report(.registration, .failure("aborted by de-registration"), started: pending.started, now: now, into: &actions)
        }
        if let pending = service {
            stopTimer(.t3517, into: &actions)
            service = nil
            report(.serviceRequest, .failure("aborted by de-registration"), started: pending.started, now: now, into: &actions)
        }
        abortSecurityProcedures("aborted by de-registration", now: now, into: &actions)
        sendDeregistrationRequest(switchOff: switchOff, into: &actions)
        if switchOff {
            // No accept is expected; the UE is off (TS 24.501 §5.5.2.2.1). Its 5G-GUTI and security context stay stored.
            report(.deregistration, .success, started: now, now: now, into: &actions)
            deregisterLocally(now: now, into: &actions)
            isConnected = false
            secureExchange = false
        } else {
            deregistration = PendingDeregistration(started: now, switchOff: false, retransmissions: 0)
            setState(.deregisteredInitiated, into: &actions)
            startTimer(.t3521, after: configuration.timers.t3521, into: &actions)
        }
    }

    mutating func sendDeregistrationRequest(switchOff: Bool, into actions: inout [UEAction]) {
        let identity: MobileIdentity = guti.map { .guti($0) } ?? makeSUCI(into: &actions)
        let request = DeregistrationRequestUEOriginating(ngKSI: currentNgKSI,
                                                         deregistrationType: DeregistrationType(switchOff: switchOff, accessType: 1),
                                                         mobileIdentity: identity)
        if isConnected {
            send(request, into: &actions)
        } else {
            // Every IE of the Deregistration Request is a cleartext IE (TS 24.501 §4.4.6).
            sendInitial(cleartext: request.nasEncoded, full: nil, cause: .moSignalling, into: &actions)
        }
    }

    mutating func deregistrationAccepted(bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        guard let pending = deregistration else {
            notCompatible("Deregistration accept (UE originating)", clause: "TS 24.501 §5.5.2.2.2", bytes: bytes, into: &actions)
            return
        }
        stopTimer(.t3521, into: &actions)
        deregistration = nil
        report(.deregistration, .success, started: pending.started, now: now, into: &actions)
        deregisterLocally(now: now, into: &actions)
    }

    /// T3521 expired: the request goes again, up to the retransmission limit; then the UE de-registers locally
    /// (TS 24.501 §5.5.2.2.6 b).
    mutating func deregistrationTimedOut(now: Duration, into actions: inout [UEAction]) {
        guard var pending = deregistration else { return }
        if pending.retransmissions < configuration.timers.maximumRetransmissions, isConnected {
            pending.retransmissions += 1
            deregistration = pending
            sendDeregistrationRequest(switchOff: false, into: &actions)
            startTimer(.t3521, after: configuration.timers.t3521, into: &actions)
            return
        }
        deregistration = nil
        report(.deregistration, .failure("T3521 expired \(pending.retransmissions + 1) times"), started: pending.started, now: now, into: &actions)
        deregisterLocally(now: now, into: &actions)
        releaseLocally(now: now, into: &actions)
    }

    /// The connection was released before Deregistration Accept: the UE de-registers locally (TS 24.501 §5.5.2.2.6).
    mutating func deregistrationEndedByRelease(now: Duration, into actions: inout [UEAction]) {
        guard let pending = deregistration else { return }
        stopTimer(.t3521, into: &actions)
        deregistration = nil
        report(.deregistration, .failure("connection released before Deregistration Accept"), started: pending.started, now: now, into: &actions)
        deregisterLocally(now: now, into: &actions)
    }

    /// 5GMM-DEREGISTERED: sessions released locally, registration timers stopped.
    mutating func deregisterLocally(now: Duration, into actions: inout [UEAction]) {
        for t in [Timer5GMM.t3510, .t3511, .t3502, .t3512, .t3517, .t3346] { stopTimer(t, into: &actions) }
        dropSessionsLocally(now: now, into: &actions)
        setState(.deregistered, into: &actions)
    }

    /// Network-initiated de-registration (TS 24.501 §5.5.2.3): Deregistration Accept, then, when asked for,
    /// an initial registration once the connection is released.
    mutating func networkDeregistration(_ m: DeregistrationRequestUETerminated, now: Duration, into actions: inout [UEAction]) {
        if let pending = registration {
            stopTimer(.t3510, into: &actions)
            registration = nil
            report(.registration, .failure("network-initiated de-registration"), started: pending.started, now: now, into: &actions)
        }
        if let pending = service {
            stopTimer(.t3517, into: &actions)
            service = nil
            report(.serviceRequest, .failure("network-initiated de-registration"), started: pending.started, now: now, into: &actions)
        }
        if let pending = deregistration {
            // Both sides de-register at once: the UE's procedure ends with the network's (§5.5.2.2.6 f).
            stopTimer(.t3521, into: &actions)
            deregistration = nil
            report(.deregistration, .success, started: pending.started, now: now, into: &actions)
        }
        abortSecurityProcedures("network-initiated de-registration", now: now, into: &actions)
        send(DeregistrationAcceptUETerminated(), into: &actions)
        report(.deregistration, .success, started: now, now: now, into: &actions)
        deregisterLocally(now: now, into: &actions)
        switch m.cause?.rawValue {
        case 3, 6, 7:
            usimInvalid = true
            forgetRegistration(deleteSecurity: true)
        case 11, 12, 13, 15, 72, 73:
            forgetRegistration(deleteSecurity: false)
        default:
            break
        }
        if m.deregistrationType.reregistrationRequired, !usimInvalid { afterRelease = .initial }
    }
}
