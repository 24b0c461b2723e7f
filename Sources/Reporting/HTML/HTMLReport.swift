/// The HTML report: one self-contained file (inline CSS, SVG and script; nothing fetched) with the verdict,
/// key figures, latency per procedure, rate, errors and p95 over time, thresholds, steps, the failed UEs'
/// message ladders as sequence diagrams, message counters, user-plane figures and rule violations.
public enum HTMLReport {
    public static func render(_ r: RunResults) -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<meta name=\"generator\" content=\"coregate \(MarkupText.attribute(r.run.environment.coregateVersion))\">\n"
        h += "<title>\(MarkupText.text(r.run.plan.name)) — \(r.verdict.label) — CoreGate report</title>\n"
        h += HTMLAssets.errorTrap + "\n<style>\n" + HTMLAssets.css + "\n</style>\n</head>\n<body>\n"
        h += header(r)
        h += "<main>\n"
        if r.run.environment.interrupted {
            h += "<div class=\"banner\" id=\"interrupted\">Interrupted: \(MarkupText.text(r.run.environment.interruptionReason ?? "the run stopped before the plan finished")). "
            h += "The figures below cover what was gathered until then.</div>\n"
        }
        h += cards(r)
        let colors = procedureColors(r)
        if !r.procedures.isEmpty { h += latencySection(r, colors) }
        if !r.timeSeries.procedures.isEmpty { h += HTMLSections.timeSection(r, colors) }
        if !r.thresholds.isEmpty { h += HTMLSections.thresholdSection(r) }
        if !r.steps.isEmpty { h += HTMLSections.stepSection(r) }
        if r.failures.totalFailedUEs > 0 { h += HTMLSections.failureSection(r) }
        if let a = r.analysis { h += HTMLSections.analysisSection(a) }
        h += HTMLSections.trafficSection(r)
        h += "<footer>CoreGate \(MarkupText.text(r.run.environment.coregateVersion)) · results schema \(RunResults.schema) · "
        h += "\(MarkupText.text(r.run.environment.start.display)) – \(MarkupText.text(r.run.environment.end.display))</footer>\n"
        h += "</main>\n" + HTMLAssets.script + "\n</body>\n</html>\n"
        return h
    }

    static func header(_ r: RunResults) -> String {
        let v = r.verdict, env = r.run.environment
        var h = "<header class=\"top \(v.passed ? "pass" : "fail")\"><div class=\"wrap\"><div>"
        h += "<span class=\"badge\" id=\"verdict\">\(v.label)</span>"
        h += "<h1>\(MarkupText.text(r.run.plan.name))</h1>"
        if !r.run.plan.description.isEmpty { h += "<div class=\"desc\">\(MarkupText.text(r.run.plan.description))</div>" }
        if !v.reasons.isEmpty {
            h += "<ul class=\"reasons\">" + v.reasons.map { "<li>\(MarkupText.text($0))</li>" }.joined() + "</ul>"
        }
        if !r.run.plan.tags.isEmpty {
            h += "<div class=\"tags\">" + r.run.plan.tags.map { "<span>\(MarkupText.text($0))</span>" }.joined() + "</div>"
        }
        h += "</div><dl class=\"facts\">"
        var facts: [(String, String)] = [("Target", r.run.target.name)]
        if let amf = r.run.target.amf { facts.append(("AMF", amf)) }
        if let upf = r.run.target.upf { facts.append(("UPF", upf)) }
        facts += [("Start", env.start.display), ("Duration", SVGChart.clock(env.durationSeconds) + " (\(ReportNumber.fixed(env.durationSeconds, 1)) s)"),
                  ("Host", "\(env.host) · \(env.cpuCount) CPU\(env.cpuCount == 1 ? "" : "s")"), ("OS", env.os), ("CoreGate", env.coregateVersion)]
        if let shard = r.run.shard { facts.append(("Shards", shard.description + (shard.isComplete ? " (complete)" : ""))) }
        for (k, value) in facts { h += "<dt>\(k)</dt><dd>\(MarkupText.text(value))</dd>" }
        return h + "</dl></div></header>\n"
    }

    static func cards(_ r: RunResults) -> String {
        let s = r.stepCounts
        var attempts: UInt64 = 0, successes: UInt64 = 0
        for p in r.procedures.values { attempts &+= p.count; successes &+= p.success }
        let thresholdsPassed = r.thresholds.filter(\.passed).count
        var c = "<div class=\"cards\">"
        func card(_ k: String, _ v: String, _ cls: String, _ sub: String) {
            c += "<div class=\"card\"><div class=\"k\">\(k)</div><div class=\"v \(cls)\">\(MarkupText.text(v))</div><div class=\"s\">\(MarkupText.text(sub))</div></div>"
        }
        if s.total > 0 {
            card("Steps", "\(s.passed)/\(s.total)", s.failed + s.error > 0 ? "bad" : "good",
                 "passed · \(s.failed) failed · \(s.error) error · \(s.skipped) skipped")
        }
        if !r.thresholds.isEmpty {
            card("Thresholds", "\(thresholdsPassed)/\(r.thresholds.count)", thresholdsPassed < r.thresholds.count ? "bad" : "good", "held")
        }
        if attempts > 0 {
            card("Procedures", ReportNumber.grouped(attempts), "", "attempts, \(r.procedures.count) kinds")
            card("Success rate", ReportNumber.percent(Double(successes) / Double(attempts)), successes < attempts ? "" : "good",
                 "\(ReportNumber.grouped(attempts - min(attempts, successes))) not successful")
        }
        if r.run.kind == .run || r.failures.totalFailedUEs > 0 {
            card("Failed UEs", ReportNumber.grouped(r.failures.totalFailedUEs), r.failures.totalFailedUEs > 0 ? "bad" : "good",
                 r.failures.omitted > 0 ? "\(r.failures.ues.count) ladders shown" : "all ladders shown")
        }
        if let u = r.userPlane, u.packetsSent > 0 {
            card("User-plane loss", ReportNumber.percent(u.loss, 3), u.loss > 0.001 ? "bad" : "good",
                 u.rtt.isEmpty ? "\(ReportNumber.grouped(u.packetsSent)) packets" : "RTT p95 \(ReportNumber.milliseconds(u.rtt.percentileMilliseconds(95))) ms")
        }
        if let a = r.analysis {
            let broken = a.ruleViolations.filter { $0.count > 0 }.count
            card("Rules broken", String(broken), a.ruleViolations.contains { $0.severity == .error && $0.count > 0 } ? "bad" : "good",
                 "in \(a.captures.count) capture\(a.captures.count == 1 ? "" : "s")")
        }
        return c + "</div>\n"
    }

    static func procedureColors(_ r: RunResults) -> [String: String] {
        var names = r.orderedProcedureNames
        for n in ProcedureName.ordered(r.timeSeries.procedures.keys) where !names.contains(n) { names.append(n) }
        var out: [String: String] = [:]
        for (i, n) in names.enumerated() { out[n] = HTMLAssets.palette[i % HTMLAssets.palette.count] }
        return out
    }

    static func latencySection(_ r: RunResults, _ colors: [String: String]) -> String {
        let duration = r.run.environment.durationSeconds
        var h = "<section id=\"latency\"><h2>Procedures and latency</h2>"
        h += "<table class=\"sortable\"><thead><tr><th class=\"l\" data-col=\"0\">Procedure</th><th data-col=\"1\">Attempts</th><th data-col=\"2\">Success</th>"
        h += "<th data-col=\"3\">Failed</th><th data-col=\"4\">Rate/s</th><th data-col=\"5\">p50</th><th data-col=\"6\">p90</th><th data-col=\"7\">p95</th>"
        h += "<th data-col=\"8\">p99</th><th data-col=\"9\">max</th><th data-col=\"10\">mean</th></tr></thead><tbody>"
        var rows: [(name: String, values: [Double])] = []
        for name in r.orderedProcedureNames {
            guard let p = r.procedures[name] else { continue }
            let l = p.latency
            let rate = p.ratePerSecond(durationSeconds: duration)
            h += "<tr><td data-v=\"\(MarkupText.attribute(name))\"><span class=\"dot\" style=\"background:\(colors[name] ?? "#64748b")\"></span>\(MarkupText.text(name))</td>"
            h += "<td data-v=\"\(p.count)\">\(ReportNumber.grouped(p.count))</td>"
            h += "<td data-v=\"\(p.successRatio ?? 0)\">\(p.successRatio.map { ReportNumber.percent($0) } ?? "–")</td>"
            h += "<td data-v=\"\(p.failure)\" class=\"\(p.failure > 0 ? "bad" : "")\">\(ReportNumber.grouped(p.failure))</td>"
            h += "<td data-v=\"\(rate)\">\(ReportNumber.fixed(rate, 1))</td>"
            var values: [Double] = []
            for q in [50.0, 90.0, 95.0, 99.0] {
                let v = l.isEmpty ? Double.nan : l.percentileMilliseconds(q)
                values.append(v)
                h += "<td data-v=\"\(l.isEmpty ? -1 : v)\">\(l.isEmpty ? "–" : ReportNumber.milliseconds(v))</td>"
            }
            let max = Double(l.maxMicroseconds) / 1000, mean = l.meanMicroseconds / 1000
            h += "<td data-v=\"\(max)\">\(l.isEmpty ? "–" : ReportNumber.milliseconds(max))</td><td data-v=\"\(mean)\">\(l.isEmpty ? "–" : ReportNumber.milliseconds(mean))</td></tr>"
            if !l.isEmpty { rows.append((name, [values[0], values[2], values[3]])) }
        }
        h += "</tbody></table><p class=\"muted\">Latencies in milliseconds of successful attempts (HDR histograms, 3 significant digits); "
        h += "rate = successes per second over the whole run. Click a column to sort.</p>"
        let keys = [("p50", HTMLAssets.percentileColors[0]), ("p95", HTMLAssets.percentileColors[1]), ("p99", HTMLAssets.percentileColors[2])]
        if !rows.isEmpty { h += SVGChart.bars(rows: rows, keys: keys, title: "Latency percentiles", unit: "ms", width: 1180) }
        return h + "</section>\n"
    }
}
