#if canImport(Glibc)
import Glibc
#endif
import Reporting
import Runner
import Testing
import TestPlan

@Suite("Run control: exit status and thresholds")
struct ThresholdEvaluationTests {
    /// 10 s of run with 100 registrations (98 succeeded, latencies 10…107 ms), 5 ErrorIndications received,
    /// user-plane 1000 sent and 990 received.
    static func results() -> RunResults {
        let start = Timestamp(microseconds: 1_800_000_000_000_000)
        var env = EnvironmentInfo(coregateVersion: "test", host: "h", os: "o", cpuCount: 2, start: start, end: start.adding(microseconds: 10_000_000))
        env.interrupted = false
        var r = RunResults(run: RunInfo(plan: PlanInfo(name: "p"), target: TargetInfo(name: "embedded"), environment: env))
        for i in 0..<100 {
            r.recordAttempt(.registration, at: start)
            if i < 98 {
                r.recordSuccess(.registration, at: start.adding(microseconds: 1_000_000), latencyMicroseconds: UInt64(10_000 + i * 1_000))
            } else {
                r.recordFailure(.registration, at: start.adding(microseconds: 1_000_000), cause: "timeout")
            }
        }
        r.recordMessage("ErrorIndication", .received, count: 5)
        var up = UserPlaneStats(packetsSent: 1000, packetsReceived: 990)
        up.rtt.record(microseconds: 2_000, count: 990)
        r.userPlane = up
        return r
    }

    static func threshold(_ text: String, abort: Bool = false, delay: Duration = .zero) throws -> Threshold {
        let (metric, comparison, bound) = try ThresholdExpression.parse(text).get()
        return Threshold(metric: metric, comparison: comparison, bound: bound, abortOnFail: abort, delayAbortEvaluation: delay,
                         text: text, position: SourcePosition(file: "p.yaml", line: 3, column: 5))
    }

    @Test("each metric kind is judged in its unit and reported in the reports' unit", arguments: [
        ("registration.latency.p95 < 200ms", true, "ms"),
        ("registration.latency.p50 < 50ms", false, "ms"),
        ("registration.latency.max <= 107ms", true, "ms"),
        ("registration.latency.min >= 10ms", true, "ms"),
        ("registration.success_rate >= 99%", false, "%"),
        ("registration.success_rate >= 98%", true, "%"),
        ("registration.count == 100", true, ""),
        ("registration.success != 98", false, ""),
        ("registration.failure < 3", true, ""),
        ("registration.rate_per_s >= 9.8/s", true, "/s"),
        ("registration.rate_per_s > 10", false, "/s"),
        ("gtpu.loss < 0.1%", false, "%"),
        ("gtpu.loss <= 1%", true, "%"),
        ("gtpu.rtt.p99 < 10ms", true, "ms"),
        ("gtpu.sent == 1000", true, ""),
        ("ngap.error_indications == 0", false, ""),
        ("dropped_arrivals == 0", false, ""),
        ("ngap.invalid == 0", true, ""),
    ])
    func judged(text: String, passes: Bool, unit: String) throws {
        let r = ThresholdEvaluation.evaluate(try Self.threshold(text), on: Self.results(), counters: RunCounters(droppedArrivals: 7))
        #expect(r.passed == passes, "\(text): observed \(String(describing: r.observed))")
        #expect(r.unit == unit)
        #expect(r.expression == text)
    }

    @Test("observed values: seconds become ms, fractions become %")
    func units() throws {
        let results = Self.results()
        let p95 = ThresholdEvaluation.evaluate(try Self.threshold("registration.latency.p95 < 200ms"), on: results)
        #expect(p95.observed.map { abs($0 - 103) < 0.2 } == true, "\(String(describing: p95.observed))")
        let rate = ThresholdEvaluation.evaluate(try Self.threshold("registration.success_rate >= 99%"), on: results)
        #expect(rate.observed.map { abs($0 - 98) < 1e-9 } == true)
        let min = ThresholdEvaluation.evaluate(try Self.threshold("registration.latency.min >= 10ms"), on: results)
        #expect(min.observed == 10 && min.spec == nil)
    }

    @Test("thresholds Reporting can express carry a spec, so merged shards are judged again on merged data")
    func specs() throws {
        let spec = try #require(ThresholdEvaluation.spec(for: try Self.threshold("registration.latency.p99 < 60ms")))
        #expect(spec == ThresholdSpec(metric: .latencyPercentile(procedure: "registration", percentile: 99), comparison: .less, limit: 60))
        let ratio = try #require(ThresholdEvaluation.spec(for: try Self.threshold("registration.success_rate >= 99.9%")))
        #expect(ratio.metric == .successRate(procedure: "registration") && abs(ratio.limit - 99.9) < 1e-9)
        #expect(ThresholdEvaluation.spec(for: try Self.threshold("registration.count != 5")) == nil, "Reporting has no !=")
        #expect(ThresholdEvaluation.spec(for: try Self.threshold("dropped_arrivals == 0")) == nil)
        // Evaluating with a spec gives what Reporting's own evaluation gives.
        let t = try Self.threshold("registration.latency.p95 < 100ms")
        let ours = ThresholdEvaluation.evaluate(t, on: Self.results())
        let theirs = ThresholdResult(expression: t.text, spec: try #require(ThresholdEvaluation.spec(for: t)), evaluatedOn: Self.results())
        #expect(ours == theirs && !ours.passed)
    }

    @Test("a metric without data fails; it does not abort a run")
    func noData() throws {
        let t = try Self.threshold("handover.latency.p95 < 1s", abort: true)
        let r = ThresholdEvaluation.evaluate(t, on: Self.results())
        #expect(!r.passed && r.observed == nil)
        #expect(ThresholdEvaluation.abortingThreshold([t], on: Self.results(), elapsed: .seconds(60)) == nil)
    }

    @Test("abort_on_fail stops the run only after delay_abort_eval")
    func abort() throws {
        let t = try Self.threshold("registration.success_rate >= 99%", abort: true, delay: .seconds(10))
        let quiet = try Self.threshold("registration.latency.p50 < 1ms")
        #expect(ThresholdEvaluation.abortingThreshold([quiet, t], on: Self.results(), elapsed: .seconds(9)) == nil)
        #expect(ThresholdEvaluation.abortingThreshold([quiet, t], on: Self.results(), elapsed: .seconds(10)) == t)
    }

    @Test("exit status: 0 passed, 1 when a threshold or step failed or the run was interrupted")
    func exitStatus() throws {
        var r = Self.results()
        #expect(RunExitStatus(results: r) == .passed)
        r.thresholds = ThresholdEvaluation.evaluate([try Self.threshold("registration.success_rate >= 99%")], on: r)
        #expect(RunExitStatus(results: r) == .failed)
        r.thresholds = []
        r.run.environment.interrupted = true
        #expect(RunExitStatus(results: r) == .failed)
        #expect(RunExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3])
    }
}

@Suite("Run control: signals", .serialized)
struct StopSignalTests {
    /// Waits (at most 2 s) for `condition`: a process-directed signal may be taken by another thread.
    static func waitFor(_ condition: () -> Bool) {
        for _ in 0..<2_000 where !condition() { usleep(1_000) }
    }

    @Test("the first SIGINT or SIGTERM sets the stop request and names it; the second is counted (or exits)")
    func signals() throws {
        try StopSignals.install(second: .count)
        defer { StopSignals.uninstall() }
        #expect(!StopSignals.stopRequested && StopSignals.reason == nil)
        // Process-directed, as a shell's kill or Ctrl-C is: any thread that does not block them takes them.
        kill(getpid(), SIGTERM)
        Self.waitFor { StopSignals.count >= 1 }
        #expect(StopSignals.stopRequested && StopSignals.count == 1)
        #expect(StopSignals.reason == "interrupted (SIGTERM)")
        kill(getpid(), SIGINT)
        Self.waitFor { StopSignals.count >= 2 }
        #expect(StopSignals.count == 2)
        #expect(StopSignals.reason == "interrupted (SIGINT)")
        try StopSignals.install(second: .count)
        #expect(StopSignals.count == 0, "install clears the count")
    }
}
