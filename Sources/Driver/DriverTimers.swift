import EventLoop
import Simulation

/// The timers state machines ask for, kept on the loop's timer heap: a timer of a UE or a gNB is found by
/// its identity (to restart or stop it) and by the token the loop hands back when it fires.
struct DriverTimers {
    enum Key: Hashable {
        case ue(UEIndex, UETimer)
        case gnb(GNBIndex, GNBTimer)
    }

    private var armed: [Key: (token: UInt32, timer: TimerID)] = [:]
    /// Token → key; free tokens are reused.
    private var keys: [Key?] = []
    private var freeTokens: [UInt32] = []

    var count: Int { armed.count }

    /// Arms `key` at `deadline` (replacing a running one), on `loop` with `handler`.
    mutating func start(_ key: Key, at deadline: MonotonicTime, loop: EventLoop, handler: TimerHandlerID) {
        stop(key, loop: loop)
        let token: UInt32
        if let t = freeTokens.popLast() { token = t; keys[Int(t)] = key } else { token = UInt32(keys.count); keys.append(key) }
        armed[key] = (token, loop.schedule(at: deadline, handler: handler, token: UInt64(token)))
    }

    mutating func stop(_ key: Key, loop: EventLoop) {
        guard let entry = armed.removeValue(forKey: key) else { return }
        _ = loop.cancel(entry.timer)
        release(entry.token)
    }

    /// The key of a timer that fired (nil for a stale token), no longer armed.
    mutating func fired(token: UInt64) -> Key? {
        guard token < UInt64(keys.count), let key = keys[Int(token)], armed[key]?.token == UInt32(token) else { return nil }
        armed[key] = nil
        release(UInt32(token))
        return key
    }

    /// Stops every timer of a UE (it left the run).
    mutating func stopAll(of ue: UEIndex, loop: EventLoop) {
        for key in Array(armed.keys) {
            if case .ue(ue, _) = key { stop(key, loop: loop) }
        }
    }

    private mutating func release(_ token: UInt32) {
        keys[Int(token)] = nil
        freeTokens.append(token)
    }
}
