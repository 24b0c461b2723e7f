/// Renders results as JUnit XML (the Surefire flavour Jenkins, GitLab and GitHub test reporters read;
/// validates against junit-10.xsd): one `testsuite` per plan, one `testcase` per step, per threshold and per
/// analysis rule, the key metrics as `properties`, a text summary with the failed UEs' ladders in `system-out`.
public enum JUnitReport {
    public static func render(_ r: RunResults) -> String {
        let plan = classPrefix(r.run.plan.name)
        var cases: [TestCase] = []
        if r.run.environment.interrupted {
            cases.append(TestCase(name: "run interrupted", classname: plan + ".run", time: r.run.environment.durationSeconds,
                                  result: .error(type: "interrupted", message: r.run.environment.interruptionReason ?? "the run stopped before the plan finished",
                                                 body: "Results gathered before the interruption are reported; the run did not finish.")))
        }
        for s in r.steps { cases.append(stepCase(s, plan)) }
        for t in r.thresholds { cases.append(thresholdCase(t, plan)) }
        for v in r.analysis?.ruleViolations ?? [] { cases.append(ruleCase(v, plan)) }
        if cases.isEmpty {
            cases.append(TestCase(name: r.run.kind == .analysis ? "analysis" : "run", classname: plan + ".run",
                                  time: r.run.environment.durationSeconds, result: .passed, output: nil))
        }
        let failures = cases.filter { if case .failure = $0.result { true } else { false } }.count
        let errors = cases.filter { if case .error = $0.result { true } else { false } }.count
        let skipped = cases.filter { if case .skipped = $0.result { true } else { false } }.count
        let time = ReportNumber.fixed(r.run.environment.durationSeconds, 3)

        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<testsuites name=\"coregate\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(time)\">\n"
        x += "  <testsuite name=\"\(MarkupText.attribute(r.run.plan.name))\" tests=\"\(cases.count)\" failures=\"\(failures)\""
        x += " errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(time)\" timestamp=\"\(r.run.environment.start.surefire)\""
        x += " hostname=\"\(MarkupText.attribute(r.run.environment.host))\">\n"
        x += "    <properties>\n"
        for (name, value) in properties(r) {
            x += "      <property name=\"\(MarkupText.attribute(name))\" value=\"\(MarkupText.attribute(value))\"/>\n"
        }
        x += "    </properties>\n"
        for c in cases { c.write(to: &x) }
        x += "    <system-out>\(MarkupText.text(TextSummary.render(r)))</system-out>\n"
        x += "  </testsuite>\n</testsuites>\n"
        return x
    }

    /// Jenkins splits classnames at dots into packages and classes: the plan name becomes one segment.
    static func classPrefix(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { s -> Character in
            s.properties.isAlphabetic || s.properties.numericType != nil || s == "-" || s == "_" ? Character(s) : "_"
        })
        return "coregate." + (cleaned.isEmpty ? "plan" : cleaned)
    }

    static func stepCase(_ s: StepResult, _ plan: String) -> TestCase {
        let headline = s.message ?? "step \(s.outcome.rawValue)"
        let result: TestCase.Result
        switch s.outcome {
        case .passed: result = .passed
        case .skipped: result = .skipped(message: s.message ?? "skipped")
        case .failed: result = .failure(type: s.kind, message: headline, body: stepDetail(s))
        case .error: result = .error(type: s.kind, message: headline, body: stepDetail(s))
        }
        return TestCase(name: s.name, classname: plan + ".steps", time: s.durationSeconds, result: result, output: s.output)
    }

    /// The message, expected and received JER, their difference and the §10 diagnostics.
    static func stepDetail(_ s: StepResult) -> String {
        var out = s.message.map { $0 + "\n" } ?? ""
        if let e = s.expected { out += "\nExpected (JER):\n" + e.text + "\n" }
        if let r = s.received {
            out += "\nReceived (JER):\n" + r.text + "\n"
            if !r.isValidUTF8 { out += "(the received bytes are not valid UTF-8; invalid sequences are shown as U+FFFD)\n" }
        }
        if !s.difference.isEmpty { out += "\nDifference:\n" + s.difference.joined(separator: "\n") + "\n" }
        if !s.diagnostics.isEmpty {
            out += "\nDiagnostics (TS 38.413 §10):\n"
            for d in s.diagnostics { out += "  " + TextSummary.describe(d) + "\n" }
        }
        return out
    }

    static func thresholdCase(_ t: ThresholdResult, _ plan: String) -> TestCase {
        let observed = t.observed.map { "observed \(ReportNumber.fixed($0, 3))\(t.unit.isEmpty ? "" : " " + t.unit)" } ?? "no data for the metric"
        let result: TestCase.Result = t.passed ? .passed : .failure(type: "threshold", message: "\(t.expression): \(observed)",
                                                                     body: "Threshold crossed: \(t.expression)\n\(observed)\n")
        return TestCase(name: t.expression, classname: plan + ".thresholds", time: 0, result: result, output: t.passed ? observed : nil)
    }

    static func ruleCase(_ v: RuleViolation, _ plan: String) -> TestCase {
        var body = "\(v.clause): \(v.title)\n\(v.count) occurrence\(v.count == 1 ? "" : "s")\n"
        for e in v.examples {
            body += "  " + [e.capture, e.frame.map { "frame \($0)" }].compactMap { $0 }.joined(separator: " ")
            body += (e.capture == nil && e.frame == nil ? "" : ": ") + e.summary + "\n"
        }
        let name = v.title.isEmpty ? v.id : "\(v.id): \(v.title)"
        let result: TestCase.Result = v.severity == .error && v.count > 0
            ? .failure(type: "rule", message: "\(v.id) broken \(v.count) time\(v.count == 1 ? "" : "s") (\(v.clause))", body: body) : .passed
        return TestCase(name: name, classname: plan + ".rules", time: 0, result: result, output: v.count > 0 && v.severity != .error ? body : nil)
    }

    /// The key metrics, for CI dashboards that read properties.
    static func properties(_ r: RunResults) -> [(String, String)] {
        let env = r.run.environment
        var p: [(String, String)] = [
            ("coregate.version", env.coregateVersion), ("verdict", r.verdict.label.lowercased()),
            ("kind", r.run.kind.rawValue), ("plan.description", r.run.plan.description), ("plan.tags", r.run.plan.tags.joined(separator: ",")),
            ("target", r.run.target.name),
        ]
        if let amf = r.run.target.amf { p.append(("target.amf", amf)) }
        if let upf = r.run.target.upf { p.append(("target.upf", upf)) }
        p += [("host", env.host), ("os", env.os), ("cpu_count", String(env.cpuCount)), ("start", env.start.rfc3339), ("end", env.end.rfc3339),
              ("duration_s", ReportNumber.fixed(env.durationSeconds, 3)), ("interrupted", env.interrupted ? "true" : "false")]
        if let reason = env.interruptionReason { p.append(("interruption_reason", reason)) }
        if let shard = r.run.shard { p.append(("shard", shard.description)) }
        p.append(("failed_ues", String(r.failures.totalFailedUEs)))
        for name in r.orderedProcedureNames {
            guard let s = r.procedures[name] else { continue }
            let k = "procedure." + name + "."
            p += [(k + "count", String(s.count)), (k + "success", String(s.success)), (k + "failure", String(s.failure)),
                  (k + "rate_per_s", ReportNumber.fixed(s.ratePerSecond(durationSeconds: env.durationSeconds), 3))]
            if !s.latency.isEmpty {
                for q in [50.0, 95.0, 99.0] { p.append((k + "p\(Int(q))_ms", ReportNumber.fixed(s.latency.percentileMilliseconds(q), 3))) }
            }
        }
        if let u = r.userPlane {
            p += [("user_plane.packets_sent", String(u.packetsSent)), ("user_plane.packets_received", String(u.packetsReceived)),
                  ("user_plane.loss", ReportNumber.fixed(u.loss, 6))]
            if !u.rtt.isEmpty { p.append(("user_plane.rtt_p95_ms", ReportNumber.fixed(u.rtt.percentileMilliseconds(95), 3))) }
        }
        return p
    }
}

/// One `testcase` element.
struct TestCase {
    enum Result {
        case passed
        case skipped(message: String)
        case failure(type: String, message: String, body: String)
        case error(type: String, message: String, body: String)
    }

    var name: String
    var classname: String
    var time: Double
    var result: Result
    var output: String?

    func write(to x: inout String) {
        x += "    <testcase name=\"\(MarkupText.attribute(name))\" classname=\"\(MarkupText.attribute(classname))\""
        x += " time=\"\(ReportNumber.fixed(max(0, time), 3))\""
        if case .passed = result, output == nil {
            x += "/>\n"
            return
        }
        x += ">\n"
        switch result {
        case .passed: break
        case .skipped(let message):
            x += "      <skipped message=\"\(MarkupText.attribute(message))\"/>\n"
        case .failure(let type, let message, let body):
            x += "      <failure type=\"\(MarkupText.attribute(type))\" message=\"\(MarkupText.attribute(Self.headline(message)))\">"
            x += MarkupText.text(body) + "</failure>\n"
        case .error(let type, let message, let body):
            x += "      <error type=\"\(MarkupText.attribute(type))\" message=\"\(MarkupText.attribute(Self.headline(message)))\">"
            x += MarkupText.text(body) + "</error>\n"
        }
        if let output { x += "      <system-out>\(MarkupText.text(output))</system-out>\n" }
        x += "    </testcase>\n"
    }

    /// The first line, at most 200 characters: CI tools show the message attribute as a one-line headline.
    static func headline(_ message: String) -> String {
        let line = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return line.count <= 200 ? line : String(line.prefix(200)) + "…"
    }
}
