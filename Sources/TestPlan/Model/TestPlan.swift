/// A test plan as the runner consumes it: what to run against (target), which gNBs and UEs to play (ran,
/// subscribers), what each UE does (scenario), how many at once (load) and what must hold at the end
/// (thresholds). Every default is applied; every part keeps the position it was written at, for messages at
/// run time. Read one with `TestPlanLoader`.
public struct TestPlan: Hashable, Sendable {
    /// The plan file as given.
    public var file: String
    /// The format version (1).
    public var version: Int
    public var metadata: PlanMetadata
    public var target: PlanTarget
    public var ran: RANConfiguration
    public var subscribers: SubscriberPool
    public var scenario: Scenario
    public var load: LoadProfile
    public var thresholds: [Threshold]

    public init(file: String, version: Int, metadata: PlanMetadata, target: PlanTarget, ran: RANConfiguration,
                subscribers: SubscriberPool, scenario: Scenario, load: LoadProfile, thresholds: [Threshold]) {
        self.file = file
        self.version = version
        self.metadata = metadata
        self.target = target
        self.ran = ran
        self.subscribers = subscribers
        self.scenario = scenario
        self.load = load
        self.thresholds = thresholds
    }
}

/// What the plan is and where its requirements come from.
public struct PlanMetadata: Hashable, Sendable {
    /// Short name, used as the report's suite name.
    public var name: String
    public var description: String
    public var tags: [String]
    /// Specification references (`TS 23.502 §4.2.2.2.2`).
    public var specReferences: [String]

    public init(name: String, description: String = "", tags: [String] = [], specReferences: [String] = []) {
        self.name = name
        self.description = description
        self.tags = tags
        self.specReferences = specReferences
    }
}

/// The core under test.
public struct PlanTarget: Hashable, Sendable {
    public enum Core: Hashable, Sendable {
        /// CoreGate's embedded core emulator (AMF, SMF, UPF in process), provisioned with the plan's subscribers.
        case embedded
        /// A real core: its AMF N2 endpoints (SCTP, port 38412 by default; several for multi-homing or
        /// several AMFs) and, optionally, the UPF N3 endpoint (GTP-U, port 2152) to use instead of the
        /// address the SMF signals.
        case external(amf: [Endpoint], upf: Endpoint?)
    }

    /// Which SCTP stack carries N2.
    public enum SCTPBackend: String, Hashable, Sendable, CaseIterable {
        /// The kernel's SCTP when the module loads, else the user-space stack.
        case auto
        /// Linux kernel SCTP (libsctp).
        case kernel
        /// usrsctp: SCTP in user space.
        case user
    }

    public var core: Core
    public var sctp: SCTPBackend
    /// Local addresses the gNBs' SCTP associations bind to (several: multi-homing); empty: any.
    public var n2Bind: [IPAddress]
    /// Local address the gNBs' GTP-U sockets bind to; nil: any.
    public var n3Bind: IPAddress?
    /// The data-network address traffic goes to (answers ICMP echo and UDP echo); nil: the embedded core's
    /// own responder (for an external core a traffic step then needs a `destination`).
    public var dnPeer: IPAddress?
    public var position: SourcePosition

    public init(core: Core = .embedded, sctp: SCTPBackend = .auto, n2Bind: [IPAddress] = [], n3Bind: IPAddress? = nil,
                dnPeer: IPAddress? = nil, position: SourcePosition) {
        self.core = core
        self.sctp = sctp
        self.n2Bind = n2Bind
        self.n3Bind = n3Bind
        self.dnPeer = dnPeer
        self.position = position
    }

    public var isEmbedded: Bool { core == .embedded }
}
