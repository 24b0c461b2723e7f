import CEventLoop
import Glibc

/// What a file descriptor is ready for.
public struct IOEvents: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let readable = IOEvents(rawValue: EPOLLIN.rawValue)
    public static let writable = IOEvents(rawValue: EPOLLOUT.rawValue)
    public static let error = IOEvents(rawValue: EPOLLERR.rawValue)
    public static let hangup = IOEvents(rawValue: EPOLLHUP.rawValue)
}

/// One file descriptor registered with a loop.
public struct IORegistration: Hashable, Sendable {
    let slot: UInt32
    let generation: UInt32
    var key: UInt64 { UInt64(generation) << 32 | UInt64(slot) }
}

/// A timer handler registered with `EventLoop.addTimerHandler`: timers armed for it carry a token and call
/// it without allocating.
public struct TimerHandlerID: Hashable, Sendable {
    let index: Int
}

/// One event loop, owned by one thread: epoll readiness callbacks, timers, a monotonic clock read once per
/// wake-up, and an eventfd through which other threads post work (`remote`). Everything except `remote` is
/// used on the loop's thread only; a loop is created, used and run on the same thread.
public final class EventLoop {
    public typealias IOHandler = (IOEvents) -> Void

    enum TimerPayload {
        case token(handler: Int, token: UInt64)
        case closure(() -> Void)
    }

    struct IOSlot {
        var fd: Int32 = -1
        var generation: UInt32 = 0
        var handler: IOHandler?
    }

    let epollFD: Int32
    let wakeFD: Int32
    /// The thread-safe handle: post tokens and closures, stop.
    public let remote: EventLoopRemote
    var ioSlots: [IOSlot] = []
    var freeIOSlots: [UInt32] = []
    var timers = TimerQueue<TimerPayload>()
    var timerHandlers: [(UInt64) -> Void] = []
    var events: UnsafeMutablePointer<epoll_event>
    let eventCapacity: Int32
    var postedTokens: [UInt64] = []
    var postedClosures: [@Sendable () -> Void] = []
    var flushHooks: [(() -> Void)?] = []
    var running = false
    var stopRequested = false
    /// Handles posted tokens (`remote.post`), on the loop thread.
    public var onToken: ((UInt64) -> Void)?
    /// The time read at the start of the current wake-up (or the last `refreshTime`).
    public private(set) var now: MonotonicTime
    /// Counters: wake-ups (epoll_wait returns) and callbacks run, for tests and metrics.
    public private(set) var wakeUps = 0

    /// - Parameter maxEventsPerWait: how many ready descriptors one epoll_wait reports.
    public init(maxEventsPerWait: Int32 = 256) throws(EventLoopError) {
        let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw EventLoopError(.cannotCreate, errno: errno, "epoll_create1 failed") }
        let wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            close(epollFD)
            throw EventLoopError(.cannotCreate, errno: errno, "eventfd failed")
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.remote = EventLoopRemote(eventFD: wakeFD)
        self.eventCapacity = max(1, maxEventsPerWait)
        self.events = .allocate(capacity: Int(eventCapacity))
        self.now = .now()
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = UInt64.max
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) == 0 else {
            let code = errno
            close(epollFD)
            close(wakeFD)
            events.deallocate()
            throw EventLoopError(.cannotCreate, errno: code, "epoll_ctl on the wake-up eventfd failed")
        }
    }

    deinit {
        close(epollFD)
        close(wakeFD)
        events.deallocate()
    }

    /// Reads the clock again (for callbacks that ran long).
    @discardableResult
    public func refreshTime() -> MonotonicTime {
        now = .now()
        return now
    }

    // MARK: File descriptors

    /// Calls `handler` on this loop whenever `fd` is ready for `interest` (level-triggered). The loop does
    /// not own `fd`: deregister before closing it.
    public func register(fd: Int32, interest: IOEvents, handler: @escaping IOHandler) throws(EventLoopError) -> IORegistration {
        let slot: UInt32
        if let reused = freeIOSlots.popLast() {
            slot = reused
        } else {
            slot = UInt32(ioSlots.count)
            ioSlots.append(IOSlot())
        }
        let registration = IORegistration(slot: slot, generation: ioSlots[Int(slot)].generation)
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = registration.key
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            freeIOSlots.append(slot)
            throw EventLoopError(.registrationFailed, errno: errno, "epoll_ctl ADD of fd \(fd) failed")
        }
        ioSlots[Int(slot)].fd = fd
        ioSlots[Int(slot)].handler = handler
        return registration
    }

    /// Changes what a registered descriptor is watched for.
    public func modify(_ registration: IORegistration, interest: IOEvents) throws(EventLoopError) {
        guard isLive(registration) else { return }
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = registration.key
        guard epoll_ctl(epollFD, EPOLL_CTL_MOD, ioSlots[Int(registration.slot)].fd, &event) == 0 else {
            throw EventLoopError(.registrationFailed, errno: errno, "epoll_ctl MOD failed")
        }
    }

    /// Stops watching a descriptor; its handler is not called again, even for events already reported.
    public func deregister(_ registration: IORegistration) {
        guard isLive(registration) else { return }
        let index = Int(registration.slot)
        var event = epoll_event()
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, ioSlots[index].fd, &event)
        ioSlots[index].fd = -1
        ioSlots[index].handler = nil
        ioSlots[index].generation &+= 1
        freeIOSlots.append(registration.slot)
    }

    func isLive(_ registration: IORegistration) -> Bool {
        Int(registration.slot) < ioSlots.count && ioSlots[Int(registration.slot)].generation == registration.generation
            && ioSlots[Int(registration.slot)].handler != nil
    }

    // MARK: Timers

    /// Registers a handler for token timers; keep the id and arm timers with `schedule(at:handler:token:)`.
    public func addTimerHandler(_ handler: @escaping (UInt64) -> Void) -> TimerHandlerID {
        timerHandlers.append(handler)
        return TimerHandlerID(index: timerHandlers.count - 1)
    }

    /// Arms a timer that calls `handler` with `token` at `deadline` (no allocation once the heap grew).
    @discardableResult
    public func schedule(at deadline: MonotonicTime, handler: TimerHandlerID, token: UInt64) -> TimerID {
        timers.schedule(at: deadline, .token(handler: handler.index, token: token))
    }

    /// Arms a timer that runs `body` at `deadline`.
    @discardableResult
    public func schedule(at deadline: MonotonicTime, _ body: @escaping () -> Void) -> TimerID {
        timers.schedule(at: deadline, .closure(body))
    }

    /// Arms a timer that runs `body` `delay` after the loop's current time.
    @discardableResult
    public func schedule(after delay: Duration, _ body: @escaping () -> Void) -> TimerID {
        timers.schedule(at: now.advanced(by: delay), .closure(body))
    }

    /// Disarms a timer; false when it already fired or was cancelled.
    @discardableResult
    public func cancel(_ timer: TimerID) -> Bool { timers.cancel(timer) }

    /// The number of armed timers.
    public var armedTimers: Int { timers.count }

    // MARK: Flush hooks

    /// Runs `hook` before each wait and after each round of callbacks: for layers that gather output during
    /// callbacks and hand it over in one batch (SCTP sends). Returns an id for `removeFlushHook`.
    public func addFlushHook(_ hook: @escaping () -> Void) -> Int {
        flushHooks.append(hook)
        return flushHooks.count - 1
    }

    public func removeFlushHook(_ id: Int) {
        if id >= 0 && id < flushHooks.count { flushHooks[id] = nil }
    }

    func runFlushHooks() {
        for hook in flushHooks { hook?() }
    }

    // MARK: Running

    /// Asks `run` to return after the current callback (loop thread); other threads use `remote.stop()`.
    public func stop() { stopRequested = true }

    /// Runs until `stop` (here or through `remote`) or until `deadline`, whichever comes first. Returns
    /// true when stopped, false when the deadline passed.
    @discardableResult
    public func run(until deadline: MonotonicTime? = nil) throws(EventLoopError) -> Bool {
        guard !running else { throw EventLoopError(.wrongThread, "run called while the loop runs") }
        running = true
        defer { running = false }
        while true {
            if stopRequested || remote.stopRequested.load(ordering: .acquiring) {
                stopRequested = false
                remote.stopRequested.store(false, ordering: .relaxed)
                return true
            }
            now = .now()
            if let deadline, now >= deadline { return false }
            try runOnce(timeoutMilliseconds: timeoutMilliseconds(deadline: deadline))
        }
    }

    /// Waits at most `timeoutMilliseconds` (-1: until something happens), then runs what is ready:
    /// descriptor callbacks, posted work, due timers.
    public func runOnce(timeoutMilliseconds: Int32) throws(EventLoopError) {
        runFlushHooks()
        let count = epoll_wait(epollFD, events, eventCapacity, timeoutMilliseconds)
        if count < 0 {
            if errno == EINTR { return }
            throw EventLoopError(.waitFailed, errno: errno, "epoll_wait failed")
        }
        wakeUps += 1
        now = .now()
        var woken = false
        for i in 0..<Int(count) {
            let event = events[i]
            let key = event.data.u64
            if key == UInt64.max {
                woken = true
                continue
            }
            let slot = Int(truncatingIfNeeded: key & 0xFFFF_FFFF)
            let generation = UInt32(truncatingIfNeeded: key >> 32)
            guard slot < ioSlots.count, ioSlots[slot].generation == generation, let handler = ioSlots[slot].handler else { continue }
            handler(IOEvents(rawValue: event.events))
        }
        if woken { drainRemote() }
        fireDueTimers()
        runFlushHooks()
    }

    func timeoutMilliseconds(deadline: MonotonicTime?) -> Int32 {
        var until: UInt64? = timers.nextDeadline?.nanoseconds
        if let deadline { until = min(until ?? .max, deadline.nanoseconds) }
        guard let until else { return -1 }
        if until <= now.nanoseconds { return 0 }
        // Round up: a timer never fires early.
        let milliseconds = (until - now.nanoseconds + 999_999) / 1_000_000
        return Int32(min(milliseconds, UInt64(Int32.max)))
    }

    func drainRemote() {
        var value: UInt64 = 0
        while read(wakeFD, &value, 8) < 0 && errno == EINTR {}
        remote.inbox.withLock { inbox in
            swap(&inbox.tokens, &postedTokens)
            swap(&inbox.closures, &postedClosures)
        }
        if !postedTokens.isEmpty {
            if let onToken { for token in postedTokens { onToken(token) } }
            postedTokens.removeAll(keepingCapacity: true)
        }
        if !postedClosures.isEmpty {
            for body in postedClosures { body() }
            postedClosures.removeAll(keepingCapacity: true)
        }
    }

    func fireDueTimers() {
        while let (_, payload) = timers.popDue(now: now) {
            switch payload {
            case .token(let handler, let token): timerHandlers[handler](token)
            case .closure(let body): body()
            }
            if stopRequested { return }
        }
    }
}
