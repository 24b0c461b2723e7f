import Bytes
import Foundation

/// What the step reader needs to know of the rest of the plan.
struct StepContext {
    enum Phase: String { case setup, steps, teardown }
    var gnbNames: Set<String>
    var gnbCount: Int
    var ueCount: Int
    var target: PlanTarget
    var phase: Phase = .steps
}

extension PlanDecoder {
    static let commonStepKeys = ["name", "timeout", "expect", "continue_on_failure"]

    mutating func scenario(_ node: PlanNode, _ context: StepContext) -> Scenario {
        let defaultSetup = Step(action: .ngSetup(NGSetupStep()), expect: Expectation(position: node.position), timeout: .seconds(5),
                                position: node.position)
        var scenario = Scenario(setup: [defaultSetup],
                                steps: [], teardown: [])
        guard let f = r.mapping(node, "scenario", known: ["setup", "steps", "teardown"], required: ["steps"]) else { return scenario }
        var c = context
        if let s = f["setup"] { c.phase = .setup; scenario.setup = steps(s, f.path("setup"), c) }
        if let s = f["steps"] { c.phase = .steps; scenario.steps = steps(s, f.path("steps"), c) }
        if let s = f["teardown"] { c.phase = .teardown; scenario.teardown = steps(s, f.path("teardown"), c) }
        return scenario
    }

    mutating func steps(_ node: PlanNode, _ path: String, _ context: StepContext) -> [Step] {
        guard let items = r.list(node, path) else { return [] }
        return items.enumerated().compactMap { step($1, "\(path)[\($0)]", context) }
    }

    mutating func step(_ node: PlanNode, _ path: String, _ context: StepContext) -> Step? {
        let kindNames = StepKind.allCases.map(\.rawValue)
        let kindText: String
        let kindPosition: SourcePosition
        var params: PlanNode?
        switch node.value {
        case .string(let s):
            kindText = s
            kindPosition = node.position
        case .mapping(let entries):
            guard let first = entries.first else {
                r.error(node, path, "a step needs a kind: one of \(kindNames.joined(separator: ", "))")
                return nil
            }
            kindText = first.key
            kindPosition = first.keyPosition
            params = first.value
            for extra in entries.dropFirst() {
                let hint = Self.commonStepKeys.contains(extra.key) || StepKind(rawValue: first.key) != nil
                    ? "; indent the step's parameters under \"\(first.key):\"" : ""
                r.error(extra.keyPosition, "\(path): a step has one kind key; \"\(extra.key)\" is a second key beside \"\(first.key)\"\(hint)")
            }
        default:
            r.error(node, path, "expected a step (a kind such as register, or a mapping from a kind to its parameters), got \(node.kindDescription)")
            return nil
        }
        guard let kind = StepKind(rawValue: kindText) else {
            r.error(kindPosition, "\(path): unknown step kind \"\(kindText)\"\(Suggestion.hint(kindText, kindNames, listing: false))")
            return nil
        }
        let stepPath = "\(path).\(kind.rawValue)"
        if !allowed(kind, in: context.phase) {
            let where_ = kind == .ngSetup ? "scenario.setup or scenario.teardown (it acts for gNBs)" : "scenario.steps (it acts for a UE)"
            r.error(kindPosition, "\(path): \(kind.rawValue) belongs in \(where_)")
        }
        if params?.value == .null { params = nil }
        switch kind {
        case .sleep:
            guard let p = params else { r.error(kindPosition, "\(stepPath): needs a duration (sleep: 2s)"); return nil }
            return r.duration(p, stepPath).map { Step(action: .sleep($0), position: kindPosition) }
        case .parallel, .sequence:
            guard let p = params, let items = r.list(p, stepPath, nonEmpty: true) else {
                if params == nil { r.error(kindPosition, "\(stepPath): needs a list of steps") }
                return nil
            }
            let children = items.enumerated().compactMap { step($1, "\(stepPath)[\($0)]", context) }
            return Step(action: kind == .parallel ? .parallel(children) : .sequence(children), position: kindPosition)
        default:
            break
        }
        if params == nil, [.sendNGAP, .expect, .repeat].contains(kind) {
            r.error(kindPosition, "\(stepPath): needs parameters")
            return nil
        }
        let empty = PlanNode(.mapping([]), at: kindPosition)
        return parameterisedStep(kind, params ?? empty, stepPath, kindPosition, context)
    }

    func allowed(_ kind: StepKind, in phase: StepContext.Phase) -> Bool {
        switch phase {
        case .steps: kind != .ngSetup
        case .setup, .teardown: !kind.isUEStep
        }
    }

    static func parameterKeys(_ kind: StepKind) -> [String] {
        switch kind {
        case .ngSetup: ["gnbs"]
        case .register: ["auth", "type", "gnb", "integrity", "ciphering", "follow_on_request", "requested_slices", "usim"]
        case .deregister: ["initiator", "switch_off"]
        case .pduSession: ["action", "id", "dnn", "type", "slice"]
        case .traffic: ["protocol", "session", "destination", "port", "rate", "size", "count", "duration", "max_loss"]
        case .idle: []
        case .serviceRequest: ["type", "sessions"]
        case .handover: ["type", "target_gnb"]
        case .waitPaging: ["trigger", "respond"]
        case .sendNGAP: ["hex", "jer", "gnb"]
        case .expect: ["message", "absent", "match", "within", "verdict"]
        case .repeat: ["count", "duration", "steps"]
        case .sleep, .parallel, .sequence: []
        }
    }

    /// Default deadline per kind.
    static func defaultTimeout(_ kind: StepKind) -> Duration? {
        switch kind {
        case .ngSetup, .deregister, .idle, .serviceRequest, .expect: .seconds(5)
        case .register, .pduSession, .handover: .seconds(10)
        case .waitPaging: .seconds(30)
        case .sendNGAP: .seconds(1)
        case .traffic, .sleep, .parallel, .sequence, .repeat: nil
        }
    }

    mutating func parameterisedStep(_ kind: StepKind, _ params: PlanNode, _ path: String, _ position: SourcePosition,
                                    _ context: StepContext) -> Step? {
        var step = Step(action: .idle, timeout: Self.defaultTimeout(kind), position: position)
        let common = kind == .repeat ? ["name"] : (kind == .expect ? ["name", "timeout", "continue_on_failure"] : Self.commonStepKeys)
        if kind == .expect {
            // The expectation's reader checks the keys, the common ones included.
            let e = expectation(params, path, standalone: true, extraKeys: common)
            guard params.entries != nil else { return nil }
            readCommon(into: &step, Fields(node: params, path: path))
            guard let e else { return nil }
            step.expect = e
            if let within = e.within { step.timeout = within }
            step.action = .expect
            return step
        }
        guard let f = r.mapping(params, path, known: Self.parameterKeys(kind) + common) else { return nil }
        readCommon(into: &step, f)
        if let e = f["expect"] {
            step.expect = expectation(e, f.path("expect"), standalone: false, extraKeys: [])
        } else if kind != .repeat {
            step.expect = Expectation(position: position)
        }
        guard let action = action(kind, f, path, context) else { return nil }
        step.action = action
        if case .traffic(let t) = action, f["timeout"] == nil {
            let seconds: Double = switch t.amount {
            case .count(let n): t.rate.perSecond > 0 ? Double(n) / t.rate.perSecond : 0
            case .duration(let d): Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
            step.timeout = .milliseconds(Int64((min(seconds, 1e9) + 5) * 1000))
        }
        return step
    }

    mutating func readCommon(into step: inout Step, _ f: Fields) {
        if let n = f["name"] { step.name = r.string(n, f.path("name")) }
        if let t = f["timeout"], let d = r.duration(t, f.path("timeout"), positive: true) { step.timeout = d }
        if let c = f["continue_on_failure"], let b = r.bool(c, f.path("continue_on_failure")) { step.continueOnFailure = b }
    }

    mutating func action(_ kind: StepKind, _ f: Fields, _ path: String, _ context: StepContext) -> StepAction? {
        switch kind {
        case .ngSetup:
            var s = NGSetupStep()
            if let g = f["gnbs"], let names = r.stringList(g, f.path("gnbs")) {
                for (i, name) in names.enumerated() where !context.gnbNames.contains(name) {
                    r.error(g.items?[i] ?? g, "\(f.path("gnbs"))[\(i)]", unknownGNB(name, context))
                }
                s.gnbs = names
            }
            return .ngSetup(s)
        case .register:
            return register(f, context).map { .register($0) }
        case .deregister:
            var s = DeregisterStep()
            if let n = f["initiator"], let v = r.choice(n, f.path("initiator"), DeregisterStep.Initiator.self) { s.initiator = v }
            if let n = f["switch_off"], let v = r.bool(n, f.path("switch_off")) { s.switchOff = v }
            if s.switchOff && s.initiator == .network, let n = f["switch_off"] {
                r.error(n, f.path("switch_off"), "switch-off is a UE-initiated deregistration (initiator: ue)")
            }
            return .deregister(s)
        case .pduSession:
            var s = PDUSessionStep()
            if let n = f["action"], let v = r.choice(n, f.path("action"), PDUSessionStep.Action.self) { s.action = v }
            if let n = f["id"], let v = r.int(n, f.path("id"), in: 1...15) { s.id = v }
            if let n = f["dnn"] { s.dnn = r.string(n, f.path("dnn")) }
            if let n = f["type"], let v = r.choice(n, f.path("type"), PDUSessionStep.SessionType.self) { s.type = v }
            if let n = f["slice"] { s.slice = slice(n, f.path("slice")) }
            if s.action != .establish {
                for key in ["dnn", "type", "slice"] {
                    if let n = f[key] { r.error(n, f.path(key), "only with action: establish") }
                }
            }
            return .pduSession(s)
        case .traffic:
            return traffic(f, context).map { .traffic($0) }
        case .idle:
            return .idle
        case .serviceRequest:
            var s = ServiceRequestStep()
            if let n = f["type"], let v = r.choice(n, f.path("type"), ServiceRequestStep.ServiceType.self) { s.type = v }
            if let n = f["sessions"], let items = r.list(n, f.path("sessions")) {
                s.sessions = items.enumerated().compactMap { r.int($1, "\(f.path("sessions"))[\($0)]", in: 1...15) }
            }
            return .serviceRequest(s)
        case .handover:
            var s = HandoverStep()
            if let n = f["type"], let v = r.choice(n, f.path("type"), HandoverStep.HandoverType.self) { s.type = v }
            if let n = f["target_gnb"], let name = r.string(n, f.path("target_gnb")) {
                if name == "next" {
                    s.target = .next
                } else if context.gnbNames.contains(name) {
                    s.target = .named(name)
                } else {
                    r.error(n, f.path("target_gnb"), unknownGNB(name, context) + " (or next)")
                }
            }
            if s.target == .next, context.gnbCount < 2 {
                r.error(f["target_gnb"] ?? f.node, f.path("target_gnb"), "a handover needs at least two gNBs; ran has \(context.gnbCount)")
            }
            return .handover(s)
        case .waitPaging:
            var s = WaitPagingStep()
            if let n = f["trigger"], let v = r.choice(n, f.path("trigger"), WaitPagingStep.Trigger.self) { s.trigger = v }
            if let n = f["respond"], let v = r.bool(n, f.path("respond")) { s.respond = v }
            return .waitPaging(s)
        case .sendNGAP:
            return sendNGAP(f, context).map { .sendNGAP($0) }
        case .repeat:
            let bound: RepeatStep.Bound?
            switch (f["count"], f["duration"]) {
            case (let c?, nil): bound = r.int(c, f.path("count"), in: 1...1_000_000).map { .count($0) }
            case (nil, let d?): bound = r.duration(d, f.path("duration"), positive: true).map { .duration($0) }
            case (nil, nil): r.error(f.node, path, "give count or duration"); bound = nil
            case (_?, let d?): r.error(d, f.path("duration"), "give count or duration, not both"); bound = nil
            }
            guard let stepsNode = f["steps"] else { r.error(f.node, path, "missing required key \"steps\""); return nil }
            guard let items = r.list(stepsNode, f.path("steps"), nonEmpty: true) else { return nil }
            let children = items.enumerated().compactMap { step($1, "\(f.path("steps"))[\($0)]", context) }
            return bound.map { .repeat(RepeatStep(bound: $0, steps: children)) }
        case .expect, .sleep, .parallel, .sequence:
            return nil
        }
    }

    func unknownGNB(_ name: String, _ context: StepContext) -> String {
        "no gNB is named \"\(name)\"\(Suggestion.nearest(name, Array(context.gnbNames)).map { "; did you mean \"\($0)\"?" } ?? "")"
    }

    mutating func register(_ f: Fields, _ context: StepContext) -> RegisterStep? {
        var s = RegisterStep()
        if let n = f["auth"], let v = r.choice(n, f.path("auth"), RegisterStep.Authentication.self) { s.authentication = v }
        if let n = f["type"], let v = r.choice(n, f.path("type"), RegisterStep.RegistrationType.self) { s.type = v }
        if let n = f["gnb"], let name = r.string(n, f.path("gnb")) {
            if !context.gnbNames.contains(name) { r.error(n, f.path("gnb"), unknownGNB(name, context)) }
            s.gnb = name
        }
        if let n = f["integrity"], let items = r.list(n, f.path("integrity"), nonEmpty: true) {
            s.integrity = items.enumerated().compactMap { r.choice($1, "\(f.path("integrity"))[\($0)]", IntegrityAlgorithm.self) }
        }
        if let n = f["ciphering"], let items = r.list(n, f.path("ciphering"), nonEmpty: true) {
            s.ciphering = items.enumerated().compactMap { r.choice($1, "\(f.path("ciphering"))[\($0)]", CipheringAlgorithm.self) }
        }
        if let n = f["follow_on_request"], let v = r.bool(n, f.path("follow_on_request")) { s.followOnRequest = v }
        if let n = f["requested_slices"] { s.requestedSlices = slices(n, f.path("requested_slices")) }
        if let n = f["usim"], let u = r.mapping(n, f.path("usim"), known: ["k", "sqn"]) {
            if let k = u["k"] { s.usimK = r.hex(k, u.path("k"), bytes: 16, what: "K") }
            if let q = u["sqn"] { s.usimSQN = r.hex(q, u.path("sqn"), bytes: 6, what: "SQN") }
        }
        return s
    }

    mutating func traffic(_ f: Fields, _ context: StepContext) -> TrafficStep? {
        var s = TrafficStep()
        if let n = f["protocol"], let v = r.choice(n, f.path("protocol"), TrafficStep.TrafficProtocol.self) { s.proto = v }
        if let n = f["session"], let v = r.int(n, f.path("session"), in: 1...15) { s.session = v }
        if let n = f["destination"] { s.destination = r.ipAddress(n, f.path("destination")) }
        if let n = f["port"], let v = r.int(n, f.path("port"), in: 1...65535) {
            s.port = UInt16(v)
            if s.proto == .icmp { r.error(n, f.path("port"), "only with protocol: udp") }
        }
        if let n = f["rate"], let v = r.rate(n, f.path("rate")) {
            if v.perSecond <= 0 { r.error(n, f.path("rate"), "must be more than 0/s") } else { s.rate = v }
        }
        if let n = f["size"], let v = r.int(n, f.path("size"), in: 8...65_000) { s.size = v }
        if let n = f["max_loss"], let v = r.percent(n, f.path("max_loss")) { s.maxLoss = v }
        switch (f["count"], f["duration"]) {
        case (let c?, nil): if let v = r.int(c, f.path("count"), in: 1...100_000_000) { s.amount = .count(v) }
        case (nil, let d?): if let v = r.duration(d, f.path("duration"), positive: true) { s.amount = .duration(v) }
        case (_?, let d?): r.error(d, f.path("duration"), "give count or duration, not both")
        case (nil, nil): break
        }
        if s.destination == nil, f["destination"] == nil, context.target.dnPeer == nil, !context.target.isEmbedded {
            r.error(f.node, f.path, "an external core has no built-in echo responder: give destination here or target.dn_peer")
        }
        return s
    }

    mutating func sendNGAP(_ f: Fields, _ context: StepContext) -> SendNGAPStep? {
        var gnb: String?
        if let n = f["gnb"], let name = r.string(n, f.path("gnb")) {
            if !context.gnbNames.contains(name) { r.error(n, f.path("gnb"), unknownGNB(name, context)) }
            gnb = name
        }
        switch (f["hex"], f["jer"]) {
        case (let h?, nil):
            return r.hex(h, f.path("hex"), bytes: nil, what: "the NGAP message").map { SendNGAPStep(payload: .hex($0), gnb: gnb) }
        case (nil, let j?):
            let json = j.jsonValue
            checkVariables(j, f.path("jer"), context)
            let sample = PlanVariables.substitute(in: json, values: PlanVariables.samples)
            if let problem = NGAPPayloadCheck.problem(sample) { r.error(j, f.path("jer"), "not an NGAP-PDU in JER: \(problem)") }
            return SendNGAPStep(payload: .jer(json), gnb: gnb)
        case (nil, nil):
            r.error(f.node, f.path, "give hex (APER bytes) or jer (the NGAP-PDU in JER)")
        case (_?, let j?):
            r.error(j, f.path("jer"), "give hex or jer, not both")
        }
        return nil
    }

    mutating func checkVariables(_ node: PlanNode, _ path: String, _ context: StepContext) {
        switch node.value {
        case .string(let s):
            for ref in PlanVariables.references(in: s) {
                let at = node.position(ofCharacter: ref.offset)
                if PlanVariables.all[ref.name] == nil {
                    let hint = Suggestion.nearest(ref.name, PlanVariables.all.keys.sorted()).map { "; did you mean ${\($0)}?" } ?? ""
                    r.error(at, "\(path): unknown variable ${\(ref.name)}\(hint)")
                } else if ref.name.hasPrefix("ue."), context.phase != .steps {
                    r.error(at, "\(path): ${\(ref.name)} exists only in scenario.steps (there is no UE in \(context.phase.rawValue))")
                }
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() { checkVariables(item, "\(path)[\(i)]", context) }
        case .mapping(let entries):
            for e in entries { checkVariables(e.value, "\(path).\(e.key)", context) }
        default:
            break
        }
    }
}
