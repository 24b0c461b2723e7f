import Bytes

/// A plan written back as a document with every default spelled out, in the plan format itself (JSON,
/// which YAML reads): what `coregate validate --resolved` prints, and the fixed point the tests check
/// (reading the canonical form gives the same canonical form).
public enum CanonicalForm {
    public static func document(_ plan: TestPlan) -> JSONValue {
        var top: [JSONValue.Member] = [
            m("version", .number("\(plan.version)")),
            m("metadata", .object([
                m("name", .string(plan.metadata.name)), m("description", .string(plan.metadata.description)),
                m("tags", strings(plan.metadata.tags)), m("spec", strings(plan.metadata.specReferences)),
            ])),
            m("target", target(plan.target)),
            m("ran", .object([m("gnbs", .array(plan.ran.groups.map(gnb)))])),
        ]
        if !plan.subscribers.ranges.isEmpty { top.append(m("subscribers", .array(plan.subscribers.ranges.map(subscriber)))) }
        top.append(m("scenario", .object([
            m("setup", .array(plan.scenario.setup.map(step))), m("steps", .array(plan.scenario.steps.map(step))),
            m("teardown", .array(plan.scenario.teardown.map(step))),
        ])))
        top.append(m("load", load(plan.load)))
        top.append(m("thresholds", .array(plan.thresholds.map(threshold))))
        return .object(top)
    }

    static func m(_ key: String, _ value: JSONValue) -> JSONValue.Member { JSONValue.Member(key, value) }
    static func strings(_ s: [String]) -> JSONValue { .array(s.map { .string($0) }) }
    static func int<I: BinaryInteger>(_ i: I) -> JSONValue { .number("\(i)") }
    static func hex(_ b: [UInt8]) -> JSONValue { .string(Hex.encode(b).uppercased()) }
    static func duration(_ d: Duration) -> JSONValue { .string(DurationText.format(d)) }
    static func rate(_ r: Rate) -> JSONValue { .string("\(r.perSecond)/s") }
    static func percent(_ p: Percentage) -> JSONValue { .string("\(p.percent)%") }
    static func address(_ a: IPAddress) -> JSONValue { .string(a.description) }

    static func target(_ t: PlanTarget) -> JSONValue {
        var members: [JSONValue.Member] = []
        switch t.core {
        case .embedded: members.append(m("core", .string("embedded")))
        case .external(let amf, let upf):
            members.append(m("core", .string("external")))
            members.append(m("amf", .array(amf.map { .string($0.description) })))
            if let upf { members.append(m("upf", .string(upf.description))) }
        }
        members.append(m("sctp", .string(t.sctp.rawValue)))
        members.append(m("n2_bind", .array(t.n2Bind.map(address))))
        if let a = t.n3Bind { members.append(m("n3_bind", address(a))) }
        if let a = t.dnPeer { members.append(m("dn_peer", address(a))) }
        return .object(members)
    }

    static func plmn(_ p: PLMN) -> JSONValue { .object([m("mcc", .string(p.mcc)), m("mnc", .string(p.mnc))]) }

    static func slice(_ s: SNSSAI) -> JSONValue {
        var members = [m("sst", int(s.sst))]
        if let sd = s.sd { members.append(m("sd", int(sd))) }
        return .object(members)
    }

    static func gnb(_ g: GNBGroup) -> JSONValue {
        var members = [m("name", .string(g.name)), m("plmn", plmn(g.plmn)), m("tac", int(g.tac)), m("slices", .array(g.slices.map(slice))),
                       m("id", int(g.id)), m("id_length", int(g.idLength)), m("count", int(g.count))]
        if let a = g.n2Address { members.append(m("n2_address", address(a))) }
        if let a = g.n3Address { members.append(m("n3_address", address(a))) }
        return .object(members)
    }

    static func subscriber(_ s: SubscriberRange) -> JSONValue {
        var members = [m("supi_first", .string("imsi-" + s.firstIMSI)), m("count", int(s.count)), m("k", hex(s.k))]
        switch s.operatorKey {
        case .opc(let b): members.append(m("opc", hex(b)))
        case .op(let b): members.append(m("op", hex(b)))
        }
        members += [m("amf", hex(s.amf)), m("sqn", hex(s.sqn)), m("slices", .array(s.slices.map(slice))), m("dnns", strings(s.dnns))]
        var suci = [m("scheme", .string(s.suci.scheme.rawValue))]
        if let key = s.suci.homeNetworkPublicKey { suci += [m("home_network_public_key", hex(key)), m("key_id", int(s.suci.keyID))] }
        suci.append(m("routing_indicator", .string(s.suci.routingIndicator)))
        members.append(m("suci", .object(suci)))
        return .object(members)
    }

    static func step(_ s: Step) -> JSONValue {
        var params: [JSONValue.Member] = []
        switch s.action {
        case .sleep(let d): return .object([m("sleep", duration(d))])
        case .parallel(let steps): return .object([m("parallel", .array(steps.map(step)))])
        case .sequence(let steps): return .object([m("sequence", .array(steps.map(step)))])
        case .repeat(let r):
            switch r.bound {
            case .count(let n): params.append(m("count", int(n)))
            case .duration(let d): params.append(m("duration", duration(d)))
            }
            params.append(m("steps", .array(r.steps.map(step))))
            if let name = s.name { params.append(m("name", .string(name))) }
            return .object([m("repeat", .object(params))])
        case .expect:
            if let e = s.expect { params = expectationMembers(e, standalone: true) }
        default:
            params = actionMembers(s.action)
            if let e = s.expect { params.append(m("expect", .object(expectationMembers(e, standalone: false)))) }
        }
        if let name = s.name { params.append(m("name", .string(name))) }
        if let t = s.timeout { params.append(m("timeout", duration(t))) }
        params.append(m("continue_on_failure", .bool(s.continueOnFailure)))
        return .object([m(s.kind.rawValue, .object(params))])
    }

    static func actionMembers(_ action: StepAction) -> [JSONValue.Member] {
        switch action {
        case .ngSetup(let s): return s.gnbs.isEmpty ? [] : [m("gnbs", strings(s.gnbs))]
        case .register(let s):
            var p = [m("auth", .string(s.authentication.rawValue)), m("type", .string(s.type.rawValue)),
                     m("integrity", strings(s.integrity.map(\.rawValue))), m("ciphering", strings(s.ciphering.map(\.rawValue))),
                     m("follow_on_request", .bool(s.followOnRequest))]
            if let g = s.gnb { p.append(m("gnb", .string(g))) }
            if !s.requestedSlices.isEmpty { p.append(m("requested_slices", .array(s.requestedSlices.map(slice)))) }
            var usim: [JSONValue.Member] = []
            if let k = s.usimK { usim.append(m("k", hex(k))) }
            if let q = s.usimSQN { usim.append(m("sqn", hex(q))) }
            if !usim.isEmpty { p.append(m("usim", .object(usim))) }
            return p
        case .deregister(let s): return [m("initiator", .string(s.initiator.rawValue)), m("switch_off", .bool(s.switchOff))]
        case .pduSession(let s):
            var p = [m("action", .string(s.action.rawValue)), m("id", int(s.id))]
            if s.action == .establish {
                p.append(m("type", .string(s.type.rawValue)))
                if let d = s.dnn { p.append(m("dnn", .string(d))) }
                if let sl = s.slice { p.append(m("slice", slice(sl))) }
            }
            return p
        case .traffic(let t):
            var p = [m("protocol", .string(t.proto.rawValue)), m("session", int(t.session)), m("rate", rate(t.rate)),
                     m("size", int(t.size)), m("max_loss", percent(t.maxLoss))]
            if t.proto == .udp { p.append(m("port", int(t.port))) }
            if let d = t.destination { p.append(m("destination", address(d))) }
            switch t.amount {
            case .count(let n): p.append(m("count", int(n)))
            case .duration(let d): p.append(m("duration", duration(d)))
            }
            return p
        case .serviceRequest(let s): return [m("type", .string(s.type.rawValue)), m("sessions", .array(s.sessions.map(int)))]
        case .handover(let h):
            let target: String = switch h.target {
            case .next: "next"
            case .named(let n): n
            }
            return [m("type", .string(h.type.rawValue)), m("target_gnb", .string(target))]
        case .waitPaging(let w): return [m("trigger", .string(w.trigger.rawValue)), m("respond", .bool(w.respond))]
        case .sendNGAP(let s):
            var p: [JSONValue.Member]
            switch s.payload {
            case .hex(let b): p = [m("hex", hex(b))]
            case .jer(let j): p = [m("jer", j)]
            }
            if let g = s.gnb { p.append(m("gnb", .string(g))) }
            return p
        case .idle, .expect, .sleep, .parallel, .sequence, .repeat: return []
        }
    }

    static func expectationMembers(_ e: Expectation, standalone: Bool) -> [JSONValue.Member] {
        var p: [JSONValue.Member] = standalone ? [] : [m("outcome", .string(e.outcome.rawValue))]
        if let msg = e.message { p.append(m("message", .string(msg.description))) }
        if e.absent { p.append(m("absent", .bool(true))) }
        if let w = e.within { p.append(m("within", duration(w))) }
        if let v = e.verdict { p.append(m("verdict", .string(v.rawValue))) }
        if !e.matchers.isEmpty { p.append(m("match", .array(e.matchers.map(matcher)))) }
        return p
    }

    static func matcher(_ x: Matcher) -> JSONValue {
        let test: JSONValue.Member = switch x.test {
        case .equals(let v): m("equals", v)
        case .notEquals(let v): m("not_equals", v)
        case .matches(let p): m("matches", .string(p))
        case .oneOf(let vs): m("one_of", .array(vs))
        case .exists(let b): m("exists", .bool(b))
        }
        return .object([m("path", .string(x.path.text)), test])
    }

    static func target(_ t: LoadProfile.Stage.Target) -> JSONValue {
        switch t {
        case .ues(let n): int(n)
        case .rate(let r): rate(r)
        }
    }

    static func load(_ l: LoadProfile) -> JSONValue {
        var p = [m("model", .string(l.model.rawValue)), m("start", target(l.start))]
        p.append(m("stages", .array(l.stages.map { s in
            var members = [m("target", target(s.target))]
            switch s.end {
            case .duration(let d): members.append(m("duration", duration(d)))
            case .iterations(let n): members.append(m("iterations", int(n)))
            }
            if let name = s.name { members.append(m("name", .string(name))) }
            return .object(members)
        })))
        if l.model == .open { p.append(m("max_concurrent", int(l.maxConcurrent))) }
        p.append(m("graceful_stop", duration(l.gracefulStop)))
        if let k = l.knee {
            p.append(m("knee", .object([m("when", .array(k.when.map { .string($0.text) })), m("window", duration(k.window)), m("stop", .bool(k.stop))])))
        }
        return .object(p)
    }

    static func threshold(_ t: Threshold) -> JSONValue {
        var p = [m("threshold", .string(t.text)), m("abort_on_fail", .bool(t.abortOnFail))]
        if t.abortOnFail { p.append(m("delay_abort_eval", duration(t.delayAbortEvaluation))) }
        return .object(p)
    }
}
