import Driver
import EventLoop
import NAS5GS
import Packets
import Reporting
import Simulation
import TestPlan

/// Runs a plan's scenario on a `HarnessDriver`: the setup steps once, then iterations of the per-UE steps
/// as the load profile starts them, each step turned into driver commands and judged on the procedure
/// reports, echo replies and timers that come back. Everything runs on the driver's loop thread.
///
/// Procedure totals, latencies (HDR histograms), user-plane counts and round trips, per-step verdicts and
/// protocol deviations become `events` (taken by the runner each poll) as they happen.
public final class LiveEngine {
    public let driver: HarnessDriver
    let program: ScenarioProgram
    let plan: TestPlan
    let ueCount: Int
    let gnbNames: [String: GNBIndex]
    var iterations: [IterationState?]
    var generation: UInt32 = 0

    /// Per step slot: UEs that passed and failed it, time spent, and the first failure's reason.
    var slotPassed: [Int]
    var slotFailed: [Int]
    var slotSeconds: [Double]
    var slotFirstFailure: [String?]

    /// What happened since the runner last took them (procedures, iterations, messages, deviations).
    public var events: [RunEvent] = []
    /// User-plane totals and round trips so far.
    public internal(set) var userPlane = UserPlaneStats()
    /// The plan's index of the engine's UE 0 (the slice's first UE).
    let firstUE: Int
    /// Deviations by kind (`macFailure`, `missingMandatoryIE`, ...), also counted as `deviation.KIND` messages.
    public private(set) var deviations: [String: Int] = [:]
    public private(set) var iterationsStarted = 0
    public private(set) var iterationsPassed = 0
    public private(set) var iterationsFailed = 0
    public private(set) var readyGNBs = 0
    /// Called when an iteration ends (the scheduler frees the UE).
    public var onIterationEnd: (UEIndex, Bool) -> Void = { _, _ in }
    /// Called for every gNB that became ready or was lost.
    public var onGNBChange: (GNBIndex, Bool) -> Void = { _, _ in }

    /// Where traffic goes when neither the step nor `target.dn_peer` says.
    let defaultDestination: Packets.IPAddress?
    /// The distinct register steps of the plan (the first one made every UE's USIM), and which one each
    /// UE's USIM follows now.
    var registerVariants: [RegisterStep?]
    var ueVariant: [UInt16]

    public init(driver: HarnessDriver, plan: TestPlan, firstUE: Int, ueCount: Int, gnbNames: [String: GNBIndex],
                defaultDestination: Packets.IPAddress?) {
        self.driver = driver
        self.defaultDestination = defaultDestination
        registerVariants = [plan.scenario.steps.firstRegisterStep]
        ueVariant = Array(repeating: 0, count: ueCount)
        self.plan = plan
        self.firstUE = firstUE
        self.ueCount = ueCount
        self.gnbNames = gnbNames
        program = ScenarioProgram(plan.scenario.steps)
        iterations = Array(repeating: nil, count: ueCount)
        slotPassed = Array(repeating: 0, count: program.slotNames.count)
        slotFailed = slotPassed
        slotSeconds = Array(repeating: 0, count: program.slotNames.count)
        slotFirstFailure = Array(repeating: nil, count: program.slotNames.count)
        driver.onEvent = { [unowned self] event in self.handle(event) }
    }

    /// UEs with an iteration under way.
    public var activeIterations: Int { iterations.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
    public func isBusy(_ ue: UEIndex) -> Bool { iterations[ue.int] != nil }

    // MARK: Iterations

    /// Starts an iteration of the per-UE steps on `ue` (which must be idle).
    public func startIteration(_ ue: UEIndex) {
        guard iterations[ue.int] == nil else { return }
        generation &+= 1
        iterations[ue.int] = IterationState(started: driver.now, generation: generation)
        iterationsStarted += 1
        advance(ue)
    }

    /// Runs instructions until one waits or the iteration ends.
    func advance(_ ue: UEIndex) {
        while var it = iterations[ue.int], it.waits.isEmpty {
            guard it.pc < program.count else {
                finish(ue, passed: !it.failed)
                return
            }
            let pc = it.pc
            it.pc += 1
            iterations[ue.int] = it
            switch program[pc] {
            case .step(let step, let slot):
                begin(step, slot: slot, ue: ue)
            case .parallel(let steps, let slot):
                for step in steps { begin(step, slot: slot, ue: ue) }
            case .loopStart(let bound, let end):
                let state = it.loops[pc] ?? (0, driver.now)
                let more: Bool
                switch bound {
                case .count(let n): more = state.done < n
                case .duration(let d): more = driver.now - state.began < d
                }
                iterations[ue.int]?.loops[pc] = state
                if !more {
                    iterations[ue.int]?.loops[pc] = nil
                    iterations[ue.int]?.pc = end + 1
                }
            case .loopEnd(let start):
                iterations[ue.int]?.loops[start]?.done += 1
                iterations[ue.int]?.pc = start
            }
        }
    }

    /// Ends the UE's iteration now (graceful stop over, second Ctrl-C): its open steps fail with `reason`.
    public func cut(_ ue: UEIndex, reason: String) {
        guard var it = iterations[ue.int] else { return }
        it.pc = program.count
        iterations[ue.int] = it
        if it.waits.isEmpty { finish(ue, passed: false) }
        while let it = iterations[ue.int], !it.waits.isEmpty { complete(ue, waitAt: 0, passed: false, reason: "cut: \(reason)") }
    }

    func finish(_ ue: UEIndex, passed: Bool) {
        iterations[ue.int] = nil
        if passed { iterationsPassed += 1 } else { iterationsFailed += 1 }
        events.append(.iterationEnded(ue: firstUE + ue.int, passed: passed, at: driver.now))
        onIterationEnd(ue, passed)
    }

    /// A step ended for this UE: its verdict is counted, and a failure ends the iteration unless the step
    /// says to go on.
    func complete(_ ue: UEIndex, waitAt index: Int, passed: Bool, reason: String?) {
        guard var it = iterations[ue.int], index < it.waits.count else { return }
        let wait = it.waits.remove(at: index)
        let seconds = Double((driver.now - wait.started).components.attoseconds) / 1e18 + Double((driver.now - wait.started).components.seconds)
        slotSeconds[wait.slot] += seconds
        if passed {
            slotPassed[wait.slot] += 1
        } else {
            slotFailed[wait.slot] += 1
            if slotFirstFailure[wait.slot] == nil { slotFirstFailure[wait.slot] = "\(driver.ue(ue).configuration.supi): \(reason ?? "failed")" }
            if !wait.continueOnFailure {
                it.failed = true
                it.pc = program.count  // the iteration ends once the other branches have
            }
        }
        iterations[ue.int] = it
        if it.waits.isEmpty { advance(ue) }
    }

    // MARK: Events from the driver

    func handle(_ event: HarnessEvent) {
        switch event {
        case .gnbReady(let g, _):
            readyGNBs += 1
            onGNBChange(g, true)
        case .gnbLost(let g, let reason, _):
            onGNBChange(g, false)
            readyGNBs = max(0, readyGNBs - 1)
            deviation("associationLost", "", "gNB \(g.int): \(reason)")
            if readyGNBs == 0 { events.append(.targetLost(reason: "gNB \(g.int): \(reason)")) }
        case .procedure(let report, let ue, _):
            record(report, ue: ue)
            if let ue { matchProcedure(report, ue: ue) }
        case .deviation(let d, _, _, _):
            deviation(d.kind, d.clause, d.message)
        case .echoReply(let ue, let psi, _, let rtt):
            echoReply(ue, pduSessionID: psi, rtt: rtt)
        case .refused(let ue, _, let why):
            if let ue { failWaits(of: ue, reason: "the gNB refused: \(why)") }
        case .transportError(let message, _, _):
            deviation("transport", "", message)
        case .ueState, .pduSession, .tunnelUp:
            break
        }
    }

    func record(_ report: ProcedureReport, ue: UEIndex?) {
        let name = ProcedureName(rawValue: report.kind.rawValue)
        let index = ue.map { firstUE + $0.int } ?? -1
        events.append(.procedureStarted(name, ue: index, at: report.started))
        switch report.outcome {
        case .success:
            events.append(.procedureSucceeded(name, ue: index, latencyMicroseconds: Self.microseconds(report.latency), at: report.ended))
        case .failure(let cause):
            events.append(.procedureFailed(name, ue: index, cause: cause, at: report.ended))
        }
    }

    static func microseconds(_ d: Duration) -> UInt64 {
        UInt64(max(0, d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000))
    }

    func matchProcedure(_ report: ProcedureReport, ue: UEIndex) {
        guard let it = iterations[ue.int] else { return }
        for (i, w) in it.waits.enumerated() {
            if case .releaseThen(let step) = w.kind, report.kind == .ueContextRelease {
                // Released: the deferred step starts in the same slot (no verdict for the wait itself) once the
                // release has reached the UE, on the loop's next turn.
                iterations[ue.int]?.waits.remove(at: i)
                let g = it.generation, slot = w.slot
                _ = driver.loop.schedule(after: .zero) { [weak self] in
                    guard let self, self.iterations[ue.int]?.generation == g else { return }
                    self.begin(step, slot: slot, ue: ue)
                }
                return
            }
            guard case .procedure(let kind, let psi) = w.kind, kind == report.kind else { continue }
            if let psi, let reported = report.pduSessionID, psi != reported { continue }
            switch (report.outcome, w.expect) {
            case (.success, .success), (.success, .any), (.failure, .failure), (.failure, .any):
                complete(ue, waitAt: i, passed: true, reason: nil)
            case (.failure(let cause), _):
                complete(ue, waitAt: i, passed: false, reason: "\(kind.rawValue) failed: \(cause)")
            case (.success, _):
                complete(ue, waitAt: i, passed: false, reason: "\(kind.rawValue) succeeded; the plan expects \(w.expect.rawValue)")
            }
            return
        }
    }

    func failWaits(of ue: UEIndex, reason: String) {
        while let it = iterations[ue.int], !it.waits.isEmpty {
            complete(ue, waitAt: 0, passed: false, reason: reason)
        }
    }

    /// A deviation the embedded core saw in what the harness sent (the harness broke a rule).
    public func coreDeviation(_ kind: String, _ clause: String, _ message: String) {
        events.append(.messages("core.deviation.\(kind)", received: false, count: 1))
        coreDeviations[kind, default: 0] += 1
        if firstDeviation["core." + kind] == nil { firstDeviation["core." + kind] = "\(clause): \(message)" }
    }

    /// Deviations the embedded core saw, by kind.
    public private(set) var coreDeviations: [String: Int] = [:]
    /// The first message of each deviation kind (core ones prefixed `core.`), for the reports.
    public private(set) var firstDeviation: [String: String] = [:]

    /// A deviation counts as a message `deviation.KIND`; one under TS 38.413 §10 also as an invalid NGAP message.
    func deviation(_ kind: String, _ clause: String, _ message: String) {
        deviations[kind, default: 0] += 1
        if firstDeviation[kind] == nil { firstDeviation[kind] = "\(clause): \(message)" }
        events.append(.messages("deviation.\(kind)", received: true, count: 1))
        if clause.hasPrefix("TS 38.413 §10") { events.append(.invalidMessage) }
    }

    /// Arms the deadline of a wait: when it passes and the wait is still there, the step times out.
    func armDeadline(_ ue: UEIndex, slot: Int, after: Duration) {
        guard let g = iterations[ue.int]?.generation else { return }
        _ = driver.loop.schedule(after: after) { [weak self] in self?.deadlinePassed(ue, slot: slot, generation: g) }
    }

    func deadlinePassed(_ ue: UEIndex, slot: Int, generation g: UInt32) {
        guard let it = iterations[ue.int], it.generation == g else { return }
        for (i, w) in it.waits.enumerated() where w.slot == slot && w.deadline <= driver.now + .microseconds(999) {
            switch w.kind {
            case .sleep:
                complete(ue, waitAt: i, passed: true, reason: nil)
            case .traffic(let run):
                trafficEnded(ue, waitAt: i, run)
            case .procedure(let kind, _):
                complete(ue, waitAt: i, passed: w.expect == .timeout, reason: "no \(kind.rawValue) outcome within \(w.deadline - w.started)")
            case .releaseThen:
                complete(ue, waitAt: i, passed: false, reason: "the network did not release the UE's connection within \(w.deadline - w.started)")
            }
            return
        }
    }

    // MARK: Results

    /// The step verdicts so far, one per step of the plan (aggregated over UEs).
    public var stepResults: [StepResult] {
        program.slotNames.indices.map { slot in
            let passed = slotPassed[slot], failed = slotFailed[slot]
            let outcome: StepResult.Outcome = failed > 0 ? .failed : passed > 0 ? .passed : .skipped
            var message = "\(passed) UE\(passed == 1 ? "" : "s") passed, \(failed) failed"
            if let first = slotFirstFailure[slot] { message += "; first failure: \(first)" }
            return StepResult(name: program.slotNames[slot], kind: program.slotKinds[slot], outcome: outcome,
                              durationSeconds: slotSeconds[slot] / Double(max(1, passed + failed)), message: message)
        }
    }

}
