extension PlanDecoder {
    mutating func load(_ node: PlanNode, ues: Int) -> LoadProfile {
        let keys = ["model", "start", "stages", "max_concurrent", "graceful_stop", "knee"]
        var profile = LoadProfile.once(ues: ues, position: node.position)
        guard let f = r.mapping(node, "load", known: keys, required: ["model", "stages"]) else { return profile }
        guard let model = f["model"].flatMap({ r.choice($0, f.path("model"), LoadProfile.Model.self) }) else { return profile }
        profile.model = model
        profile.start = model == .closed ? .ues(0) : .rate(Rate(perSecond: 0))
        profile.maxConcurrent = ues
        if let s = f["start"], let t = stageTarget(s, f.path("start"), model, ues: ues) { profile.start = t }
        if let s = f["stages"] {
            if let items = r.list(s, f.path("stages")) {
                if items.isEmpty { r.error(s, f.path("stages"), "a load profile needs at least one stage") }
                profile.stages = items.enumerated().compactMap { stage($1, "\(f.path("stages"))[\($0)]", model, ues: ues) }
            }
        }
        if let m = f["max_concurrent"], let n = r.int(m, f.path("max_concurrent"), in: 1...Int.max) {
            if model == .closed { r.error(m, f.path("max_concurrent"), "only for model: open (closed stages set concurrency)") }
            if n > ues { r.error(m, f.path("max_concurrent"), "\(n) is more than the \(ues) UEs of subscribers") }
            profile.maxConcurrent = n
        }
        if let g = f["graceful_stop"], let d = r.duration(g, f.path("graceful_stop")) { profile.gracefulStop = d }
        if let k = f["knee"] {
            if model == .closed { r.error(k, f.path("knee"), "only for model: open (the knee is an arrival rate)") }
            profile.knee = knee(k, f.path("knee"))
        }
        return profile
    }

    mutating func stage(_ node: PlanNode, _ path: String, _ model: LoadProfile.Model, ues: Int) -> LoadProfile.Stage? {
        guard let f = r.mapping(node, path, known: ["name", "target", "duration", "iterations"], required: ["target"]) else { return nil }
        let name = f["name"].flatMap { r.string($0, f.path("name")) }
        let target = f["target"].flatMap { stageTarget($0, f.path("target"), model, ues: ues) }
        let end: LoadProfile.Stage.End?
        switch (f["duration"], f["iterations"]) {
        case (let d?, nil): end = r.duration(d, f.path("duration"), positive: true).map { .duration($0) }
        case (nil, let i?): end = r.int(i, f.path("iterations"), in: 1...Int.max).map { .iterations($0) }
        case (nil, nil): r.error(node, path, "give duration or iterations"); end = nil
        case (_?, let i?): r.error(i, f.path("iterations"), "give duration or iterations, not both"); end = nil
        }
        guard let target, let end else { return nil }
        return LoadProfile.Stage(name: name, target: target, end: end, position: node.position)
    }

    /// Closed model: a number of UEs (at most the subscribers'); open model: a rate.
    mutating func stageTarget(_ node: PlanNode, _ path: String, _ model: LoadProfile.Model, ues: Int) -> LoadProfile.Stage.Target? {
        switch model {
        case .closed:
            if case .string = node.value {
                r.error(node, path, "model: closed counts concurrent UEs; expected an integer, got \(node.kindDescription)")
                return nil
            }
            guard let n = r.int(node, path, in: 0...Int.max) else { return nil }
            if n > ues { r.error(node, path, "\(n) concurrent UEs is more than the \(ues) UEs of subscribers") }
            return .ues(n)
        case .open:
            if case .int = node.value {
                r.error(node, path, "model: open counts arrivals per time; expected a rate such as \(node.text ?? "")/s, got \(node.kindDescription)")
                return nil
            }
            return r.rate(node, path).map { .rate($0) }
        }
    }

    mutating func knee(_ node: PlanNode, _ path: String) -> LoadProfile.KneeSearch? {
        guard let f = r.mapping(node, path, known: ["when", "window", "stop"], required: ["when"]) else { return nil }
        var k = LoadProfile.KneeSearch(when: [], position: node.position)
        if let w = f["when"] { k.when = thresholds(w, f.path("when"), allowOptions: false) }
        if let w = f["window"], let d = r.duration(w, f.path("window"), positive: true) { k.window = d }
        if let s = f["stop"], let b = r.bool(s, f.path("stop")) { k.stop = b }
        return k
    }

    /// `thresholds`: expressions, or mappings `{threshold, abort_on_fail, delay_abort_eval}`.
    mutating func thresholds(_ node: PlanNode, _ path: String, allowOptions: Bool = true) -> [Threshold] {
        guard let items = r.list(node, path) else { return [] }
        var result: [Threshold] = []
        for (i, item) in items.enumerated() {
            let itemPath = "\(path)[\(i)]"
            if item.entries != nil, allowOptions {
                let keys = ["threshold", "abort_on_fail", "delay_abort_eval"]
                guard let f = r.mapping(item, itemPath, known: keys, required: ["threshold"]),
                      let expression = f["threshold"], var t = threshold(expression, f.path("threshold")) else { continue }
                if let a = f["abort_on_fail"], let b = r.bool(a, f.path("abort_on_fail")) { t.abortOnFail = b }
                if let d = f["delay_abort_eval"], let v = r.duration(d, f.path("delay_abort_eval")) {
                    t.delayAbortEvaluation = v
                    if !t.abortOnFail { r.error(d, f.path("delay_abort_eval"), "only with abort_on_fail: true") }
                }
                t.position = item.position
                result.append(t)
            } else if let t = threshold(item, itemPath) {
                result.append(t)
            }
        }
        return result
    }

    mutating func threshold(_ node: PlanNode, _ path: String) -> Threshold? {
        guard case .string(let text) = node.value else {
            r.error(node, path, "expected a threshold such as \"registration.latency.p95 < 200ms\", got \(node.kindDescription)")
            return nil
        }
        switch ThresholdExpression.parse(text) {
        case .success(let (metric, comparison, bound)):
            return Threshold(metric: metric, comparison: comparison, bound: bound, text: text, position: node.position)
        case .failure(let failure):
            r.error(node.position(ofCharacter: failure.offset), "\(path): \(failure.reason)")
            return nil
        }
    }
}
