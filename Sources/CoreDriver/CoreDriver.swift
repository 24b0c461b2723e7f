import CoreEmulator
import EventLoop
import Transport

/// Runs the embedded core on real sockets: an SCTP listener on the AMF's N2 address (NGAP, PPID 60), the core's
/// timers on the event loop, and every action the core appends performed in order. One loop, one thread.
///
/// ```swift
/// let driver = try CoreDriver(configuration: config, backend: .auto, tapPath: "core.pcapng")
/// let address = try driver.start()            // listening on amf.address:amf.port
/// try driver.run(until: nil)                   // until `stop()`
/// ```
public final class CoreDriver {
    public let loop: EventLoop
    public let sctp: SCTPTransport
    public private(set) var core: CoreEmulator
    /// Called for every deviation and notice the core reports, and every user-plane command (the N3 side is not
    /// bound yet: see docs/core.md).
    public var onDeviation: (CoreDeviation) -> Void = { _ in }
    public var onNotice: (CoreNotice) -> Void = { _ in }
    public var onUserPlane: (UPFCommand) -> Void = { _ in }
    /// Transport errors while sending (the association is then reported lost by the transport).
    public var onTransportError: (String) -> Void = { _ in }

    public private(set) var listener: SCTPListenerID?
    public private(set) var messagesReceived = 0
    public private(set) var messagesSent = 0

    let configuration: CoreConfiguration
    let started: MonotonicTime
    var actions: [CoreAction] = []
    var byTransport: [SCTPAssociationID: AssociationID] = [:]
    var byCore: [AssociationID: SCTPAssociationID] = [:]
    var peers: [AssociationID: SocketAddress] = [:]
    var nextAssociation: UInt32 = 1
    var timerHandler: TimerHandlerID?
    var timers = KeyedTimers<CoreTimerID>()
    var tap: N2Tap?
    /// The UPF and its N3 socket (`upf.address`, UDP `n3Port`).
    public private(set) var upf: UserPlaneFunction
    public private(set) var n3: UDPEndpoint?
    let n3Port: UInt16
    var upfOut: [UPFDatagram] = []
    var upfEvents: [UPFEvent] = []

    /// - Parameters:
    ///   - backend: `auto` takes kernel SCTP when the host has it, else usrsctp.
    ///   - tapPath: a pcapng file that gets every NGAP message sent and received (IPv4/SCTP framing).
    ///   - n3Port: the UDP port of the UPF's N3 socket and of the gNBs' (2152, TS 29.281 §4.4.2.3).
    public init(configuration: CoreConfiguration, backend: SCTPBackendChoice = .auto, tapPath: String? = nil, n3Port: UInt16 = 2152) throws(CoreDriverError) {
        self.configuration = configuration
        self.n3Port = n3Port
        upf = UserPlaneFunction(n3Address: configuration.upf.address, dnAddress: configuration.upf.dnAddress)
        do {
            core = try CoreEmulator(configuration: configuration)
        } catch {
            throw CoreDriverError(.invalidConfiguration, error.message)
        }
        do {
            loop = try EventLoop()
        } catch {
            throw CoreDriverError(.transport, "event loop: \(error.message)")
        }
        do {
            sctp = try SCTPTransport(loop: loop, backend: backend)
        } catch {
            throw CoreDriverError(.transport, "SCTP: \(error.message)")
        }
        started = loop.refreshTime()
        if let tapPath { tap = try N2Tap(path: tapPath) }
        timerHandler = loop.addTimerHandler { [unowned self] token in self.timerFired(token) }
        sctp.onEvent = { [unowned self] event in self.transportEvent(event) }
        _ = loop.addFlushHook { [unowned self] in self.tap?.flush() }
    }

    /// Starts listening on the AMF's N2 address and port and opens the UPF's N3 socket; returns the N2 address.
    @discardableResult
    public func start() throws(CoreDriverError) -> SocketAddress {
        let address: SocketAddress
        do {
            let n3 = try UDPEndpoint(loop: loop, bind: SocketAddress(configuration.upf.address.description, port: n3Port))
            n3.onReceive = { [unowned self] batch in self.n3Received(batch) }
            self.n3 = n3
        } catch {
            throw CoreDriverError(.transport, "N3 socket on \(configuration.upf.address):\(n3Port): \(error.message)")
        }
        do {
            address = try SocketAddress(configuration.amf.address, port: configuration.amf.port)
            listener = try sctp.listen(on: address)
        } catch {
            throw CoreDriverError(.transport, "listen on \(configuration.amf.address):\(configuration.amf.port): \(error.message)")
        }
        return listener.flatMap { sctp.localAddress(of: $0) } ?? address
    }

    /// Runs the loop until `deadline` (nil: until `stop()`); true when stopped.
    @discardableResult
    public func run(until deadline: MonotonicTime? = nil) throws(CoreDriverError) -> Bool {
        do {
            return try loop.run(until: deadline)
        } catch {
            throw CoreDriverError(.transport, "event loop: \(error.message)")
        }
    }

    public func stop() { loop.stop() }

    /// Closes every association and the listener, and the tap.
    public func close() {
        sctp.closeAll()
        n3 = nil
        tap?.close()
        tap = nil
    }

    /// N3 datagrams: through the UPF; its answers staged on the socket (flushed after the batch), its events to
    /// the core (downlink data for an idle UE pages it).
    func n3Received(_ batch: UDPReceivedBatch) {
        for i in 0..<batch.count {
            let d = batch[i]
            guard let source = d.source, let peer = IPAddress(source.host) else { continue }
            if let tap, case .v4(let p) = peer, case .v4(let l) = configuration.upf.address {
                tap.recordN3(d.bytes, peer: p, peerPort: source.port, local: l, localPort: n3LocalPort, inbound: true, at: now)
            }
            upfOut.removeAll(keepingCapacity: true)
            upfEvents.removeAll(keepingCapacity: true)
            upf.receive(d.bytes, from: peer, port: source.port, into: &upfOut, events: &upfEvents)
            stageN3()
            for e in upfEvents { handle(.userPlane(e)) }
        }
    }

    func stageN3() {
        guard let n3 else { return }
        for d in upfOut {
            do {
                let to = try SocketAddress(d.address.description, port: d.port ?? n3Port)
                _ = d.bytes.withUnsafeBytes { n3.stage($0, to: to) }
                if let tap, case .v4(let p) = d.address, case .v4(let l) = configuration.upf.address {
                    d.bytes.withUnsafeBytes { tap.recordN3($0, peer: p, peerPort: to.port, local: l, localPort: n3LocalPort, inbound: false, at: now) }
                }
            } catch {
                onTransportError("N3 send to \(d.address): \(error.message)")
            }
        }
    }

    /// The UPF socket's port (the configured one, or the one the kernel chose for port 0).
    var n3LocalPort: UInt16 { n3?.localAddress.port ?? n3Port }

    func sendN3() {
        guard !upfOut.isEmpty else { return }
        stageN3()
        n3?.flush()
    }

    /// The time since the driver started, as the core wants it.
    var now: Duration { loop.now.duration(since: started) }

    // MARK: Events in

    func transportEvent(_ event: SCTPEvent) {
        switch event {
        case .accepted(_, let id, let peer):
            let a = AssociationID(rawValue: nextAssociation)
            nextAssociation &+= 1
            byTransport[id] = a
            byCore[a] = id
            if let peer { peers[a] = peer }
        case .up(let id, _, let outbound), .restarted(let id, _, let outbound):
            guard let a = byTransport[id] else { return }
            handle(.associationUp(a, outboundStreams: outbound))
        case .message(let m):
            guard let a = byTransport[m.association] else { return }
            messagesReceived += 1
            let bytes = Array(m.bytes)
            tap?.record(bytes, stream: m.stream, association: a.rawValue, peer: peers[a], local: listenerAddress, inbound: true, at: now)
            handle(.ngapReceived(a, stream: m.stream, bytes: bytes))
        case .shutdown(let id), .lost(let id, _):
            guard let a = byTransport.removeValue(forKey: id) else { return }
            byCore[a] = nil
            peers[a] = nil
            handle(.associationLost(a))
        }
    }

    var listenerAddress: SocketAddress? { listener.flatMap { sctp.localAddress(of: $0) } }

    func timerFired(_ token: UInt64) {
        guard let id = timers.fired(token: token) else { return }
        handle(.timerFired(id))
    }

    /// Hands one event to the core and performs the actions it appended.
    public func handle(_ event: CoreEvent) {
        actions.removeAll(keepingCapacity: true)
        core.handle(event, now: now, into: &actions)
        for action in actions { perform(action) }
    }

    // MARK: Actions out

    func perform(_ action: CoreAction) {
        switch action {
        case .send(let a, let stream, let bytes):
            guard let id = byCore[a] else { return }
            do {
                _ = try sctp.send(bytes, on: id, stream: stream, ppid: 60)
                messagesSent += 1
                tap?.record(bytes, stream: stream, association: a.rawValue, peer: peers[a], local: listenerAddress, inbound: false, at: now)
            } catch {
                onTransportError("send on \(a): \(error.message)")
            }
        case .abort(let a):
            guard let id = byCore.removeValue(forKey: a) else { return }
            byTransport[id] = nil
            peers[a] = nil
            sctp.abort(id)
        case .startTimer(let id, let after):
            guard let handler = timerHandler else { return }
            timers.start(id, at: loop.now.advanced(by: after), loop: loop, handler: handler)
        case .stopTimer(let id):
            timers.stop(id, loop: loop)
        case .userPlane(let c):
            onUserPlane(c)
            upfOut.removeAll(keepingCapacity: true)
            upf.apply(c, into: &upfOut)
            sendN3()
        case .deviation(let d): onDeviation(d)
        case .notice(let n): onNotice(n)
        }
    }
}
