import Capture
import EventLoop
import Packets
import NGAP
import Simulation
import Transport

/// Binds simulated gNBs and UEs to real sockets: one SCTP association per gNB toward the AMF, one GTP-U
/// socket per gNB toward the UPF, the loop's timers for theirs, and a pcapng tap. Everything runs on the
/// loop's thread; the state machines get the time and return actions, which the driver carries out.
///
/// ```swift
/// let loop = try EventLoop()
/// let driver = try HarnessDriver(loop: loop, configuration: config)
/// driver.onEvent = { event in ... }                   // procedures, deviations, readiness, echo replies
/// let ue = driver.addUE(UEConfiguration(...), on: GNBIndex(0))
/// try driver.start()                                   // associations up, NG Setup
/// driver.command(.register(.initial), ue: ue)         // once `.gnbReady`
/// _ = try loop.run(until: loop.now.advanced(by: .seconds(5)))
/// driver.stop()
/// ```
///
/// Messages between a UE and its gNB pass through a queue the driver drains after each input, so no state
/// machine is entered while another one is running.
public final class HarnessDriver {
    public let loop: EventLoop
    public let configuration: HarnessConfiguration
    public let sctp: SCTPTransport
    /// Where the driver's time starts: `now` is the loop's time since then.
    public let origin: MonotonicTime
    public var onEvent: (HarnessEvent) -> Void = { _ in }

    var gnbs: [GNB] = []
    var associations: [SCTPAssociationID?] = []
    var gnbByAssociation: [SCTPAssociationID: GNBIndex] = [:]
    var ues: [UE] = []
    var servingGNB: [GNBIndex] = []

    var timers = DriverTimers()
    var timerHandler: TimerHandlerID!
    var gnbActions: [GNBAction] = []
    var ueActions: [UEAction] = []
    var queue = InternalQueue()
    var draining = false

    var tap: CaptureTap?
    let wallClockOrigin: CaptureTimestamp
    var userPlane: HarnessUserPlane!
    /// Where each UE under handover goes, and the source of each Xn handover until the path switch ends.
    var handoverTargets: [UEIndex: GNBIndex] = [:]
    var xnSources: [UEIndex: GNBIndex] = [:]

    /// Messages sent and received per gNB association (NGAP-PDUs).
    public internal(set) var ngapSent = 0
    public internal(set) var ngapReceived = 0

    public init(loop: EventLoop, configuration: HarnessConfiguration) throws(DriverError) {
        self.loop = loop
        self.configuration = configuration
        do {
            sctp = try SCTPTransport(loop: loop, backend: configuration.sctpBackend)
        } catch {
            throw DriverError(.transport, "SCTP: \(error.message)")
        }
        origin = loop.refreshTime()
        wallClockOrigin = CaptureTimestamp.wallClockNow()
        for (i, placement) in configuration.gnbs.enumerated() {
            do {
                gnbs.append(try GNB(index: GNBIndex(i), config: placement.config))
            } catch {
                throw DriverError(.configuration, "gNB \(i): \(error.message)")
            }
            associations.append(nil)
        }
        if let path = configuration.capturePath {
            do { tap = try CaptureTap(path: path) } catch { throw DriverError(.capture, "\(path): \(error.message)") }
        }
        userPlane = try HarnessUserPlane(loop: loop, addresses: configuration.gnbs.map(\.n3), upfPort: configuration.upfPort)
        userPlane.driver = self
        timerHandler = loop.addTimerHandler { [unowned self] token in self.timerFired(token: token) }
        sctp.onEvent = { [unowned self] event in self.handle(event) }
        _ = loop.addFlushHook { [unowned self] in self.flushTap() }
    }

    /// The driver's time now.
    public var now: Duration { loop.now.duration(since: origin) }

    // MARK: UEs and gNBs

    /// Adds a UE camped on `gnb`; its index is the next one (dense, from 0).
    public func addUE(_ configuration: UEConfiguration, on gnb: GNBIndex) -> UEIndex {
        let index = UEIndex(ues.count)
        ues.append(UE(index: index, configuration: configuration))
        servingGNB.append(gnb)
        return index
    }

    /// Replaces a deregistered, idle UE's configuration (a plan step with other algorithms or keys): the UE
    /// starts over as a fresh USIM with the same index, keeping its SQN state unless `keepSQN` is false.
    /// False, and nothing changed, when the UE is registered or connected.
    public func reconfigure(_ ue: UEIndex, _ configuration: UEConfiguration, keepSQN: Bool = true) -> Bool {
        let old = ues[ue.int]
        guard old.state == .deregistered, !old.isConnected else { return false }
        var c = configuration
        if keepSQN { c.sqn = old.sqnState }
        timers.stopAll(where: { if case .ue(ue, _) = $0 { true } else { false } }, loop: loop)
        ues[ue.int] = UE(index: ue, configuration: c)
        return true
    }

    public var ueCount: Int { ues.count }
    public var gnbCount: Int { gnbs.count }
    public func ue(_ index: UEIndex) -> UE { ues[index.int] }
    public func gnb(_ index: GNBIndex) -> GNB { gnbs[index.int] }
    public func servingGNB(of ue: UEIndex) -> GNBIndex { servingGNB[ue.int] }

    /// Opens every gNB's association toward the AMF; NG Setup starts when each comes up.
    public func start() throws(DriverError) {
        for (i, placement) in configuration.gnbs.enumerated() {
            do {
                let id = try sctp.connect(from: placement.n2, to: configuration.amf, options: configuration.sctpOptions)
                associations[i] = id
                gnbByAssociation[id] = GNBIndex(i)
            } catch {
                throw DriverError(.transport, "gNB \(i) from \(placement.n2) to \(configuration.amf): \(error.message)")
            }
        }
    }

    /// Something the plan asks a UE to do.
    public func command(_ command: UECommand, ue: UEIndex) {
        var actions = takeUEActions()
        ues[ue.int].command(command, now: now, into: &actions)
        perform(actions, ue: ue)
        giveBack(actions)
        drain()
    }

    /// Something the plan asks a gNB to do.
    public func command(_ command: GNBCommand, gnb: GNBIndex) {
        var actions = takeGNBActions()
        gnbs[gnb.int].command(command, now: now, into: &actions)
        perform(actions, gnb: gnb)
        giveBack(actions)
        drain()
    }

    /// Hands a UE over to `target`: N2 (Handover Required through the AMF) or Xn (the target sends Path
    /// Switch Request). The UE needs a PDU session (TS 38.413 requires one in both procedures).
    public func handover(_ ue: UEIndex, to target: GNBIndex, xn: Bool) {
        let source = servingGNB[ue.int]
        handoverTargets[ue] = target
        if xn {
            command(.xnPrepare(ue), gnb: source)
        } else {
            command(.handover(ue, to: gnbs[target.int].handoverTarget, cause: .handoverDesirableForRadioReason), gnb: source)
        }
    }

    /// Sends an ICMP echo request from the UE through its session's tunnel to `destination` (the UPF's data
    /// network side); the reply comes back as `.echoReply` with its round-trip time. False when the session
    /// has no tunnel or address yet.
    @discardableResult
    public func ping(_ ue: UEIndex, pduSessionID: UInt8, destination: IPAddress, sequence: UInt16, payloadSize: Int = 56) -> Bool {
        userPlane.ping(ue: ue, pduSessionID: pduSessionID, gnb: servingGNB[ue.int], destination: destination, sequence: sequence,
                       payloadSize: payloadSize, now: loop.now)
    }

    /// Ends every association gracefully (queued messages first) and closes the tap.
    public func stop() {
        for id in associations.compactMap({ $0 }) { try? sctp.shutdown(id) }
        associations = associations.map { _ in nil }
        gnbByAssociation.removeAll()  // their shutdown is ours, not a lost peer
        closeTap()
    }

    /// Aborts every association at once (a run stopped hard).
    public func abort() {
        for id in associations.compactMap({ $0 }) { sctp.abort(id) }
        associations = associations.map { _ in nil }
        gnbByAssociation.removeAll()
        closeTap()
    }

    // MARK: Transport events

    func handle(_ event: SCTPEvent) {
        switch event {
        case .up(let id, _, let outbound), .restarted(let id, _, let outbound):
            guard let g = gnbByAssociation[id] else { return }
            if case .restarted = event {
                var actions = takeGNBActions()
                gnbs[g.int].associationLost(now: now, into: &actions)
                perform(actions, gnb: g)
                giveBack(actions)
            }
            var actions = takeGNBActions()
            gnbs[g.int].associationUp(outboundStreams: outbound, now: now, into: &actions)
            perform(actions, gnb: g)
            giveBack(actions)
        case .message(let m):
            guard let g = gnbByAssociation[m.association] else { return }
            ngapReceived += 1
            record(m.bytes, gnb: g, stream: m.stream, ppid: m.ppid, sent: false)
            let bytes = [UInt8](m.bytes)
            var actions = takeGNBActions()
            if m.ppid == 60 {
                gnbs[g.int].received(bytes, stream: m.stream, now: now, into: &actions)
            } else {
                actions.append(.deviation(ProtocolDeviation(kind: "wrongPPID", clause: "TS 38.412 §7",
                    message: "SCTP payload protocol identifier \(m.ppid) on the NG interface (60 expected)", bytes: bytes), ue: nil))
            }
            perform(actions, gnb: g)
            giveBack(actions)
        case .shutdown(let id):
            lost(id, reason: "shut down")
        case .lost(let id, let reason):
            lost(id, reason: "\(reason)")
        case .accepted:
            break
        }
        drain()
    }

    func lost(_ id: SCTPAssociationID, reason: String) {
        guard let g = gnbByAssociation.removeValue(forKey: id) else { return }
        associations[g.int] = nil
        onEvent(.gnbLost(g, reason: reason, at: now))
        var actions = takeGNBActions()
        gnbs[g.int].associationLost(now: now, into: &actions)
        perform(actions, gnb: g)
        giveBack(actions)
    }

    func timerFired(token: UInt64) {
        guard let key = timers.fired(token: token) else { return }
        switch key {
        case .ue(let ue, let timer):
            var actions = takeUEActions()
            ues[ue.int].timerFired(timer, now: now, into: &actions)
            perform(actions, ue: ue)
            giveBack(actions)
        case .gnb(let g, let timer):
            var actions = takeGNBActions()
            gnbs[g.int].timerFired(timer, now: now, into: &actions)
            perform(actions, gnb: g)
            giveBack(actions)
        }
        drain()
    }

    // MARK: Reused action buffers

    func takeUEActions() -> [UEAction] {
        var a: [UEAction] = []
        swap(&a, &ueActions)
        a.removeAll(keepingCapacity: true)
        return a
    }

    func giveBack(_ a: [UEAction]) { if a.capacity > ueActions.capacity { ueActions = a } }

    func takeGNBActions() -> [GNBAction] {
        var a: [GNBAction] = []
        swap(&a, &gnbActions)
        a.removeAll(keepingCapacity: true)
        return a
    }

    func giveBack(_ a: [GNBAction]) { if a.capacity > gnbActions.capacity { gnbActions = a } }
}
