import CEventLoop
import Glibc
import Synchronization

/// The thread-safe side of an `EventLoop`: other threads post tokens or closures to it and stop it.
/// Posting appends under a mutex and writes the loop's eventfd only when the queue was empty, so a burst
/// of posts costs one wake-up.
public final class EventLoopRemote: Sendable {
    struct Inbox: ~Copyable {
        var tokens: [UInt64] = []
        var closures: [@Sendable () -> Void] = []
        var isEmpty: Bool { tokens.isEmpty && closures.isEmpty }
    }

    let inbox = Mutex(Inbox())
    let stopRequested = Atomic<Bool>(false)
    let eventFD: Int32

    init(eventFD: Int32) { self.eventFD = eventFD }

    /// Hands a token to the loop's token handler (`EventLoop.onToken`); no allocation once the inbox grew.
    public func post(_ token: UInt64) {
        let wake = inbox.withLock { inbox -> Bool in
            let wasEmpty = inbox.isEmpty
            inbox.tokens.append(token)
            return wasEmpty
        }
        if wake { signal() }
    }

    /// Runs `body` on the loop thread at its next wake-up.
    public func execute(_ body: @escaping @Sendable () -> Void) {
        let wake = inbox.withLock { inbox -> Bool in
            let wasEmpty = inbox.isEmpty
            inbox.closures.append(body)
            return wasEmpty
        }
        if wake { signal() }
    }

    /// Asks the loop to return from `run` after the current wake-up.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        signal()
    }

    /// Writes the eventfd.
    public func signal() {
        var one: UInt64 = 1
        while write(eventFD, &one, 8) < 0 && errno == EINTR {}
    }
}
