import FiveGSecurity
import NAS5GS

/// Everything the embedded core runs with: what `coregate core --config FILE` reads (docs/core.md), as plain
/// values with every default applied. The loader (`CoreConfigLoader` in TestPlan) checks the file; `CoreEmulator`
/// re-checks what only it can (keys of a curve) when it starts.
public struct CoreConfiguration: Hashable, Sendable {
    /// The serving PLMN (also the home PLMN of the subscribers: no roaming).
    public var plmn: CorePLMN
    public var amf: AMFConfiguration
    public var upf: UPFConfiguration
    public var dnns: [DNNConfiguration]
    public var subscribers: [SubscriberRangeConfiguration]
    public var security: SecurityConfiguration
    public var timers: TimerConfiguration
    public var sessions: SessionPolicy
    public var faults: FaultConfiguration
    /// Seed of the core's random values (RAND, 5G-TMSI): the same seed and events give the same messages.
    public var seed: UInt64

    public init(plmn: CorePLMN = CorePLMN(mcc: "001", mnc: "01"), amf: AMFConfiguration = AMFConfiguration(),
                upf: UPFConfiguration = UPFConfiguration(), dnns: [DNNConfiguration] = [DNNConfiguration()],
                subscribers: [SubscriberRangeConfiguration] = [], security: SecurityConfiguration = SecurityConfiguration(),
                timers: TimerConfiguration = TimerConfiguration(), sessions: SessionPolicy = SessionPolicy(),
                faults: FaultConfiguration = FaultConfiguration(), seed: UInt64 = 1) {
        self.plmn = plmn
        self.amf = amf
        self.upf = upf
        self.dnns = dnns
        self.subscribers = subscribers
        self.security = security
        self.timers = timers
        self.sessions = sessions
        self.faults = faults
        self.seed = seed
    }
}

/// MCC (3 digits) and MNC (2 or 3 digits) as text.
public struct CorePLMN: Hashable, Sendable, CustomStringConvertible {
    public var mcc: String
    public var mnc: String
    public init(mcc: String, mnc: String) {
        self.mcc = mcc
        self.mnc = mnc
    }
    /// The 3-octet BCD form NAS and NGAP share.
    public var identity: PLMNIdentity { PLMNIdentity(mcc: mcc, mnc: mnc) }
    public var description: String { "\(mcc)-\(mnc)" }
}

/// An S-NSSAI: SST and optional SD (24 bits).
public struct CoreSNSSAI: Hashable, Sendable, CustomStringConvertible {
    public var sst: UInt8
    public var sd: UInt32?
    public init(sst: UInt8, sd: UInt32? = nil) {
        self.sst = sst
        self.sd = sd
    }
    public var description: String { sd.map { "\(sst)/\(String($0, radix: 16))" } ?? "\(sst)" }
}

/// The AMF's identity and what it serves (TS 23.003 §2.10.1 GUAMI, TS 38.413 §9.2.6.2 NG Setup Response).
public struct AMFConfiguration: Hashable, Sendable {
    /// N2 address and SCTP port the driver listens on.
    public var address: String
    public var port: UInt16
    public var name: String
    /// AMF Region ID (8 bits), AMF Set ID (10 bits), AMF Pointer (6 bits).
    public var regionID: UInt8
    public var setID: UInt16
    public var pointer: UInt8
    /// Relative AMF capacity (TS 38.413 §9.3.1.32), 0...255.
    public var relativeCapacity: UInt8
    /// Served tracking area codes (24 bits each).
    public var tacs: [UInt32]
    /// Slices the AMF supports in its PLMN.
    public var slices: [CoreSNSSAI]

    public init(address: String = "127.0.0.50", port: UInt16 = 38412, name: String = "coregate-amf", regionID: UInt8 = 2,
                setID: UInt16 = 1, pointer: UInt8 = 0, relativeCapacity: UInt8 = 255, tacs: [UInt32] = [1],
                slices: [CoreSNSSAI] = [CoreSNSSAI(sst: 1)]) {
        self.address = address
        self.port = port
        self.name = name
        self.regionID = regionID
        self.setID = setID
        self.pointer = pointer
        self.relativeCapacity = relativeCapacity
        self.tacs = tacs
        self.slices = slices
    }
}

/// The UPF's N3 address (what the SMF signals as the UL tunnel address) and its data-network side address.
public struct UPFConfiguration: Hashable, Sendable {
    public var address: IPAddress
    public var dnAddress: IPAddress
    public init(address: IPAddress = .v4(IPv4Address(rawValue: 0x7F00_0033)), dnAddress: IPAddress = .v4(IPv4Address(rawValue: 0x0A3C_0001))) {
        self.address = address
        self.dnAddress = dnAddress
    }
}

/// A data network: its name, address pools and session parameters.
public struct DNNConfiguration: Hashable, Sendable {
    public var name: String
    /// IPv4 pool (network address and prefix length); the network, broadcast and UPF DN addresses are never given out.
    public var ipv4Pool: IPv4Pool?
    /// IPv6 prefix pool; each session gets one `/64` from it (TS 23.501 §5.8.2.2.3).
    public var ipv6Pool: IPv6Prefix?
    /// Session AMBR (bits per second).
    public var ambrUplink: UInt64
    public var ambrDownlink: UInt64
    /// 5QI of the default QoS flow (QFI 1).
    public var fiveQI: UInt8
    /// ARP priority level of the default QoS flow, 1...15.
    public var arpPriority: UInt8

    /// An IPv4 network: address and prefix length.
    public struct IPv4Pool: Hashable, Sendable, CustomStringConvertible {
        public var network: IPv4Address
        public var length: Int
        public init(network: IPv4Address, length: Int) {
            self.network = network
            self.length = length
        }
        public var description: String { "\(network)/\(length)" }
    }

    public init(name: String = "internet", ipv4Pool: IPv4Pool? = IPv4Pool(network: IPv4Address(rawValue: 0x0A3C_0000), length: 16), ipv6Pool: IPv6Prefix? = nil,
                ambrUplink: UInt64 = 1_000_000_000, ambrDownlink: UInt64 = 1_000_000_000, fiveQI: UInt8 = 9, arpPriority: UInt8 = 8) {
        self.name = name
        self.ipv4Pool = ipv4Pool
        self.ipv6Pool = ipv6Pool
        self.ambrUplink = ambrUplink
        self.ambrDownlink = ambrDownlink
        self.fiveQI = fiveQI
        self.arpPriority = arpPriority
    }
}

/// OPc, or OP from which the core computes OPc (TS 35.206 §4.1).
public enum CoreOperatorKey: Hashable, Sendable {
    case opc([UInt8])
    case op([UInt8])
}

/// The primary authentication method the home network chooses (TS 33.501 §6.1.2).
public enum AuthenticationMethod: String, Hashable, Sendable, CaseIterable {
    case fiveGAKA = "5g-aka"
    case eapAKAPrime = "eap-aka-prime"
}

/// `count` subscribers with consecutive IMSIs sharing keys, slices and DNNs (the shape test plans use).
public struct SubscriberRangeConfiguration: Hashable, Sendable {
    /// The first IMSI's digits; subscriber `i` has the same number of digits, plus `i`.
    public var firstIMSI: String
    public var count: Int
    public var k: [UInt8]
    public var operatorKey: CoreOperatorKey
    /// The AMF field of AUTN (2 bytes, separation bit set for 5G: TS 33.501 Annex A.2).
    public var amfField: [UInt8]
    /// The first SQN the home network uses (6 bytes); each new vector takes the next (TS 33.102 Annex C.3).
    public var sqn: [UInt8]
    public var slices: [CoreSNSSAI]
    public var dnns: [String]
    /// The authentication method, when this range does not use `security.authentication`.
    public var authentication: AuthenticationMethod?

    public init(firstIMSI: String, count: Int = 1, k: [UInt8], operatorKey: CoreOperatorKey, amfField: [UInt8] = [0x80, 0x00],
                sqn: [UInt8] = [0, 0, 0, 0, 0, 0], slices: [CoreSNSSAI] = [CoreSNSSAI(sst: 1)], dnns: [String] = ["internet"],
                authentication: AuthenticationMethod? = nil) {
        self.firstIMSI = firstIMSI
        self.count = count
        self.k = k
        self.operatorKey = operatorKey
        self.amfField = amfField
        self.sqn = sqn
        self.slices = slices
        self.dnns = dnns
        self.authentication = authentication
    }
}

/// A home network key pair half for SUCI de-concealment (TS 33.501 Annex C.3): the private key of a scheme and
/// key identifier.
public struct HomeNetworkKey: Hashable, Sendable {
    public enum Scheme: String, Hashable, Sendable, CaseIterable {
        case profileA = "profile-a"
        case profileB = "profile-b"
    }
    public var scheme: Scheme
    public var id: UInt8
    /// 32 bytes (X25519 scalar for Profile A, P-256 scalar for Profile B).
    public var privateKey: [UInt8]
    public init(scheme: Scheme, id: UInt8, privateKey: [UInt8]) {
        self.scheme = scheme
        self.id = id
        self.privateKey = privateKey
    }
}

/// NAS security choices of the AMF (TS 33.501 §6.7.1: the AMF picks the first algorithm of its priority list the
/// UE supports), the home network keys and the registration answer for unknown subscribers.
public struct SecurityConfiguration: Hashable, Sendable {
    /// Integrity algorithms in order of preference (NIA0 only when listed: TS 33.501 §5.5.2).
    public var integrity: [IntegrityAlgorithm]
    /// Ciphering algorithms in order of preference.
    public var ciphering: [CipheringAlgorithm]
    /// Ask for the IMEISV in the Security Mode Command (TS 24.501 §5.4.2.2).
    public var requestIMEISV: Bool
    /// The authentication method unless a subscriber range says otherwise.
    public var authentication: AuthenticationMethod
    public var homeNetworkKeys: [HomeNetworkKey]
    /// 5GMM cause of the Registration Reject for a SUPI with no subscription (TS 24.501 §5.5.1.2.5).
    public var unknownSubscriberCause: UInt8

    public init(integrity: [IntegrityAlgorithm] = [.nia2, .nia1, .nia3], ciphering: [CipheringAlgorithm] = [.nea0, .nea2, .nea1, .nea3],
                requestIMEISV: Bool = false, authentication: AuthenticationMethod = .fiveGAKA, homeNetworkKeys: [HomeNetworkKey] = [],
                unknownSubscriberCause: UInt8 = FiveGMMCause.fiveGSServicesNotAllowed.rawValue) {
        self.integrity = integrity
        self.ciphering = ciphering
        self.requestIMEISV = requestIMEISV
        self.authentication = authentication
        self.homeNetworkKeys = homeNetworkKeys
        self.unknownSubscriberCause = unknownSubscriberCause
    }
}

/// Timer values (TS 24.501 §10.2, §10.3 defaults) and how often a NAS message is retransmitted.
public struct TimerConfiguration: Hashable, Sendable {
    /// Periodic registration timer given to UEs in the Registration Accept (default 54 min).
    public var t3512: Duration
    public var t3513: Duration
    public var t3522: Duration
    public var t3550: Duration
    public var t3555: Duration
    public var t3560: Duration
    public var t3570: Duration
    public var t3591: Duration
    public var t3592: Duration
    /// Retransmissions before a procedure is aborted on the next expiry (4: the fifth expiry aborts).
    public var retransmissions: Int

    public init(t3512: Duration = .seconds(3240), t3513: Duration = .seconds(4), t3522: Duration = .seconds(6), t3550: Duration = .seconds(6),
                t3555: Duration = .seconds(6), t3560: Duration = .seconds(6), t3570: Duration = .seconds(6), t3591: Duration = .seconds(16),
                t3592: Duration = .seconds(16), retransmissions: Int = 4) {
        self.t3512 = t3512
        self.t3513 = t3513
        self.t3522 = t3522
        self.t3550 = t3550
        self.t3555 = t3555
        self.t3560 = t3560
        self.t3570 = t3570
        self.t3591 = t3591
        self.t3592 = t3592
        self.retransmissions = retransmissions
    }

    func value(_ kind: CoreTimerKind) -> Duration {
        switch kind {
        case .t3513: t3513
        case .t3522: t3522
        case .t3550: t3550
        case .t3555: t3555
        case .t3560: t3560
        case .t3570: t3570
        case .t3591: t3591
        case .t3592: t3592
        case .delayedSend: .zero
        }
    }
}

/// How the SMF answers UE-requested PDU session modification (TS 24.501 §6.4.2): accept with a PDU Session
/// Modification Command, or refuse with a PDU Session Modification Reject (the session stays as it was).
public struct SessionPolicy: Hashable, Sendable {
    public enum Modification: String, Hashable, Sendable, CaseIterable {
        case accept
        case reject
    }
    public var modification: Modification
    /// 5GSM cause of the reject (default #31 request rejected, unspecified).
    public var modificationRejectCause: UInt8
    /// Buffer downlink data of idle UEs in the UPF (else drop it; paging happens either way).
    public var bufferWhileIdle: Bool

    public init(modification: Modification = .accept, modificationRejectCause: UInt8 = FiveGSMCause.requestRejectedUnspecified.rawValue,
                bufferWhileIdle: Bool = true) {
        self.modification = modification
        self.modificationRejectCause = modificationRejectCause
        self.bufferWhileIdle = bufferWhileIdle
    }
}
