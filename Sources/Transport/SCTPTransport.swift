import CEventLoop
import EventLoop
import Glibc

/// SCTP associations bound to one event loop, over usrsctp or kernel SCTP. Connect or listen, send whole
/// messages with a stream id and PPID, and receive messages and association events through `onEvent`,
/// always on the loop's thread (usrsctp's own threads only mark sockets ready and wake the loop).
///
/// Every socket binds one explicit address (never a wildcard, never several: no automatic multihoming).
/// Not thread-safe: use it on its loop's thread.
public final class SCTPTransport {
    enum Kind { case free, listener, association }
    enum State { case connecting, up, shuttingDown }

    struct Slot {
        var generation: UInt32 = 0
        var kind = Kind.free
        var socket: SCTPSocket?
        var source: OpaquePointer?
        var registration: IORegistration?
        var state = State.connecting
        var inboundStreams: UInt16 = 0
        var outboundStreams: UInt16 = 0
        var options = SCTPOptions()
        var local: SocketAddress?
        var reassembler: MessageReassembler?
        var queue = SendQueue()
        /// In `batched`: sends made during this loop iteration wait to be handed over together.
        var inBatch = false
        var shutdownRequested = false
        var writeInterest = false
        /// The stack pushed back: sends queue until it has room (its writable upcall or epoll event).
        var writeBlocked = false
    }

    /// The stack in use (after resolving `auto`).
    public let stack: SCTPStack
    public let loop: EventLoop
    /// Receives every event, on the loop's thread. Capture the transport `unowned` inside it.
    public var onEvent: (SCTPEvent) -> Void = { _ in }

    var slots: [Slot] = []
    var freeSlots: [UInt32] = []
    var waker: OpaquePointer?
    var wakerRegistration: IORegistration?
    var spareSources: [OpaquePointer] = []
    let receiveBuffer: UnsafeMutableRawBufferPointer
    /// Whether sends made while the loop runs callbacks are handed to the stack together at the end of the
    /// round (bundled into as few packets as the stack can), instead of one by one.
    public let batchesSends: Bool
    /// Associations with batched sends, and their generation.
    var batched: [(index: Int, generation: UInt32)] = []
    var spareBatched: [(index: Int, generation: UInt32)] = []
    var flushHook: Int?

    /// Counters for tests and metrics.
    public internal(set) var messagesReceived = 0
    public internal(set) var messagesSent = 0
    public internal(set) var sendsQueued = 0
    public internal(set) var readyWakeUps = 0

    /// - Parameters:
    ///   - backend: `auto` takes kernel SCTP when this host has it, usrsctp otherwise.
    ///   - receiveBufferSize: one read's buffer; longer messages are reassembled from several reads.
    ///   - batchSends: hand the sends of one loop round to the stack together (see `batchesSends`).
    public init(loop: EventLoop, backend: SCTPBackendChoice = .auto, receiveBufferSize: Int = 64 * 1024,
                batchSends: Bool = true) throws(TransportError) {
        let stack = backend.resolve()
        if stack == .kernel && !SCTPStack.kernelAvailable() {
            throw TransportError(.backendUnavailable, "this kernel has no SCTP (socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP) fails); use the user backend")
        }
        self.stack = stack
        self.loop = loop
        self.batchesSends = batchSends
        self.receiveBuffer = .allocate(byteCount: max(1024, receiveBufferSize), alignment: 16)
        if stack == .user {
            try SCTPStack.startUserStack()
            guard let waker = cg_waker_create() else {
                receiveBuffer.deallocate()
                throw TransportError(.socketFailed, errno: errno, "eventfd for the usrsctp wake-up failed")
            }
            self.waker = waker
            do {
                wakerRegistration = try loop.register(fd: cg_waker_fd(waker), interest: .readable) { [unowned self] _ in
                    self.serviceReadySources()
                }
            } catch {
                cg_waker_destroy(waker)
                receiveBuffer.deallocate()
                throw TransportError(.socketFailed, errno: error.errno, "registering the usrsctp wake-up failed: \(error.message)")
            }
        }
        if batchSends { flushHook = loop.addFlushHook { [unowned self] in self.flushBatches() } }
    }

    deinit {
        if let flushHook { loop.removeFlushHook(flushHook) }
        closeAll()
        if let wakerRegistration { loop.deregister(wakerRegistration) }
        // The waker and its sources are deliberately kept (one eventfd and a few bytes per transport ever
        // created): a usrsctp thread may still be inside a write upcall of a socket closed just now, and
        // freeing them (or closing the eventfd, whose number could be reused) would race with it.
        receiveBuffer.deallocate()
    }

    // MARK: Opening

    /// Listens on one explicit address (port 0 picks a free port; see `localAddress(of:)`). Accepted
    /// associations inherit `options` and are reported as `.accepted` then `.up`.
    public func listen(on address: SocketAddress, options: SCTPOptions = SCTPOptions(), backlog: Int32 = 128) throws(TransportError) -> SCTPListenerID {
        let index = try open(kind: .listener, local: address, options: options)
        guard let socket = slots[index].socket else { throw TransportError(.socketFailed, "listener socket missing") }
        let result = socket.listen(backlog: backlog)
        guard result == 0 else {
            release(index, abort: false)
            throw TransportError(.socketFailed, errno: result, "listen on \(address) failed")
        }
        slots[index].local = address.with(port: socket.localPort)
        return SCTPListenerID(slot: UInt32(index), generation: slots[index].generation)
    }

    /// Starts an association from one explicit local address (port 0: any free port) to `remote`. The
    /// id is usable at once: sends made before `.up` are queued.
    public func connect(from local: SocketAddress, to remote: SocketAddress, options: SCTPOptions = SCTPOptions()) throws(TransportError) -> SCTPAssociationID {
        guard local.family == remote.family else {
            throw TransportError(.invalidAddress, "local \(local) and remote \(remote) are of different families")
        }
        let index = try open(kind: .association, local: local, options: options)
        let result = slots[index].socket?.connect(remote) ?? EBADF
        guard result == 0 || result == EINPROGRESS else {
            release(index, abort: false)
            throw TransportError(.socketFailed, errno: result, "connect from \(local) to \(remote) failed")
        }
        slots[index].state = .connecting
        return SCTPAssociationID(slot: UInt32(index), generation: slots[index].generation)
    }

    /// The bound address of a listener (with the port the stack chose for port 0).
    public func localAddress(of listener: SCTPListenerID) -> SocketAddress? {
        guard let index = live(listener.slot, listener.generation, .listener) else { return nil }
        return slots[index].local
    }

    /// The negotiated stream counts, once the association is up.
    public func streams(of association: SCTPAssociationID) -> (inbound: UInt16, outbound: UInt16)? {
        guard let index = live(association), slots[index].state != .connecting else { return nil }
        return (slots[index].inboundStreams, slots[index].outboundStreams)
    }

    /// Whether the id names an open association.
    public func isOpen(_ association: SCTPAssociationID) -> Bool { live(association) != nil }

    /// The number of open associations.
    public var associationCount: Int { slots.reduce(0) { $0 + ($1.kind == .association ? 1 : 0) } }

    func open(kind: Kind, local: SocketAddress, options: SCTPOptions) throws(TransportError) -> Int {
        guard !local.isWildcard else {
            throw TransportError(.wildcardAddress, "\(local) is a wildcard; bind an explicit address")
        }
        let index = allocateSlot()
        var source: OpaquePointer?
        if stack == .user { source = takeSource(token: UInt64(index)) }
        let socket: SCTPSocket
        do {
            socket = try SCTPSocket.open(stack: stack, family: local.family, options: options, source: source)
        } catch {
            if let source { spareSources.append(source) }
            freeSlots.append(UInt32(index))
            throw error
        }
        slots[index].kind = kind
        slots[index].socket = socket
        slots[index].source = source
        slots[index].options = options
        slots[index].local = local
        let result = socket.bind(local)
        guard result == 0 else {
            release(index, abort: false)
            let hint = result == EADDRNOTAVAIL ? "; add it to an interface first (ip addr add \(local.host)/32 dev lo)" : ""
            throw TransportError(.socketFailed, errno: result, "bind to \(local) failed\(hint)")
        }
        if let fd = socket.fileDescriptor {
            let generation = slots[index].generation
            do {
                slots[index].registration = try loop.register(fd: fd, interest: .readable) { [unowned self] _ in
                    self.service(index, generation)
                }
            } catch {
                release(index, abort: false)
                throw TransportError(.socketFailed, errno: error.errno, "registering an SCTP socket failed")
            }
        }
        return index
    }

    func allocateSlot() -> Int {
        if let reused = freeSlots.popLast() { return Int(reused) }
        slots.append(Slot())
        return slots.count - 1
    }

    func takeSource(token: UInt64) -> OpaquePointer? {
        if let source = spareSources.popLast() {
            cg_source_set_token(source, token)
            return source
        }
        return cg_source_create(waker, token)
    }

    func live(_ association: SCTPAssociationID) -> Int? { live(association.slot, association.generation, .association) }

    func live(_ slot: UInt32, _ generation: UInt32, _ kind: Kind) -> Int? {
        let index = Int(slot)
        guard index < slots.count, slots[index].generation == generation, slots[index].kind == kind else { return nil }
        return index
    }

    /// Closes the slot's socket (ABORT when `abort`) and frees the slot; its id stops being valid.
    func release(_ index: Int, abort: Bool) {
        if let registration = slots[index].registration { loop.deregister(registration) }
        if let socket = slots[index].socket {
            if abort { socket.abort() } else { socket.close() }
        }
        // The source may still be in the ready list or held by a usrsctp thread: it is recycled, never freed,
        // and a stale signal only costs a spurious (harmless) service call of the slot's next owner.
        if let source = slots[index].source { spareSources.append(source) }
        let generation = slots[index].generation &+ 1
        slots[index] = Slot()
        slots[index].generation = generation
        freeSlots.append(UInt32(index))
    }

    // MARK: Closing

    /// Graceful shutdown: queued messages go first, then SHUTDOWN; `.shutdown` is reported when complete.
    public func shutdown(_ association: SCTPAssociationID) throws(TransportError) {
        guard let index = live(association) else { throw TransportError(.unknownAssociation, "\(association) is not open") }
        slots[index].shutdownRequested = true
        if slots[index].queue.isEmpty { startShutdown(index) }
    }

    func startShutdown(_ index: Int) {
        guard slots[index].state != .shuttingDown, let socket = slots[index].socket else { return }
        slots[index].state = .shuttingDown
        let result = socket.shutdown()
        if result != 0 && result != ENOTCONN {
            let id = SCTPAssociationID(slot: UInt32(index), generation: slots[index].generation)
            release(index, abort: true)
            onEvent(.lost(id, .noResponse))
        }
    }

    /// Sends ABORT and forgets the association at once (no further events for it).
    public func abort(_ association: SCTPAssociationID) {
        guard let index = live(association) else { return }
        release(index, abort: true)
    }

    /// Stops listening; associations already accepted stay open.
    public func close(_ listener: SCTPListenerID) {
        guard let index = live(listener.slot, listener.generation, .listener) else { return }
        release(index, abort: false)
    }

    /// Aborts every association and closes every listener (teardown).
    public func closeAll() {
        for index in slots.indices where slots[index].kind != .free {
            release(index, abort: slots[index].kind == .association)
        }
    }
}
