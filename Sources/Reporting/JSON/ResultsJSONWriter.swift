import Bytes

/// Writes results as `coregate-results/1` JSON (docs/results.md, docs/results.schema.json).
///
/// Derived numbers (rates, percentiles, loss) are written for dashboards; the reader rebuilds results from
/// the counts and histograms only, so derived values never drift between a file and its merges.
public enum ResultsJSON {
    /// The results as JSON text (UTF-8), keys in a fixed order.
    public static func encode(_ results: RunResults) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 1 << 16)
        write(results, to: &w)
        w.endLine()
        return w.bytes
    }

    public static func write(_ r: RunResults, to w: inout JSONWriter) {
        let env = r.run.environment
        w.beginObject()
        w.key("schema"); w.string(RunResults.schema)
        w.key("kind"); w.string(r.run.kind.rawValue)
        let verdict = r.verdict
        w.key("verdict"); w.beginObject()
        w.key("passed"); w.bool(verdict.passed)
        w.key("reasons"); stringArray(verdict.reasons, &w)
        w.endObject()
        w.key("plan"); w.beginObject()
        w.key("name"); w.string(r.run.plan.name)
        w.key("description"); w.string(r.run.plan.description)
        w.key("tags"); stringArray(r.run.plan.tags, &w)
        w.endObject()
        w.key("target"); w.beginObject()
        w.key("name"); w.string(r.run.target.name)
        w.key("amf"); w.string(orNull: r.run.target.amf)
        w.key("upf"); w.string(orNull: r.run.target.upf)
        w.endObject()
        w.key("environment"); w.beginObject()
        w.key("coregate_version"); w.string(env.coregateVersion)
        w.key("host"); w.string(env.host)
        w.key("os"); w.string(env.os)
        w.key("cpu_count"); w.int(env.cpuCount)
        w.key("start"); w.string(env.start.rfc3339)
        w.key("end"); w.string(env.end.rfc3339)
        w.key("duration_s"); w.number(env.durationSeconds, decimals: 6)
        w.key("interrupted"); w.bool(env.interrupted)
        w.key("interruption_reason"); w.string(orNull: env.interruptionReason)
        w.endObject()
        if let shard = r.run.shard {
            w.key("shard"); w.beginObject()
            w.key("count"); w.int(shard.count)
            w.key("indices"); w.beginArray(); for i in shard.indices { w.int(i) }; w.endArray()
            w.endObject()
        }
        writeSummary(r, &w)
        w.key("steps"); w.beginArray(); for s in r.steps { writeStep(s, &w) }; w.endArray()
        w.key("thresholds"); w.beginArray(); for t in r.thresholds { writeThreshold(t, &w) }; w.endArray()
        // Every lifecycle procedure appears (zeros when the run had none), so dashboards find the same keys in
        // every file; the reader drops such empty entries again.
        w.key("procedures"); w.beginObject()
        var names = r.orderedProcedureNames
        for p in ProcedureName.lifecycleOrder where r.procedures[p.rawValue] == nil { names.append(p.rawValue) }
        for name in ProcedureName.ordered(names) {
            w.key(escaping: name)
            writeProcedure(r.procedures[name] ?? ProcedureStats(), duration: env.durationSeconds, &w)
        }
        w.endObject()
        w.key("messages"); w.beginObject()
        for name in r.messages.keys.sorted() {
            if let m = r.messages[name] {
                w.key(escaping: name); w.beginObject()
                w.key("sent"); w.uint(m.sent)
                w.key("received"); w.uint(m.received)
                w.endObject()
            }
        }
        w.endObject()
        writeTimeSeries(r.timeSeries, &w)
        if let u = r.userPlane { writeUserPlane(u, &w) }
        writeFailures(r.failures, &w)
        if let a = r.analysis { writeAnalysis(a, &w) }
        w.endObject()
    }

    static func writeSummary(_ r: RunResults, _ w: inout JSONWriter) {
        let s = r.stepCounts
        w.key("summary"); w.beginObject()
        w.key("steps"); w.beginObject()
        w.key("total"); w.int(s.total)
        w.key("passed"); w.int(s.passed)
        w.key("failed"); w.int(s.failed)
        w.key("skipped"); w.int(s.skipped)
        w.key("error"); w.int(s.error)
        w.endObject()
        let passed = r.thresholds.filter(\.passed).count
        w.key("thresholds"); w.beginObject()
        w.key("total"); w.int(r.thresholds.count)
        w.key("passed"); w.int(passed)
        w.key("failed"); w.int(r.thresholds.count - passed)
        w.endObject()
        w.key("failed_ues"); w.int(r.failures.totalFailedUEs)
        w.endObject()
    }

    static func writeStep(_ s: StepResult, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("name"); w.string(s.name)
        w.key("kind"); w.string(s.kind)
        w.key("outcome"); w.string(s.outcome.rawValue)
        w.key("duration_s"); w.exactNumber(s.durationSeconds)
        w.key("message"); w.string(orNull: s.message)
        writeMessageText("expected", s.expected, &w)
        writeMessageText("received", s.received, &w)
        w.key("difference"); stringArray(s.difference, &w)
        w.key("diagnostics"); w.beginArray()
        for d in s.diagnostics {
            w.beginObject()
            w.key("clause"); w.string(d.clause)
            w.key("category"); w.string(d.category.rawValue)
            if let v = d.procedureCode { w.key("procedure_code"); w.int(v) }
            if let v = d.ieID { w.key("ie_id"); w.int(v) }
            if let v = d.criticality { w.key("criticality"); w.string(v) }
            if let v = d.typeOfError { w.key("type_of_error"); w.string(v) }
            w.key("text"); w.string(d.text)
            w.endObject()
        }
        w.endArray()
        w.key("output"); w.string(orNull: s.output)
        w.endObject()
    }

    /// `"received": "text"`, and `"received_hex"` with the bytes when they are not valid UTF-8.
    static func writeMessageText(_ name: String, _ text: MessageText?, _ w: inout JSONWriter) {
        w.key(escaping: name)
        guard let text else { return w.null() }
        w.string(text.text)
        if !text.isValidUTF8 {
            w.key(escaping: name + "_hex")
            w.hex(text.bytes)
        }
    }

    static func writeThreshold(_ t: ThresholdResult, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("expression"); w.string(t.expression)
        w.key("observed")
        if let o = t.observed { w.exactNumber(o) } else { w.null() }
        w.key("unit"); w.string(t.unit)
        w.key("passed"); w.bool(t.passed)
        if let spec = t.spec {
            w.key("spec"); w.beginObject()
            let (metric, procedure, percentile) = ThresholdJSON.parts(spec.metric)
            w.key("metric"); w.string(metric)
            if let procedure { w.key("procedure"); w.string(procedure) }
            if let percentile { w.key("percentile"); w.exactNumber(percentile) }
            w.key("comparison"); w.string(spec.comparison.rawValue)
            w.key("limit"); w.exactNumber(spec.limit)
            w.endObject()
        }
        w.endObject()
    }

    static func writeProcedure(_ p: ProcedureStats, duration: Double, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("count"); w.uint(p.count)
        w.key("success"); w.uint(p.success)
        w.key("failure"); w.uint(p.failure)
        w.key("rate_per_s"); w.number(p.ratePerSecond(durationSeconds: duration))
        w.key("success_rate")
        if let s = p.successRatio { w.number(s, decimals: 6) } else { w.null() }
        w.key("latency_ms"); writePercentiles(p.latency, &w)
        w.key("failure_causes"); w.beginObject()
        for cause in p.failureCauses.keys.sorted() {
            w.key(escaping: cause); w.uint(p.failureCauses[cause] ?? 0)
        }
        w.endObject()
        w.key("latency_histogram_us"); writeHistogram(p.latency, &w)
        w.endObject()
    }

    /// `{p50, p90, p95, p99, max, mean}` in milliseconds (nulls when empty).
    static func writePercentiles(_ h: LatencyHistogram, _ w: inout JSONWriter) {
        w.beginObject()
        for (key, p) in [("p50", 50.0), ("p90", 90.0), ("p95", 95.0), ("p99", 99.0)] {
            w.key(escaping: key)
            if h.isEmpty { w.null() } else { w.number(h.percentileMilliseconds(p)) }
        }
        w.key("max")
        if h.isEmpty { w.null() } else { w.number(Double(h.maxMicroseconds) / 1000) }
        w.key("mean")
        if h.isEmpty { w.null() } else { w.number(h.meanMicroseconds / 1000) }
        w.endObject()
    }

    /// The mergeable form: precision, count, exact min and max, and `[lowest value, count]` per bucket.
    static func writeHistogram(_ h: LatencyHistogram, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("significant_digits"); w.int(Int(h.significantDigits.rawValue))
        w.key("count"); w.uint(h.count)
        w.key("min"); w.uint(h.minMicroseconds)
        w.key("max"); w.uint(h.maxMicroseconds)
        w.key("buckets"); w.beginArray()
        for b in h.buckets {
            w.beginArray(); w.uint(b.value); w.uint(b.count); w.endArray()
        }
        w.endArray()
        w.endObject()
    }

    static func writeTimeSeries(_ t: TimeSeries, _ w: inout JSONWriter) {
        w.key("time_series"); w.beginObject()
        w.key("interval_s"); w.int(t.intervalSeconds)
        w.key("procedures"); w.beginObject()
        for name in ProcedureName.ordered(t.procedures.keys) {
            w.key(escaping: name); w.beginArray()
            for p in t.procedures[name] ?? [] {
                w.beginObject()
                w.key("t"); w.int(p.second)
                w.key("attempts"); w.uint(p.attempts)
                w.key("successes"); w.uint(p.successes)
                w.key("errors"); w.uint(p.errors)
                w.key("p95_ms")
                if p.latency.isEmpty { w.null() } else { w.number(p.latency.percentileMilliseconds(95)) }
                w.key("latency_histogram_us"); writeHistogram(p.latency, &w)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
        w.endObject()
    }

    static func writeUserPlane(_ u: UserPlaneStats, _ w: inout JSONWriter) {
        w.key("user_plane"); w.beginObject()
        w.key("packets_sent"); w.uint(u.packetsSent)
        w.key("packets_received"); w.uint(u.packetsReceived)
        w.key("bytes_sent"); w.uint(u.bytesSent)
        w.key("bytes_received"); w.uint(u.bytesReceived)
        w.key("loss"); w.number(u.loss, decimals: 6)
        w.key("rtt_ms"); writePercentiles(u.rtt, &w)
        w.key("rtt_histogram_us"); writeHistogram(u.rtt, &w)
        w.endObject()
    }

    static func writeFailures(_ f: FailureLog, _ w: inout JSONWriter) {
        w.key("failures"); w.beginObject()
        w.key("total_ues"); w.int(f.totalFailedUEs)
        w.key("omitted"); w.int(f.omitted)
        w.key("ues"); w.beginArray()
        for ue in f.ues {
            w.beginObject()
            w.key("ue"); w.string(ue.ue)
            w.key("procedure"); w.string(ue.procedure)
            w.key("reason"); w.string(ue.reason)
            w.key("time"); w.string(ue.time.rfc3339)
            w.key("ladder_omitted"); w.int(ue.ladderOmitted)
            w.key("ladder"); w.beginArray()
            for e in ue.ladder {
                w.beginObject()
                w.key("t"); w.string(e.time.rfc3339)
                w.key("direction"); w.string(e.direction.rawValue)
                w.key("from"); w.string(e.from)
                w.key("to"); w.string(e.to)
                w.key("message"); w.string(e.message)
                w.key("summary"); w.string(e.summary)
                w.key("flagged"); w.bool(e.flagged)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static func writeAnalysis(_ a: AnalysisResults, _ w: inout JSONWriter) {
        w.key("analysis"); w.beginObject()
        w.key("captures"); stringArray(a.captures, &w)
        w.key("rule_violations"); w.beginArray()
        for v in a.ruleViolations {
            w.beginObject()
            w.key("id"); w.string(v.id)
            w.key("severity"); w.string(v.severity.rawValue)
            w.key("clause"); w.string(v.clause)
            w.key("title"); w.string(v.title)
            w.key("count"); w.int(v.count)
            w.key("examples"); w.beginArray()
            for e in v.examples {
                w.beginObject()
                if let c = e.capture { w.key("capture"); w.string(c) }
                if let f = e.frame { w.key("frame"); w.int(f) }
                w.key("summary"); w.string(e.summary)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static func stringArray(_ items: [String], _ w: inout JSONWriter) {
        w.beginArray()
        for s in items { w.string(s) }
        w.endArray()
    }
}

/// Threshold metrics by name in JSON.
enum ThresholdJSON {
    static func parts(_ m: ThresholdMetric) -> (String, String?, Double?) {
        switch m {
        case .latencyPercentile(let p, let q): ("latency_percentile", p, q)
        case .latencyMean(let p): ("latency_mean", p, nil)
        case .latencyMax(let p): ("latency_max", p, nil)
        case .rate(let p): ("rate", p, nil)
        case .successRate(let p): ("success_rate", p, nil)
        case .failures(let p): ("failures", p, nil)
        case .userPlaneLoss: ("user_plane_loss", nil, nil)
        case .userPlaneRTTPercentile(let q): ("user_plane_rtt_percentile", nil, q)
        }
    }

    static func metric(_ name: String, procedure: String?, percentile: Double?) -> ThresholdMetric? {
        switch (name, procedure, percentile) {
        case ("latency_percentile", let p?, let q?): .latencyPercentile(procedure: p, percentile: q)
        case ("latency_mean", let p?, _): .latencyMean(procedure: p)
        case ("latency_max", let p?, _): .latencyMax(procedure: p)
        case ("rate", let p?, _): .rate(procedure: p)
        case ("success_rate", let p?, _): .successRate(procedure: p)
        case ("failures", let p?, _): .failures(procedure: p)
        case ("user_plane_loss", _, _): .userPlaneLoss
        case ("user_plane_rtt_percentile", _, let q?): .userPlaneRTTPercentile(percentile: q)
        default: nil
        }
    }
}
