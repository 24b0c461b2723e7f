import FiveGSecurity
import NAS5GS
import NASSecurity

/// The security mode control procedure (TS 24.501 §5.4.2; TS 33.501 §6.7.2): the Security Mode Command takes a
/// new 5G NAS security context into use, checked against the UE's own capabilities.
extension UE {
    /// A message with security header type 3 or 4 ("new 5G NAS security context"): only a Security Mode Command
    /// may come so (TS 24.501 §9.3.1), integrity protected with the context it selects; its body is not ciphered.
    mutating func receiveNewContext(_ pdu: inout [UInt8], header: NASSecurityHeader, now: Duration, into actions: inout [UEAction]) {
        let original = pdu
        guard header.headerType == .integrityProtectedWithNewContext else {
            deviate("invalidSecurityHeaderType", "TS 24.501 §9.3.1", "security header type 4 is for a Security Mode Complete: discarded", bytes: original, into: &actions)
            return
        }
        guard let message = decode(pdu[NASSecurityHeader.length...], bytes: original, into: &actions) else { return }
        guard case .securityModeCommand(let smc) = message else {
            deviate("invalidSecurityHeaderType", "TS 24.501 §9.3.1", "\(message.name) with security header type 3 (new context): discarded", bytes: original, into: &actions)
            return
        }
        // The authentication ends with the network's next message after the UE's answer.
        if let started = authenticationStarted {
            report(.authentication, .success, started: started, now: now, into: &actions)
            authenticationStarted = nil
        }
        if securityModeStarted == nil { securityModeStarted = now }

        // EAP-AKA' may end with the EAP-Success in the Security Mode Command (TS 24.501 §5.4.2.2).
        if let eap = smc.eapMessage, eap.code == 3, !security.eapKAUSF.isEmpty {
            do {
                let kseaf = try KeyHierarchy.kseaf(kausf: security.eapKAUSF, servingNetworkName: servingNetworkName)
                security.pendingKAMF = try KeyHierarchy.kamf(kseaf: kseaf, supi: configuration.supi, abba: smc.abba.map { Array($0.bytes) } ?? [0, 0])
                security.pendingKSI = smc.ngKSI.value
                security.eapKAUSF = []
            } catch {
                deviate("invalidIE", "TS 24.501 §8.2.25", error.message, bytes: original, into: &actions)
            }
        }

        let ksi = smc.ngKSI.value
        let kamf: [UInt8]
        let previous: NASSecurityContext?
        if ksi == security.pendingKSI, !security.pendingKAMF.isEmpty {
            kamf = security.pendingKAMF
            previous = nil
        } else if let current = security.current, ksi == security.currentKSI {
            // The current KAMF with (possibly) other algorithms: the COUNTs go on (a replay does not verify).
            kamf = security.currentKAMF
            previous = current
        } else {
            securityModeRejected(.securityModeRejectedUnspecified, "Security Mode Command for ngKSI \(ksi), which names no context of the UE",
                                 bytes: original, now: now, into: &actions)
            return
        }
        let algorithms = smc.selectedNASSecurityAlgorithms
        let ia = IntegrityAlgorithm(rawValue: algorithms.integrity), ea = CipheringAlgorithm(rawValue: algorithms.ciphering)
        let capabilities = configuration.securityCapabilities
        guard capabilities.supportsIA(Int(ia.rawValue)), capabilities.supportsEA(Int(ea.rawValue)),
              ia.rawValue <= 3, ea.rawValue <= 3 else {
            securityModeRejected(.securityModeRejectedUnspecified, "selected \(ia)/\(ea), which the UE does not support", bytes: original, now: now, into: &actions)
            return
        }
        guard ia != .nia0 else {
            // TS 33.501 §5.5.2: null integrity only for unauthenticated emergency sessions.
            securityModeRejected(.securityModeRejectedUnspecified, "selected NIA0 outside an emergency session", bytes: original, now: now, into: &actions)
            return
        }
        guard (smc.additional5GSecurityInformation?.bytes.first ?? 0) & 0x01 == 0 else {
            securityModeRejected(.securityModeRejectedUnspecified, "horizontal derivation of KAMF (HDP) is not supported by the simulator",
                                 bytes: original, now: now, into: &actions)
            return
        }
        var candidate: NASSecurityContext
        do {
            let integrity = try IntegrityKey(algorithm: ia, key: try KeyHierarchy.knasInt(kamf: kamf, algorithm: ia))
            let ciphering = try CipheringKey(algorithm: ea, key: try KeyHierarchy.knasEnc(kamf: kamf, algorithm: ea))
            candidate = NASSecurityContext(role: .ue, integrityKey: integrity, cipheringKey: ciphering,
                                           nextUplinkCount: previous?.nextSendCount ?? .zero, nextDownlinkCount: previous?.nextReceiveCount ?? .zero)
            switch try candidate.unprotect(&pdu) {
            case .verified:
                break
            case .failed(.replayed(let count)):
                deviate("replayed", "TS 24.501 §4.4.3.2", "Security Mode Command replayed with \(count): discarded", bytes: original, into: &actions)
                return
            case .failed(let failure):
                securityModeRejected(.securityModeRejectedUnspecified, "Security Mode Command integrity check failed: \(failure)",
                                     kind: "macFailure", bytes: original, now: now, into: &actions)
                return
            case .notProtected:
                return
            }
        } catch {
            deviate("localSecurityFailure", "TS 33.501 A.8", error.message, bytes: original, into: &actions)
            return
        }
        // TS 24.501 §5.4.2.3: the replayed capabilities must be those the UE sent.
        let replayed = smc.replayedUESecurityCapabilities
        guard replayed.ea == capabilities.ea, replayed.ia == capabilities.ia else {
            securityModeRejected(.ueSecurityCapabilitiesMismatch,
                                 "replayed UE security capabilities EA \(hex8(replayed.ea)) IA \(hex8(replayed.ia)), the UE sent EA \(hex8(capabilities.ea)) IA \(hex8(capabilities.ia))",
                                 kind: "ueSecurityCapabilitiesMismatch", bytes: original, now: now, into: &actions)
            return
        }
        if replayed.eea != capabilities.eea || replayed.eia != capabilities.eia {
            // The EPS algorithms (octets 3-4) do not protect this NAS connection; real AMFs (OAI) drop them. The 5G
            // algorithms match, so the UE goes on, as real UEs do, and reports the alteration.
            deviate("replayedCapabilitiesAltered", "TS 24.501 §5.4.2.3, TS 33.501 §6.7.2",
                    "replayed EEA/EIA \(replayed.eea.map(hex8) ?? "absent")/\(replayed.eia.map(hex8) ?? "absent"), the UE sent "
                        + "\(capabilities.eea.map(hex8) ?? "absent")/\(capabilities.eia.map(hex8) ?? "absent"): accepted (5G algorithms match)",
                    bytes: original, into: &actions)
        }

        security.current = candidate
        security.currentKSI = ksi
        security.currentKAMF = kamf
        if previous == nil {
            security.pendingKSI = 7
            security.pendingKAMF = []
        }
        secureExchange = true

        var complete = SecurityModeComplete()
        if (smc.imeisvRequest?.nibble ?? 0) & 7 == 1 { complete.imeisv = .imeisv(IMEI(digits: configuration.imeisv, type: 5)) }
        if (smc.additional5GSecurityInformation?.bytes.first ?? 0) & 0x02 != 0 {
            // RINMR: the entire initial message in the NAS message container (TS 24.501 §4.4.6).
            if let full = registration?.fullRequest ?? service?.fullRequest { complete.nasMessageContainer = NASMessageContainer(full) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(96)
        out.append(contentsOf: Self.headerRoom)
        complete.nasEncode(into: &out)
        guard protectCurrent(&out, headerType: .integrityProtectedAndCipheredWithNewContext, into: &actions) else { return }
        emit(out, setup: nil, into: &actions)
    }

    /// Security Mode Reject (TS 24.501 §5.4.2.5), protected with the context in use before the command, if any.
    mutating func securityModeRejected(_ cause: FiveGMMCause, _ reason: String, kind: String = "securityModeCommandNotAccepted",
                                       bytes: [UInt8], now: Duration, into actions: inout [UEAction]) {
        deviate(kind, "TS 24.501 §5.4.2.5", reason, bytes: bytes, into: &actions)
        if let started = securityModeStarted {
            report(.securityMode, .failure("Security Mode Reject #\(cause.rawValue): \(reason)"), started: started, now: now, into: &actions)
            securityModeStarted = nil
        }
        send(SecurityModeReject(cause: cause), into: &actions)
    }
}

func hex8(_ v: UInt8) -> String {
    let s = String(v, radix: 16)
    return s.count == 1 ? "0" + s : s
}
