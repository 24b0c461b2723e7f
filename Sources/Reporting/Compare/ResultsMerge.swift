/// Merges the results of the shards of one run into the results of the whole run.
///
/// Exact where it can be: counters add, latency histograms add bucket by bucket, time series add interval by
/// interval (aligned by wall time, at the coarsest interval), thresholds given as data are evaluated again on
/// the merged data. Steps combine by name (the worst outcome wins), failures are concatenated in input order.
public enum ResultsMerge {
    public static func merge(_ parts: [RunResults]) throws(ReportingError) -> RunResults {
        guard var merged = parts.first else { throw ReportingError(.mergeConflict, "nothing to merge") }
        guard parts.count > 1 else { return merged }
        try checkCompatible(parts)
        merged.run = combinedRunInfo(parts)
        merged.steps = combinedSteps(parts)
        for p in parts.dropFirst() {
            for (name, stats) in p.procedures {
                if var existing = merged.procedures[name] {
                    try existing.add(stats)
                    merged.procedures[name] = existing
                } else {
                    merged.procedures[name] = stats
                }
            }
            for (name, m) in p.messages {
                let e = merged.messages[name] ?? MessageCount()
                merged.messages[name] = MessageCount(sent: try checkedSum(e.sent, m.sent, "messages sent"),
                                                     received: try checkedSum(e.received, m.received, "messages received"))
            }
            try merged.timeSeries.add(p.timeSeries)
            if let u = p.userPlane {
                if var e = merged.userPlane {
                    try e.add(u)
                    merged.userPlane = e
                } else {
                    merged.userPlane = u
                }
            }
            _ = try checkedSum(merged.failures.totalFailedUEs, p.failures.totalFailedUEs, "failed UEs")
            merged.failures.append(p.failures)
            if let a = p.analysis { merged.analysis = try combinedAnalysis(merged.analysis, a) }
        }
        merged.thresholds = combinedThresholds(parts, merged)
        return merged
    }

    /// Same kind and plan; shards of the same count, none twice.
    static func checkCompatible(_ parts: [RunResults]) throws(ReportingError) {
        let first = parts[0].run
        var seen = Set<Int>()
        for (i, p) in parts.enumerated() {
            guard p.run.kind == first.kind else {
                throw ReportingError(.mergeConflict, "input \(i + 1) is a \(p.run.kind) but input 1 is a \(first.kind)")
            }
            guard p.run.plan.name == first.plan.name else {
                throw ReportingError(.mergeConflict, "input \(i + 1) is of plan \"\(p.run.plan.name)\", input 1 of plan \"\(first.plan.name)\"")
            }
            guard let shard = p.run.shard else { continue }
            if let c = first.shard?.count, c != shard.count {
                throw ReportingError(.mergeConflict, "input \(i + 1) is shard \(shard.description), but input 1 is of \(c) shards")
            }
            for index in shard.indices {
                guard seen.insert(index).inserted else {
                    throw ReportingError(.mergeConflict, "shard \(index) appears twice (input \(i + 1)): merging it again would count it twice")
                }
            }
        }
    }

    static func combinedRunInfo(_ parts: [RunResults]) -> RunInfo {
        var info = parts[0].run
        var hosts: [String] = []
        var reasons: [String] = []
        for p in parts {
            let e = p.run.environment
            if !hosts.contains(e.host) { hosts.append(e.host) }
            info.environment.start = min(info.environment.start, e.start)
            info.environment.end = max(info.environment.end, e.end)
            if e.interrupted {
                info.environment.interrupted = true
                let label = p.run.shard.map { "shard \($0.description)" } ?? "input"
                reasons.append("\(label): \(e.interruptionReason ?? "interrupted")")
            }
        }
        info.environment.host = hosts.joined(separator: ", ")
        info.environment.interruptionReason = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
        let shards = parts.compactMap(\.run.shard)
        if let count = shards.first?.count {
            info.shard = ShardInfo(count: count, indices: shards.flatMap(\.indices).sorted())
        }
        return info
    }

    /// Steps by name in first-seen order: the worst outcome, the longest duration, messages prefixed by shard.
    static func combinedSteps(_ parts: [RunResults]) -> [StepResult] {
        var order: [String] = []
        var byName: [String: StepResult] = [:]
        for p in parts {
            let label = p.run.shard.map { "shard \($0.indices.map(String.init).joined(separator: ","))" }
            for s in p.steps {
                var s = s
                if let label, let m = s.message, s.outcome != .passed { s.message = "\(label): \(m)" }
                guard var e = byName[s.name] else {
                    order.append(s.name)
                    byName[s.name] = s
                    continue
                }
                e.durationSeconds = max(e.durationSeconds, s.durationSeconds)
                if s.outcome.severity > e.outcome.severity {
                    let previous = e.outcome != .passed ? e.message : nil
                    e.outcome = s.outcome
                    e.expected = s.expected
                    e.received = s.received
                    e.difference = s.difference
                    e.diagnostics = s.diagnostics
                    e.message = [previous, s.message].compactMap { $0 }.joined(separator: "\n").nilIfEmpty
                } else if s.outcome != .passed, s.outcome != .skipped, let m = s.message {
                    e.message = [e.message, m].compactMap { $0 }.joined(separator: "\n")
                }
                byName[s.name] = e
            }
        }
        return order.compactMap { byName[$0] }
    }

    /// Thresholds with a spec are evaluated again on the merged results; others pass only if every shard's did.
    static func combinedThresholds(_ parts: [RunResults], _ merged: RunResults) -> [ThresholdResult] {
        var order: [String] = []
        var byExpression: [String: ThresholdResult] = [:]
        for p in parts {
            for t in p.thresholds {
                if var e = byExpression[t.expression] {
                    e.passed = e.passed && t.passed
                    e.observed = nil
                    byExpression[t.expression] = e
                } else {
                    order.append(t.expression)
                    byExpression[t.expression] = t
                }
            }
        }
        return order.compactMap { expression -> ThresholdResult? in
            guard let t = byExpression[expression] else { return nil }
            if let spec = t.spec { return ThresholdResult(expression: expression, spec: spec, evaluatedOn: merged) }
            return t
        }
    }

    static func combinedAnalysis(_ a: AnalysisResults?, _ b: AnalysisResults) throws(ReportingError) -> AnalysisResults {
        guard var out = a else { return b }
        for c in b.captures where !out.captures.contains(c) { out.captures.append(c) }
        for v in b.ruleViolations {
            if let i = out.ruleViolations.firstIndex(where: { $0.id == v.id }) {
                out.ruleViolations[i].count = try checkedSum(out.ruleViolations[i].count, v.count, "rule \(v.id) count")
                out.ruleViolations[i].examples = Array((out.ruleViolations[i].examples + v.examples).prefix(RuleViolation.maxExamples))
            } else {
                out.ruleViolations.append(v)
            }
        }
        return out
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
