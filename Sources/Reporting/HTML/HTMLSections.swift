import Bytes

/// The sections of the HTML report below the latency table.
enum HTMLSections {
    /// Successes/s, errors/s and p95 latency per interval, one line per procedure.
    static func timeSection(_ r: RunResults, _ colors: [String: String]) -> String {
        let ts = r.timeSeries
        guard let span = ts.span else { return "" }
        let runStart = Double(r.run.environment.start.second)
        let interval = Double(ts.intervalSeconds)
        let first = min(Double(span.lowerBound), runStart)
        let xMax = max(Double(span.upperBound) + interval - first, r.run.environment.durationSeconds)
        var rate: [SVGChart.Series] = [], errors: [SVGChart.Series] = [], p95: [SVGChart.Series] = []
        let names = ProcedureName.ordered(ts.procedures.keys)
        for name in names {
            let points = ts.procedures[name] ?? []
            var byStart: [Int64: TimeSeries.Point] = [:]
            for p in points { byStart[p.second] = p }
            var ok: [(Double, Double?)] = [], bad: [(Double, Double?)] = [], lat: [(Double, Double?)] = []
            var t = span.lowerBound
            while t <= span.upperBound {
                let x = Double(t) - first + interval / 2
                let p = byStart[t]
                ok.append((x, Double(p?.successes ?? 0) / interval))
                bad.append((x, Double(p?.errors ?? 0) / interval))
                lat.append((x, p.flatMap { $0.latency.isEmpty ? nil : $0.latency.percentileMilliseconds(95) }))
                t += ts.intervalSeconds
            }
            let color = colors[name] ?? "#64748b"
            rate.append(.init(name: name, color: color, points: ok))
            errors.append(.init(name: name, color: color, points: bad))
            p95.append(.init(name: name, color: color, points: lat))
        }
        var h = "<section id=\"time\"><h2>Over time <span class=\"count\">per \(ts.intervalSeconds) s interval</span></h2><div class=\"legend\">"
        for name in names { h += "<span><span class=\"dot\" style=\"background:\(colors[name] ?? "#64748b")\"></span>\(MarkupText.text(name))</span>" }
        h += "</div><div class=\"grid3\">"
        h += SVGChart.lines(rate, title: "Successful procedures", unit: "per second", xMax: xMax, width: 400)
        h += SVGChart.lines(errors, title: "Errors", unit: "per second", xMax: xMax, width: 400)
        h += SVGChart.lines(p95, title: "p95 latency", unit: "ms", xMax: xMax, width: 400)
        return h + "</div></section>\n"
    }

    static func thresholdSection(_ r: RunResults) -> String {
        var h = "<section id=\"thresholds\"><h2>Thresholds <span class=\"count\">\(r.thresholds.filter(\.passed).count) of \(r.thresholds.count) held</span></h2>"
        h += "<table><thead><tr><th class=\"l\">Threshold</th><th>Observed</th><th>Result</th></tr></thead><tbody>"
        for t in r.thresholds {
            let observed = t.observed.map { ReportNumber.fixed($0, 3) + (t.unit.isEmpty ? "" : " " + t.unit) } ?? "no data"
            h += "<tr><td class=\"l\"><code>\(MarkupText.text(t.expression))</code></td><td>\(MarkupText.text(observed))</td>"
            h += "<td><span class=\"pill \(t.passed ? "passed" : "failed")\">\(t.passed ? "held" : "crossed")</span></td></tr>"
        }
        return h + "</tbody></table></section>\n"
    }

    static func stepSection(_ r: RunResults) -> String {
        let c = r.stepCounts
        var h = "<section id=\"steps\"><h2>Steps <span class=\"count\">\(c.passed) passed · \(c.failed) failed · \(c.error) error · \(c.skipped) skipped</span>"
        h += "<span class=\"filters\"><button class=\"on\" data-filter=\"all\">All</button><button data-filter=\"problems\">Failed</button>"
        h += "<button data-filter=\"passed\">Passed</button><button data-filter=\"skipped\">Skipped</button></span></h2>"
        for s in r.steps {
            h += "<div class=\"step \(s.outcome.rawValue)\" data-outcome=\"\(s.outcome.rawValue)\"><div class=\"row\">"
            h += "<span class=\"pill \(s.outcome.rawValue)\">\(s.outcome.rawValue)</span><span>\(MarkupText.text(s.name))</span>"
            h += "<span class=\"kind\">\(MarkupText.text(s.kind))</span><span class=\"dur\">\(ReportNumber.fixed(s.durationSeconds, 3)) s</span></div>"
            if let m = s.message, s.outcome != .passed { h += "<div class=\"msg\">\(MarkupText.text(m))</div>" }
            if s.expected != nil || s.received != nil || !s.difference.isEmpty || !s.diagnostics.isEmpty { h += stepDetail(s) }
            h += "</div>"
        }
        return h + "</section>\n"
    }

    static func stepDetail(_ s: StepResult) -> String {
        var h = "<div class=\"detail\">"
        if !s.difference.isEmpty {
            h += "<div class=\"lbl\">Difference</div><pre class=\"diff\">"
            for line in s.difference {
                let cls = line.hasPrefix("-") ? "m" : line.hasPrefix("+") ? "p" : line.hasPrefix("~") ? "c" : "n"
                h += "<span class=\"\(cls)\">\(MarkupText.text(line))</span>\n"
            }
            h += "</pre>"
        }
        if s.expected != nil || s.received != nil {
            h += "<div class=\"cmp\">"
            h += "<div><div class=\"lbl\">Expected (JER)</div><pre>\(MarkupText.text(s.expected.map { prettyJSON($0) } ?? "–"))</pre></div>"
            var note = ""
            if let r = s.received, !r.isValidUTF8 { note = " · not valid UTF-8 (shown with U+FFFD)" }
            h += "<div><div class=\"lbl\">Received (JER)\(note)</div><pre>\(MarkupText.text(s.received.map { prettyJSON($0) } ?? "–"))</pre></div>"
            h += "</div>"
        }
        if !s.diagnostics.isEmpty {
            h += "<div class=\"lbl\">Diagnostics (TS 38.413 §10)</div><ul class=\"diag\">"
            for d in s.diagnostics { h += "<li>\(MarkupText.text(TextSummary.describe(d)))</li>" }
            h += "</ul>"
        }
        return h + "</div>"
    }

    /// JSON indented two spaces for reading; other text as it is.
    static func prettyJSON(_ text: MessageText) -> String {
        do {
            let value = try JSONValue(parsing: text.bytes)
            var out = ""
            JSONPretty.write(value, indent: 0, into: &out)
            return out
        } catch {
            return text.text  // not JSON: shown as received
        }
    }

    static func failureSection(_ r: RunResults) -> String {
        let f = r.failures
        var h = "<section id=\"failures\"><h2>Failed UEs <span class=\"count\">\(ReportNumber.grouped(f.totalFailedUEs)) failed"
        if f.omitted > 0 { h += " · ladders of the first \(f.ues.count) shown, \(ReportNumber.grouped(f.omitted)) more not kept" }
        h += "</span><span class=\"filters\"><button class=\"tool\" id=\"toggle-ladders\">Expand all</button></span></h2>"
        var causes: [String: UInt64] = [:]
        for p in r.procedures.values { for (c, n) in p.failureCauses { causes[c, default: 0] &+= n } }
        if !causes.isEmpty {
            h += "<table><thead><tr><th class=\"l\">Cause</th><th>Failures</th></tr></thead><tbody>"
            for (cause, n) in causes.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                h += "<tr><td class=\"l\">\(MarkupText.text(cause))</td><td>\(ReportNumber.grouped(n))</td></tr>"
            }
            h += "</tbody></table>"
        }
        for (i, ue) in f.ues.enumerated() {
            h += "<details class=\"ue\"\(i == 0 ? " open" : "")><summary>\(MarkupText.text(ue.ue)) · \(MarkupText.text(ue.procedure))"
            h += "<span class=\"why\">\(MarkupText.text(ue.reason))</span><span class=\"when\">\(MarkupText.text(ue.time.display))</span></summary>"
            if ue.ladderOmitted > 0 { h += "<p class=\"muted\">\(ue.ladderOmitted) earlier messages not kept.</p>" }
            h += "<div class=\"ladderbox\">" + SequenceDiagram.render(ue.ladder) + "</div></details>"
        }
        return h + "</section>\n"
    }

    static func analysisSection(_ a: AnalysisResults) -> String {
        var h = "<section id=\"rules\"><h2>Rule violations <span class=\"count\">\(MarkupText.text(a.captures.joined(separator: ", ")))</span></h2>"
        if a.ruleViolations.isEmpty { return h + "<p class=\"muted\">No rule was broken.</p></section>\n" }
        h += "<table><thead><tr><th class=\"l\">Rule</th><th class=\"l\">Severity</th><th class=\"l\">Clause</th><th>Count</th><th class=\"l\">Examples</th></tr></thead><tbody>"
        for v in a.ruleViolations {
            h += "<tr><td class=\"l wrap\"><b>\(MarkupText.text(v.id))</b><br><span class=\"muted\">\(MarkupText.text(v.title))</span></td>"
            h += "<td class=\"l\"><span class=\"pill \(v.severity == .error ? "failed" : v.severity.rawValue)\">\(v.severity.rawValue)</span></td>"
            h += "<td class=\"l\">\(MarkupText.text(v.clause))</td><td>\(ReportNumber.grouped(v.count))</td><td class=\"l wrap\">"
            h += v.examples.map { e in
                let at = [e.capture, e.frame.map { "frame \($0)" }].compactMap { $0 }.joined(separator: " ")
                return MarkupText.text((at.isEmpty ? "" : at + ": ") + e.summary)
            }.joined(separator: "<br>")
            h += "</td></tr>"
        }
        return h + "</tbody></table></section>\n"
    }

    /// Message counters and user-plane figures.
    static func trafficSection(_ r: RunResults) -> String {
        guard !r.messages.isEmpty || r.userPlane != nil else { return "" }
        var h = "<section id=\"traffic\"><h2>Traffic</h2><div class=\"grid2\"><div>"
        if !r.messages.isEmpty {
            h += "<table class=\"sortable\"><thead><tr><th class=\"l\" data-col=\"0\">Message</th><th data-col=\"1\">Sent</th><th data-col=\"2\">Received</th></tr></thead><tbody>"
            for name in r.messages.keys.sorted() {
                guard let m = r.messages[name] else { continue }
                h += "<tr><td data-v=\"\(MarkupText.attribute(name))\">\(MarkupText.text(name))</td><td data-v=\"\(m.sent)\">\(ReportNumber.grouped(m.sent))</td>"
                h += "<td data-v=\"\(m.received)\">\(ReportNumber.grouped(m.received))</td></tr>"
            }
            h += "</tbody></table>"
        }
        h += "</div><div>"
        if let u = r.userPlane {
            h += "<table><thead><tr><th class=\"l\">User plane (GTP-U)</th><th>Value</th></tr></thead><tbody>"
            var rows: [(String, String)] = [("Packets sent", ReportNumber.grouped(u.packetsSent)), ("Packets received", ReportNumber.grouped(u.packetsReceived)),
                                            ("Bytes sent", ReportNumber.grouped(u.bytesSent)), ("Bytes received", ReportNumber.grouped(u.bytesReceived)),
                                            ("Loss", ReportNumber.percent(u.loss, 3))]
            if !u.rtt.isEmpty {
                for q in [50.0, 95.0, 99.0] { rows.append(("RTT p\(Int(q))", ReportNumber.milliseconds(u.rtt.percentileMilliseconds(q)) + " ms")) }
                rows.append(("RTT max", ReportNumber.milliseconds(Double(u.rtt.maxMicroseconds) / 1000) + " ms"))
            }
            for (k, v) in rows { h += "<tr><td class=\"l\">\(k)</td><td>\(v)</td></tr>" }
            h += "</tbody></table>"
        }
        return h + "</div></div></section>\n"
    }
}
