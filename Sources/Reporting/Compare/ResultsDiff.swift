/// Compares a candidate run with a baseline and lists the regressions beyond tolerances: latency up,
/// rate or success rate down, steps or thresholds that passed and now fail, procedures that disappeared.
public enum ResultsDiff {
    /// How much worse a metric may get before it counts as a regression.
    public struct Tolerances: Hashable, Sendable {
        /// Latency percentiles (p50, p95, p99) may grow by this fraction (0.10 = 10 %).
        public var latency: Double
        /// Successes per second may drop by this fraction.
        public var rate: Double
        /// The success ratio may drop by this much, in absolute terms (0.01 = one percentage point).
        public var success: Double

        public init(latency: Double = 0.10, rate: Double = 0.05, success: Double = 0.01) {
            self.latency = latency
            self.rate = rate
            self.success = success
        }

        /// Applies `name=value` settings: `latency=10%`, `rate=5%`, `success=0.5%` (a bare number is a percentage too).
        public mutating func apply(_ setting: String) throws(ReportingError) {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw ReportingError(.invalidOption, "threshold \"\(setting)\": expected NAME=PERCENT, e.g. latency=10%")
            }
            var text = parts[1].trimmed(" ")
            if text.hasSuffix("%") { text.removeLast() }
            guard let percent = Double(text), percent.isFinite, percent >= 0 else {
                throw ReportingError(.invalidOption, "threshold \"\(setting)\": \(parts[1]) is not a percentage")
            }
            switch parts[0] {
            case "latency": latency = percent / 100
            case "rate": rate = percent / 100
            case "success": success = percent / 100
            default:
                throw ReportingError(.invalidOption, "threshold \"\(setting)\": unknown metric \(parts[0]) (latency, rate, success)")
            }
        }
    }

    /// One metric compared.
    public struct Change: Hashable, Sendable {
        /// `registration`, `step "Registration accept"`, `threshold "p(95) < 200ms"`.
        public var subject: String
        /// `latency p95`, `rate`, `success rate`, `outcome`, `presence`.
        public var metric: String
        public var baseline: String
        public var candidate: String
        /// Relative change (+0.23 = 23 % more), when numeric.
        public var change: Double?
        public var regression: Bool
    }

    /// Every metric compared, regressions and not.
    public static func compare(baseline a: RunResults, candidate b: RunResults, tolerances t: Tolerances = Tolerances()) -> [Change] {
        var out: [Change] = []
        let da = a.run.environment.durationSeconds, db = b.run.environment.durationSeconds
        for name in a.orderedProcedureNames {
            guard let pa = a.procedures[name] else { continue }
            guard let pb = b.procedures[name] else {
                out.append(Change(subject: name, metric: "presence", baseline: "\(pa.count) attempts", candidate: "absent",
                                  change: nil, regression: true))
                continue
            }
            if !pa.latency.isEmpty && !pb.latency.isEmpty {
                for q in [50.0, 95.0, 99.0] {
                    let x = pa.latency.percentileMilliseconds(q), y = pb.latency.percentileMilliseconds(q)
                    let change = x > 0 ? (y - x) / x : (y > 0 ? Double.infinity : 0)
                    out.append(Change(subject: name, metric: "latency p\(Int(q))", baseline: ms(x), candidate: ms(y),
                                      change: change, regression: change > t.latency))
                }
            }
            let ra = pa.ratePerSecond(durationSeconds: da), rb = pb.ratePerSecond(durationSeconds: db)
            if ra > 0 {
                let change = (rb - ra) / ra
                out.append(Change(subject: name, metric: "rate", baseline: ReportNumber.fixed(ra, 2) + " /s",
                                  candidate: ReportNumber.fixed(rb, 2) + " /s", change: change, regression: -change > t.rate))
            }
            if let sa = pa.successRatio, let sb = pb.successRatio {
                out.append(Change(subject: name, metric: "success rate", baseline: ReportNumber.percent(sa), candidate: ReportNumber.percent(sb),
                                  change: sb - sa, regression: sa - sb > t.success))
            }
        }
        let stepsB = Dictionary(b.steps.map { ($0.name, $0.outcome) }, uniquingKeysWith: { x, y in x.severity >= y.severity ? x : y })
        for s in a.steps where s.outcome == .passed {
            if let o = stepsB[s.name], o == .failed || o == .error {
                out.append(Change(subject: "step \"\(s.name)\"", metric: "outcome", baseline: "passed", candidate: o.rawValue, change: nil, regression: true))
            }
        }
        let thresholdsB = Dictionary(b.thresholds.map { ($0.expression, $0.passed) }, uniquingKeysWith: { x, y in x && y })
        for th in a.thresholds where th.passed {
            if thresholdsB[th.expression] == false {
                out.append(Change(subject: "threshold \"\(th.expression)\"", metric: "outcome", baseline: "passed", candidate: "failed",
                                  change: nil, regression: true))
            }
        }
        return out
    }

    /// The regressions only.
    public static func regressions(baseline a: RunResults, candidate b: RunResults, tolerances t: Tolerances = Tolerances()) -> [Change] {
        compare(baseline: a, candidate: b, tolerances: t).filter(\.regression)
    }

    /// A table of every change, regressions marked, then a one-line verdict.
    public static func render(_ changes: [Change], tolerances t: Tolerances) -> String {
        var out = TextSummary.pad("subject", 34) + TextSummary.pad("metric", 14) + TextSummary.lpad("baseline", 14)
        out += TextSummary.lpad("candidate", 14) + TextSummary.lpad("change", 10) + "\n"
        for c in changes {
            out += TextSummary.pad(c.subject, 34) + TextSummary.pad(c.metric, 14) + TextSummary.lpad(c.baseline, 14) + TextSummary.lpad(c.candidate, 14)
            let change: String
            if let d = c.change {
                change = !d.isFinite ? "new" : c.metric == "success rate" ? signed(d * 100, " pt") : signed(d * 100, " %")
            } else {
                change = ""
            }
            out += TextSummary.lpad(change, 10) + (c.regression ? "  REGRESSION" : "") + "\n"
        }
        let n = changes.filter(\.regression).count
        out += "\n\(n) regression\(n == 1 ? "" : "s") (tolerances: latency +\(ReportNumber.fixed(t.latency * 100, 1)) %, "
        out += "rate -\(ReportNumber.fixed(t.rate * 100, 1)) %, success -\(ReportNumber.fixed(t.success * 100, 1)) pt)\n"
        return out
    }

    static func ms(_ v: Double) -> String { ReportNumber.fixed(v, 3) + " ms" }
    static func signed(_ v: Double, _ unit: String) -> String { (v >= 0 ? "+" : "") + ReportNumber.fixed(v, 1) + unit }
}

extension String {
    /// Without leading and trailing `c`.
    func trimmed(_ c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s.removeFirst() }
        while s.last == c { s.removeLast() }
        return String(s)
    }
}
