import Reporting

/// What the runner drives: the simulated gNBs and UEs (and the embedded core, or the sockets to a real one).
/// The runner owns time and the load; the engine runs iterations of the scenario and reports what happened.
/// All calls come from the run loop's thread; `now` is the time since the run began.
public protocol RunEngine: AnyObject {
    /// Runs the plan's setup (NG Setup of the shard's gNBs). Throws `RunnerError` with code
    /// `.targetUnreachable` when no association to the target comes up.
    func setUp(now: Duration) throws(RunnerError)
    /// Starts one iteration of `scenario.steps` for UE `ue` (an index into the plan's subscribers).
    func startIteration(ue: Int, now: Duration)
    /// Does the I/O and timers due by `now` and appends what happened to `events`.
    func poll(now: Duration, events: inout [RunEvent])
    /// Ends the iterations of `ues` at once (the graceful stop ran out): each ends as failed.
    func cut(ues: [Int], now: Duration, events: inout [RunEvent])
    /// Runs the plan's teardown.
    func tearDown(now: Duration, events: inout [RunEvent])
    /// Adds what only the engine knows to the run's results before the thresholds are judged (per-step
    /// verdicts, user-plane totals); called once, after `tearDown`.
    func finish(_ results: inout RunResults)
}

extension RunEngine {
    public func finish(_ results: inout RunResults) {}
}

/// What an engine reports.
public enum RunEvent: Hashable, Sendable {
    /// A procedure attempt began.
    case procedureStarted(ProcedureName, ue: Int, at: Duration)
    /// A procedure attempt ended well after `latencyMicroseconds`.
    case procedureSucceeded(ProcedureName, ue: Int, latencyMicroseconds: UInt64, at: Duration)
    /// A procedure attempt failed (reject, timeout, cut), by cause.
    case procedureFailed(ProcedureName, ue: Int, cause: String, at: Duration)
    /// Messages of a type sent or received.
    case messages(String, received: Bool, count: UInt64)
    /// A received NGAP message whose TS 38.413 §10 verdict is not valid.
    case invalidMessage
    /// The UE's iteration ended (it may start another).
    case iterationEnded(ue: Int, passed: Bool, at: Duration)
    /// The target went away (the association died): the run ends with the results so far.
    case targetLost(reason: String)
}
