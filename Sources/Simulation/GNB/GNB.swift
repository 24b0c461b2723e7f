import NAS5GS
import NGAP

/// A simulated gNB: the NGAP side of TS 38.413 as a sans-I/O state machine.
///
/// A plain value: a driver keeps many in an array, each with thousands of UE contexts in one flat array
/// (a context's slot is the low 20 bits of its RAN UE NGAP ID, so a RAN UE NGAP ID finds its context
/// without a lookup table; AMF UE NGAP IDs and UE indexes go through dictionaries). Every entry point takes
/// the current time and appends `GNBAction`s to a caller-owned buffer; the gNB never reads a clock, opens a
/// socket or calls another gNB. NAS-PDUs are opaque bytes handed to and from UEs (`UplinkNAS`,
/// `GNBAction.deliverNAS`).
///
/// Streams (TS 38.412 §7): non-UE-associated signalling on stream 0, each UE's signalling on one stream of
/// 1…n−1 (UEs spread round-robin over the negotiated outbound streams); data is accepted on any stream.
public struct GNB: Sendable {
    /// The UE index of a context not yet bound to a UE (N2 handover target before the UE arrives).
    static let unbound = UEIndex(rawValue: -1)
    static let slotBits: UInt32 = 20
    static let slotMask: UInt32 = (1 << slotBits) - 1

    public let index: GNBIndex
    public let config: GNBConfig
    let identity: GNBIdentity

    var interface = GNBInterfaceState.down
    var outboundStreams: UInt16 = 1
    var nextStream: UInt16 = 1
    public internal(set) var amf = GNBAMFInfo()

    var contexts: [GNBUEContext] = []
    var freeSlots: [Int32] = []
    var slotByUE: [UEIndex: Int32] = [:]
    var slotByAMFID: [Int64: Int32] = [:]
    var teidCounter: UInt32 = 0

    /// Idle UEs camped on the cell, by 5G-S-TMSI (48 bits: AMF Set ID, AMF Pointer, 5G-TMSI).
    var camped: [UInt64: UEIndex] = [:]
    var campedKey: [UEIndex: UInt64] = [:]
    /// Paged UEs and when, until their Initial UE Message (the paging report).
    var pagedAt: [UEIndex: Duration] = [:]

    /// gNB-initiated NG Reset waiting for its acknowledge: when it was sent.
    var resetStarted: Duration?
    /// RAN Configuration Update under way: when it started, the attempt, and whether it waits for Time to
    /// Wait (rather than for an answer).
    var ranConfigUpdate: (started: Duration, attempt: Int, retrying: Bool)?

    /// Checks the configuration (`SimulationError.invalidConfiguration`).
    public init(index: GNBIndex, config: GNBConfig) throws(SimulationError) {
        if let problem = config.problem() { throw SimulationError(.invalidConfiguration, "gNB \(index): \(problem)") }
        self.index = index
        self.config = config
        self.identity = GNBIdentity(config)
    }

    // MARK: - What drivers and tests read

    /// NG Setup succeeded and the association is up.
    public var isReady: Bool { interface == .ready }
    /// UE contexts in use (any state).
    public var contextCount: Int { contexts.count - freeSlots.count }
    /// Where an N2 handover to this gNB goes (for `GNBCommand.handover` at the source).
    public var handoverTarget: GNBHandoverTarget {
        GNBHandoverTarget(
            globalRANNodeID: identity.globalRANNodeID, selectedTAI: identity.tai, cell: identity.nrCGI)
    }
    /// The UE's context on this gNB, nil when it has none.
    public func context(of ue: UEIndex) -> GNBUEInfo? {
        guard let slot = slotByUE[ue] else { return nil }
        let c = contexts[Int(slot)]
        return GNBUEInfo(
            ranUENGAPID: c.ranID, amfUENGAPID: c.amfID < 0 ? nil : c.amfID, stream: c.stream, state: c.state.rawValue,
            contextSetUp: c.contextSetUp, sessions: c.sessions)
    }

    // MARK: - Context storage

    /// The slot of the context with this RAN UE NGAP ID, nil when there is none (stale or never allocated).
    func slot(ranID: Int64) -> Int? {
        guard ranID >= 0, ranID <= Int64(UInt32.max) else { return nil }
        let slot = Int(UInt32(ranID) & Self.slotMask)
        guard slot < contexts.count, contexts[slot].state != .free, contexts[slot].ranID == UInt32(ranID) else { return nil }
        return slot
    }

    /// A new context in state `state`, or nil at capacity. Binds `ue` unless it is `unbound`.
    mutating func allocate(ue: UEIndex, state: GNBUEContext.State) -> Int? {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
        } else {
            guard contexts.count < config.maxUEContexts else { return nil }
            slot = contexts.count
            contexts.append(GNBUEContext())
        }
        let generation = (contexts[slot].ranID >> Self.slotBits &+ 1) & 0xFFF
        var c = GNBUEContext()
        c.state = state
        c.ue = ue
        c.ranID = generation << Self.slotBits | UInt32(slot)
        c.stream = takeStream()
        contexts[slot] = c
        if ue != Self.unbound { slotByUE[ue] = Int32(slot) }
        return slot
    }

    /// Frees a context: its AMF UE NGAP ID and UE index no longer find it. Emits nothing.
    mutating func free(_ slot: Int) {
        let c = contexts[slot]
        guard c.state != .free else { return }
        if c.amfID >= 0, slotByAMFID[c.amfID] == Int32(slot) { slotByAMFID[c.amfID] = nil }
        if c.ue != Self.unbound, slotByUE[c.ue] == Int32(slot) { slotByUE[c.ue] = nil }
        contexts[slot] = GNBUEContext(state: .free, ranID: c.ranID)
        freeSlots.append(Int32(slot))
    }

    /// Records the AMF UE NGAP ID of a context (the first one the AMF sends, or a new one it assigns).
    mutating func setAMFID(_ id: Int64, slot: Int) {
        let old = contexts[slot].amfID
        if old == id { return }
        if old >= 0, slotByAMFID[old] == Int32(slot) { slotByAMFID[old] = nil }
        contexts[slot].amfID = id
        slotByAMFID[id] = Int32(slot)
    }

    /// Binds a context to its UE (handover target on arrival).
    mutating func bind(_ ue: UEIndex, slot: Int) {
        contexts[slot].ue = ue
        slotByUE[ue] = Int32(slot)
    }

    /// The next UE-associated stream: 1…n−1 round-robin, or 0 when only one stream was negotiated.
    mutating func takeStream() -> UInt16 {
        guard outboundStreams > 1 else { return 0 }
        if nextStream == 0 || nextStream >= outboundStreams { nextStream = 1 }
        defer { nextStream &+= 1 }
        return nextStream
    }

    /// A fresh downlink TEID: the configured prefix and a 24-bit counter (never 0).
    mutating func allocateTEID() -> UInt32 {
        teidCounter = teidCounter & 0xFF_FFFF == 0xFF_FFFF ? 1 : teidCounter &+ 1
        return UInt32(config.dlTEIDPrefix) << 24 | teidCounter & 0xFF_FFFF
    }

    /// Releases a context locally: tunnels down, the UE to CM-IDLE when `toIdle`, the context freed.
    mutating func releaseLocally(_ slot: Int, toIdle: Bool, into actions: inout [GNBAction]) {
        let c = contexts[slot]
        if c.ue != Self.unbound {
            for s in c.sessions { actions.append(.tunnelDown(ue: c.ue, pduSessionID: s.pduSessionID, dlTEID: s.dlTEID)) }
            switch c.state {
            case .handoverPreparing, .handoverCancelling: actions.append(.stopTimer(.relocPrep(c.ue)))
            case .handoverExecuting: actions.append(.stopTimer(.relocOverall(c.ue)))
            default: break
            }
            if toIdle { actions.append(.rrcReleased(ue: c.ue)) }
        }
        free(slot)
    }

    /// Every context released locally (lost association, NG Reset of the whole interface).
    mutating func releaseAll(into actions: inout [GNBAction]) {
        for slot in contexts.indices where contexts[slot].state != .free {
            let moving = contexts[slot].state == .handoverExecuting || contexts[slot].state == .xnSource
            releaseLocally(slot, toIdle: !moving, into: &actions)
        }
    }

    static func tmsiKey(_ t: NAS5GS.FiveGSTMSI) -> UInt64 {
        UInt64(t.amfSetID & 0x3FF) << 38 | UInt64(t.amfPointer & 0x3F) << 32 | UInt64(t.tmsi)
    }
}
