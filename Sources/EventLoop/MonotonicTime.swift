import CEventLoop

/// A point on the monotonic clock (CLOCK_MONOTONIC), in nanoseconds. The loop reads the clock once per
/// wake-up and hands this value to whatever it calls; state machines take it as input and never read a clock.
public struct MonotonicTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: UInt64

    @inlinable public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// Reads CLOCK_MONOTONIC.
    @inlinable public static func now() -> MonotonicTime { MonotonicTime(nanoseconds: cg_monotonic_ns()) }

    @inlinable public static func < (a: MonotonicTime, b: MonotonicTime) -> Bool { a.nanoseconds < b.nanoseconds }

    /// This time moved by `duration` (negative durations move back, clamped at 0).
    @inlinable public func advanced(by duration: Duration) -> MonotonicTime {
        let delta = duration.nanosecondsClamped
        if delta >= 0 { return MonotonicTime(nanoseconds: nanoseconds &+ UInt64(delta)) }
        let back = UInt64(-delta)
        return MonotonicTime(nanoseconds: back > nanoseconds ? 0 : nanoseconds - back)
    }

    /// The time from `earlier` to this one (negative when `earlier` is later).
    @inlinable public func duration(since earlier: MonotonicTime) -> Duration {
        .nanoseconds(Int64(bitPattern: nanoseconds &- earlier.nanoseconds))
    }

    public var description: String { "\(nanoseconds) ns" }
}

extension Duration {
    /// Whole nanoseconds, clamped to Int64.
    @inlinable public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (fromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflow2) = fromSeconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return total
    }
}
