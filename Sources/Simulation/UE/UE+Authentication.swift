import FiveGSecurity
import NAS5GS

/// Authentication (TS 24.501 §5.4.1; TS 33.501 §6.1.3): 5G AKA and EAP-AKA', their failures and the reject;
/// Identity Request (§5.4.3).
extension UE {
    mutating func authenticationRequested(_ m: AuthenticationRequest, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        if authenticationStarted == nil { authenticationStarted = now }
        stopTimer(.t3520, into: &actions)
        let ksi = m.ngKSI.value
        // §5.4.1.3.7 c: an ngKSI already associated with the current context.
        if security.current != nil, !m.ngKSI.isMapped, ksi == security.currentKSI, ksi != 7 {
            deviate("ngKSIAlreadyInUse", "TS 24.501 §5.4.1.3.7 c", "Authentication Request with ngKSI \(ksi), that of the current context", bytes: bytes, into: &actions)
            authenticationFails(.ngKSIAlreadyInUse, auts: nil, now: now, into: &actions)
            return
        }
        if let eap = m.eapMessage {
            eapChallenge(eap, ksi: ksi, bytes: bytes, now: now, into: &actions)
            return
        }
        guard let rand = m.rand, let autn = m.autn else {
            deviate("missingIE", "TS 24.501 §8.2.1", "Authentication Request with neither RAND and AUTN nor an EAP message", bytes: bytes, into: &actions)
            if configuration.answersWithStatus { send(FiveGMMStatus(cause: .conditionalIEError), into: &actions) }
            return
        }
        do {
            let outcome = try usim.authenticate(rand: Array(rand.bytes), autn: Array(autn.bytes), servingNetworkName: servingNetworkName)
            guard case .success(let result) = outcome else {
                authenticationFailed(outcome, now: now, into: &actions)
                return
            }
            let kamf = try KeyHierarchy.kamf(kseaf: result.kseaf, supi: configuration.supi, abba: Array(m.abba.bytes))
            consecutiveAuthenticationFailures = 0
            security.pendingKSI = ksi
            security.pendingKAMF = kamf
            send(AuthenticationResponse(authenticationResponseParameter: AuthenticationResponseParameter(result.resStar)), into: &actions)
        } catch {
            deviate("invalidIE", "TS 24.501 §9.11.3.15, §9.11.3.16", "Authentication Request: \(error.message)", bytes: bytes, into: &actions)
            if configuration.answersWithStatus { send(FiveGMMStatus(cause: .invalidMandatoryInformation), into: &actions) }
        }
    }

    /// The USIM did not accept the challenge (TS 24.501 §5.4.1.3.6, TS 33.102 §6.3.3).
    mutating func authenticationFailed(_ outcome: UEAuthenticationOutcome, now: Duration, into actions: inout [UEAction]) {
        switch outcome {
        case .macFailure: authenticationFails(.macFailure, auts: nil, now: now, into: &actions)
        case .synchFailure(let auts): authenticationFails(.synchFailure, auts: auts, now: now, into: &actions)
        case .separationBitNotSet: authenticationFails(.non5GAuthenticationUnacceptable, auts: nil, now: now, into: &actions)
        case .success: break
        }
    }

    /// Authentication Failure with `cause` (and AUTS for #21); T3520 runs until the network tries again. The
    /// third failure in a row means the network failed the check (§5.4.1.3.7 f).
    mutating func authenticationFails(_ cause: FiveGMMCause, auts: [UInt8]?, now: Duration, into actions: inout [UEAction]) {
        consecutiveAuthenticationFailures += 1
        send(AuthenticationFailure(cause: cause, authenticationFailureParameter: auts.map { AuthenticationFailureParameter($0) }), into: &actions)
        if consecutiveAuthenticationFailures >= 3 {
            networkFailedAuthentication("three authentication failures in a row", now: now, into: &actions)
        } else {
            startTimer(.t3520, after: configuration.timers.t3520, into: &actions)
        }
    }

    /// T3520 expired after an Authentication Failure (TS 24.501 §5.4.1.3.7).
    mutating func authenticationFailureTimedOut(now: Duration, into actions: inout [UEAction]) {
        networkFailedAuthentication("T3520 expired", now: now, into: &actions)
    }

    /// The UE considers that the network failed the authentication check: it aborts and releases the
    /// connection locally (TS 24.501 §5.4.1.3.7).
    mutating func networkFailedAuthentication(_ reason: String, now: Duration, into actions: inout [UEAction]) {
        consecutiveAuthenticationFailures = 0
        stopTimer(.t3520, into: &actions)
        if let started = authenticationStarted {
            report(.authentication, .failure(reason), started: started, now: now, into: &actions)
            authenticationStarted = nil
        }
        let pendingRegistration = registration
        stopTimer(.t3510, into: &actions)
        registration = nil
        releaseLocally(now: now, into: &actions)
        if let pendingRegistration {
            registrationAttemptFailed(pendingRegistration, .failure("authentication: \(reason)"), now: now, into: &actions)
        }
        if service != nil { serviceRequestAbortedByRelease(now: now, into: &actions) }
    }

    /// EAP-AKA' (TS 33.501 §6.1.3.1): the EAP-Request/AKA'-Challenge in the Authentication Request.
    mutating func eapChallenge(_ eap: EAPMessage, ksi: UInt8, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        var peer = EAPAKAPrimePeer(usim: usim, identity: configuration.eapIdentity)
        let outcome: EAPAKAPrimePeerOutcome
        do {
            outcome = try peer.respond(toChallenge: Array(eap.bytes), servingNetworkName: servingNetworkName)
        } catch {
            deviate("invalidEAPMessage", "RFC 9048 §3, TS 33.501 §6.1.3.1", error.message, bytes: bytes, into: &actions)
            return
        }
        usim = peer.usim
        let response: [UInt8]
        switch outcome {
        case .response(let r, _, let kausf):
            security.eapKAUSF = kausf
            security.pendingKSI = ksi
            consecutiveAuthenticationFailures = 0
            response = r
        case .synchronizationFailure(let r), .authenticationReject(let r):
            response = r
        case .clientError(let r, let reason):
            deviate("eapClientError", "RFC 4187 §6.3.1", reason, bytes: bytes, into: &actions)
            response = r
        }
        send(AuthenticationResponse(eapMessage: EAPMessage(response)), into: &actions)
    }

    /// Authentication Result (TS 24.501 §5.4.1.2, TS 33.501 §6.1.3.1 steps 8-9): with EAP-Success, KSEAF and KAMF
    /// follow from the KAUSF of the answered challenge; EAP-Failure ends the authentication.
    mutating func authenticationResult(_ m: AuthenticationResult, bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        switch m.eapMessage.code {
        case 3:
            guard !security.eapKAUSF.isEmpty else {
                notCompatible("Authentication result", clause: "TS 24.501 §5.4.1.2.2", state: "no EAP-AKA' challenge answered", bytes: bytes, into: &actions)
                return
            }
            do {
                let kseaf = try KeyHierarchy.kseaf(kausf: security.eapKAUSF, servingNetworkName: servingNetworkName)
                security.pendingKAMF = try KeyHierarchy.kamf(kseaf: kseaf, supi: configuration.supi, abba: m.abba.map { Array($0.bytes) } ?? [0, 0])
                security.pendingKSI = m.ngKSI.value
                security.eapKAUSF = []
            } catch {
                deviate("invalidIE", "TS 24.501 §8.2.3", error.message, bytes: bytes, into: &actions)
            }
        default:
            security.eapKAUSF = []
            if let started = authenticationStarted {
                report(.authentication, .failure("EAP-Failure in Authentication Result"), started: started, now: now, into: &actions)
                authenticationStarted = nil
            }
        }
    }

    /// Authentication Reject (TS 24.501 §5.4.1.3.5): the USIM is invalid, everything is deleted, every
    /// procedure ends.
    mutating func authenticationRejected(_ m: AuthenticationReject, now: Duration, into actions: inout [UEAction]) {
        for t in [Timer5GMM.t3510, .t3517, .t3520, .t3521] { stopTimer(t, into: &actions) }
        let reason = ProcedureOutcome.failure("Authentication Reject")
        report(.authentication, reason, started: authenticationStarted ?? now, now: now, into: &actions)
        authenticationStarted = nil
        if let pending = registration { report(.registration, reason, started: pending.started, now: now, into: &actions) }
        if let pending = service { report(.serviceRequest, reason, started: pending.started, now: now, into: &actions) }
        if let pending = deregistration { report(.deregistration, reason, started: pending.started, now: now, into: &actions) }
        registration = nil
        service = nil
        deregistration = nil
        usimInvalid = true
        forgetRegistration(deleteSecurity: true)
        dropSessionsLocally(now: now, into: &actions)
        setState(.deregistered, into: &actions)
    }

    /// Identity Request (TS 24.501 §5.4.3.2): the identity asked for, or "no identity".
    mutating func identityRequested(_ m: IdentityRequest, now: Duration, into actions: inout [UEAction]) {
        let identity: MobileIdentity
        switch m.identityType.nibble & 7 {
        case 1: identity = makeSUCI(into: &actions)
        case 2: identity = guti.map { .guti($0) } ?? .noIdentity(NoIdentity())
        case 3: identity = .imei(IMEI(digits: configuration.imei, type: 3))
        case 4: identity = guti.map { .sTMSI(FiveGSTMSI(amfSetID: $0.amfSetID, amfPointer: $0.amfPointer, tmsi: $0.tmsi)) } ?? .noIdentity(NoIdentity())
        case 5: identity = .imeisv(IMEI(digits: configuration.imeisv, type: 5))
        default: identity = .noIdentity(NoIdentity())
        }
        send(IdentityResponse(mobileIdentity: identity), into: &actions)
    }
}
