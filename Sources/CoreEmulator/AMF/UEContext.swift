import FiveGSecurity
import NAS5GS
import NASSecurity

/// The N2 side of a UE in CM-CONNECTED: which gNB association, the two NGAP UE ids and the stream the AMF
/// sends its UE-associated messages on (TS 38.413 §8: UE-associated signalling on one stream per UE, not 0).
struct N2Connection: Hashable {
    var association: AssociationID
    var ranUENGAPID: UInt64
    var amfUENGAPID: UInt64
    var stream: UInt16
    /// Initial Context Setup completed: the gNB has the AS security context (KgNB).
    var contextSetUp: Bool = false
    /// An Initial Context Setup Request is outstanding.
    var contextSetupPending: Bool = false
    /// A UE Context Release Command was sent; waiting for the Complete.
    var releasing: Bool = false
    /// The TAI of the last User Location Information.
    var tac: UInt32?
}

/// Which 5GMM procedure the AMF runs for the UE (TS 24.501 §5.1.3.2.3 network states, refined per procedure).
enum MMProcedure: Hashable {
    case none
    /// Identity Request sent (T3570); the registration waits.
    case identification
    /// Authentication Request sent (T3560).
    case authentication
    /// Security Mode Command sent (T3560).
    case securityMode
    /// Registration Accept sent (T3550); waiting for Registration Complete.
    case registrationAccepted
    /// Deregistration Request (UE terminated) sent (T3522).
    case networkDeregistration
    /// Configuration Update Command with acknowledgement requested sent (T3555).
    case configurationUpdate
}

/// The registration the AMF is working on: the request (the trusted one: the initial message when it was
/// integrity-checked, else the one in the Security Mode Complete's NAS message container) and what it asked.
struct PendingRegistration {
    var registrationType: UInt8
    var followOnRequest: Bool
    var request: RegistrationRequest
    /// The initial message was integrity-protected and verified (TS 24.501 §4.4.6).
    var integrityVerified: Bool
    /// The UE sent non-cleartext IEs without protection: they were set aside (TS 24.501 §4.4.6).
    var hadUnprotectedNonCleartextIEs: Bool
}

/// What the AMF keeps of an authentication in progress (the AUSF/SEAF part).
struct AuthenticationState {
    var method: AuthenticationMethod
    var rand: [UInt8]
    var autn: [UInt8]
    var ngKSI: UInt8
    /// 5G AKA: HXRES* and XRES* (TS 33.501 §6.1.3.2).
    var xresStar: [UInt8] = []
    var hxresStar: [UInt8] = []
    var kseaf: [UInt8] = []
    /// EAP-AKA': the challenge sent.
    var eap: EAPAKAPrimeChallenge?
    /// Authentication failures with #21 answered by a new challenge in this procedure (TS 24.501 §5.4.1.3.7).
    var resynchronisations: Int = 0
    var macFailures: Int = 0
}

/// The NAS security of a UE: KAMF, ngKSI, the context in use and the UE's capabilities as it sent them.
struct SecurityState {
    var kamf: [UInt8]
    var ngKSI: UInt8
    var nas: NASSecurityContext
    var ueCapability: UESecurityCapability
    /// The uplink NAS COUNT KgNB is derived with (TS 33.501 A.9): the SMC Complete's after an SMC, the initial
    /// message's otherwise.
    var kgnbUplinkCount: UInt32 = 0
    /// NH and NCC for handovers (TS 33.501 §6.9.2.1.1, A.10).
    var nh: [UInt8] = []
    var ncc: UInt8 = 0
    var kgnb: [UInt8] = []
}

/// One PDU session (the SMF's context of it).
struct PDUSession {
    enum State: Hashable {
        /// Accept sent with the N2 setup request; waiting for the gNB.
        case establishing
        case active
        /// Modification Command sent (T3591).
        case modifying
        /// Release Command sent (T3592); `n1Done`, `n2Done` tell which halves answered.
        case releasing(n1Done: Bool, n2Done: Bool)
    }
    var id: UInt8
    var pti: UInt8
    var dnn: Int
    var sNSSAI: CoreSNSSAI
    var type: UInt8
    var ipv4: IPv4Address?
    var ipv6Prefix: IPv6Prefix?
    var ipv6IID: UInt64?
    var ulTEID: UInt32
    var key: UPFSessionKey
    var downlink: GTPTunnelEndpoint?
    var state: State
    /// User-plane resources established in the current N2 connection.
    var upActive: Bool = false
    /// Downlink data waits for the UE (paged).
    var pendingDownlink: Bool = false
    var ambrUplink: UInt64
    var ambrDownlink: UInt64
    /// The 5GSM command to retransmit (T3591, T3592) and how often it was.
    var lastCommand: [UInt8] = []
    var retransmissions: Int = 0
    var timerToken: UInt32 = 0
}

/// One UE as the AMF knows it (TS 23.502 §5.2 UE context), plus its PDU sessions.
struct UEContext {
    var inUse = false
    var generation: UInt32 = 0
    /// IMSI digits once identified.
    var imsi: String?
    var subscriber: SubscriberStore.Subscriber?
    var registered = false
    var tmsi: UInt32?
    /// The TMSI of a Registration Accept or Configuration Update not yet acknowledged (the old one stays valid).
    var pendingTMSI: UInt32?
    var connection: N2Connection?
    var procedure: MMProcedure = .none
    var registration: PendingRegistration?
    var authentication: AuthenticationState?
    var security: SecurityState?
    /// The context a Security Mode Command takes into use, until the Complete verifies.
    var newSecurity: SecurityState?
    var imeisv: String?
    var sessions: [PDUSession] = []
    /// Timer tokens (one per 5GMM timer; a fired timer whose token differs is stale).
    var timerTokens = TimerTokens()
    /// The plain NAS message a running 5GMM timer retransmits, and how often it has.
    var retransmitMessage: [UInt8] = []
    var retransmitHeader = NASSecurityHeaderType.integrityProtectedAndCiphered
    var retransmissions = 0
    var paging = false
    /// The initial message was a Service Request; its type.
    var serviceType: UInt8?

    var supi: String? { imsi.map { "imsi-" + $0 } }
    var isConnected: Bool { connection != nil }
}

/// A token per timer kind (a small fixed array without heap storage).
struct TimerTokens: Hashable {
    private var t3513: UInt32 = 0, t3522: UInt32 = 0, t3550: UInt32 = 0, t3555: UInt32 = 0, t3560: UInt32 = 0, t3570: UInt32 = 0

    subscript(kind: CoreTimerKind) -> UInt32 {
        get {
            switch kind {
            case .t3513: t3513
            case .t3522: t3522
            case .t3550: t3550
            case .t3555: t3555
            case .t3560: t3560
            case .t3570: t3570
            default: 0
            }
        }
        set {
            switch kind {
            case .t3513: t3513 = newValue
            case .t3522: t3522 = newValue
            case .t3550: t3550 = newValue
            case .t3555: t3555 = newValue
            case .t3560: t3560 = newValue
            case .t3570: t3570 = newValue
            default: break
            }
        }
    }
}

/// UE contexts in one flat array, found through dictionaries by NGAP UE id, SUPI and 5G-TMSI.
struct UEStore {
    private(set) var slots: [UEContext] = []
    private var free: [Int] = []
    var byAMFUENGAPID: [UInt64: Int] = [:]
    var byRANUENGAPID: [RANKey: Int] = [:]
    var byIMSI: [String: Int] = [:]
    var byTMSI: [UInt32: Int] = [:]
    var bySession: [UPFSessionKey: Int] = [:]
    private var generation: UInt32 = 0

    struct RANKey: Hashable {
        var association: AssociationID
        var ranUENGAPID: UInt64
    }

    var count: Int { slots.count - free.count }

    subscript(slot: Int) -> UEContext {
        get { slots[slot] }
        _modify { yield &slots[slot] }
    }

    mutating func allocate() -> Int {
        generation &+= 1
        var c = UEContext()
        c.inUse = true
        c.generation = generation
        if let slot = free.popLast() {
            c.timerTokens = slots[slot].timerTokens   // tokens keep growing so stale timers stay stale
            slots[slot] = c
            return slot
        }
        slots.append(c)
        return slots.count - 1
    }

    /// Forgets the UE and every index to it.
    mutating func release(_ slot: Int) {
        guard slot < slots.count, slots[slot].inUse else { return }
        let c = slots[slot]
        if let conn = c.connection { detach(conn) }
        if let imsi = c.imsi, byIMSI[imsi] == slot { byIMSI[imsi] = nil }
        for t in [c.tmsi, c.pendingTMSI] { if let t, byTMSI[t] == slot { byTMSI[t] = nil } }
        for s in c.sessions where bySession[s.key] == slot { bySession[s.key] = nil }
        var tokens = c.timerTokens
        for kind in CoreTimerKind.allCases { tokens[kind] &+= 1 }
        slots[slot] = UEContext()
        slots[slot].timerTokens = tokens
        free.append(slot)
    }

    mutating func attach(_ slot: Int, _ conn: N2Connection) {
        byAMFUENGAPID[conn.amfUENGAPID] = slot
        byRANUENGAPID[RANKey(association: conn.association, ranUENGAPID: conn.ranUENGAPID)] = slot
        slots[slot].connection = conn
    }

    /// Removes the connection's indexes (the caller clears `connection`).
    mutating func detach(_ conn: N2Connection) {
        byAMFUENGAPID[conn.amfUENGAPID] = nil
        let key = RANKey(association: conn.association, ranUENGAPID: conn.ranUENGAPID)
        byRANUENGAPID[key] = nil
    }

    /// Slots in use.
    var allInUse: [Int] { slots.indices.filter { slots[$0].inUse } }
}
