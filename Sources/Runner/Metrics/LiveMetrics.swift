import Synchronization

/// The run's live counters and latency histograms, shared between the run loop (which records) and the
/// metrics endpoint (which reads a copy per scrape). One lock; record many events under one `update` call
/// (per batch of messages) on hot paths.
public final class LiveMetrics: Sendable {
    private let state = Mutex(MetricsState())

    public init() {}

    /// Records under the lock.
    public func update(_ body: (inout MetricsState) -> Void) {
        state.withLock { body(&$0) }
    }

    /// A copy of the current values.
    public var snapshot: MetricsState { state.withLock { $0 } }
}

/// Counters per procedure and message type, procedure latency in Prometheus-style cumulative buckets, and
/// the load's gauges. Plain value: tests build and compare them directly.
public struct MetricsState: Sendable, Equatable {
    /// Upper bounds of the latency buckets, in seconds (Prometheus `le`); `+Inf` is implied.
    public static let latencyBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    public struct Procedure: Sendable, Equatable {
        public var attempts: UInt64 = 0
        public var successes: UInt64 = 0
        public var failures: UInt64 = 0
        /// Successes per latency bucket (not cumulative; `latencyBounds.count + 1` entries, the last for
        /// latencies above every bound).
        public var buckets = [UInt64](repeating: 0, count: MetricsState.latencyBounds.count + 1)
        /// Sum of the successes' latencies, in seconds.
        public var latencySum = 0.0
    }

    public struct Messages: Sendable, Equatable {
        public var sent: UInt64 = 0
        public var received: UInt64 = 0
    }

    public var procedures: [String: Procedure] = [:]
    public var messages: [String: Messages] = [:]
    public var iterationsStarted: UInt64 = 0
    public var iterationsRunning = 0
    public var droppedArrivals: UInt64 = 0

    public init() {}

    public mutating func recordAttempt(_ procedure: String) {
        procedures[procedure, default: Procedure()].attempts &+= 1
    }

    /// A success after `latencyMicroseconds`.
    public mutating func recordSuccess(_ procedure: String, latencyMicroseconds: UInt64) {
        let seconds = Double(latencyMicroseconds) / 1e6
        var bucket = Self.latencyBounds.count
        // Few bounds: a linear scan beats a search.
        for (i, bound) in Self.latencyBounds.enumerated() where seconds <= bound {
            bucket = i
            break
        }
        procedures[procedure, default: Procedure()].successes &+= 1
        procedures[procedure, default: Procedure()].buckets[bucket] &+= 1
        procedures[procedure, default: Procedure()].latencySum += seconds
    }

    public mutating func recordFailure(_ procedure: String) {
        procedures[procedure, default: Procedure()].failures &+= 1
    }

    public mutating func recordMessage(_ type: String, received: Bool, count: UInt64 = 1) {
        if received {
            messages[type, default: Messages()].received &+= count
        } else {
            messages[type, default: Messages()].sent &+= count
        }
    }
}
