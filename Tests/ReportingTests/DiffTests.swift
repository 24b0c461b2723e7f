import Reporting
import Testing

/// `report diff`: regressions beyond tolerances, and nothing else.
@Suite struct DiffTests {
    /// The synthetic run with every registration latency scaled by `factor` and `failures` more failures.
    static func variant(latencyFactor factor: Double, extraFailures: UInt64 = 0, seconds: Int = 120) -> RunResults {
        var r = SyntheticRun.make(.init(ues: 3_000, seconds: seconds, registrationFailure: 0.004))
        var stats = r.procedures["registration"] ?? ProcedureStats()
        var scaled = LatencyHistogram()
        for b in stats.latency.buckets { scaled.record(microseconds: UInt64(Double(b.value) * factor), count: b.count) }
        stats.latency = scaled
        stats.success -= extraFailures
        stats.failure += extraFailures
        r.procedures["registration"] = stats
        return r
    }

    @Test("finds latency, rate and success-rate regressions") func findsInjectedRegression() {
        let base = Self.variant(latencyFactor: 1)
        let slower = Self.variant(latencyFactor: 1.25)
        let found = ResultsDiff.regressions(baseline: base, candidate: slower)
        #expect(Set(found.map(\.metric)) == ["latency p50", "latency p95", "latency p99"], "\(found)")
        #expect(found.allSatisfy { $0.subject == "registration" })

        let failing = Self.variant(latencyFactor: 1, extraFailures: 150)
        let drops = ResultsDiff.regressions(baseline: base, candidate: failing)
        #expect(Set(drops.map(\.metric)) == ["rate", "success rate"], "\(drops)")

        let longer = Self.variant(latencyFactor: 1, seconds: 150)  // same work over more time: lower rate
        #expect(ResultsDiff.regressions(baseline: base, candidate: longer).contains { $0.metric == "rate" && $0.subject == "registration" })
    }

    @Test("does not flag changes within tolerance, nor improvements") func ignoresNonRegressions() {
        let base = Self.variant(latencyFactor: 1)
        #expect(ResultsDiff.regressions(baseline: base, candidate: base).isEmpty)
        #expect(ResultsDiff.regressions(baseline: base, candidate: Self.variant(latencyFactor: 1.05)).isEmpty, "5 % is within the 10 % default")
        #expect(ResultsDiff.regressions(baseline: base, candidate: Self.variant(latencyFactor: 0.6)).isEmpty, "faster is not a regression")
        let changes = ResultsDiff.compare(baseline: base, candidate: Self.variant(latencyFactor: 1.05))
        #expect(changes.contains { $0.metric == "latency p95" && !$0.regression }, "compared but not flagged")
    }

    @Test("tolerances are settable and checked") func tolerances() throws {
        var t = ResultsDiff.Tolerances()
        try t.apply("latency=30%")
        try t.apply("rate=2.5")
        #expect(t.latency == 0.30 && t.rate == 0.025)
        #expect(ResultsDiff.regressions(baseline: Self.variant(latencyFactor: 1), candidate: Self.variant(latencyFactor: 1.25), tolerances: t).isEmpty)
        #expect(throws: ReportingError.self) { try t.apply("latency") }
        #expect(throws: ReportingError.self) { try t.apply("latency=ten%") }
        #expect(throws: ReportingError.self) { try t.apply("jitter=5%") }
    }

    @Test("steps and thresholds that passed and now fail, and vanished procedures, are regressions") func outcomeFlips() {
        let base = Fixtures.passing()
        var worse = base
        worse.steps[1].outcome = .failed
        worse.thresholds[0].passed = false
        worse.procedures["registration"] = nil
        let found = ResultsDiff.regressions(baseline: base, candidate: worse)
        #expect(found.contains { $0.subject == "step \"Register\"" })
        #expect(found.contains { $0.subject == "threshold \"p(95) registration < 200ms\"" })
        #expect(found.contains { $0.subject == "registration" && $0.metric == "presence" })
    }
}
