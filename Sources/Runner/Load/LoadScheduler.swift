import TestPlan

/// When which UE starts an iteration of the scenario: the plan's load profile as a pure state machine.
///
/// The runner calls `advance(to:starting:)` with the time since the run began (a fake clock in tests) and
/// starts an iteration for each UE index appended; it calls `iterationEnded(ue:)` when one ends. No clock,
/// thread or allocation after `init` is involved.
///
/// - closed model (k6 ramping-vus): a stage target is a number of concurrent iterations; a duration stage
///   moves linearly from the previous target (or `start`), an iterations stage holds its target until that
///   many iterations have started in it. The moving target is truncated toward the previous target (a ramp
///   up from 0 to 10 over 10 s has 1 iteration slot after 1 s, a ramp down from 10 to 0 still 10 after
///   0.5 s). Slots above the target start nothing new; running iterations are never cut before the end.
/// - open model (k6 ramping-arrival-rate): a stage target is an arrival rate; arrivals happen when the
///   integral of the rate crosses a whole number, so any span of simulated time gets its exact share. An
///   arrival that finds no idle UE, or `maxConcurrent` iterations running, is counted in `droppedArrivals`.
///   An iterations stage holds its rate until that many arrivals (dropped ones included, so that a
///   saturated target cannot hold a stage forever) have happened.
/// - A UE runs one iteration at a time; an iteration takes the idle UE that has waited longest (lowest
///   index first).
/// - After the last stage (or `stop`), running iterations get `gracefulStop`; then the phase is `finished`
///   and `runningUEs` lists the iterations to cut.
/// - Sharding: the scheduler plays the UEs of its `PlanSlice`. Closed targets, iteration counts and
///   `maxConcurrent` are split as the UEs are (shard `I` gets block `I` of `0..<n`, so the shards' parts add
///   up to the whole exactly); open rates scale by `PlanSlice.share`.
public struct LoadScheduler: Sendable {
    /// Where the run is.
    public enum Phase: Hashable, Sendable {
        /// Running stage `index` of `LoadProfile.stages`.
        case stage(Int)
        /// No new iterations; running ones may go on until the deadline (time since the start).
        case gracefulStop(until: Duration)
        /// Done: nothing runs any more, or the iterations in `runningUEs` are to be cut.
        case finished
    }

    public let profile: LoadProfile
    public let shard: Shard
    /// The UE indexes (into `TestPlan.subscribers`) this scheduler plays.
    public let ues: Range<Int>
    /// The shard's share of the UEs (scales open-model rates).
    public let share: Double

    public private(set) var phase: Phase
    /// Iterations started so far.
    public private(set) var startedIterations = 0
    /// Iterations that ended (`iterationEnded`).
    public private(set) var endedIterations = 0
    /// Open model: arrivals not started for lack of an idle UE or of room under `maxConcurrent`.
    public private(set) var droppedArrivals = 0
    /// Iterations running now.
    public private(set) var runningCount = 0
    /// Why the run stopped early (`stop`), or nil.
    public private(set) var stopReason: String?

    private var idle: IdleQueue
    private var running: [Bool]
    private let maxConcurrent: Int
    /// Start of the current stage, in nanoseconds since the run began.
    private var stageStart: Int64 = 0
    /// Iterations started (closed) or arrivals (open) in the current stage.
    private var stageCount = 0
    /// Open model: arrivals so far (started and dropped) and the integral of the rate up to the current
    /// stage's start.
    private var arrivals = 0
    private var integralAtStageStart = 0.0

    /// Schedules `profile` over the UEs `ues` of `shard` (`share` of the plan's UEs).
    public init(profile: LoadProfile, ues: Range<Int>, shard: Shard = .whole, share: Double = 1) {
        self.profile = profile
        self.shard = shard
        self.ues = ues
        self.share = share
        idle = IdleQueue(capacity: ues.count)
        running = Array(repeating: false, count: ues.count)
        maxConcurrent = min(ues.count, shard.block(of: profile.maxConcurrent).count)
        phase = profile.stages.isEmpty ? .gracefulStop(until: profile.gracefulStop) : .stage(0)
    }

    /// Schedules `plan`'s load over the UEs of `slice`.
    public init(plan: TestPlan, slice: PlanSlice) {
        self.init(profile: plan.load, ues: slice.ues, shard: slice.shard, share: slice.share)
    }

    // MARK: Driving

    /// Moves to `now` (time since the run began; never earlier than a previous call) and appends to
    /// `started` the UE indexes that start an iteration now, in order.
    public mutating func advance(to now: Duration, starting started: inout [Int]) {
        let t = now.nanoseconds
        // Each pass either returns or leaves a stage; the stage count bounds the loop.
        while true {
            switch phase {
            case .finished:
                return
            case .gracefulStop(let until):
                if runningCount == 0 || t >= until.nanoseconds { phase = .finished }
                return
            case .stage(let index):
                let left: Bool = switch profile.model {
                case .closed: advanceClosed(stage: index, t: t, started: &started)
                case .open: advanceOpen(stage: index, t: t, started: &started)
                }
                if !left { return }
            }
        }
    }

    /// Records that `ue`'s iteration ended (passed, failed or cut); the UE becomes the most recently idle.
    /// A UE that is not running is ignored.
    public mutating func iterationEnded(ue: Int) {
        let offset = ue - ues.lowerBound
        guard running.indices.contains(offset), running[offset] else { return }
        running[offset] = false
        runningCount -= 1
        endedIterations += 1
        idle.append(offset)
    }

    /// Starts nothing new from `now` on and gives running iterations `grace` (capped by the plan's
    /// `graceful_stop`); the first reason given is kept. Used for Ctrl-C, an aborting threshold or the knee.
    public mutating func stop(at now: Duration, grace: Duration, reason: String) {
        if stopReason == nil { stopReason = reason }
        let until = now + min(grace, profile.gracefulStop)
        switch phase {
        case .stage: phase = .gracefulStop(until: until)
        case .gracefulStop(let old): phase = .gracefulStop(until: min(old, until))
        case .finished: break
        }
    }

    /// Ends at once: the running iterations are to be cut (second Ctrl-C).
    public mutating func finishNow(reason: String) {
        if stopReason == nil { stopReason = reason }
        phase = .finished
    }

    // MARK: Reading

    /// The UEs whose iteration is running, in index order (at `finished`: those to cut).
    public var runningUEs: [Int] { running.indices.filter { running[$0] }.map { $0 + ues.lowerBound } }

    public var isFinished: Bool { phase == .finished }

    /// The current stage's index, or nil once the stages are over.
    public var stageIndex: Int? {
        if case .stage(let i) = phase { return i }
        return nil
    }

    /// The current stage's name for progress lines: its `name`, or `stage N/M`; `graceful stop` and
    /// `finished` after the stages.
    public var stageLabel: String {
        switch phase {
        case .stage(let i): profile.stages[i].name ?? "stage \(i + 1)/\(profile.stages.count)"
        case .gracefulStop: "graceful stop"
        case .finished: "finished"
        }
    }

    /// The iterations this shard will start when every stage ends on an iteration count (the default
    /// profile: every UE once) and nothing stops the run early; nil when a stage has a duration.
    public var plannedIterations: Int? {
        var total = 0
        for s in profile.stages {
            guard case .iterations(let n) = s.end else { return nil }
            total += shard.block(of: n).count
        }
        return total
    }

    /// Open model: this shard's target arrival rate (per second) at `now` in the current stage; nil for the
    /// closed model and after the stages.
    public func arrivalRate(at now: Duration) -> Double? {
        guard profile.model == .open, case .stage(let index) = phase else { return nil }
        let stage = profile.stages[index]
        let from = Self.rate(fromTarget(index)) * share, to = Self.rate(stage.target) * share
        guard case .duration(let d) = stage.end else { return to }
        let fraction = min(max(Double(now.nanoseconds - stageStart) / Double(max(d.nanoseconds, 1)), 0), 1)
        return from + (to - from) * fraction
    }

    // MARK: Stages

    private mutating func enterStage(after index: Int, at t: Int64) {
        stageStart = t
        stageCount = 0
        if index + 1 < profile.stages.count {
            phase = .stage(index + 1)
        } else {
            let grace = profile.gracefulStop.nanoseconds
            let (until, overflow) = t.addingReportingOverflow(grace)
            phase = .gracefulStop(until: .nanoseconds(overflow ? .max : until))
        }
    }

    /// The target stage `index` starts from: the previous stage's, or the profile's `start`.
    private func fromTarget(_ index: Int) -> LoadProfile.Stage.Target {
        index == 0 ? profile.start : profile.stages[index - 1].target
    }

    /// Closed model; returns true when the stage ended (the loop goes on with the next phase).
    private mutating func advanceClosed(stage index: Int, t: Int64, started: inout [Int]) -> Bool {
        let stage = profile.stages[index]
        let to = Self.ues(stage.target)
        switch stage.end {
        case .duration(let d):
            let length = max(d.nanoseconds, 1)
            let end = stageStart.addingReportingOverflow(length)
            let stageEnd = end.overflow ? Int64.max : end.partialValue
            if t >= stageEnd {
                enterStage(after: index, at: stageEnd)
                return true
            }
            let from = Self.ues(fromTarget(index))
            // Truncated toward `from`: exact in 128 bits whatever the numbers.
            let moved = Int128(to - from) * Int128(t - stageStart) / Int128(length)
            fill(slots: shard.block(of: from + Int(moved)).count, limit: .max, started: &started)
            return false
        case .iterations(let n):
            let quota = shard.block(of: n).count
            let slots = shard.block(of: to).count
            fill(slots: slots, limit: quota - stageCount, started: &started)
            if stageCount >= quota || slots == 0 {
                enterStage(after: index, at: t)
                return true
            }
            return false
        }
    }

    /// Starts iterations until `slots` run or `limit` have started in this call.
    private mutating func fill(slots: Int, limit: Int, started: inout [Int]) {
        var budget = limit
        while runningCount < slots, budget > 0, let offset = idle.popFirst() {
            start(offset, started: &started)
            budget -= 1
        }
    }

    /// Open model; returns true when the stage ended.
    private mutating func advanceOpen(stage index: Int, t: Int64, started: inout [Int]) -> Bool {
        let stage = profile.stages[index]
        let from = Self.rate(fromTarget(index)) * share
        let to = Self.rate(stage.target) * share
        let elapsed = Double(t - stageStart) / 1e9
        switch stage.end {
        case .duration(let d):
            let length = d.secondsValue
            let end = min(elapsed, length)
            // ∫ rate over the stage so far: a linear ramp from `from` to `to`.
            let integral = integralAtStageStart + from * end + (to - from) * end * end / (2 * max(length, 1e-9))
            arrive(upTo: Self.whole(integral), started: &started)
            if elapsed >= length {
                integralAtStageStart += from * length + (to - from) * length / 2
                let e = stageStart.addingReportingOverflow(max(d.nanoseconds, 1))
                enterStage(after: index, at: e.overflow ? .max : e.partialValue)
                return true
            }
            return false
        case .iterations(let n):
            let quota = shard.block(of: n).count
            let arrivalsAtStart = arrivals - stageCount
            guard to > 0, quota > 0 else {
                integralAtStageStart = Double(arrivals)
                enterStage(after: index, at: t)
                return true
            }
            let due = min(Self.whole(integralAtStageStart + to * elapsed), arrivalsAtStart + quota)
            arrive(upTo: due, started: &started)
            if stageCount >= quota {
                // The stage ended when its last arrival happened; the next stage starts from there.
                let seconds = (Double(arrivalsAtStart + quota) - integralAtStageStart) / to
                let endAt = stageStart + Int64(min(max(seconds, 0) * 1e9, Double(t - stageStart)))
                integralAtStageStart = Double(arrivals)
                enterStage(after: index, at: endAt)
                return true
            }
            return false
        }
    }

    /// Lets arrivals happen until `due` have happened in the run.
    private mutating func arrive(upTo due: Int, started: inout [Int]) {
        while arrivals < due {
            arrivals += 1
            stageCount += 1
            if runningCount < maxConcurrent, let offset = idle.popFirst() {
                start(offset, started: &started)
            } else {
                droppedArrivals += 1
            }
        }
    }

    private mutating func start(_ offset: Int, started: inout [Int]) {
        running[offset] = true
        runningCount += 1
        startedIterations += 1
        if case .closed = profile.model { stageCount += 1 }
        started.append(ues.lowerBound + offset)
    }

    private static func ues(_ target: LoadProfile.Stage.Target) -> Int {
        switch target {
        case .ues(let n): n
        case .rate(let r): Int(r.perSecond)
        }
    }

    private static func rate(_ target: LoadProfile.Stage.Target) -> Double {
        switch target {
        case .rate(let r): r.perSecond
        case .ues(let n): Double(n)
        }
    }

    /// The whole arrivals an integral holds, forgiving the rounding of sums that should be whole.
    private static func whole(_ integral: Double) -> Int {
        guard integral.isFinite, integral > 0 else { return 0 }
        return Int(min((integral + 1e-9).rounded(.down), 1e15))
    }
}
