import Foundation
import Reporting
import Runner
import Testing
import TestPlan

@Suite("Run loop (with the fixed-delay test engine)")
struct RunControllerTests {
    static func plan(ues: Int = 10, load: String = "", thresholds: String = "") throws -> TestPlan {
        try TestPlanLoader.load(text: """
            version: 1
            metadata: {name: loop-test}
            subscribers:
              - {supi_first: imsi-001010000000001, count: \(ues), k: 465B5CE8B199B49FAA5F0A2EE238A6BC, opc: E8ED289DEBA952E4283B54E88E6183CA}
            scenario:
              steps: [register, pdu-session, deregister]
            \(load)
            \(thresholds)
            """, file: "loop-test.yaml")
    }

    static func options(stops: @escaping () -> Int = { 0 }) -> RunOptions {
        var o = RunOptions(coregateVersion: "test", targetName: "test engine")
        o.stopRequests = stops
        return o
    }

    final class Unreachable: RunEngine {
        func setUp(now: Duration) throws(RunnerError) { throw RunnerError(.targetUnreachable, "no SCTP association to 10.0.0.1:38412") }
        func startIteration(ue: Int, now: Duration) {}
        func poll(now: Duration, events: inout [RunEvent]) {}
        func cut(ues: [Int], now: Duration, events: inout [RunEvent]) {}
        func tearDown(now: Duration, events: inout [RunEvent]) {}
    }

    @Test("every UE runs its procedures once; results, metrics and thresholds follow; exit 0")
    func once() throws {
        let plan = try Self.plan(thresholds: "thresholds: [registration.latency.p95 < 10ms, registration.success_rate >= 100%]")
        let metrics = LiveMetrics()
        let clock = ManualRunClock()
        let outcome = RunController(plan: plan, slice: try plan.slice(.whole), engine: FixedDelayTestEngine(plan: plan, delay: .milliseconds(5)),
                                    clock: clock, options: Self.options(), metrics: metrics).run()
        let r = outcome.results
        for p in ["registration", "pdu_session_establishment", "deregistration"] {
            #expect(r.procedures[p]?.count == 10 && r.procedures[p]?.success == 10, "\(p)")
        }
        #expect(r.procedures["registration"].map { abs($0.latency.percentileMilliseconds(95) - 5) < 0.01 } == true)
        #expect(r.thresholds.count == 2 && r.thresholds.allSatisfy(\.passed))
        #expect(outcome.status == .passed && !r.run.environment.interrupted)
        #expect(clock.now == .milliseconds(15), "three 5 ms procedures, then done")
        #expect(metrics.snapshot.procedures["registration"]?.successes == 10)
        #expect(metrics.snapshot.iterationsStarted == 10)
    }

    @Test("failed procedures fail the success-rate threshold: exit 1")
    func failures() throws {
        let plan = try Self.plan(thresholds: "thresholds: [registration.success_rate >= 99%]")
        let outcome = RunController(plan: plan, slice: try plan.slice(.whole),
                                    engine: FixedDelayTestEngine(plan: plan, delay: .milliseconds(2), failEvery: 4),
                                    clock: ManualRunClock(), options: Self.options()).run()
        #expect(outcome.results.procedures["registration"]?.failure ?? 0 > 0)
        #expect(outcome.results.thresholds.first?.passed == false)
        #expect(outcome.status == .failed)
    }

    @Test("a first stop request ends the run cleanly within the grace, marked interrupted, reports still written")
    func interrupted() throws {
        let plan = try Self.plan(load: "load: {model: closed, start: 5, stages: [{target: 5, duration: 10m}]}")
        let clock = ManualRunClock()
        var options = Self.options(stops: { clock.now >= .seconds(2) ? 1 : 0 })
        options.interruptGrace = .seconds(1)
        let outcome = RunController(plan: plan, slice: try plan.slice(.whole), engine: FixedDelayTestEngine(plan: plan, delay: .milliseconds(100)),
                                    clock: clock, options: options).run()
        #expect(clock.now < .milliseconds(2_400), "stopped at once: iterations end within 300 ms of the request")
        #expect(outcome.results.run.environment.interrupted)
        #expect(outcome.results.run.environment.interruptionReason?.hasPrefix("interrupted") == true)
        #expect(outcome.status == .failed)
        #expect(outcome.results.procedures["registration"]?.failure == 0, "running iterations finished, none cut")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cg-interrupted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("r.json").path
        let set = ReportSet([FileReportOutput.json(json), FileReportOutput.junit(folder.appendingPathComponent("r.xml").path),
                             FileReportOutput.html(folder.appendingPathComponent("r.html").path)])
        #expect(set.start(outcome.results.run).isEmpty)
        #expect(set.finish(outcome.results).isEmpty)
        let back = try ResultsJSON.decode([UInt8](try #require(FileManager.default.contents(atPath: json))))
        #expect(back.run.environment.interrupted)
        #expect(back.procedures["registration"]?.success == outcome.results.procedures["registration"]?.success)
    }

    @Test("a second stop request ends at once: running iterations are cut and counted as failures")
    func secondRequest() throws {
        let plan = try Self.plan(load: "load: {model: closed, start: 5, stages: [{target: 5, duration: 10m}]}")
        let clock = ManualRunClock()
        let outcome = RunController(plan: plan, slice: try plan.slice(.whole), engine: FixedDelayTestEngine(plan: plan, delay: .seconds(1)),
                                    clock: clock, options: Self.options(stops: { clock.now >= .milliseconds(500) ? 2 : 0 })).run()
        #expect(clock.now == .milliseconds(500))
        #expect(outcome.results.procedures["registration"]?.failure == 5)
        #expect(outcome.results.procedures["registration"]?.failureCauses["cut at the end of the run"] == 5)
        #expect(outcome.results.run.environment.interrupted)
    }

    @Test("an abort_on_fail threshold stops the run once its delay has passed")
    func abortOnFail() throws {
        let plan = try Self.plan(load: "load: {model: closed, start: 5, stages: [{target: 5, duration: 10m}]}",
                                 thresholds: "thresholds: [{threshold: registration.success_rate >= 99%, abort_on_fail: true, delay_abort_eval: 3s}]")
        let clock = ManualRunClock()
        let outcome = RunController(plan: plan, slice: try plan.slice(.whole),
                                    engine: FixedDelayTestEngine(plan: plan, delay: .milliseconds(10), failEvery: 3),
                                    clock: clock, options: Self.options()).run()
        #expect(clock.now >= .seconds(3) && clock.now < .seconds(5))
        #expect(outcome.results.run.environment.interruptionReason?.contains("registration.success_rate >= 99%") == true)
        #expect(outcome.status == .failed)
    }

    @Test("an unreachable target: exit 3 with the reason, thresholds judged on nothing")
    func unreachable() throws {
        let plan = try Self.plan(thresholds: "thresholds: [registration.success_rate >= 99%]")
        let outcome = RunController(plan: plan, slice: try plan.slice(.whole), engine: Unreachable(), clock: ManualRunClock(), options: Self.options()).run()
        #expect(outcome.status == .targetUnreachable)
        #expect(outcome.results.run.environment.interruptionReason == "no SCTP association to 10.0.0.1:38412")
        #expect(outcome.results.thresholds.first?.passed == false)
    }

    @Test("the progress reporter gets the stage, counts and a final line")
    func progress() throws {
        let plan = try Self.plan()
        final class Sink: @unchecked Sendable { var text = "" }
        let sink = Sink()
        let reporter = ProgressReporter(style: .plain, plainInterval: .milliseconds(5)) { sink.text += $0 }
        _ = RunController(plan: plan, slice: try plan.slice(.whole), engine: FixedDelayTestEngine(plan: plan, delay: .milliseconds(5)),
                          clock: ManualRunClock(), options: Self.options(), progress: reporter).run()
        let lines = sink.text.split(separator: "\n")
        #expect(lines.count >= 3)
        #expect(lines.last?.contains("finished  10/10 done  0 running") == true, "\(lines.last ?? "")")
        #expect(lines.last?.contains("p95 5.0ms") == true)
    }
}

@Suite("Knee search")
struct KneeTests {
    @Test("the knee is the target rate at the first window where a condition holds; the run stops there, not interrupted")
    func kneeStops() throws {
        // Arrivals ramp 0 → 100/s over 10 s; the condition (more than 40 registrations/s over a 2 s window)
        // first holds a little after the target passes 40/s: the windowed rate lags the target by ~1 s.
        let plan = try RunControllerTests.plan(ues: 2_000, load: """
            load: {model: open, start: 0/s, stages: [{duration: 10s, target: 100/s}], knee: {when: [registration.rate_per_s > 40/s], window: 2s}}
            """)
        let clock = ManualRunClock()
        let outcome = RunController(plan: plan, slice: try plan.slice(.whole), engine: FixedDelayTestEngine(plan: plan, delay: .milliseconds(1)),
                                    clock: clock, options: RunControllerTests.options()).run()
        let step = try #require(outcome.results.steps.first { $0.kind == "knee" })
        #expect(step.outcome == .passed)
        let rate = try #require(step.message.flatMap { $0.firstMatch(of: #/knee at ([0-9.]+)\/s/#) }.flatMap { Double($0.1) })
        #expect(rate > 40 && rate < 70, "\(step.message ?? "")")
        #expect(step.message?.contains("registration.rate_per_s > 40/s (observed") == true)
        #expect(clock.now < .seconds(8), "stopped at the knee")
        #expect(!outcome.results.run.environment.interrupted)
        #expect(outcome.status == .passed)
    }

    @Test("no condition holding: the knee step is skipped with the top rate, and the run goes to the end")
    func noKnee() throws {
        let plan = try RunControllerTests.plan(ues: 500, load: """
            load: {model: open, start: 0/s, stages: [{duration: 4s, target: 20/s}], knee: {when: [registration.success_rate < 99%], window: 1s}}
            """)
        let clock = ManualRunClock()
        let outcome = RunController(plan: plan, slice: try plan.slice(.whole), engine: FixedDelayTestEngine(plan: plan, delay: .milliseconds(1)),
                                    clock: clock, options: RunControllerTests.options()).run()
        let step = try #require(outcome.results.steps.first { $0.kind == "knee" })
        #expect(step.outcome == .skipped && step.message == "no knee: no condition held up to 20.0/s")
        #expect(clock.now >= .seconds(4))
        #expect(outcome.status == .passed)
    }

    @Test("failures in the window trip a success-rate condition; earlier windows do not count")
    func windowed() throws {
        let start = Timestamp(microseconds: 1_800_000_000_000_000)
        var results = RunResults(run: RunInfo(plan: PlanInfo(name: "k"), target: TargetInfo(name: "t"),
                                              environment: EnvironmentInfo(coregateVersion: "t", host: "h", os: "o", cpuCount: 1, start: start, end: start)))
        // Seconds 0-4: 10 good registrations each; seconds 5-6: 10 each, 3 failing.
        for second in 0..<7 {
            for i in 0..<10 {
                let t = start.adding(microseconds: Int64(second) * 1_000_000 + Int64(i) * 10_000)
                results.recordAttempt(.registration, at: t)
                if second >= 5 && i < 3 {
                    results.recordFailure(.registration, at: t, cause: "x")
                } else {
                    results.recordSuccess(.registration, at: t, latencyMicroseconds: 1_000)
                }
            }
        }
        let (metric, comparison, bound) = try ThresholdExpression.parse("registration.success_rate < 90%").get()
        let condition = Threshold(metric: metric, comparison: comparison, bound: bound, text: "registration.success_rate < 90%", position: here)
        var detector = KneeDetector(search: LoadProfile.KneeSearch(when: [condition], window: .seconds(2), position: here))
        let early = detector.check(results, start: start, now: .seconds(1), rate: 10)
        #expect(early == nil, "no whole window yet")
        let good = detector.check(results, start: start, now: .seconds(5), rate: 10)
        #expect(good == nil, "seconds 3-4: all good")
        let found = detector.check(results, start: start, now: .seconds(7), rate: 12.5)
        let knee = try #require(found)
        #expect(knee.ratePerSecond == 12.5 && knee.at == .seconds(7))
        #expect(knee.condition == "registration.success_rate < 90% (observed 70.0 %)")
        let again = detector.check(results, start: start, now: .seconds(8), rate: 20)
        #expect(again == nil, "found once")
    }
}
