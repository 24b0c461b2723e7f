import Reporting
import TestPlan

/// A TEST engine, never a default: it sends nothing anywhere. Each iteration runs the procedures the plan's
/// steps name (`register` → registration, `pdu-session` → pdu_session_establishment/modification/release,
/// `deregister` → deregistration, …) one after the other, each succeeding after `delay` of simulated time;
/// every `failEvery`-th procedure attempt fails instead (cause `test failure`). It exists to test the run
/// loop, the reports and signal handling of `coregate run` without the live path.
public final class FixedDelayTestEngine: RunEngine {
    public let delay: Duration
    public let failEvery: Int?
    private let procedures: [ProcedureName]
    private var active: [Int: Active] = [:]
    private var attempts = 0
    private var pending: [RunEvent] = []

    private struct Active {
        var index: Int
        var began: Duration
        var passed: Bool
    }

    public init(plan: TestPlan, delay: Duration, failEvery: Int? = nil) {
        self.delay = delay
        self.failEvery = failEvery.flatMap { $0 > 0 ? $0 : nil }
        procedures = Self.procedures(plan.scenario.steps)
    }

    /// The procedures one iteration of `steps` runs, in order (parallel branches one after the other).
    static func procedures(_ steps: [Step]) -> [ProcedureName] {
        steps.flatMap { step -> [ProcedureName] in
            switch step.action {
            case .register: [.registration]
            case .deregister: [.deregistration]
            case .pduSession(let p):
                switch p.action {
                case .establish: [.pduSessionEstablishment]
                case .modify: ["pdu_session_modification"]
                case .release: [.pduSessionRelease]
                }
            case .serviceRequest: [.serviceRequest]
            case .handover: [.handover]
            case .waitPaging: ["paging"]
            case .parallel(let s), .sequence(let s): procedures(s)
            case .repeat(let r): procedures(r.steps)
            default: []
            }
        }
    }

    public func setUp(now: Duration) throws(RunnerError) {}

    public func startIteration(ue: Int, now: Duration) {
        active[ue] = Active(index: 0, began: now, passed: true)
        if let first = procedures.first {
            pending.append(.procedureStarted(first, ue: ue, at: now))
        }
    }

    public func poll(now: Duration, events: inout [RunEvent]) {
        events += pending
        pending.removeAll(keepingCapacity: true)
        for ue in active.keys.sorted() {
            guard var a = active[ue] else { continue }
            // Bounded: one pass per procedure of the iteration.
            while a.index < procedures.count, now - a.began >= delay {
                let p = procedures[a.index]
                let end = a.began + delay
                attempts += 1
                if let k = failEvery, attempts % k == 0 {
                    events.append(.procedureFailed(p, ue: ue, cause: "test failure", at: end))
                    a.passed = false
                    a.index = procedures.count
                    break
                }
                events.append(.procedureSucceeded(p, ue: ue, latencyMicroseconds: UInt64(Self.microseconds(delay)), at: end))
                a.index += 1
                a.began = end
                if a.index < procedures.count { events.append(.procedureStarted(procedures[a.index], ue: ue, at: end)) }
            }
            if a.index >= procedures.count {
                active[ue] = nil
                events.append(.iterationEnded(ue: ue, passed: a.passed, at: now))
            } else {
                active[ue] = a
            }
        }
    }

    public func cut(ues: [Int], now: Duration, events: inout [RunEvent]) {
        for ue in ues {
            guard let a = active.removeValue(forKey: ue) else { continue }
            if a.index < procedures.count {
                events.append(.procedureFailed(procedures[a.index], ue: ue, cause: "cut at the end of the run", at: now))
            }
            events.append(.iterationEnded(ue: ue, passed: false, at: now))
        }
    }

    public func tearDown(now: Duration, events: inout [RunEvent]) {
        events += pending
        pending.removeAll()
    }

    static func microseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1_000_000 + atto / 1_000_000_000_000
    }
}
