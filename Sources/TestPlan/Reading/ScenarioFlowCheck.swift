/// Walks one iteration of `scenario.steps` from a deregistered UE and reports steps that cannot work where
/// they stand: a UE procedure before any registration, or traffic, modification or release on a PDU session
/// no earlier step established. Parallel branches are walked one after the other; a `repeat` body twice
/// (so that a release at its end meets the establishment at its start).
struct ScenarioFlowCheck {
    var registered = false
    var sessions: Set<Int> = []
    var diagnostics: [PlanDiagnostic] = []

    mutating func walk(_ steps: [Step], _ path: String) {
        for (i, step) in steps.enumerated() { visit(step, "\(path)[\(i)].\(step.kind.rawValue)") }
    }

    mutating func visit(_ step: Step, _ path: String) {
        let expectsFailure = step.expect.map { $0.outcome == .failure || $0.outcome == .timeout } ?? false
        switch step.action {
        case .register:
            if !expectsFailure { registered = true }
        case .deregister:
            needsRegistration(step, path)
            registered = false
            sessions = []
        case .pduSession(let s):
            needsRegistration(step, path)
            switch s.action {
            case .establish: if !expectsFailure { sessions.insert(s.id) }
            case .modify: needsSession(s.id, step, path)
            case .release:
                needsSession(s.id, step, path)
                sessions.remove(s.id)
            }
        case .traffic(let t):
            needsRegistration(step, path)
            needsSession(t.session, step, path)
        case .serviceRequest(let s):
            needsRegistration(step, path)
            for id in s.sessions { needsSession(id, step, path) }
        case .idle, .handover, .waitPaging:
            needsRegistration(step, path)
        case .parallel(let branches):
            for (i, b) in branches.enumerated() { visit(b, "\(path)[\(i)].\(b.kind.rawValue)") }
        case .sequence(let steps):
            walk(steps, path)
        case .repeat(let r):
            walk(r.steps, path + ".steps")
            let reported = diagnostics.count
            walk(r.steps, path + ".steps")
            diagnostics.removeSubrange(reported...)   // the second pass only carries state; its findings repeat the first's
        case .ngSetup, .sendNGAP, .expect, .sleep:
            break
        }
    }

    mutating func needsRegistration(_ step: Step, _ path: String) {
        guard !registered else { return }
        diagnostics.append(PlanDiagnostic(step.position, "\(path): the UE is not registered here; a register step must come first"))
    }

    mutating func needsSession(_ id: Int, _ step: Step, _ path: String) {
        guard registered, !sessions.contains(id) else { return }
        diagnostics.append(PlanDiagnostic(step.position, "\(path): PDU session \(id) is not established here; a pdu-session step with id \(id) must come first"))
    }
}
