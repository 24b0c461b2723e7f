/// A threshold of the plan and its outcome (k6's thresholds: `p(95) < 200ms` on a metric).
public struct ThresholdResult: Hashable, Sendable {
    /// As written in the plan.
    public var expression: String
    /// The threshold as data, when the plan gave it in a form this module can evaluate: then merged shard
    /// results re-evaluate it on the merged data (exact), instead of combining the shards' verdicts.
    public var spec: ThresholdSpec?
    /// The value observed, in `unit`; nil when the metric had no data.
    public var observed: Double?
    /// `ms`, `/s`, `%`, or empty for counts.
    public var unit: String
    public var passed: Bool

    public init(expression: String, spec: ThresholdSpec? = nil, observed: Double?, unit: String, passed: Bool) {
        self.expression = expression
        self.spec = spec
        self.observed = observed
        self.unit = unit
        self.passed = passed
    }

    /// Evaluates `spec` on `results`; a metric with no data fails the threshold.
    public init(expression: String, spec: ThresholdSpec, evaluatedOn results: RunResults) {
        let observed = spec.metric.value(in: results)
        self.init(expression: expression, spec: spec, observed: observed, unit: spec.metric.unit,
                  passed: observed.map { spec.comparison.holds($0, spec.limit) } ?? false)
    }
}

/// A threshold as data: a metric, a comparison and a limit in the metric's unit.
public struct ThresholdSpec: Hashable, Sendable {
    public var metric: ThresholdMetric
    public var comparison: Comparison
    public var limit: Double

    public init(metric: ThresholdMetric, comparison: Comparison, limit: Double) {
        self.metric = metric
        self.comparison = comparison
        self.limit = limit
    }

    public enum Comparison: String, Hashable, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=="

        func holds(_ value: Double, _ limit: Double) -> Bool {
            switch self {
            case .less: value < limit
            case .lessOrEqual: value <= limit
            case .greater: value > limit
            case .greaterOrEqual: value >= limit
            case .equal: value == limit
            }
        }
    }
}

/// What a threshold measures.
public enum ThresholdMetric: Hashable, Sendable {
    /// Latency percentile (0...100) of a procedure, in ms.
    case latencyPercentile(procedure: String, percentile: Double)
    /// Mean latency of a procedure, in ms.
    case latencyMean(procedure: String)
    /// Largest latency of a procedure, in ms.
    case latencyMax(procedure: String)
    /// Successes per second of a procedure over the run.
    case rate(procedure: String)
    /// Successes per attempt of a procedure, in %.
    case successRate(procedure: String)
    /// Failed attempts of a procedure.
    case failures(procedure: String)
    /// User-plane packets lost, in %.
    case userPlaneLoss
    /// User-plane round-trip percentile, in ms.
    case userPlaneRTTPercentile(percentile: Double)

    public var unit: String {
        switch self {
        case .latencyPercentile, .latencyMean, .latencyMax, .userPlaneRTTPercentile: "ms"
        case .rate: "/s"
        case .successRate, .userPlaneLoss: "%"
        case .failures: ""
        }
    }

    /// The value in `results`, or nil when there is no data for it.
    public func value(in results: RunResults) -> Double? {
        let duration = results.run.environment.durationSeconds
        switch self {
        case .latencyPercentile(let p, let q):
            guard let s = results.procedures[p], !s.latency.isEmpty else { return nil }
            return s.latency.percentileMilliseconds(q)
        case .latencyMean(let p):
            guard let s = results.procedures[p], !s.latency.isEmpty else { return nil }
            return s.latency.meanMicroseconds / 1000
        case .latencyMax(let p):
            guard let s = results.procedures[p], !s.latency.isEmpty else { return nil }
            return Double(s.latency.maxMicroseconds) / 1000
        case .rate(let p):
            return results.procedures[p].map { $0.ratePerSecond(durationSeconds: duration) }
        case .successRate(let p):
            return results.procedures[p]?.successRatio.map { $0 * 100 }
        case .failures(let p):
            return results.procedures[p].map { Double($0.failure) }
        case .userPlaneLoss:
            guard let u = results.userPlane, u.packetsSent > 0 else { return nil }
            return u.loss * 100
        case .userPlaneRTTPercentile(let q):
            guard let u = results.userPlane, !u.rtt.isEmpty else { return nil }
            return u.rtt.percentileMilliseconds(q)
        }
    }
}
