/// Timers a state machine names by its own keys, on a loop's timer heap: a key finds its timer (to restart or
/// stop it) and the token the loop hands back when one fires finds its key. Tokens of ended timers are reused.
/// Used by the drivers for the timers their state machines ask for.
public struct KeyedTimers<Key: Hashable> {
    private var armed: [Key: (token: UInt32, timer: TimerID)] = [:]
    /// Token → key; free tokens are reused.
    private var keys: [Key?] = []
    private var freeTokens: [UInt32] = []

    public init() {}

    public var count: Int { armed.count }

    /// Arms `key` at `deadline` (replacing a running one), on `loop` with `handler`.
    public mutating func start(_ key: Key, at deadline: MonotonicTime, loop: EventLoop, handler: TimerHandlerID) {
        stop(key, loop: loop)
        let token: UInt32
        if let t = freeTokens.popLast() { token = t; keys[Int(t)] = key } else { token = UInt32(keys.count); keys.append(key) }
        armed[key] = (token, loop.schedule(at: deadline, handler: handler, token: UInt64(token)))
    }

    public mutating func stop(_ key: Key, loop: EventLoop) {
        guard let entry = armed.removeValue(forKey: key) else { return }
        _ = loop.cancel(entry.timer)
        release(entry.token)
    }

    /// The key of a timer that fired (nil for a stale token), no longer armed.
    public mutating func fired(token: UInt64) -> Key? {
        guard token < UInt64(keys.count), let key = keys[Int(token)], armed[key]?.token == UInt32(token) else { return nil }
        armed[key] = nil
        release(UInt32(token))
        return key
    }

    /// Stops every timer whose key `matches`.
    public mutating func stopAll(where matches: (Key) -> Bool, loop: EventLoop) {
        for key in Array(armed.keys) where matches(key) { stop(key, loop: loop) }
    }

    private mutating func release(_ token: UInt32) {
        keys[Int(token)] = nil
        freeTokens.append(token)
    }
}
