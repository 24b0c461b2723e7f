import Bytes
import Histogram

extension ResultsJSON {
    /// Reads `coregate-results/1` JSON back into results, for diff and merge. Files of another schema
    /// version are refused with `unsupportedSchema`; derived numbers (rates, percentiles) are recomputed.
    public static func decode(_ bytes: [UInt8]) throws(ReportingError) -> RunResults {
        let root: JSONValue
        do {
            root = try JSONValue(parsing: bytes)
        } catch {
            throw ReportingError(.invalidResults, "not JSON: \(error.message)", context: error.context)
        }
        let top = try JSONFields(root, path: [])
        guard let schemaValue = top.optional("schema") else {
            throw ReportingError(.unsupportedSchema, "not CoreGate results: no \"schema\" member (expected \"\(RunResults.schema)\")")
        }
        guard case .string(let schema) = schemaValue, schema == RunResults.schema else {
            let found = schemaValue.jsonText.prefix(60)
            throw ReportingError(.unsupportedSchema,
                                 "results schema \(found) is not supported: this coregate reads \"\(RunResults.schema)\" only")
        }
        return try Reader().results(top)
    }
}

/// Maps the JSON members onto the model, one function per object.
struct Reader {
    func results(_ top: JSONFields) throws(ReportingError) -> RunResults {
        let plan = try top.object("plan")
        let target = try top.object("target")
        let env = try top.object("environment")
        guard let start = Timestamp(rfc3339: try env.string("start")), let end = Timestamp(rfc3339: try env.string("end")) else {
            throw JSONFields.error(["environment"], "start and end must be RFC 3339 UTC times (2026-12-07T15:59:24.123456Z)")
        }
        var shard: ShardInfo?
        if let s = try top.optionalObject("shard") {
            let count = try s.int("count")
            var indices: [Int] = []
            for (i, v) in try s.array("indices").enumerated() { indices.append(try JSONFields.int(v, ["shard", "indices", "[\(i)]"])) }
            guard count >= 1, count <= ShardInfo.maxCount, !indices.isEmpty, indices.allSatisfy({ (1...count).contains($0) }), Set(indices).count == indices.count else {
                throw JSONFields.error(["shard"], "shard indices \(indices) must be distinct, from 1 to count \(count)")
            }
            shard = ShardInfo(count: count, indices: indices)
        }
        let info = RunInfo(
            kind: RunKind(rawValue: try top.string("kind")),
            plan: PlanInfo(name: try plan.string("name"), description: try plan.string("description"), tags: try plan.strings("tags")),
            target: TargetInfo(name: try target.string("name"), amf: try target.optionalString("amf"), upf: try target.optionalString("upf")),
            environment: EnvironmentInfo(
                coregateVersion: try env.string("coregate_version"), host: try env.string("host"), os: try env.string("os"),
                cpuCount: try env.int("cpu_count"), start: start, end: end, interrupted: try env.bool("interrupted"),
                interruptionReason: try env.optionalString("interruption_reason")),
            shard: shard)
        var r = RunResults(run: info)
        for (i, v) in try top.array("steps").enumerated() { r.steps.append(try step(JSONFields(v, path: ["steps", "[\(i)]"]))) }
        for (i, v) in try top.array("thresholds").enumerated() {
            r.thresholds.append(try threshold(JSONFields(v, path: ["thresholds", "[\(i)]"])))
        }
        for (name, v) in try top.entries("procedures") {
            let stats = try procedure(JSONFields(v, path: ["procedures", name]))
            if stats != ProcedureStats() { r.procedures[name] = stats }  // the writer lists every lifecycle procedure
        }
        for (name, v) in try top.entries("messages") {
            let m = try JSONFields(v, path: ["messages", name])
            r.messages[name] = MessageCount(sent: try m.count("sent"), received: try m.count("received"))
        }
        r.timeSeries = try timeSeries(try top.object("time_series"))
        if let u = try top.optionalObject("user_plane") {
            r.userPlane = UserPlaneStats(packetsSent: try u.count("packets_sent"), packetsReceived: try u.count("packets_received"),
                                         bytesSent: try u.count("bytes_sent"), bytesReceived: try u.count("bytes_received"),
                                         rtt: try histogram(try u.object("rtt_histogram_us")))
        }
        r.failures = try failures(try top.object("failures"))
        if let a = try top.optionalObject("analysis") { r.analysis = try analysis(a) }
        return r
    }

    func step(_ s: JSONFields) throws(ReportingError) -> StepResult {
        guard let outcome = StepResult.Outcome(rawValue: try s.string("outcome")) else {
            throw JSONFields.error(s.path + ["outcome"], "outcome must be passed, failed, skipped or error")
        }
        var diagnostics: [ProtocolDiagnostic] = []
        for (i, v) in try s.array("diagnostics").enumerated() {
            let d = try JSONFields(v, path: s.path + ["diagnostics", "[\(i)]"])
            diagnostics.append(ProtocolDiagnostic(
                clause: try d.string("clause"), category: .init(rawValue: try d.string("category")),
                procedureCode: try d.optionalInt("procedure_code"), ieID: try d.optionalInt("ie_id"),
                criticality: try d.optionalString("criticality"), typeOfError: try d.optionalString("type_of_error"),
                text: try d.string("text")))
        }
        return StepResult(name: try s.string("name"), kind: try s.string("kind"), outcome: outcome,
                          durationSeconds: try s.double("duration_s"), message: try s.optionalString("message"),
                          expected: try messageText(s, "expected"), received: try messageText(s, "received"),
                          difference: try s.strings("difference"), diagnostics: diagnostics, output: try s.optionalString("output"))
    }

    /// The text, or the bytes of `<name>_hex` when the text was not valid UTF-8.
    func messageText(_ s: JSONFields, _ name: String) throws(ReportingError) -> MessageText? {
        if let hex = try s.optionalString(name + "_hex") {
            do {
                return MessageText(bytes: try Hex.decode(hex))
            } catch {
                throw JSONFields.error(s.path + [name + "_hex"], error.message)
            }
        }
        return try s.optionalString(name).map { MessageText($0) }
    }

    func threshold(_ t: JSONFields) throws(ReportingError) -> ThresholdResult {
        var spec: ThresholdSpec?
        if let s = try t.optionalObject("spec") {
            guard let comparison = ThresholdSpec.Comparison(rawValue: try s.string("comparison")) else {
                throw JSONFields.error(s.path + ["comparison"], "comparison must be one of < <= > >= ==")
            }
            guard let metric = ThresholdJSON.metric(try s.string("metric"), procedure: try s.optionalString("procedure"),
                                                    percentile: try s.optionalDouble("percentile")) else {
                throw JSONFields.error(s.path + ["metric"], "unknown metric or missing procedure/percentile")
            }
            spec = ThresholdSpec(metric: metric, comparison: comparison, limit: try s.double("limit"))
        }
        return ThresholdResult(expression: try t.string("expression"), spec: spec, observed: try t.optionalDouble("observed"),
                               unit: try t.string("unit"), passed: try t.bool("passed"))
    }

    func procedure(_ p: JSONFields) throws(ReportingError) -> ProcedureStats {
        var causes: [String: UInt64] = [:]
        for (cause, v) in try p.entries("failure_causes") {
            causes[cause] = try JSONFields.count(v, p.path + ["failure_causes", cause])
        }
        return ProcedureStats(count: try p.count("count"), success: try p.count("success"), failure: try p.count("failure"),
                              latency: try histogram(try p.object("latency_histogram_us")), failureCauses: causes)
    }

    func histogram(_ h: JSONFields) throws(ReportingError) -> LatencyHistogram {
        let digitsValue = try h.int("significant_digits")
        guard let digits = Int8(exactly: digitsValue).flatMap(SignificantDigits.init(rawValue:)) else {
            throw JSONFields.error(h.path + ["significant_digits"], "significant digits must be 0 to 5")
        }
        var buckets: [LatencyHistogram.Bucket] = []
        for (i, v) in try h.array("buckets").enumerated() {
            let p = h.path + ["buckets", "[\(i)]"]
            let pair = try JSONFields.array(v, p)
            guard pair.count == 2 else { throw JSONFields.error(p, "a bucket is [value, count]") }
            buckets.append(.init(value: try JSONFields.count(pair[0], p), count: try JSONFields.count(pair[1], p)))
        }
        let histogram: LatencyHistogram
        do {
            histogram = try LatencyHistogram(significantDigits: digits, min: try h.count("min"), max: try h.count("max"), buckets: buckets)
        } catch {
            throw ReportingError(error.code, error.message, context: ErrorContext(path: h.path))
        }
        guard histogram.count == (try h.count("count")) else {
            throw JSONFields.error(h.path + ["count"], "count does not equal the sum of the bucket counts \(histogram.count)")
        }
        return histogram
    }

    func timeSeries(_ t: JSONFields) throws(ReportingError) -> TimeSeries {
        var procedures: [String: [TimeSeries.Point]] = [:]
        for (name, v) in try t.entries("procedures") {
            var points: [TimeSeries.Point] = []
            for (i, pv) in try JSONFields.array(v, t.path + ["procedures", name]).enumerated() {
                let p = try JSONFields(pv, path: t.path + ["procedures", name, "[\(i)]"])
                let second = try p.int("t")
                points.append(TimeSeries.Point(second: Int64(second), attempts: try p.count("attempts"), successes: try p.count("successes"),
                                               errors: try p.count("errors"), latency: try histogram(try p.object("latency_histogram_us"))))
            }
            procedures[name] = points
        }
        do {
            return try TimeSeries(intervalSeconds: Int64(try t.int("interval_s")), procedures: procedures)
        } catch {
            throw ReportingError(error.code, error.message, context: ErrorContext(path: t.path))
        }
    }

    func failures(_ f: JSONFields) throws(ReportingError) -> FailureLog {
        var ues: [UEFailure] = []
        for (i, v) in try f.array("ues").enumerated() {
            let u = try JSONFields(v, path: f.path + ["ues", "[\(i)]"])
            var ladder: [LadderEntry] = []
            for (j, ev) in try u.array("ladder").enumerated() {
                let e = try JSONFields(ev, path: u.path + ["ladder", "[\(j)]"])
                guard let direction = LadderEntry.Direction(rawValue: try e.string("direction")) else {
                    throw JSONFields.error(e.path + ["direction"], "direction must be sent or received")
                }
                ladder.append(LadderEntry(time: try time(e, "t"), direction: direction, from: try e.string("from"), to: try e.string("to"),
                                          message: try e.string("message"), summary: try e.string("summary"), flagged: try e.bool("flagged")))
            }
            ues.append(UEFailure(ue: try u.string("ue"), procedure: try u.string("procedure"), reason: try u.string("reason"),
                                 time: try time(u, "time"), ladder: ladder, ladderOmitted: try u.int("ladder_omitted")))
        }
        do {
            return try FailureLog(ues: ues, totalFailedUEs: try f.int("total_ues"))
        } catch {
            throw ReportingError(error.code, error.message, context: ErrorContext(path: f.path))
        }
    }

    func analysis(_ a: JSONFields) throws(ReportingError) -> AnalysisResults {
        var violations: [RuleViolation] = []
        for (i, v) in try a.array("rule_violations").enumerated() {
            let r = try JSONFields(v, path: a.path + ["rule_violations", "[\(i)]"])
            guard let severity = RuleViolation.Severity(rawValue: try r.string("severity")) else {
                throw JSONFields.error(r.path + ["severity"], "severity must be error, warning or info")
            }
            var examples: [RuleViolation.Example] = []
            for (j, ev) in try r.array("examples").enumerated() {
                let e = try JSONFields(ev, path: r.path + ["examples", "[\(j)]"])
                examples.append(.init(capture: try e.optionalString("capture"), frame: try e.optionalInt("frame"), summary: try e.string("summary")))
            }
            violations.append(RuleViolation(id: try r.string("id"), severity: severity, clause: try r.string("clause"),
                                            title: try r.string("title"), count: try r.int("count"), examples: examples))
        }
        return AnalysisResults(captures: try a.strings("captures"), ruleViolations: violations)
    }

    func time(_ f: JSONFields, _ key: String) throws(ReportingError) -> Timestamp {
        guard let t = Timestamp(rfc3339: try f.string(key)) else {
            throw JSONFields.error(f.path + [key], "expected an RFC 3339 UTC time (2026-12-07T15:59:24.123456Z)")
        }
        return t
    }
}
