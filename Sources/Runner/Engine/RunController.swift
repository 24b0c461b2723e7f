#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Reporting
import TestPlan

/// Time for the run loop: the time since the run began and a way to wait. `SystemRunClock` in `coregate
/// run`; `ManualRunClock` in tests, where waiting moves time forward at once.
public protocol RunClock: AnyObject {
    var now: Duration { get }
    func sleep(until deadline: Duration)
}

/// The monotonic clock, from the moment it is made.
public final class SystemRunClock: RunClock {
    private let start = ContinuousClock.now
    public init() {}
    public var now: Duration { ContinuousClock.now - start }
    public func sleep(until deadline: Duration) {
        let wait = deadline - now
        guard wait > .zero else { return }
        let (s, atto) = wait.components
        var ts = timespec(tv_sec: Int(s), tv_nsec: Int(atto / 1_000_000_000))
        nanosleep(&ts, nil)
    }
}

/// A clock that only moves when the loop waits: a whole run takes no real time.
public final class ManualRunClock: RunClock {
    public private(set) var now: Duration = .zero
    public init() {}
    public func sleep(until deadline: Duration) { now = max(now, deadline) }
}

/// How a run is driven.
public struct RunOptions {
    /// How often the loop polls the engine and the scheduler.
    public var tick: Duration = .milliseconds(1)
    /// Time left to running iterations after a first Ctrl-C or SIGTERM (capped by the plan's graceful_stop).
    public var interruptGrace: Duration = .seconds(3)
    /// How often abort_on_fail thresholds are judged while running.
    public var abortCheckInterval: Duration = .seconds(1)
    /// The CoreGate version for the reports.
    public var coregateVersion: String
    /// Stop requests so far (signals): 1 stops cleanly, 2 ends at once. `StopSignals.count` by default.
    public var stopRequests: () -> Int = { StopSignals.count }
    /// What the reports call the target (`embedded`, the AMF address).
    public var targetName: String

    public init(coregateVersion: String, targetName: String) {
        self.coregateVersion = coregateVersion
        self.targetName = targetName
    }
}

/// What a run gave.
public struct RunOutcome {
    public var results: RunResults
    public var counters: RunCounters
    public var status: RunExitStatus
}

/// The run loop: the load scheduler decides which UE starts when, the engine runs the iterations, events
/// become results (and live metrics), the progress line is drawn, stop requests and aborting thresholds end
/// the run cleanly; at the end the thresholds are judged. Single-threaded; the engine is polled every tick.
public final class RunController {
    let plan: TestPlan
    let slice: PlanSlice
    let engine: any RunEngine
    let clock: any RunClock
    let options: RunOptions
    let progress: ProgressReporter?
    let metrics: LiveMetrics?

    public init(plan: TestPlan, slice: PlanSlice, engine: any RunEngine, clock: any RunClock, options: RunOptions,
                progress: ProgressReporter? = nil, metrics: LiveMetrics? = nil) {
        self.plan = plan
        self.slice = slice
        self.engine = engine
        self.clock = clock
        self.options = options
        self.progress = progress
        self.metrics = metrics
    }

    public func run() -> RunOutcome {
        let wallStart = Timestamp.now
        let shard = slice.shard.count > 1 ? ShardInfo(index: slice.shard.index, of: slice.shard.count) : nil
        var results = RunResults(run: RunInfo(plan: PlanInfo(name: plan.metadata.name, description: plan.metadata.description, tags: plan.metadata.tags),
                                              target: TargetInfo(name: options.targetName),
                                              environment: .current(coregateVersion: options.coregateVersion, start: wallStart),
                                              shard: shard))
        var state = LoopState(wallStart: wallStart, scheduler: LoadScheduler(plan: plan, slice: slice))
        if plan.load.model == .open, let search = plan.load.knee { state.knee = KneeDetector(search: search) }
        var events: [RunEvent] = []
        do {
            try engine.setUp(now: clock.now)
        } catch {
            results.run.environment.end = .now
            results.run.environment.interrupted = true
            results.run.environment.interruptionReason = error.message
            results.thresholds = ThresholdEvaluation.evaluate(plan.thresholds, on: results)
            return RunOutcome(results: results, counters: RunCounters(), status: .targetUnreachable)
        }
        var started: [Int] = []
        var nextAbortCheck = options.abortCheckInterval
        while true {
            let now = clock.now
            let requests = options.stopRequests()
            if requests >= 2 {
                if state.stopReason == nil || state.stopReason == StopSignals.reason { state.stopReason = "interrupted twice" }
                state.scheduler.finishNow(reason: "interrupted twice")
            } else if requests == 1, state.stopReason == nil {
                state.stopReason = StopSignals.reason ?? "interrupted"
                state.scheduler.stop(at: now, grace: options.interruptGrace, reason: state.stopReason ?? "interrupted")
            }
            events.removeAll(keepingCapacity: true)
            engine.poll(now: now, events: &events)
            apply(events, to: &results, state: &state)
            if now >= nextAbortCheck {
                nextAbortCheck = now + options.abortCheckInterval
                results.run.environment.end = state.wallStart.adding(microseconds: Self.microseconds(now))
                if let t = ThresholdEvaluation.abortingThreshold(plan.thresholds, on: results, counters: state.counters, elapsed: now), state.stopReason == nil {
                    state.stopReason = "threshold \(t.text) crossed (abort_on_fail)"
                    state.scheduler.stop(at: now, grace: options.interruptGrace, reason: state.stopReason ?? "")
                }
                checkKnee(&state, &results, now: now)
            }
            started.removeAll(keepingCapacity: true)
            state.scheduler.advance(to: now, starting: &started)
            for ue in started { engine.startIteration(ue: ue, now: now) }
            state.counters.droppedArrivals = UInt64(state.scheduler.droppedArrivals)
            metrics?.update { m in
                m.iterationsStarted = UInt64(state.scheduler.startedIterations)
                m.iterationsRunning = state.scheduler.runningCount
                m.droppedArrivals = UInt64(state.scheduler.droppedArrivals)
            }
            progress?.update(snapshot(state, results), now: now)
            if state.scheduler.isFinished { break }
            clock.sleep(until: now + options.tick)
        }
        let end = clock.now
        events.removeAll(keepingCapacity: true)
        let cut = state.scheduler.runningUEs
        if !cut.isEmpty { engine.cut(ues: cut, now: end, events: &events) }
        engine.tearDown(now: end, events: &events)
        apply(events, to: &results, state: &state)
        engine.finish(&results)
        progress?.finish(snapshot(state, results), now: end)

        results.run.environment.end = state.wallStart.adding(microseconds: Self.microseconds(end))
        if let knee = state.knee, knee.knee == nil {
            let top = plan.load.stages.compactMap { if case .rate(let r) = $0.target { r.perSecond } else { nil } }.max() ?? 0
            results.steps.append(StepResult(name: "knee", kind: "knee", outcome: .skipped, durationSeconds: Self.seconds(end),
                                            message: "no knee: no condition held up to \(ProgressReporter.fixed(top, 1))/s"))
        }
        // A stop at the knee is the plan's own end, not an interruption.
        if let reason = state.stopReason ?? (state.stoppedAtKnee ? nil : state.scheduler.stopReason) {
            results.run.environment.interrupted = true
            results.run.environment.interruptionReason = reason
        }
        results.thresholds = ThresholdEvaluation.evaluate(plan.thresholds, on: results, counters: state.counters)
        let status: RunExitStatus = state.targetLost && state.anySuccess == false ? .targetUnreachable : RunExitStatus(results: results)
        return RunOutcome(results: results, counters: state.counters, status: status)
    }

    struct LoopState {
        var wallStart: Timestamp
        var scheduler: LoadScheduler
        var counters = RunCounters()
        var stopReason: String?
        var targetLost = false
        var anySuccess = false
        var errors = 0
        var knee: KneeDetector?
        var stoppedAtKnee = false
    }

    /// Judges `load.knee` on the last window; at the knee, records it as a step and stops when asked to.
    private func checkKnee(_ state: inout LoopState, _ results: inout RunResults, now: Duration) {
        guard var detector = state.knee, let shardRate = state.scheduler.arrivalRate(at: now), slice.share > 0 else { return }
        let found = detector.check(results, start: state.wallStart, now: now, rate: shardRate / slice.share, counters: state.counters)
        state.knee = detector
        guard let knee = found else { return }
        results.steps.append(StepResult(name: "knee", kind: "knee", outcome: .passed, durationSeconds: Self.seconds(now),
                                        message: "knee at \(ProgressReporter.fixed(knee.ratePerSecond, 1))/s: \(knee.condition)"))
        if detector.search.stop, state.stopReason == nil {
            state.stoppedAtKnee = true
            state.scheduler.stop(at: now, grace: plan.load.gracefulStop, reason: "knee at \(ProgressReporter.fixed(knee.ratePerSecond, 1))/s")
        }
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }

    private func apply(_ events: [RunEvent], to results: inout RunResults, state: inout LoopState) {
        guard !events.isEmpty else { return }
        let start = state.wallStart
        let wall = { (t: Duration) in start.adding(microseconds: Self.microseconds(t)) }
        for event in events {
            switch event {
            case .procedureStarted(let p, _, let t):
                results.recordAttempt(p, at: wall(t))
            case .procedureSucceeded(let p, _, let latency, let t):
                results.recordSuccess(p, at: wall(t), latencyMicroseconds: latency)
                state.anySuccess = true
            case .procedureFailed(let p, _, let cause, let t):
                results.recordFailure(p, at: wall(t), cause: cause)
                state.errors += 1
            case .messages(let type, let received, let count):
                results.recordMessage(type, received ? .received : .sent, count: count)
            case .invalidMessage:
                state.counters.invalidNGAP &+= 1
            case .iterationEnded(let ue, _, _):
                state.scheduler.iterationEnded(ue: ue)
            case .targetLost(let reason):
                state.targetLost = true
                if state.stopReason == nil {
                    state.stopReason = "target lost: \(reason)"
                    state.scheduler.finishNow(reason: "target lost: \(reason)")
                }
            }
        }
        metrics?.update { m in
            for event in events {
                switch event {
                case .procedureStarted(let p, _, _): m.recordAttempt(p.rawValue)
                case .procedureSucceeded(let p, _, let latency, _): m.recordSuccess(p.rawValue, latencyMicroseconds: latency)
                case .procedureFailed(let p, _, _, _): m.recordFailure(p.rawValue)
                case .messages(let type, let received, let count): m.recordMessage(type, received: received, count: count)
                case .invalidMessage, .iterationEnded, .targetLost: break
                }
            }
        }
    }

    /// The progress line's view: iterations, errors and the p95 of the first procedure of the plan's steps
    /// that has data (registration, usually).
    private func snapshot(_ state: LoopState, _ results: RunResults) -> ProgressSnapshot {
        let s = state.scheduler
        let p95 = results.orderedProcedureNames.lazy.compactMap { results.procedures[$0] }.first { !$0.latency.isEmpty }
            .map { $0.latency.percentileMilliseconds(95) }
        return ProgressSnapshot(stage: s.stageLabel, done: s.endedIterations, total: s.plannedIterations, running: s.runningCount,
                                errors: state.errors, dropped: s.droppedArrivals, p95Milliseconds: p95)
    }

    static func microseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1_000_000 + atto / 1_000_000_000_000
    }
}
