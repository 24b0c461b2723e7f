/// A condition on a metric over the run (`registration.latency.p95 < 200ms`), parsed to data: checked at
/// the end of the run and, with `abortOnFail`, while it runs.
public struct Threshold: Hashable, Sendable, CustomStringConvertible {
    public enum Comparison: String, Hashable, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

        public func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .less: a < b
            case .lessOrEqual: a <= b
            case .greater: a > b
            case .greaterOrEqual: a >= b
            case .equal: a == b
            case .notEqual: a != b
            }
        }
    }

    public var metric: Metric
    public var comparison: Comparison
    /// The bound in the metric's unit: seconds (duration), a fraction 0...1 (ratio), events (count),
    /// events per second (rate).
    public var bound: Double
    /// Stop the run as soon as the threshold fails (k6 `abortOnFail`; default false).
    public var abortOnFail: Bool
    /// Do not judge for an abort before this much of the run has passed (k6 `delayAbortEval`; default 0s).
    public var delayAbortEvaluation: Duration
    /// The expression as written.
    public var text: String
    public var position: SourcePosition

    public init(metric: Metric, comparison: Comparison, bound: Double, abortOnFail: Bool = false,
                delayAbortEvaluation: Duration = .zero, text: String, position: SourcePosition) {
        self.metric = metric
        self.comparison = comparison
        self.bound = bound
        self.abortOnFail = abortOnFail
        self.delayAbortEvaluation = delayAbortEvaluation
        self.text = text
        self.position = position
    }

    /// True when `observed` (in the metric's unit) satisfies the threshold.
    public func passes(_ observed: Double) -> Bool { comparison.holds(observed, bound) }

    public var description: String { text }
}

/// Parses threshold expressions: `METRIC OP VALUE`, spaces optional, where OP is `<`, `<=`, `>`, `>=`,
/// `==` or `!=` and VALUE fits the metric's kind: a duration (`200ms`), a percentage (`99.9%`), a whole
/// number (count), or a number or `N/s` (rate).
public enum ThresholdExpression {
    /// The parsed parts, or the offset and reason of the first problem.
    public static func parse(_ text: String) -> Result<(Metric, Threshold.Comparison, Double), QuantityParseFailure> {
        let chars = Array(text)
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        let metricStart = i
        while i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." { i += 1 }
        let name = String(chars[metricStart..<i])
        guard !name.isEmpty else { return .failure(.init(offset: metricStart, reason: "expected a metric name, such as registration.latency.p95")) }
        guard let metric = Metric.named(name) else {
            let hint = Suggestion.nearest(name, Metric.all.map(\.name)).map { "; did you mean \"\($0)\"?" } ?? ""
            return .failure(.init(offset: metricStart, reason: "unknown metric \"\(name)\"\(hint)"))
        }
        while i < chars.count, chars[i] == " " { i += 1 }
        let opStart = i
        while i < chars.count, "<>=!".contains(chars[i]) { i += 1 }
        let opText = String(chars[opStart..<i])
        guard let comparison = Threshold.Comparison(rawValue: opText) else {
            return .failure(.init(offset: opStart, reason: opText.isEmpty ? "expected a comparison (<, <=, >, >=, ==, !=) after \(name)"
                                                                         : "\"\(opText)\" is not a comparison (<, <=, >, >=, ==, !=)"))
        }
        while i < chars.count, chars[i] == " " { i += 1 }
        let valueStart = i
        var end = chars.count
        while end > valueStart, chars[end - 1] == " " { end -= 1 }
        let valueText = String(chars[valueStart..<end])
        guard !valueText.isEmpty else { return .failure(.init(offset: valueStart, reason: "expected a value after \(opText)")) }
        switch value(valueText, for: metric) {
        case .success(let v): return .success((metric, comparison, v))
        case .failure(let f): return .failure(.init(offset: valueStart + f.offset, reason: f.reason))
        }
    }

    static func value(_ text: String, for metric: Metric) -> Result<Double, QuantityParseFailure> {
        switch metric.kind {
        case .duration:
            switch DurationText.parse(text) {
            case .success(let d):
                let (s, atto) = d.components
                return .success(Double(s) + Double(atto) / 1e18)
            case .failure(let f):
                return .failure(.init(offset: f.offset, reason: "\(metric.name) is a duration; \"\(text)\" is not one: \(f.reason)"))
            }
        case .ratio:
            switch Percentage.parse(text) {
            case .success(let p): return .success(p.fraction)
            case .failure(let f): return .failure(.init(offset: f.offset, reason: "\(metric.name) is a ratio; write a percentage such as 99.9%: \(f.reason)"))
            }
        case .count:
            guard let n = Int(text), n >= 0 else {
                return .failure(.init(offset: 0, reason: "\(metric.name) is a count; \"\(text)\" is not a whole number"))
            }
            return .success(Double(n))
        case .rate:
            if let n = Double(text), n >= 0, text.allSatisfy({ $0.isNumber || $0 == "." }) { return .success(n) }
            switch Rate.parse(text) {
            case .success(let r): return .success(r.perSecond)
            case .failure(let f): return .failure(.init(offset: f.offset, reason: "\(metric.name) is a rate; write N/s or a number: \(f.reason)"))
            }
        }
    }
}
