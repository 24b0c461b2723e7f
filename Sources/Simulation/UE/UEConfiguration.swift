import FiveGSecurity
import NAS5GS

/// What a simulated UE is: its USIM (SUPI, K, OPc or OP, SQN state), its SUCI scheme, what it supports and what
/// it asks for. One value per UE; the driver builds them from a test plan's subscriber ranges.
public struct UEConfiguration: Sendable {
    /// The SUPI: an IMSI (`imsi-…`) or an NAI (`nai-…`), TS 23.003 §2.2A.
    public var supi: SUPI
    /// The subscriber key K (16 octets).
    public var k: [UInt8]
    /// The operator variant: OPc, or OP from which the USIM computes OPc (TS 35.206 §4.1).
    public var operatorKey: DerivedKeySet.OperatorKey
    /// The USIM's SQN state (TS 33.102 §6.3.3, Annex C.2): SQN_MS and the optional Δ limit.
    public var sqn: SQNFreshness
    /// The authentication management field of the subscriber's vectors (TS 33.102 §6.3.2). The UE only checks
    /// its separation bit (TS 33.501 §6.1.3.2.0); the value is kept with the subscriber so that a plan can
    /// provision the same subscription to a core.
    public var authenticationManagementField: UInt16
    /// The home PLMN (MCC and the 2- or 3-digit MNC of the IMSI).
    public var homePLMN: PLMNIdentity
    /// The PLMN of the cells the UE camps on (the home PLMN unless roaming): its serving network name goes into
    /// RES* and KAUSF (TS 33.501 §6.1.1.4).
    public var servingPLMN: PLMNIdentity
    /// How the SUPI is concealed in the SUCI (TS 33.501 §6.12.2, Annex C).
    public var suciProtection: SUCIProtection
    /// The routing indicator of the SUCI, 1 to 4 digits (TS 23.003 §2.2B).
    public var routingIndicator: String
    /// The 5G-EA and 5G-IA algorithms the UE supports (TS 24.501 §9.11.3.54; EA0/IA0 in bit 8).
    public var securityCapabilities: UESecurityCapability
    /// The S-NSSAIs the UE requests at registration (TS 24.501 §9.11.3.37); none when empty.
    public var requestedNSSAI: [SNSSAI]
    /// The DNNs the UE may use; a session request without a DNN uses the first.
    public var dnns: [String]
    /// IMEISV, 16 digits (TS 23.003 §6.2.2); its first 14 digits and a Luhn check digit make the IMEI.
    public var imeisv: String
    /// A 5G-GUTI kept in non-volatile memory from an earlier registration, without a security context: the
    /// UE registers with it instead of a SUCI (TS 24.501 §5.5.1.2.2).
    public var storedGUTI: FiveGGUTI?
    /// The last visited registered TAI, sent in the full Registration Request when known.
    public var lastVisitedTAI: TrackingAreaIdentity?
    /// The follow-on request bit of the Registration Request (TS 24.501 §9.11.3.7): the UE keeps the NAS
    /// signalling connection for signalling that follows (a PDU session).
    public var followOnRequest: Bool
    /// The identity used by EAP-AKA' in MK (TS 33.501 Annex F, RFC 9048 §3.3); the IMSI digits or NAI by default.
    public var eapIdentity: [UInt8]
    /// Timer values (TS 24.501 §10.2 tables 10.2.1 and 10.3.1).
    public var timers: UETimerValues
    /// Whether the UE answers a message it cannot accept with 5GMM STATUS / 5GSM STATUS (TS 24.501 §7): on by
    /// default; a deviation action is reported either way.
    public var answersWithStatus: Bool
    /// Whether the UE tries again after T3502 once the registration attempt counter reached its maximum
    /// (TS 24.501 §5.5.1.2.7): on by default, as the specification has it.
    public var retriesAfterT3502: Bool

    public init(supi: SUPI, k: [UInt8], operatorKey: DerivedKeySet.OperatorKey, homePLMN: PLMNIdentity, servingPLMN: PLMNIdentity? = nil,
                sqn: SQNFreshness = SQNFreshness(), authenticationManagementField: UInt16 = 0x8000,
                suciProtection: SUCIProtection = .null, routingIndicator: String = "0",
                securityCapabilities: UESecurityCapability = UESecurityCapability(ea: 0xF0, ia: 0x70),
                requestedNSSAI: [SNSSAI] = [SNSSAI(sst: 1)], dnns: [String] = ["internet"],
                imeisv: String = "4370816125816151", storedGUTI: FiveGGUTI? = nil,
                lastVisitedTAI: TrackingAreaIdentity? = nil, followOnRequest: Bool = true, eapIdentity: [UInt8]? = nil,
                timers: UETimerValues = UETimerValues(), answersWithStatus: Bool = true, retriesAfterT3502: Bool = true) {
        self.supi = supi
        self.k = k
        self.operatorKey = operatorKey
        self.sqn = sqn
        self.authenticationManagementField = authenticationManagementField
        self.homePLMN = homePLMN
        self.servingPLMN = servingPLMN ?? homePLMN
        self.suciProtection = suciProtection
        self.routingIndicator = routingIndicator
        self.securityCapabilities = securityCapabilities
        self.requestedNSSAI = requestedNSSAI
        self.dnns = dnns
        self.imeisv = imeisv
        self.storedGUTI = storedGUTI
        self.lastVisitedTAI = lastVisitedTAI
        self.followOnRequest = followOnRequest
        self.eapIdentity = eapIdentity ?? supi.kdfParameter
        self.timers = timers
        self.answersWithStatus = answersWithStatus
        self.retriesAfterT3502 = retriesAfterT3502
    }

    /// The serving network name of the serving PLMN (TS 24.501 §9.12.1), the input of RES* and KAUSF.
    public var servingNetworkName: String {
        "5G:mnc\(servingPLMN.mnc.count == 2 ? "0" + servingPLMN.mnc : servingPLMN.mnc).mcc\(servingPLMN.mcc).3gppnetwork.org"
    }

    /// The IMEI: the first 14 digits of the IMEISV and the Luhn check digit (TS 23.003 §6.2.1, Annex B).
    public var imei: String {
        let body = Array(imeisv.utf8.prefix(14)).map { Int($0) - 0x30 }
        var sum = 0
        for (i, d) in body.enumerated() {
            if i % 2 == 1 {
                let x = d * 2
                sum += x / 10 + x % 10
            } else {
                sum += d
            }
        }
        let check = (10 - sum % 10) % 10
        return String(imeisv.prefix(14)) + String(check)
    }
}

/// The SUPI protection scheme of the SUCI (TS 33.501 Annex C) with what it needs.
public enum SUCIProtection: Sendable, Equatable {
    /// The null scheme: the MSIN in clear.
    case null
    /// ECIES Profile A (X25519) with the home network public key (32 octets) and its identifier.
    case profileA(homeNetworkPublicKey: [UInt8], keyID: UInt8, ephemeralKeys: EphemeralKeySource = .random)
    /// ECIES Profile B (P-256) with the home network public key (33 or 65 octets) and its identifier.
    case profileB(homeNetworkPublicKey: [UInt8], keyID: UInt8, ephemeralKeys: EphemeralKeySource = .random)

    var scheme: ProtectionScheme {
        switch self {
        case .null: .null
        case .profileA: .profileA
        case .profileB: .profileB
        }
    }
}

/// Where the ECIES ephemeral key pairs of a SUCI come from.
public enum EphemeralKeySource: Sendable, Equatable {
    /// A fresh random key pair per SUCI, as TS 33.501 §6.12.2 asks.
    case random
    /// Private key n = SHA-256(seed || n as 8 octets), n counting the SUCIs made: the same run gives the same
    /// bytes (tests, reproducible captures). Not for use against a real network that checks freshness.
    case derived(seed: [UInt8])
}

/// Timer values of the UE (TS 24.501 §10.2 table 10.2.2 for 5GMM, §10.3 table 10.3.2 for 5GSM). T3512 and
/// T3502 come from the network when it gives them (Registration Accept/Reject); these are the defaults.
public struct UETimerValues: Sendable, Equatable {
    public var t3502: Duration = .seconds(720)
    public var t3510: Duration = .seconds(15)
    public var t3511: Duration = .seconds(10)
    public var t3512: Duration = .seconds(3240)
    public var t3517: Duration = .seconds(15)
    public var t3520: Duration = .seconds(15)
    public var t3521: Duration = .seconds(15)
    public var t3580: Duration = .seconds(16)
    public var t3581: Duration = .seconds(16)
    public var t3582: Duration = .seconds(16)
    /// The registration attempt counter's maximum before T3502 (TS 24.501 §5.5.1.2.7: 5).
    public var maximumRegistrationAttempts = 5
    /// Retransmissions of a Deregistration Request on T3521 and of a 5GSM request on T3580/T3581/T3582
    /// before the procedure is aborted (TS 24.501 §5.5.2.2.6, §6.4.1.6, §6.4.2.6, §6.4.3.6: 4).
    public var maximumRetransmissions = 4

    public init() {}
}
