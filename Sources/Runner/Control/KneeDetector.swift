import Reporting
import TestPlan

/// `load.knee` (open model): finds the arrival rate where the target stops keeping up. Once a whole
/// `window` has passed, each check judges the `when` conditions on the last `window` of the run's time
/// series; the knee is the target rate at the first check where any condition holds.
public struct KneeDetector: Sendable {
    /// What was found.
    public struct Knee: Hashable, Sendable {
        /// The whole plan's target arrival rate at the knee (the shard's rate divided by its share).
        public var ratePerSecond: Double
        /// When, since the run began.
        public var at: Duration
        /// The condition that held and its observed value (`registration.latency.p95 > 250ms (observed 312 ms)`).
        public var condition: String
    }

    public let search: LoadProfile.KneeSearch
    public private(set) var knee: Knee?

    public init(search: LoadProfile.KneeSearch) { self.search = search }

    /// Judges the window ending at `now` (time since `start`, the run's wall-clock start); `rate` is the
    /// plan-wide target rate now. Returns the knee the first time a condition holds, nil otherwise and after.
    public mutating func check(_ results: RunResults, start: Timestamp, now: Duration, rate: Double, counters: RunCounters = RunCounters()) -> Knee? {
        guard knee == nil, now >= search.window else { return nil }
        let nowMicros = Self.microseconds(now), windowMicros = Self.microseconds(search.window)
        let view = Self.window(of: results, from: start.adding(microseconds: nowMicros - windowMicros), to: start.adding(microseconds: nowMicros))
        for condition in search.when {
            let r = ThresholdEvaluation.evaluate(condition, on: view, counters: counters)
            guard let observed = r.observed, r.passed else { continue }
            let found = Knee(ratePerSecond: rate, at: now,
                             condition: "\(condition.text) (observed \(ProgressReporter.fixed(observed, 1))\(r.unit.isEmpty ? "" : " " + r.unit))")
            knee = found
            return found
        }
        return nil
    }

    /// The results of the time-series intervals that start in `[from, to)`: attempts, successes, failures
    /// and latency per procedure, over a run from `from` to `to`.
    static func window(of results: RunResults, from: Timestamp, to: Timestamp) -> RunResults {
        var env = results.run.environment
        env.start = from
        env.end = to
        var view = RunResults(run: RunInfo(plan: results.run.plan, target: results.run.target, environment: env))
        for (name, points) in results.timeSeries.procedures {
            var stats = ProcedureStats(latency: LatencyHistogram(significantDigits: TimeSeries.latencyDigits))
            for p in points where p.second >= from.second && p.second < to.second {
                stats.count &+= p.attempts
                stats.success &+= p.successes
                stats.failure &+= p.errors
                // Bucket by bucket at the series' precision (each bucket's lowest value).
                for b in p.latency.buckets { stats.latency.record(microseconds: b.value, count: b.count) }
            }
            view.procedures[name] = stats
        }
        return view
    }

    static func microseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1_000_000 + atto / 1_000_000_000_000
    }
}
