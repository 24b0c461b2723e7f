import Bytes

/// What the plan does: `setup` once before any UE starts (NG Setup of every gNB by default), `steps` once
/// per iteration of a UE, `teardown` once after the last iteration.
public struct Scenario: Hashable, Sendable {
    public var setup: [Step]
    public var steps: [Step]
    public var teardown: [Step]

    public init(setup: [Step], steps: [Step], teardown: [Step]) {
        self.setup = setup
        self.steps = steps
        self.teardown = teardown
    }
}

/// Step kinds as plans write them.
public enum StepKind: String, Hashable, Sendable, CaseIterable {
    case ngSetup = "ng-setup"
    case register
    case deregister
    case pduSession = "pdu-session"
    case traffic
    case idle
    case serviceRequest = "service-request"
    case handover
    case waitPaging = "wait-paging"
    case sendNGAP = "send-ngap"
    case expect
    case sleep
    case parallel
    case sequence
    case `repeat`

    /// Kinds that act for one UE and so belong in `scenario.steps`.
    public var isUEStep: Bool {
        switch self {
        case .register, .deregister, .pduSession, .traffic, .idle, .serviceRequest, .handover, .waitPaging, .repeat: true
        default: false
        }
    }
}

/// One step: what it does, and what must be seen for it to pass.
public struct Step: Hashable, Sendable {
    /// A label for reports (default: the kind).
    public var name: String?
    public var action: StepAction
    /// What must be seen; nil for groups and sleeps. Procedures default to `outcome: success`.
    public var expect: Expectation?
    /// Deadline of the step (the kind's default when not written; nil for groups and sleeps).
    public var timeout: Duration?
    /// Go on with the iteration's next step when this one fails (default false: the iteration ends, failed).
    public var continueOnFailure: Bool
    public var position: SourcePosition

    public init(name: String? = nil, action: StepAction, expect: Expectation? = nil, timeout: Duration? = nil,
                continueOnFailure: Bool = false, position: SourcePosition) {
        self.name = name
        self.action = action
        self.expect = expect
        self.timeout = timeout
        self.continueOnFailure = continueOnFailure
        self.position = position
    }

    public var kind: StepKind { action.kind }
}

/// What a step does.
public indirect enum StepAction: Hashable, Sendable {
    case ngSetup(NGSetupStep)
    case register(RegisterStep)
    case deregister(DeregisterStep)
    case pduSession(PDUSessionStep)
    case traffic(TrafficStep)
    /// The gNB releases the UE's access network context (UE Context Release Request, user inactivity): CM-IDLE.
    case idle
    case serviceRequest(ServiceRequestStep)
    case handover(HandoverStep)
    case waitPaging(WaitPagingStep)
    case sendNGAP(SendNGAPStep)
    /// Wait for a message; the step's `expect` says which.
    case expect
    case sleep(Duration)
    /// Branches that run at once; the group ends when all have.
    case parallel([Step])
    case sequence([Step])
    case `repeat`(RepeatStep)

    public var kind: StepKind {
        switch self {
        case .ngSetup: .ngSetup
        case .register: .register
        case .deregister: .deregister
        case .pduSession: .pduSession
        case .traffic: .traffic
        case .idle: .idle
        case .serviceRequest: .serviceRequest
        case .handover: .handover
        case .waitPaging: .waitPaging
        case .sendNGAP: .sendNGAP
        case .expect: .expect
        case .sleep: .sleep
        case .parallel: .parallel
        case .sequence: .sequence
        case .repeat: .repeat
        }
    }
}

public struct NGSetupStep: Hashable, Sendable {
    /// gNB names; empty: every gNB.
    public var gnbs: [String]
    public init(gnbs: [String] = []) { self.gnbs = gnbs }
}

/// NAS integrity (NIA) and ciphering (NEA) algorithms (TS 33.501 §5.11).
public enum IntegrityAlgorithm: String, Hashable, Sendable, CaseIterable { case nia0, nia1, nia2, nia3 }
public enum CipheringAlgorithm: String, Hashable, Sendable, CaseIterable { case nea0, nea1, nea2, nea3 }

public struct RegisterStep: Hashable, Sendable {
    public enum Authentication: String, Hashable, Sendable, CaseIterable {
        case fiveGAKA = "5g-aka"
        case eapAKAPrime = "eap-aka-prime"
    }
    /// 5GS registration type (TS 24.501 §9.11.3.7).
    public enum RegistrationType: String, Hashable, Sendable, CaseIterable {
        case initial
        case mobility
        case periodic
    }

    /// The authentication method the subscriber is provisioned with in the embedded core and the UE expects
    /// (default `5g-aka`).
    public var authentication: Authentication
    public var type: RegistrationType
    /// The gNB to register through; nil: the UE's own (see `PlanSlice.gnb(forUE:)`).
    public var gnb: String?
    /// Algorithms the UE announces in its UE security capability (default NIA1–NIA3 and NEA0–NEA3).
    public var integrity: [IntegrityAlgorithm]
    public var ciphering: [CipheringAlgorithm]
    public var followOnRequest: Bool
    /// Requested NSSAI; empty: the subscriber's slices.
    public var requestedSlices: [SNSSAI]
    /// The UE's K when it differs from the subscriber's in the core (negative tests: MAC failure).
    public var usimK: [UInt8]?
    /// The UE's SQN when it differs from the core's (negative tests: synchronisation failure).
    public var usimSQN: [UInt8]?

    public init(authentication: Authentication = .fiveGAKA, type: RegistrationType = .initial, gnb: String? = nil,
                integrity: [IntegrityAlgorithm] = [.nia1, .nia2, .nia3], ciphering: [CipheringAlgorithm] = [.nea0, .nea1, .nea2, .nea3],
                followOnRequest: Bool = false, requestedSlices: [SNSSAI] = [], usimK: [UInt8]? = nil, usimSQN: [UInt8]? = nil) {
        self.authentication = authentication
        self.type = type
        self.gnb = gnb
        self.integrity = integrity
        self.ciphering = ciphering
        self.followOnRequest = followOnRequest
        self.requestedSlices = requestedSlices
        self.usimK = usimK
        self.usimSQN = usimSQN
    }
}

public struct DeregisterStep: Hashable, Sendable {
    public enum Initiator: String, Hashable, Sendable, CaseIterable { case ue, network }
    public var initiator: Initiator
    /// UE-initiated switch-off: the network sends no Deregistration Accept.
    public var switchOff: Bool
    public init(initiator: Initiator = .ue, switchOff: Bool = false) {
        self.initiator = initiator
        self.switchOff = switchOff
    }
}

public struct PDUSessionStep: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable { case establish, modify, release }
    public enum SessionType: String, Hashable, Sendable, CaseIterable { case ipv4, ipv6, ipv4v6 }

    public var action: Action
    /// PDU session identity 1...15 (default 1).
    public var id: Int
    /// nil: the subscriber's first DNN (establish only).
    public var dnn: String?
    public var type: SessionType
    /// nil: the subscriber's first slice (establish only).
    public var slice: SNSSAI?

    public init(action: Action = .establish, id: Int = 1, dnn: String? = nil, type: SessionType = .ipv4, slice: SNSSAI? = nil) {
        self.action = action
        self.id = id
        self.dnn = dnn
        self.type = type
        self.slice = slice
    }
}

public struct TrafficStep: Hashable, Sendable {
    public enum TrafficProtocol: String, Hashable, Sendable, CaseIterable { case icmp, udp }
    public enum Amount: Hashable, Sendable {
        case count(Int)
        case duration(Duration)
    }

    public var proto: TrafficProtocol
    /// The PDU session the packets go through (default 1).
    public var session: Int
    /// nil: `target.dn_peer`.
    public var destination: IPAddress?
    /// UDP destination port (default 7, echo).
    public var port: UInt16
    /// Packets per second (default 1/s).
    public var rate: Rate
    /// Payload bytes per packet (default 56, as ping).
    public var size: Int
    /// How many packets, or for how long (default `count: 1`).
    public var amount: Amount
    /// The step fails when more packets than this are lost (default 0%).
    public var maxLoss: Percentage

    public init(proto: TrafficProtocol = .icmp, session: Int = 1, destination: IPAddress? = nil, port: UInt16 = 7,
                rate: Rate = Rate(perSecond: 1), size: Int = 56, amount: Amount = .count(1), maxLoss: Percentage = Percentage(percent: 0)) {
        self.proto = proto
        self.session = session
        self.destination = destination
        self.port = port
        self.rate = rate
        self.size = size
        self.amount = amount
        self.maxLoss = maxLoss
    }
}

public struct ServiceRequestStep: Hashable, Sendable {
    /// Service type (TS 24.501 §9.11.3.50).
    public enum ServiceType: String, Hashable, Sendable, CaseIterable { case signalling, data }
    public var type: ServiceType
    /// PDU sessions to re-activate; empty: every established session.
    public var sessions: [Int]
    public init(type: ServiceType = .data, sessions: [Int] = []) {
        self.type = type
        self.sessions = sessions
    }
}

public struct HandoverStep: Hashable, Sendable {
    public enum HandoverType: String, Hashable, Sendable, CaseIterable { case n2, xn }
    public enum TargetGNB: Hashable, Sendable {
        /// The gNB after the UE's current one among the run's gNBs (wrapping around).
        case next
        case named(String)
    }
    public var type: HandoverType
    public var target: TargetGNB
    public init(type: HandoverType = .n2, target: TargetGNB = .next) {
        self.type = type
        self.target = target
    }
}

public struct WaitPagingStep: Hashable, Sendable {
    public enum Trigger: String, Hashable, Sendable, CaseIterable {
        /// The runner sends a packet to the UE from the data network (the embedded core's, or `target.dn_peer`).
        case downlinkData = "downlink-data"
        /// Something outside the run makes the core page.
        case none
    }
    public var trigger: Trigger
    /// Answer the paging with a Service Request (default true).
    public var respond: Bool
    public init(trigger: Trigger = .downlinkData, respond: Bool = true) {
        self.trigger = trigger
        self.respond = respond
    }
}

public struct SendNGAPStep: Hashable, Sendable {
    public enum Payload: Hashable, Sendable {
        /// APER bytes sent as they are (malformed on purpose, often).
        case hex([UInt8])
        /// An NGAP-PDU in JER whose strings may hold `${ue.…}`/`${gnb.…}` variables (`PlanVariables`).
        case jer(JSONValue)
    }
    public var payload: Payload
    /// The sending gNB's name; nil: the UE's gNB (in steps) or the first gNB (in setup and teardown).
    public var gnb: String?
    public init(payload: Payload, gnb: String? = nil) {
        self.payload = payload
        self.gnb = gnb
    }
}

public struct RepeatStep: Hashable, Sendable {
    public enum Bound: Hashable, Sendable {
        case count(Int)
        case duration(Duration)
    }
    public var bound: Bound
    public var steps: [Step]
    public init(bound: Bound, steps: [Step]) {
        self.bound = bound
        self.steps = steps
    }
}
