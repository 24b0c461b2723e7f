import FiveGSecurity
import NAS5GS

/// How the AMF resolved a 5GS mobile identity to a SUPI.
enum IdentityResolution {
    case imsi(String)
    /// A 5G-GUTI or 5G-S-TMSI this AMF does not know: ask for the SUCI.
    case unknownTemporaryIdentity
    /// A SUCI that cannot be de-concealed (no such home network key, MAC failure) or no identity at all.
    case undecodable(String)
}

extension CoreEmulator {
    /// The SUPI (IMSI digits) a mobile identity names (TS 23.003 §2.2B SUCI, TS 33.501 Annex C de-concealment).
    func resolve(_ identity: MobileIdentity) -> IdentityResolution {
        switch identity {
        case .suci(let s):
            guard case .imsi(let f) = s.value else { return .undecodable("a SUCI in NAI form") }
            let prefix = f.plmn.mcc + f.plmn.mnc
            switch f.protectionSchemeID {
            case 0:
                guard let msin = f.msin, !msin.isEmpty else { return .undecodable("a null-scheme SUCI without MSIN") }
                return .imsi(prefix + msin)
            case 1, 2:
                let scheme: HomeNetworkKey.Scheme = f.protectionSchemeID == 1 ? .profileA : .profileB
                guard let key = homeNetworkKeys.first(where: { $0.scheme == scheme && $0.id == f.homeNetworkPublicKeyID }) else {
                    return .undecodable("no \(scheme.rawValue) home network key with id \(f.homeNetworkPublicKeyID)")
                }
                do {
                    let outcome = try SUCI.deconceal(schemeOutput: Array(f.schemeOutput), scheme: ProtectionScheme(rawValue: f.protectionSchemeID),
                                                     homeNetworkPrivateKey: key.privateKey)
                    guard case .schemeInput(let input) = outcome else { return .undecodable("the SUCI's MAC tag does not verify") }
                    return .imsi(prefix + (try TBCD.decode(input)))
                } catch {
                    return .undecodable("SUCI de-concealment: \(error.message)")
                }
            default:
                return .undecodable("protection scheme \(f.protectionSchemeID) is not supported")
            }
        case .guti, .sTMSI:
            if let slot = slot(for: identity), let imsi = ues[slot].imsi { return .imsi(imsi) }
            return .unknownTemporaryIdentity
        default:
            return .undecodable("identity type \(identity.typeOfIdentity) cannot name a subscriber")
        }
    }

    /// Identity Response (TS 24.501 §5.4.3): the SUCI the AMF asked for; the registration goes on.
    mutating func handleIdentityResponse(_ slot: Int, _ m: IdentityResponse, _ r: ReceivedNAS) {
        guard ues[slot].procedure == .identification else {
            deviation("unexpectedNAS", "TS 24.501 §5.4.3", "Identity Response without an Identity Request", slot: slot, bytes: r.bytes)
            return
        }
        stopTimer(.t3570, slot: slot)
        ues[slot].procedure = .none
        identified(slot, resolve(m.mobileIdentity), bytes: r.bytes)
    }

    /// Binds the UE to its subscription and goes on with authentication, or rejects the registration.
    mutating func identified(_ slot: Int, _ resolution: IdentityResolution, bytes: [UInt8]) {
        switch resolution {
        case .unknownTemporaryIdentity:
            ues[slot].procedure = .identification
            sendNAS(slot, .identityRequest(IdentityRequest(identityType: IdentityType(nibble: 1))), retransmit: .t3570)
        case .undecodable(let why):
            deviation("unresolvableIdentity", "TS 33.501 §6.12.2", why, slot: slot, bytes: bytes)
            rejectRegistration(slot, cause: configuration.security.unknownSubscriberCause)
        case .imsi(let imsi):
            guard let sub = subscribers.find(imsi: imsi) else {
                rejectRegistration(slot, cause: configuration.security.unknownSubscriberCause, supi: "imsi-" + imsi)
                return
            }
            if let other = ues.byIMSI[imsi], other != slot {
                // The subscriber registers again with a new identity: the old context goes (TS 23.502 §4.2.2.2.2).
                if ues[other].connection != nil { releaseConnection(other, cause: .nas(.normalRelease)); detachConnection(other) }
                removeAllSessions(other)
                ues.release(other)
            }
            ues[slot].imsi = imsi
            ues[slot].subscriber = sub
            ues.byIMSI[imsi] = slot
            if let cause = faults.rejectCause(imsi: imsi, .registration) {
                rejectRegistration(slot, cause: cause)
                return
            }
            startAuthentication(slot)
        }
    }

    /// Registration Reject (TS 24.501 §5.5.1.2.5) and the release of the connection.
    mutating func rejectRegistration(_ slot: Int, cause: UInt8, supi: String? = nil) {
        sendNAS(slot, .registrationReject(RegistrationReject(cause: FiveGMMCause(cause))))
        notice(.registrationRejected(supi: supi ?? ues[slot].supi, cause: cause))
        ues[slot].registered = false
        ues[slot].procedure = .none
        releaseConnection(slot, cause: .nas(.unspecified))
    }
}
