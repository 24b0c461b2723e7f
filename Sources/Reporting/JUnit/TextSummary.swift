/// A plain-text summary of results: the verdict, the procedure table, thresholds, and the failed UEs'
/// ladders (JUnit `system-out`, and what the CLI prints).
public enum TextSummary {
    public static func render(_ r: RunResults, ladders: Bool = true) -> String {
        let env = r.run.environment
        let verdict = r.verdict
        var out = "CoreGate \(r.run.kind.rawValue) \"\(r.run.plan.name)\": \(verdict.label)"
        if !verdict.reasons.isEmpty { out += " (" + verdict.reasons.joined(separator: "; ") + ")" }
        out += "\nTarget: \(r.run.target.name)"
        if let amf = r.run.target.amf { out += ", AMF \(amf)" }
        if let upf = r.run.target.upf { out += ", UPF \(upf)" }
        out += "\nHost: \(env.host) (\(env.os), \(env.cpuCount) CPUs), coregate \(env.coregateVersion)"
        out += "\nStart: \(env.start.display), duration \(ReportNumber.fixed(env.durationSeconds, 3)) s"
        if let shard = r.run.shard { out += ", shard \(shard.description)" }
        if env.interrupted { out += "\nINTERRUPTED: \(env.interruptionReason ?? "the run stopped before the plan finished")" }
        let s = r.stepCounts
        out += "\nSteps: \(s.passed) passed, \(s.failed) failed, \(s.skipped) skipped, \(s.error) error"
        for t in r.thresholds {
            let observed = t.observed.map { ReportNumber.fixed($0, 3) + (t.unit.isEmpty ? "" : " " + t.unit) } ?? "no data"
            out += "\nThreshold \(t.passed ? "ok  " : "FAIL") \(t.expression) (observed \(observed))"
        }
        if !r.procedures.isEmpty {
            out += "\n\n" + pad("procedure", 26) + lpad("count", 10) + lpad("success", 10) + lpad("failure", 9) + lpad("rate/s", 10)
            out += lpad("p50 ms", 10) + lpad("p95 ms", 10) + lpad("p99 ms", 10) + lpad("max ms", 10)
            for name in r.orderedProcedureNames {
                guard let p = r.procedures[name] else { continue }
                let h = p.latency
                out += "\n" + pad(name, 26) + lpad(String(p.count), 10) + lpad(String(p.success), 10) + lpad(String(p.failure), 9)
                out += lpad(ReportNumber.fixed(p.ratePerSecond(durationSeconds: env.durationSeconds), 2), 10)
                for q in [50.0, 95.0, 99.0] { out += lpad(h.isEmpty ? "-" : ReportNumber.fixed(h.percentileMilliseconds(q), 3), 10) }
                out += lpad(h.isEmpty ? "-" : ReportNumber.fixed(Double(h.maxMicroseconds) / 1000, 3), 10)
            }
        }
        if let u = r.userPlane {
            out += "\n\nUser plane: \(u.packetsSent) packets sent, \(u.packetsReceived) received, loss \(ReportNumber.percent(u.loss, 3))"
            if !u.rtt.isEmpty { out += ", RTT p50 \(ReportNumber.fixed(u.rtt.percentileMilliseconds(50), 3)) ms, p95 \(ReportNumber.fixed(u.rtt.percentileMilliseconds(95), 3)) ms" }
        }
        if let a = r.analysis {
            out += "\n\nCaptures: " + a.captures.joined(separator: ", ")
            for v in a.ruleViolations { out += "\nRule \(v.id) [\(v.severity.rawValue)] \(v.clause): \(v.count)" }
        }
        let f = r.failures
        if f.totalFailedUEs > 0 {
            out += "\n\nFailed UEs: \(f.totalFailedUEs)"
            if f.omitted > 0 { out += " (ladders of the first \(f.ues.count) below; \(f.omitted) more not kept)" }
            if ladders {
                for ue in f.ues {
                    out += "\n\nUE \(ue.ue): \(ue.procedure) failed at \(ue.time.display): \(ue.reason)"
                    if ue.ladderOmitted > 0 { out += "\n  (\(ue.ladderOmitted) earlier messages not kept)" }
                    let t0 = ue.ladder.first?.time ?? ue.time
                    for e in ue.ladder {
                        out += "\n  " + lpad("+" + ReportNumber.fixed(Double(e.time.microseconds - t0.microseconds) / 1000, 3) + " ms", 14)
                        out += "  " + pad("\(e.from) -> \(e.to)", 16) + " " + e.message + (e.summary.isEmpty ? "" : "  (\(e.summary))")
                        if e.flagged { out += "  <== failure" }
                    }
                }
            }
        }
        return out + "\n"
    }

    /// `§10.3.4.2 abstract-syntax, IE 85, criticality reject, not-understood: text`.
    public static func describe(_ d: ProtocolDiagnostic) -> String {
        var parts = ["§" + d.clause + " " + d.category.rawValue]
        if let p = d.procedureCode { parts.append("procedure code \(p)") }
        if let ie = d.ieID { parts.append("IE \(ie)") }
        if let c = d.criticality { parts.append("criticality \(c)") }
        if let t = d.typeOfError { parts.append(t) }
        return parts.joined(separator: ", ") + ": " + d.text
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
    static func lpad(_ s: String, _ width: Int) -> String { s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s }
}
