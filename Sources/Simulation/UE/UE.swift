import FiveGSecurity
import NAS5GS
import NASSecurity

/// A simulated UE: the 5GMM and 5GSM entities of TS 24.501, its USIM and its NAS security (TS 33.501), as a
/// value with no I/O. The driver keeps thousands in a flat array and feeds each one events with the current
/// time; every entry point appends what the UE wants done (`UEAction`) to the caller's buffer:
///
/// ```swift
/// var ue = UE(index: UEIndex(0), configuration: config)
/// var actions: [UEAction] = []
/// ue.command(.register(.initial), now: clock.now, into: &actions)        // → .send(UplinkNAS with RRCSetup)
/// ue.receive(nasPDU: downlink, now: clock.now, into: &actions)          // Authentication Request → Response ...
/// ue.command(.establishPDUSession(PDUSessionRequest(id: 1)), now: clock.now, into: &actions)
/// ue.timerFired(.t3510, now: clock.now, into: &actions)
/// ue.connectionReleased(now: clock.now, into: &actions)                 // RRC release: CM-IDLE
/// ```
///
/// Messages the network sends that the specifications do not allow are reported as `.deviation` actions and
/// handled as TS 24.501 says (discarded, or answered with a STATUS or a reject); nothing traps.
public struct UE: Sendable {
    public let index: UEIndex
    public private(set) var configuration: UEConfiguration
    let servingNetworkName: String
    var usim: FiveGAKAUE

    // MARK: 5GMM
    public internal(set) var state: FiveGMMState = .deregistered
    /// CM-CONNECTED: the UE has a NAS signalling connection (TS 24.501 §5.1.3.2.1).
    public internal(set) var isConnected = false
    /// The network established secure exchange of NAS messages on this connection (TS 24.501 §4.4.4.2).
    var secureExchange = false
    /// The USIM is considered invalid (Authentication Reject, Registration Reject #3/#6/#7).
    public internal(set) var usimInvalid = false
    /// The 5G-GUTI assigned by the network (or configured as stored).
    public internal(set) var guti: FiveGGUTI?
    var taiList: TrackingAreaIdentityList?
    public internal(set) var allowedNSSAI: NSSAI?
    /// T3512 from the network; nil when deactivated.
    var t3512: Duration?
    var t3502: Duration
    var attemptCounter = 0
    var registration: PendingRegistration?
    /// The kind of the last registration started, which T3511, T3502 and T3346 start again.
    var retryKind: RegistrationKind = .initial
    /// What the UE does when the NAS signalling connection is released (TS 24.501 §5.3.7, §5.4.4.3, §5.5.2.3.2).
    var afterRelease: RegistrationKind?
    var consecutiveAuthenticationFailures = 0
    var authenticationStarted: Duration?
    var securityModeStarted: Duration?

    // MARK: Security
    var security = UESecurityState()
    var sucisMade: UInt64 = 0

    // MARK: Other procedures
    var service: PendingService?
    var deregistration: PendingDeregistration?

    // MARK: 5GSM
    var sessions: [PDUSessionState] = []
    var lastPTI: UInt8 = 0
    /// UL NAS Transport messages (plain) waiting for a service request to complete (TS 24.501 §5.6.1.1).
    var queuedUplink: [[UInt8]] = []

    /// Bit n set: 5GMM timer n of `Timer5GMM` is running.
    var runningTimers: UInt16 = 0

    public init(index: UEIndex, configuration: UEConfiguration) {
        self.index = index
        self.configuration = configuration
        servingNetworkName = configuration.servingNetworkName
        let milenage: Milenage
        do {
            switch configuration.operatorKey {
            case .opc(let opc): milenage = try Milenage(k: configuration.k, opc: opc)
            case .op(let op): milenage = try Milenage(k: configuration.k, op: op)
            }
        } catch {
            // A configuration with a K or OPc of the wrong length: keep a USIM that can never verify an AUTN (every
            // challenge fails as a MAC failure) rather than trap; `configurationError` says why.
            milenage = Self.unusableMilenage
            configurationError = "\(error)"
        }
        usim = FiveGAKAUE(milenage: milenage, sqn: configuration.sqn)
        guti = configuration.storedGUTI
        t3512 = configuration.timers.t3512
        t3502 = configuration.timers.t3502
    }

    /// Why the configuration cannot authenticate (K or OP/OPc of the wrong length), nil when it can.
    public internal(set) var configurationError: String?

    static let unusableMilenage: Milenage = {
        do { return try Milenage(k: [UInt8](repeating: 0, count: 16), opc: [UInt8](repeating: 0, count: 16)) } catch { fatalError("constant key") }
    }()

    /// The USIM's SQN state now (SQN_MS), e.g. to keep it across runs.
    public var sqnState: SQNFreshness { usim.sqn }
    /// The PDU sessions that are up.
    public var activeSessions: [PDUSessionInfo] { sessions.compactMap { $0.info } }
    /// The current 5G NAS security context, nil before the first Security Mode Command.
    public var securityContext: NASSecurityContext? { security.current }

    // MARK: Entry points

    /// Something the plan asks for.
    public mutating func command(_ command: UECommand, now: Duration, into actions: inout [UEAction]) {
        switch command {
        case .register(let kind): startRegistration(kind, now: now, into: &actions)
        case .deregister(let switchOff): startDeregistration(switchOff: switchOff, now: now, into: &actions)
        case .establishPDUSession(let request): establishSession(request, now: now, into: &actions)
        case .modifyPDUSession(let parameters): modifySession(parameters, now: now, into: &actions)
        case .releasePDUSession(let id, let pti): releaseSession(id, pti: pti, now: now, into: &actions)
        case .serviceRequest(let pending): startServiceRequest(uplinkData: pending, mobileTerminated: false, now: now, into: &actions)
        }
    }

    /// A downlink NAS-PDU the gNB delivered (Downlink NAS Transport, Initial Context Setup, PDU Session
    /// Resource Setup/Modify/Release Command).
    public mutating func receive(nasPDU: consuming [UInt8], now: Duration, into actions: inout [UEAction]) {
        var pdu = nasPDU
        receiveDownlink(&pdu, now: now, into: &actions)
    }

    /// A timer the UE started expired.
    public mutating func timerFired(_ timer: UETimer, now: Duration, into actions: inout [UEAction]) {
        if timer.pduSessionID != 0 {
            sessionTimerFired(timer, now: now, into: &actions)
            return
        }
        guard let t = Timer5GMM(timer), runningTimers & t.bit != 0 else { return }  // stopped meanwhile
        runningTimers &= ~t.bit
        switch t {
        case .t3510: registrationTimedOut(now: now, into: &actions)
        case .t3346, .t3511, .t3502: retryRegistration(after: t, now: now, into: &actions)
        case .t3512: periodicTimerExpired(now: now, into: &actions)
        case .t3517: serviceRequestTimedOut(now: now, into: &actions)
        case .t3520: authenticationFailureTimedOut(now: now, into: &actions)
        case .t3521: deregistrationTimedOut(now: now, into: &actions)
        }
    }

    /// The gNB released the RRC connection (or it failed): the UE is in CM-IDLE.
    public mutating func connectionReleased(now: Duration, into actions: inout [UEAction]) {
        guard isConnected else { return }
        isConnected = false
        secureExchange = false
        if registration != nil { registrationAbortedByRelease(now: now, into: &actions) }
        if service != nil { serviceRequestAbortedByRelease(now: now, into: &actions) }
        if deregistration != nil { deregistrationEndedByRelease(now: now, into: &actions) }
        if state == .registered {
            if let next = afterRelease {
                afterRelease = nil
                startRegistration(next, now: now, into: &actions)
                return
            }
            if let t3512 { startTimer(.t3512, after: t3512, into: &actions) }
            if !queuedUplink.isEmpty { startServiceRequest(uplinkData: [], mobileTerminated: false, now: now, into: &actions) }
        } else if state == .deregistered, let next = afterRelease {
            afterRelease = nil
            startRegistration(next, now: now, into: &actions)
        }
    }

    /// The UE was paged (TS 24.501 §5.6.2): it answers with a service request for mobile-terminated services.
    public mutating func paged(now: Duration, into actions: inout [UEAction]) {
        guard state == .registered, !isConnected else {
            deviate("unexpectedPaging", "TS 24.501 §5.6.2.2", "paged in \(state)\(isConnected ? ", CM-CONNECTED" : "")", into: &actions)
            return
        }
        startServiceRequest(uplinkData: [], mobileTerminated: true, now: now, into: &actions)
    }

    // MARK: Helpers shared by the procedures

    mutating func setState(_ new: FiveGMMState, into actions: inout [UEAction]) {
        guard new != state else { return }
        state = new
        actions.append(.state(new))
    }

    mutating func startTimer(_ t: Timer5GMM, after: Duration, into actions: inout [UEAction]) {
        runningTimers |= t.bit
        actions.append(.startTimer(t.timer, after: after))
    }

    mutating func stopTimer(_ t: Timer5GMM, into actions: inout [UEAction]) {
        guard runningTimers & t.bit != 0 else { return }
        runningTimers &= ~t.bit
        actions.append(.stopTimer(t.timer))
    }

    func isRunning(_ t: Timer5GMM) -> Bool { runningTimers & t.bit != 0 }

    func deviate(_ kind: String, _ clause: String, _ message: String, bytes: [UInt8] = [], into actions: inout [UEAction]) {
        actions.append(.deviation(ProtocolDeviation(kind: kind, clause: clause, message: message, bytes: bytes)))
    }

    func report(_ kind: ProcedureKind, _ outcome: ProcedureOutcome, started: Duration, now: Duration, session: UInt8? = nil,
                into actions: inout [UEAction]) {
        actions.append(.procedure(ProcedureReport(kind: kind, outcome: outcome, started: started, ended: now, pduSessionID: session)))
    }
}

/// The 5GMM timers, as bits of `UE.runningTimers`.
enum Timer5GMM: UInt8, CaseIterable {
    case t3346, t3502, t3510, t3511, t3512, t3517, t3520, t3521

    var bit: UInt16 { 1 << UInt16(rawValue) }

    var timer: UETimer {
        switch self {
        case .t3346: .t3346
        case .t3502: .t3502
        case .t3510: .t3510
        case .t3511: .t3511
        case .t3512: .t3512
        case .t3517: .t3517
        case .t3520: .t3520
        case .t3521: .t3521
        }
    }

    init?(_ timer: UETimer) {
        switch timer.number {
        case 3346: self = .t3346
        case 3502: self = .t3502
        case 3510: self = .t3510
        case 3511: self = .t3511
        case 3512: self = .t3512
        case 3517: self = .t3517
        case 3520: self = .t3520
        case 3521: self = .t3521
        default: return nil
        }
    }
}
