import Testing
import TestPlan

@Suite("Thresholds")
struct ThresholdTests {
    @Test("expressions parse to metric, comparison and a bound in the metric's unit", arguments: [
        ("registration.latency.p95 < 200ms", "registration.latency.p95", Threshold.Comparison.less, 0.2),
        ("registration.success_rate >= 99.9%", "registration.success_rate", .greaterOrEqual, 0.999),
        ("gtpu.loss < 0.1%", "gtpu.loss", .less, 0.001),
        ("gtpu.rtt.p99 < 10ms", "gtpu.rtt.p99", .less, 0.01),
        ("dropped_arrivals==0", "dropped_arrivals", .equal, 0),
        ("  registration.rate_per_s >= 1.5/s ", "registration.rate_per_s", .greaterOrEqual, 1.5),
        ("registration.rate_per_s > 6000/m", "registration.rate_per_s", .greater, 100),
        ("handover.latency.max <= 1m30s", "handover.latency.max", .lessOrEqual, 90),
        ("ngap.invalid != 3", "ngap.invalid", .notEqual, 3),
        ("iteration.latency.p999 < 250us", "iteration.latency.p999", .less, 0.00025),
    ])
    func parses(text: String, metric: String, comparison: Threshold.Comparison, bound: Double) throws {
        let (m, c, b) = try ThresholdExpression.parse(text).get()
        #expect(m.name == metric)
        #expect(c == comparison)
        #expect(abs(b - bound) < 1e-12)
    }

    @Test("errors give the character where the expression goes wrong", arguments: [
        ("registration.latncy.p95 < 200ms", 0, "unknown metric \"registration.latncy.p95\"; did you mean \"registration.latency.p95\"?"),
        ("registration.latency.p95 200ms", 25, "expected a comparison (<, <=, >, >=, ==, !=) after registration.latency.p95"),
        ("registration.latency.p95 =< 200ms", 25, "\"=<\" is not a comparison (<, <=, >, >=, ==, !=)"),
        ("registration.latency.p95 <", 26, "expected a value after <"),
        ("registration.count < 1.5", 21, "registration.count is a count; \"1.5\" is not a whole number"),
        ("gtpu.loss < 101%", 12, "gtpu.loss is a ratio; write a percentage such as 99.9%: more than 100%"),
    ])
    func failures(text: String, offset: Int, reason: String) {
        switch ThresholdExpression.parse(text) {
        case .success: Issue.record("\(text) parsed")
        case .failure(let f):
            #expect(f.offset == offset)
            #expect(f.reason == reason)
        }
    }

    @Test("a threshold judges observed values with its comparison")
    func passes() throws {
        let (m, c, b) = try ThresholdExpression.parse("registration.latency.p95 < 200ms").get()
        let t = Threshold(metric: m, comparison: c, bound: b, text: "", position: .override("x"))
        #expect(t.passes(0.199))
        #expect(!t.passes(0.2))
        #expect(Threshold.Comparison.greaterOrEqual.holds(0.999, 0.999))
    }

    @Test("the registry has every procedure with every statistic, and the user-plane and load metrics")
    func registry() {
        #expect(Metric.all.count == Set(Metric.all.map(\.name)).count)
        #expect(Metric.all.count == Metric.Procedure.allCases.count * (Metric.Statistic.allCases.count + 5) + Metric.Statistic.allCases.count + 6)
        for name in ["registration.latency.p95", "authentication.success_rate", "security_mode.count", "pdu_session_establishment.failure",
                     "pdu_session_modification.rate_per_s", "pdu_session_release.latency.mean", "service_request.success",
                     "deregistration.latency.max", "handover.latency.p99", "ng_setup.latency.p50", "paging.success_rate",
                     "gtpu.rtt.p99", "gtpu.loss", "gtpu.sent", "gtpu.received", "dropped_arrivals"] {
            #expect(Metric.named(name) != nil, "\(name)")
        }
        #expect(Metric.named("registration.latency") == nil)
        #expect(Metric.named("registration.latency.p95")?.kind == .duration)
        #expect(Metric.named("gtpu.loss")?.kind == .ratio)
        #expect(Metric.named("paging.rate_per_s")?.kind == .rate)
        #expect(Metric.named("gtpu.sent")?.kind == .count)
    }
}

@Suite("Threshold bounds")
struct ThresholdBoundTests {
    @Test("a percentage bound is the double of its decimal, so 999 of 1000 meets >= 99.9%")
    func exactRatio() throws {
        let (_, c, b) = try ThresholdExpression.parse("registration.success_rate >= 99.9%").get()
        #expect(c.holds(999.0 / 1000.0, b))
        #expect(!c.holds(998.0 / 1000.0, b))
        let (_, c2, b2) = try ThresholdExpression.parse("gtpu.loss < 0.1%").get()
        #expect(!c2.holds(1.0 / 1000.0, b2))
        #expect(c2.holds(9.0 / 10000.0, b2))
    }
}
