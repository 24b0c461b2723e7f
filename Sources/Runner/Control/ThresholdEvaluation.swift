import Reporting
import TestPlan

/// Counters a run keeps that `RunResults` has no place for; thresholds on them are judged from these.
public struct RunCounters: Hashable, Sendable {
    /// Open-model arrivals that could not start (`LoadScheduler.droppedArrivals`).
    public var droppedArrivals: UInt64
    /// Received NGAP messages whose TS 38.413 §10 verdict is not valid.
    public var invalidNGAP: UInt64

    public init(droppedArrivals: UInt64 = 0, invalidNGAP: UInt64 = 0) {
        self.droppedArrivals = droppedArrivals
        self.invalidNGAP = invalidNGAP
    }
}

/// Judges the plan's thresholds on a run's results, and bridges them to `ThresholdSpec` where Reporting can
/// express them, so that merged shard results judge them again on the merged data.
public enum ThresholdEvaluation {
    /// One `ThresholdResult` per threshold, in plan order. A metric without data (no successful attempt for a
    /// latency, no procedure of that name for a count) fails, as in Reporting. Observed values are in the
    /// units reports use: ms, %, /s or a count.
    public static func evaluate(_ thresholds: [Threshold], on results: RunResults, counters: RunCounters = RunCounters()) -> [ThresholdResult] {
        thresholds.map { evaluate($0, on: results, counters: counters) }
    }

    public static func evaluate(_ threshold: Threshold, on results: RunResults, counters: RunCounters = RunCounters()) -> ThresholdResult {
        if let spec = spec(for: threshold) {
            return ThresholdResult(expression: threshold.text, spec: spec, evaluatedOn: results)
        }
        let observed = value(threshold.metric, in: results, counters: counters)
        let scale = reportScale(threshold.metric.kind)
        return ThresholdResult(expression: threshold.text, spec: nil, observed: observed.map { $0 * scale },
                               unit: unit(threshold.metric.kind), passed: observed.map(threshold.passes) ?? false)
    }

    /// The first threshold with `abort_on_fail` that fails on the results so far, once its
    /// `delay_abort_eval` has passed (`elapsed` since the run began); nil when the run may go on. A metric
    /// without data yet does not abort.
    public static func abortingThreshold(_ thresholds: [Threshold], on results: RunResults, counters: RunCounters = RunCounters(),
                                         elapsed: Duration) -> Threshold? {
        thresholds.first { t in
            guard t.abortOnFail, elapsed >= t.delayAbortEvaluation else { return false }
            let r = evaluate(t, on: results, counters: counters)
            return r.observed != nil && !r.passed
        }
    }

    /// The threshold as Reporting's data, when Reporting has the metric and the comparison; the limit in
    /// Reporting's unit (ms, %, /s).
    public static func spec(for threshold: Threshold) -> ThresholdSpec? {
        guard let comparison = ThresholdSpec.Comparison(rawValue: threshold.comparison.rawValue) else { return nil }
        let bound = threshold.bound
        let metric: ThresholdMetric
        let limit: Double
        switch threshold.metric.subject {
        case .latency(let p, let statistic):
            switch statistic {
            case .mean: metric = .latencyMean(procedure: p.rawValue)
            case .max: metric = .latencyMax(procedure: p.rawValue)
            case .min: return nil
            default:
                guard let q = statistic.quantile else { return nil }
                metric = .latencyPercentile(procedure: p.rawValue, percentile: q * 100)
            }
            limit = bound * 1000
        case .failure(let p): metric = .failures(procedure: p.rawValue); limit = bound
        case .successRate(let p): metric = .successRate(procedure: p.rawValue); limit = bound * 100
        case .ratePerSecond(let p): metric = .rate(procedure: p.rawValue); limit = bound
        case .gtpuLoss: metric = .userPlaneLoss; limit = bound * 100
        case .gtpuRTT(let statistic):
            guard let q = statistic.quantile else { return nil }
            metric = .userPlaneRTTPercentile(percentile: q * 100)
            limit = bound * 1000
        case .count, .success, .gtpuSent, .gtpuReceived, .droppedArrivals, .ngapErrorIndications, .ngapInvalid:
            return nil
        }
        return ThresholdSpec(metric: metric, comparison: comparison, limit: limit)
    }

    /// The metric's value in TestPlan's unit (seconds, fraction, count, per second), or nil without data.
    public static func value(_ metric: Metric, in results: RunResults, counters: RunCounters) -> Double? {
        let duration = results.run.environment.durationSeconds
        switch metric.subject {
        case .latency(let p, let s):
            guard let h = results.procedures[p.rawValue]?.latency, !h.isEmpty else { return nil }
            return statistic(s, of: h) / 1e6
        case .count(let p): return results.procedures[p.rawValue].map { Double($0.count) }
        case .success(let p): return results.procedures[p.rawValue].map { Double($0.success) }
        case .failure(let p): return results.procedures[p.rawValue].map { Double($0.failure) }
        case .successRate(let p): return results.procedures[p.rawValue]?.successRatio
        case .ratePerSecond(let p): return results.procedures[p.rawValue].map { $0.ratePerSecond(durationSeconds: duration) }
        case .gtpuRTT(let s):
            guard let u = results.userPlane, !u.rtt.isEmpty else { return nil }
            return statistic(s, of: u.rtt) / 1e6
        case .gtpuLoss:
            guard let u = results.userPlane, u.packetsSent > 0 else { return nil }
            return u.loss
        case .gtpuSent: return results.userPlane.map { Double($0.packetsSent) }
        case .gtpuReceived: return results.userPlane.map { Double($0.packetsReceived) }
        case .droppedArrivals: return Double(counters.droppedArrivals)
        case .ngapErrorIndications: return Double(results.messages["ErrorIndication"]?.received ?? 0)
        case .ngapInvalid: return Double(counters.invalidNGAP)
        }
    }

    /// A statistic of a non-empty histogram, in microseconds.
    static func statistic(_ s: Metric.Statistic, of h: LatencyHistogram) -> Double {
        switch s {
        case .min: Double(h.minMicroseconds)
        case .max: Double(h.maxMicroseconds)
        case .mean: h.meanMicroseconds
        default: Double(h.percentileMicroseconds((s.quantile ?? 0.5) * 100))
        }
    }

    static func reportScale(_ kind: Metric.Kind) -> Double {
        switch kind {
        case .duration: 1000
        case .ratio: 100
        case .count, .rate: 1
        }
    }

    static func unit(_ kind: Metric.Kind) -> String {
        switch kind {
        case .duration: "ms"
        case .ratio: "%"
        case .count: ""
        case .rate: "/s"
        }
    }
}
