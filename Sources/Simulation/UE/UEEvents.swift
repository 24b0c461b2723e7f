import NAS5GS

/// What the plan asks a UE to do (the driver passes it to `UE.command(_:now:into:)`).
public enum UECommand: Sendable, Equatable {
    /// Register (TS 24.501 §5.5.1): initial registration, or mobility or periodic updating with the 5G-GUTI.
    case register(RegistrationKind)
    /// UE-initiated de-registration (TS 24.501 §5.5.2.2); `switchOff` expects no Deregistration Accept.
    case deregister(switchOff: Bool)
    /// UE-requested PDU session establishment (TS 24.501 §6.4.1).
    case establishPDUSession(PDUSessionRequest)
    /// UE-requested PDU session modification (TS 24.501 §6.4.2).
    case modifyPDUSession(PDUSessionModificationRequestParameters)
    /// UE-requested PDU session release (TS 24.501 §6.4.3), with the PTI to use (the UE's next one when nil).
    case releasePDUSession(id: UInt8, pti: UInt8? = nil)
    /// Service request from CM-IDLE (TS 24.501 §5.6.1): uplink data pending on these PDU sessions, or
    /// signalling only (an empty list). In CM-CONNECTED it asks for user-plane resources of the sessions.
    case serviceRequest(uplinkDataPending: [UInt8])
}

/// The registration types a UE starts (TS 24.501 §9.11.3.7).
public enum RegistrationKind: Sendable, Equatable {
    case initial
    case mobility
    case periodic

    var registrationTypeValue: UInt8 {
        switch self {
        case .initial: RegistrationType.initial
        case .mobility: RegistrationType.mobilityUpdating
        case .periodic: RegistrationType.periodicUpdating
        }
    }
}

/// A PDU session the plan wants (TS 24.501 §8.3.1, §8.2.10).
public struct PDUSessionRequest: Sendable, Equatable {
    /// PSI 1...15.
    public var id: UInt8
    /// IPv4, IPv6 or IPv4v6 (`PDUSessionType`).
    public var type: PDUSessionType
    /// The DNN; the configuration's first DNN when nil.
    public var dnn: String?
    /// The S-NSSAI; the configuration's first requested S-NSSAI when nil (none when that list is empty).
    public var sNSSAI: SNSSAI?
    /// SSC mode 1...3; none sent when nil (the network chooses).
    public var sscMode: UInt8?
    /// The procedure transaction identity (1...254, TS 24.007 §11.2.3.1a); the UE's next one when nil. A replay
    /// of a capture sets the PTI the real UE used, so that the network's captured answers match.
    public var pti: UInt8?

    public init(id: UInt8, type: PDUSessionType = .ipv4, dnn: String? = nil, sNSSAI: SNSSAI? = nil, sscMode: UInt8? = 1, pti: UInt8? = nil) {
        self.id = id
        self.type = type
        self.dnn = dnn
        self.sNSSAI = sNSSAI
        self.sscMode = sscMode
        self.pti = pti
    }
}

/// A UE-requested modification (TS 24.501 §8.3.7): the session and what it asks for.
public struct PDUSessionModificationRequestParameters: Sendable, Equatable {
    public var id: UInt8
    public var requestedQoSRules: QoSRules?
    public var requestedQoSFlowDescriptions: QoSFlowDescriptions?
    /// A 5GSM cause to send (e.g. #39 reactivation requested), when the modification reports one.
    public var cause: FiveGSMCause?
    /// The PTI to use; the UE's next one when nil.
    public var pti: UInt8?

    public init(id: UInt8, requestedQoSRules: QoSRules? = nil, requestedQoSFlowDescriptions: QoSFlowDescriptions? = nil, cause: FiveGSMCause? = nil,
                pti: UInt8? = nil) {
        self.id = id
        self.requestedQoSRules = requestedQoSRules
        self.requestedQoSFlowDescriptions = requestedQoSFlowDescriptions
        self.cause = cause
        self.pti = pti
    }
}

/// A UE timer (TS 24.501 §10.2, §10.3): its number and, for 5GSM timers, the PDU session it runs for.
/// The driver keeps one timer per (UE, `UETimer`) and reports its expiry with `UE.timerFired`.
public struct UETimer: Hashable, Sendable, CustomStringConvertible {
    /// The timer's number (3510 for T3510).
    public var number: UInt16
    /// The PSI for T3580, T3581 and T3582; 0 otherwise.
    public var pduSessionID: UInt8

    public init(number: UInt16, pduSessionID: UInt8 = 0) {
        self.number = number
        self.pduSessionID = pduSessionID
    }

    public static let t3346 = UETimer(number: 3346)
    public static let t3502 = UETimer(number: 3502)
    public static let t3510 = UETimer(number: 3510)
    public static let t3511 = UETimer(number: 3511)
    public static let t3512 = UETimer(number: 3512)
    public static let t3517 = UETimer(number: 3517)
    public static let t3520 = UETimer(number: 3520)
    public static let t3521 = UETimer(number: 3521)
    public static func t3580(_ psi: UInt8) -> UETimer { UETimer(number: 3580, pduSessionID: psi) }
    public static func t3581(_ psi: UInt8) -> UETimer { UETimer(number: 3581, pduSessionID: psi) }
    public static func t3582(_ psi: UInt8) -> UETimer { UETimer(number: 3582, pduSessionID: psi) }

    public var description: String { pduSessionID == 0 ? "T\(number)" : "T\(number)(PSI \(pduSessionID))" }
}

/// What a UE asks its driver to do, appended to the caller's buffer by every entry point.
public enum UEAction: Sendable {
    /// Send this uplink NAS-PDU through the UE's gNB (in an Initial UE Message when `setup` is set).
    case send(UplinkNAS)
    /// Start (or restart) a timer.
    case startTimer(UETimer, after: Duration)
    case stopTimer(UETimer)
    /// A procedure ended; its report carries the outcome and the times of its first and last message.
    case procedure(ProcedureReport)
    /// A PDU session came up, was modified or went down.
    case pduSession(PDUSessionEvent)
    /// The network did something the specifications do not allow (the UE carried on as they say).
    case deviation(ProtocolDeviation)
    /// The UE's 5GMM state changed.
    case state(FiveGMMState)
    /// The UE released its NAS signalling connection locally (TS 24.501 §5.5.1.2.7, §5.6.1.7: an aborted
    /// procedure) and is in CM-IDLE: the driver tells the gNB, which asks the AMF to release the UE context.
    case releaseConnection
}

/// The 5GMM main states of TS 24.501 §5.1.3.2.1 that the simulator distinguishes.
public enum FiveGMMState: Hashable, Sendable {
    case deregistered
    case registeredInitiated
    case registered
    case deregisteredInitiated
    case serviceRequestInitiated
}

/// A change of a PDU session, for the driver's user plane and metrics.
public enum PDUSessionEvent: Sendable, Equatable {
    case up(PDUSessionInfo)
    case modified(PDUSessionInfo)
    /// Released (by either side, or locally), with the 5GSM cause when there was one.
    case down(id: UInt8, cause: FiveGSMCause?)
}

/// An established PDU session as the UE knows it (TS 24.501 §8.3.2).
public struct PDUSessionInfo: Sendable, Equatable {
    public var id: UInt8
    public var type: PDUSessionType
    /// The IPv4 address (big-endian octets as a number), for IPv4 and IPv4v6 sessions.
    public var ipv4: UInt32?
    /// The IPv6 interface identifier (TS 24.501 §9.11.4.10), for IPv6 and IPv4v6 sessions.
    public var ipv6InterfaceIdentifier: UInt64?
    /// The QFIs of the authorized QoS rules, bit n for QFI n (0...63).
    public var qfis: UInt64
    public var sessionAMBR: SessionAMBR
    public var sNSSAI: SNSSAI?
    public var dnn: String?

    public init(id: UInt8, type: PDUSessionType, ipv4: UInt32? = nil, ipv6InterfaceIdentifier: UInt64? = nil, qfis: UInt64,
                sessionAMBR: SessionAMBR, sNSSAI: SNSSAI? = nil, dnn: String? = nil) {
        self.id = id
        self.type = type
        self.ipv4 = ipv4
        self.ipv6InterfaceIdentifier = ipv6InterfaceIdentifier
        self.qfis = qfis
        self.sessionAMBR = sessionAMBR
        self.sNSSAI = sNSSAI
        self.dnn = dnn
    }

    /// The QFIs in increasing order.
    public var qfiList: [UInt8] { (0..<64).compactMap { qfis & (1 << UInt64($0)) != 0 ? UInt8($0) : nil } }
}
