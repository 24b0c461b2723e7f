import FiveGSecurity
import NAS5GS
import NASSecurity

extension CoreEmulator {
    /// Primary authentication with 5G AKA (TS 33.501 §6.1.3.2): a fresh vector from the subscriber's keys and the
    /// next SQN, an Authentication Request (TS 24.501 §5.4.1.3) guarded by T3560.
    mutating func startAuthentication(_ slot: Int) {
        guard let sub = ues[slot].subscriber else { return }
        let range = subscribers.config(of: sub)
        let rand = random.rand128()
        let sqn = subscribers.nextSQN(for: sub)
        let sqnBytes = (0..<6).map { UInt8(truncatingIfNeeded: sqn >> UInt64(40 - 8 * $0)) }
        let method = range.authentication ?? configuration.security.authentication
        if method == .eapAKAPrime {
            startEAPAKAPrime(slot, sub: sub, rand: rand, sqn: sqnBytes)
            return
        }
        let vector: FiveGAuthenticationVector
        do {
            vector = try FiveGAKANetwork.makeVector(milenage: subscribers.milenage(of: sub), rand: rand, sqn: sqnBytes, amf: range.amfField,
                                                    servingNetworkName: servingNetworkName)
        } catch {
            deviation("internalKeyError", "TS 33.501 §6.1.3.2", "\(error)", slot: slot)
            return
        }
        let ngKSI = nextNgKSI(slot)
        var state = AuthenticationState(method: .fiveGAKA, rand: rand, autn: vector.autn, ngKSI: ngKSI)
        state.xresStar = vector.xresStar
        state.hxresStar = vector.hxresStar
        state.kseaf = vector.kseaf
        if let old = ues[slot].authentication {
            state.resynchronisations = old.resynchronisations
            state.macFailures = old.macFailures
        }
        ues[slot].authentication = state
        ues[slot].procedure = .authentication
        let request = AuthenticationRequest(ngKSI: NASKeySetIdentifier(value: ngKSI), abba: ABBA(bytes: [0x00, 0x00]),
                                            rand: AuthenticationParameterRAND(bytes: rand[...]), autn: AuthenticationParameterAUTN(bytes: vector.autn[...]))
        sendNAS(slot, .authenticationRequest(request), retransmit: .t3560)
    }

    /// EAP-AKA' (TS 33.501 §6.1.3.1, RFC 9048): the AUSF's EAP-Request/AKA'-Challenge in an Authentication Request.
    /// The identity in the key derivation is the IMSI's digits (the convention of FiveGSecurity's EAP-AKA' tests).
    mutating func startEAPAKAPrime(_ slot: Int, sub: SubscriberStore.Subscriber, rand: [UInt8], sqn: [UInt8]) {
        let range = subscribers.config(of: sub)
        let ngKSI = nextNgKSI(slot)
        let identifier = UInt8(truncatingIfNeeded: random.next())
        let challenge: EAPAKAPrimeChallenge
        do {
            challenge = try EAPAKAPrimeServer.makeChallenge(milenage: subscribers.milenage(of: sub), identifier: identifier, rand: rand, sqn: sqn,
                                                            amf: range.amfField, identity: Array(sub.imsi.utf8), servingNetworkName: servingNetworkName)
        } catch {
            deviation("internalKeyError", "TS 33.501 §6.1.3.1", "\(error)", slot: slot)
            return
        }
        var state = AuthenticationState(method: .eapAKAPrime, rand: rand, autn: [], ngKSI: ngKSI)
        state.eap = challenge
        if let old = ues[slot].authentication { state.resynchronisations = old.resynchronisations }
        ues[slot].authentication = state
        ues[slot].procedure = .authentication
        let request = AuthenticationRequest(ngKSI: NASKeySetIdentifier(value: ngKSI), abba: ABBA(bytes: [0x00, 0x00]),
                                            eapMessage: EAPMessage(bytes: challenge.request[...]))
        sendNAS(slot, .authenticationRequest(request), retransmit: .t3560)
    }

    /// The EAP-Response/AKA'-Challenge (or its failure forms) in an Authentication Response.
    mutating func handleEAPResponse(_ slot: Int, _ m: AuthenticationResponse, _ r: ReceivedNAS, auth: AuthenticationState, imsi: String) {
        guard let challenge = auth.eap, let eap = m.eapMessage, let sub = ues[slot].subscriber else {
            deviation("missingEAPMessage", "TS 24.501 §5.4.1.2", "EAP-AKA' Authentication Response without an EAP message", slot: slot, bytes: r.bytes)
            rejectAuthentication(slot)
            return
        }
        let outcome: EAPAKAPrimeServerOutcome
        do {
            outcome = try EAPAKAPrimeServer.verifyResponse(Array(eap.bytes), challenge: challenge)
        } catch {
            deviation("malformedEAP", "RFC 9048", "\(error)", slot: slot, bytes: r.bytes)
            rejectAuthentication(slot, eapIdentifier: challenge.identifier)
            return
        }
        switch outcome {
        case .success(let kausf):
            let kamf: [UInt8]
            do {
                let kseaf = try KeyHierarchy.kseaf(kausf: kausf, servingNetworkName: servingNetworkName)
                kamf = try KeyHierarchy.kamf(kseaf: kseaf, supi: try SUPI("imsi-" + imsi))
            } catch {
                deviation("internalKeyError", "TS 33.501 A.6", "\(error)", slot: slot)
                rejectAuthentication(slot, eapIdentifier: challenge.identifier)
                return
            }
            ues[slot].authentication = nil
            startSecurityMode(slot, kamf: kamf, ngKSI: auth.ngKSI, eapSuccess: [EAPCode.success.rawValue, challenge.identifier, 0, 4])
        case .synchronizationFailure(let auts) where auth.resynchronisations < 2:
            do {
                if case .recovered(let sqnMS) = try FiveGAKANetwork.resynchronise(milenage: subscribers.milenage(of: sub), rand: auth.rand, auts: auts) {
                    subscribers.resynchronise(sub, sqnMS: sqnMS)
                    var next = auth
                    next.resynchronisations += 1
                    ues[slot].authentication = next
                    startAuthentication(slot)
                    return
                }
            } catch {
                deviation("malformedAUTS", "RFC 4187 §9.6", "\(error)", slot: slot, bytes: r.bytes)
            }
            rejectAuthentication(slot, eapIdentifier: challenge.identifier)
        default:
            deviation("authenticationFailed", "TS 33.501 §6.1.3.1", "EAP-AKA' response: \(outcome)", slot: slot, bytes: r.bytes)
            rejectAuthentication(slot, eapIdentifier: challenge.identifier)
        }
    }

    /// Authentication Response (TS 24.501 §5.4.1.3.4): HRES* against HXRES* (SEAF), RES* against XRES* (AUSF);
    /// a match derives KAMF and starts the Security Mode Command, a mismatch ends in Authentication Reject.
    mutating func handleAuthenticationResponse(_ slot: Int, _ m: AuthenticationResponse, _ r: ReceivedNAS) {
        guard ues[slot].procedure == .authentication, let auth = ues[slot].authentication, let imsi = ues[slot].imsi else {
            deviation("unexpectedNAS", "TS 24.501 §5.4.1.3", "Authentication Response without an Authentication Request", slot: slot, bytes: r.bytes)
            return
        }
        stopTimer(.t3560, slot: slot)
        if auth.method == .eapAKAPrime {
            handleEAPResponse(slot, m, r, auth: auth, imsi: imsi)
            return
        }
        let resStar = m.authenticationResponseParameter.map { Array($0.bytes) } ?? []
        // SEAF: HRES* from RES* equals HXRES*; AUSF: RES* equals XRES* (TS 33.501 §6.1.3.2.0 steps 10-11).
        let hres: [UInt8]
        do {
            hres = try KeyHierarchy.hresStar(rand: auth.rand, resStar: resStar)
        } catch {
            hres = []
        }
        guard resStar.count == 16, Self.sameBytes(hres, auth.hxresStar), Self.sameBytes(resStar, auth.xresStar) else {
            deviation("authenticationFailed", "TS 33.501 §6.1.3.2.2", "RES* does not match XRES*", slot: slot, bytes: r.bytes)
            rejectAuthentication(slot)
            return
        }
        let kamf: [UInt8]
        do {
            kamf = try KeyHierarchy.kamf(kseaf: auth.kseaf, supi: try SUPI("imsi-" + imsi))
        } catch {
            deviation("internalKeyError", "TS 33.501 A.7", "\(error)", slot: slot)
            rejectAuthentication(slot)
            return
        }
        ues[slot].authentication = nil
        startSecurityMode(slot, kamf: kamf, ngKSI: auth.ngKSI)
    }

    /// Authentication Failure (TS 24.501 §5.4.1.3.7): synch failure → resynchronisation (TS 33.102 §6.3.5) and a
    /// fresh challenge (twice at most); MAC failure or a non-5G AUTN → Authentication Reject.
    mutating func handleAuthenticationFailure(_ slot: Int, _ m: AuthenticationFailure, _ r: ReceivedNAS) {
        guard ues[slot].procedure == .authentication, var auth = ues[slot].authentication, let sub = ues[slot].subscriber else {
            deviation("unexpectedNAS", "TS 24.501 §5.4.1.3.7", "Authentication Failure without an Authentication Request", slot: slot, bytes: r.bytes)
            return
        }
        stopTimer(.t3560, slot: slot)
        if m.cause == .synchFailure, let auts = m.authenticationFailureParameter.map({ Array($0.bytes) }), auth.resynchronisations < 2 {
            do {
                switch try FiveGAKANetwork.resynchronise(milenage: subscribers.milenage(of: sub), rand: auth.rand, auts: auts) {
                case .recovered(let sqnMS):
                    subscribers.resynchronise(sub, sqnMS: sqnMS)
                    auth.resynchronisations += 1
                    ues[slot].authentication = auth
                    startAuthentication(slot)
                    return
                case .macSFailure:
                    deviation("autsMACFailure", "TS 33.102 §6.3.5", "AUTS does not verify (MAC-S)", slot: slot, bytes: r.bytes)
                }
            } catch {
                deviation("malformedAUTS", "TS 24.501 §9.11.3.14", "\(error)", slot: slot, bytes: r.bytes)
            }
        } else {
            deviation("authenticationFailureReceived", "TS 24.501 §5.4.1.3.7", "the UE refused the challenge: 5GMM cause \(m.cause.rawValue)",
                      slot: slot, bytes: r.bytes)
        }
        rejectAuthentication(slot)
    }

    /// Authentication Reject (TS 24.501 §5.4.1.3.5; with EAP-Failure for EAP-AKA'), then the connection is released.
    mutating func rejectAuthentication(_ slot: Int, eapIdentifier: UInt8? = nil) {
        let failure = eapIdentifier.map { EAPMessage(bytes: [EAPCode.failure.rawValue, $0, 0, 4][...]) }
        sendNAS(slot, .authenticationReject(AuthenticationReject(eapMessage: failure)), headerType: .plain)
        notice(.authenticationFailed(supi: ues[slot].supi ?? "?"))
        ues[slot].authentication = nil
        ues[slot].procedure = .none
        ues[slot].registered = false
        releaseConnection(slot, cause: .nas(.authenticationFailure))
    }

    /// Security Mode Command (TS 24.501 §5.4.2.2, TS 33.501 §6.7.2): the first algorithms of the AMF's
    /// preference lists the UE supports, the new context's keys from KAMF, the replayed capabilities; RINMR when
    /// the registration request must be resent protected; IMEISV when configured.
    /// A key set identifier the UE does not use (TS 33.501 §6.2.3): the one after the AMF's own, else after the
    /// one the UE named in its Registration Request (a UE that kept its context after deregistering answers a
    /// reused ngKSI with Authentication Failure #71, TS 24.501 §5.4.1.3.7 c), else 0.
    func nextNgKSI(_ slot: Int) -> UInt8 {
        let named = ues[slot].registration.map(\.request.ngKSI).flatMap { $0.isMapped || $0.value == 7 ? nil : $0.value }
        let previous = ues[slot].authentication?.ngKSI ?? ues[slot].security?.ngKSI ?? named ?? 6
        return (previous + 1) % 7
    }

    mutating func startSecurityMode(_ slot: Int, kamf: [UInt8], ngKSI: UInt8, eapSuccess: [UInt8]? = nil) {
        guard let cap = ues[slot].registration?.request.ueSecurityCapability ?? ues[slot].security?.ueCapability else {
            deviation("missingUESecurityCapability", "TS 24.501 §5.5.1.2.2", "no UE security capability to select algorithms from", slot: slot)
            rejectRegistration(slot, cause: FiveGMMCause.ueSecurityCapabilitiesMismatch.rawValue)
            return
        }
        func supports(_ octet: UInt8, _ n: UInt8) -> Bool { n < 8 && (octet >> (7 - n)) & 1 == 1 }
        guard let ia = configuration.security.integrity.first(where: { supports(cap.ia, $0.rawValue) }),
              let ea = configuration.security.ciphering.first(where: { supports(cap.ea, $0.rawValue) }) else {
            deviation("noCommonAlgorithm", "TS 33.501 §6.7.1", "the UE supports none of the configured NIA/NEA algorithms", slot: slot)
            rejectRegistration(slot, cause: FiveGMMCause.ueSecurityCapabilitiesMismatch.rawValue)
            return
        }
        let context: NASSecurityContext
        do {
            context = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
        } catch {
            deviation("internalKeyError", "TS 33.501 A.8", "\(error)", slot: slot)
            return
        }
        ues[slot].newSecurity = SecurityState(kamf: kamf, ngKSI: ngKSI, nas: context, ueCapability: cap)
        ues[slot].procedure = .securityMode
        let rinmr = !(ues[slot].registration?.integrityVerified ?? true)
        let command = SecurityModeCommand(
            selectedNASSecurityAlgorithms: NASSecurityAlgorithms(ciphering: ea.rawValue, integrity: ia.rawValue),
            ngKSI: NASKeySetIdentifier(value: ngKSI), replayedUESecurityCapabilities: cap,
            imeisvRequest: configuration.security.requestIMEISV ? IMEISVRequest(nibble: 1) : nil,
            additional5GSecurityInformation: rinmr ? Additional5GSecurityInformation(bytes: [0x02]) : nil,
            eapMessage: eapSuccess.map { EAPMessage(bytes: $0[...]) },
            abba: ABBA(bytes: [0x00, 0x00]))
        sendNAS(slot, .securityModeCommand(command), headerType: .integrityProtectedWithNewContext, retransmit: .t3560)
    }

    /// Security Mode Complete (TS 24.501 §5.4.2.3): verified with the new context (a bad MAC was already
    /// discarded, and T3560 retransmits the command); the new context is current; the full Registration Request
    /// from the NAS message container replaces the cleartext one.
    mutating func handleSecurityModeComplete(_ slot: Int, _ m: SecurityModeComplete, _ r: ReceivedNAS) {
        guard ues[slot].procedure == .securityMode, var sec = ues[slot].newSecurity else {
            deviation("unexpectedNAS", "TS 24.501 §5.4.2.3", "Security Mode Complete without a Security Mode Command", slot: slot, bytes: r.bytes)
            return
        }
        guard r.verified, r.newContext else {
            deviation("securityModeCompleteNotProtected", "TS 24.501 §5.4.2.3",
                      "Security Mode Complete must be integrity protected with the new context (header type 4); discarded", slot: slot, bytes: r.bytes)
            return
        }
        stopTimer(.t3560, slot: slot)
        sec.kgnbUplinkCount = r.count ?? 0
        ues[slot].security = sec
        ues[slot].newSecurity = nil
        ues[slot].procedure = .none
        ues[slot].retransmitMessage = []
        if case .imeisv(let i)? = m.imeisv { ues[slot].imeisv = i.digits }
        if let container = m.nasMessageContainer {
            var diagnostics: [NASDiagnostic] = []
            do {
                let inner = try NASMessage(nasEncoded: container.bytes, options: .tolerant, diagnostics: &diagnostics)
                if case .registrationRequest(let full) = inner, var reg = ues[slot].registration {
                    reg.request = full
                    reg.integrityVerified = true
                    ues[slot].registration = reg
                } else {
                    deviation("unexpectedContainer", "TS 24.501 §5.4.2.3", "the NAS message container holds \(inner.messageType)", slot: slot, bytes: r.bytes)
                }
            } catch {
                deviation("undecodableNAS", "TS 24.501 §5.4.2.3", "NAS message container: \(error)", slot: slot, bytes: r.bytes)
            }
        } else if ues[slot].registration?.hadUnprotectedNonCleartextIEs == true {
            deviation("missingNASMessageContainer", "TS 24.501 §4.4.6", "RINMR was set and the Security Mode Complete has no NAS message container",
                      slot: slot, bytes: r.bytes)
        }
        if ues[slot].registration != nil {
            sendRegistrationAccept(slot)
        }
    }

    /// Security Mode Reject (TS 24.501 §5.4.2.5): the registration fails.
    mutating func handleSecurityModeReject(_ slot: Int, _ m: SecurityModeReject, _ r: ReceivedNAS) {
        guard ues[slot].procedure == .securityMode else { return }
        stopTimer(.t3560, slot: slot)
        deviation("securityModeRejected", "TS 24.501 §5.4.2.5", "the UE rejected the Security Mode Command: cause \(m.cause.rawValue)",
                  slot: slot, bytes: r.bytes)
        ues[slot].newSecurity = nil
        ues[slot].procedure = .none
        notice(.registrationRejected(supi: ues[slot].supi, cause: m.cause.rawValue))
        releaseConnection(slot, cause: .nas(.unspecified))
    }

    /// Equal byte strings, compared without an early exit.
    static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var d: UInt8 = 0
        for i in 0..<a.count { d |= a[i] ^ b[i] }
        return d == 0
    }
}
