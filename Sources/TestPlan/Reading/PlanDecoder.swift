/// Reads a whole plan document into a `TestPlan`: every section, then the rules that join sections
/// (gNB names in steps, UE counts in the load, targets for traffic).
struct PlanDecoder {
    var r = PlanReader()
    let file: String
    /// Reads a file named in the plan (subscriber files), relative to the plan's folder.
    let readFile: (String) -> Result<(path: String, text: String), TestPlanDiagnostics>

    static let topLevelKeys = ["version", "metadata", "target", "ran", "subscribers", "scenario", "load", "thresholds"]

    mutating func decode(_ root: PlanNode) -> TestPlan? {
        // `x-…` keys are free for anchors (`x-defaults: &defaults {…}`), as in Compose files.
        guard let top = r.mapping(root, "", known: Self.topLevelKeys, required: ["version", "metadata", "scenario"], extensions: true) else { return nil }
        var version = 1
        if let v = top["version"], let n = r.int(v, "version", in: 1...Int.max) {
            if n != 1 { r.error(v, "version", "version \(n) is not supported; this CoreGate reads version 1") }
            version = n
        }
        let metadata = top["metadata"].flatMap { self.metadata($0) } ?? PlanMetadata(name: "")
        let target = top["target"].map { self.target($0) } ?? PlanTarget(position: root.position)
        let ran = top["ran"].map { self.ran($0) } ?? RANConfiguration(groups: [GNBGroup(position: root.position)])
        let plmns = ran.groups.map(\.plmn)
        let subscribers = SubscriberPool(ranges: top["subscribers"].map { self.subscribers($0, plmns: plmns) } ?? [])
        let context = StepContext(gnbNames: Set(ran.gnbs.map(\.name)), gnbCount: ran.gnbs.count, ueCount: subscribers.count,
                                  target: target)
        let scenario = top["scenario"].map { self.scenario($0, context) } ?? Scenario(setup: [], steps: [], teardown: [])
        if r.diagnostics.isEmpty {
            var flow = ScenarioFlowCheck()
            flow.walk(scenario.steps, "scenario.steps")
            r.diagnostics += flow.diagnostics
        }
        if top["subscribers"] == nil, !scenario.steps.isEmpty {
            r.error(root, "subscribers", "required when scenario.steps has steps (they run for UEs)")
        }
        let load = top["load"].map { self.load($0, ues: subscribers.count) } ?? LoadProfile.once(ues: subscribers.count, position: root.position)
        let thresholds = top["thresholds"].map { self.thresholds($0, "thresholds") } ?? []
        guard r.diagnostics.isEmpty else { return nil }
        return TestPlan(file: file, version: version, metadata: metadata, target: target, ran: ran, subscribers: subscribers,
                        scenario: scenario, load: load, thresholds: thresholds)
    }

    mutating func metadata(_ node: PlanNode) -> PlanMetadata? {
        guard let f = r.mapping(node, "metadata", known: ["name", "description", "tags", "spec"], required: ["name"]) else { return nil }
        var m = PlanMetadata(name: f["name"].flatMap { r.string($0, f.path("name")) } ?? "")
        if let d = f["description"] { m.description = r.string(d, f.path("description"), nonEmpty: false) ?? "" }
        if let t = f["tags"] { m.tags = r.stringList(t, f.path("tags")) ?? [] }
        if let s = f["spec"] { m.specReferences = r.stringList(s, f.path("spec")) ?? [] }
        return m
    }

    mutating func target(_ node: PlanNode) -> PlanTarget {
        if case .string(let s) = node.value {
            if s != "embedded" { r.error(node, "target", "\"\(s)\" is not a target; write embedded, or a mapping with core: external and amf") }
            return PlanTarget(position: node.position)
        }
        var t = PlanTarget(position: node.position)
        let keys = ["core", "amf", "upf", "sctp", "n2_bind", "n3_bind", "dn_peer"]
        guard let f = r.mapping(node, "target", known: keys) else { return t }
        enum CoreKind: String, CaseIterable { case embedded, external }
        let kind = f["core"].flatMap { r.choice($0, f.path("core"), CoreKind.self) } ?? .embedded
        if let s = f["sctp"], let b = r.choice(s, f.path("sctp"), PlanTarget.SCTPBackend.self) { t.sctp = b }
        if let b = f["n2_bind"] { t.n2Bind = addressList(b, f.path("n2_bind")) }
        if let b = f["n3_bind"] { t.n3Bind = r.ipAddress(b, f.path("n3_bind")) }
        if let d = f["dn_peer"] { t.dnPeer = r.ipAddress(d, f.path("dn_peer")) }
        switch kind {
        case .embedded:
            for key in ["amf", "upf"] {
                if let n = f[key] { r.error(n, f.path(key), "only for core: external (the embedded core has its own addresses)") }
            }
        case .external:
            let upf = f["upf"].flatMap { endpoint($0, f.path("upf"), defaultPort: 2152) }
            guard let amfNode = f["amf"] else {
                r.error(node, "target", "core: external needs amf (the AMF's N2 address)")
                break
            }
            let amfs = (amfNode.items ?? [amfNode]).enumerated().compactMap { i, n in
                endpoint(n, amfNode.items == nil ? f.path("amf") : "\(f.path("amf"))[\(i)]", defaultPort: 38412)
            }
            if amfNode.items?.isEmpty == true { r.error(amfNode, f.path("amf"), "must not be empty") }
            t.core = .external(amf: amfs, upf: upf)
        }
        return t
    }

    mutating func endpoint(_ node: PlanNode, _ path: String, defaultPort: UInt16) -> Endpoint? {
        guard let s = r.string(node, path) else { return nil }
        switch Endpoint.parse(s, defaultPort: defaultPort) {
        case .success(let e): return e
        case .failure(let f):
            r.error(node.position(ofCharacter: f.offset), "\(path): \"\(s)\" is not an address: \(f.reason)")
            return nil
        }
    }

    mutating func addressList(_ node: PlanNode, _ path: String) -> [IPAddress] {
        guard let items = node.items else { return r.ipAddress(node, path).map { [$0] } ?? [] }
        return items.enumerated().compactMap { r.ipAddress($1, "\(path)[\($0)]") }
    }

    mutating func ran(_ node: PlanNode) -> RANConfiguration {
        guard let f = r.mapping(node, "ran", known: ["gnbs"], required: ["gnbs"]),
              let list = f["gnbs"].flatMap({ r.list($0, f.path("gnbs"), nonEmpty: true) }) else {
            return RANConfiguration(groups: [GNBGroup(position: node.position)])
        }
        var groups: [GNBGroup] = []
        for (i, item) in list.enumerated() {
            if let g = gnbGroup(item, "ran.gnbs[\(i)]") { groups.append(g) }
        }
        let ran = RANConfiguration(groups: groups)
        var names: [String: SourcePosition] = [:]
        var ids: [String: SourcePosition] = [:]
        for gnb in ran.gnbs {
            if let first = names[gnb.name] {
                r.error(gnb.position, "ran.gnbs: gNB name \"\(gnb.name)\" is also used at \(first.lineColumn)")
            } else {
                names[gnb.name] = gnb.position
            }
            let idKey = "\(gnb.plmn)/\(gnb.id)"
            if let first = ids[idKey], first != gnb.position {
                r.error(gnb.position, "ran.gnbs: gNB id \(gnb.id) in PLMN \(gnb.plmn) is also used at \(first.lineColumn)")
            }
            ids[idKey] = ids[idKey] ?? gnb.position
        }
        return ran
    }

    mutating func gnbGroup(_ node: PlanNode, _ path: String) -> GNBGroup? {
        let keys = ["name", "plmn", "tac", "slices", "id", "id_length", "count", "n2_address", "n3_address"]
        guard let f = r.mapping(node, path, known: keys) else { return nil }
        var g = GNBGroup(position: node.position)
        if let n = f["name"], let s = r.string(n, f.path("name")) { g.name = s }
        if let p = f["plmn"], let plmn = self.plmn(p, f.path("plmn")) { g.plmn = plmn }
        if let t = f["tac"], let tac = r.int(t, f.path("tac"), in: 0...0xFF_FFFF) { g.tac = UInt32(tac) }
        if let s = f["slices"] { g.slices = slices(s, f.path("slices")) }
        if let l = f["id_length"], let len = r.int(l, f.path("id_length"), in: 22...32) { g.idLength = len }
        if let c = f["count"], let n = r.int(c, f.path("count"), in: 1...100_000) { g.count = n }
        if let i = f["id"], let id = r.int(i, f.path("id"), in: 0...Int(UInt32.max)) {
            g.id = UInt32(id)
            let last = id + g.count - 1
            if last >= 1 << g.idLength {
                let what = g.count == 1 ? "\(id)" : "the last derived id \(last)"
                r.error(i, f.path("id"), "\(what) does not fit in id_length \(g.idLength) bits (at most \((1 << g.idLength) - 1))")
            }
        }
        for key in ["n2_address", "n3_address"] {
            guard let a = f[key], let address = r.ipAddress(a, f.path(key)) else { continue }
            if address.advanced(by: g.count - 1) == nil {
                r.error(a, f.path(key), "\(g.count) consecutive addresses from \(address) run past the end of the address space")
            }
            if key == "n2_address" { g.n2Address = address } else { g.n3Address = address }
        }
        return g
    }

    mutating func plmn(_ node: PlanNode, _ path: String) -> PLMN? {
        guard let f = r.mapping(node, path, known: ["mcc", "mnc"], required: ["mcc", "mnc"]) else { return nil }
        let mcc = f["mcc"].flatMap { digits($0, f.path("mcc"), counts: [3], what: "an MCC") }
        let mnc = f["mnc"].flatMap { digits($0, f.path("mnc"), counts: [2, 3], what: "an MNC") }
        guard let mcc, let mnc else { return nil }
        return PLMN(mcc: mcc, mnc: mnc)
    }

    /// A string of decimal digits with one of `counts` lengths; an unquoted number gets a hint to quote it.
    mutating func digits(_ node: PlanNode, _ path: String, counts: [Int], what: String) -> String? {
        let lengths = counts.map(String.init).joined(separator: " or ")
        guard case .string(let s) = node.value else {
            var message = "expected \(what) as a string of \(lengths) digits, got \(node.kindDescription)"
            if case .int = node.value { message += "; quote it (\"\(node.text ?? "")\") so that leading zeros stay" }
            r.error(node, path, message)
            return nil
        }
        guard s.allSatisfy({ $0.isASCII && $0.isNumber }), counts.contains(s.count) else {
            r.error(node, path, "\"\(s)\" is not \(what) (\(lengths) digits)")
            return nil
        }
        return s
    }

    mutating func slices(_ node: PlanNode, _ path: String) -> [SNSSAI] {
        guard let items = r.list(node, path, nonEmpty: true) else { return [] }
        return items.enumerated().compactMap { slice($1, "\(path)[\($0)]") }
    }

    mutating func slice(_ node: PlanNode, _ path: String) -> SNSSAI? {
        guard let f = r.mapping(node, path, known: ["sst", "sd"], required: ["sst"]) else { return nil }
        guard let sst = f["sst"].flatMap({ r.int($0, f.path("sst"), in: 0...255) }) else { return nil }
        var s = SNSSAI(sst: UInt8(sst))
        if let sdNode = f["sd"] {
            switch sdNode.value {
            case .int(let v):
                guard (0...0xFF_FFFF).contains(v) else {
                    r.error(sdNode, f.path("sd"), "\(v) is out of range 0...16777215 (24 bits)")
                    return nil
                }
                s.sd = UInt32(v)
            case .string(let text):
                guard text.count == 6, let v = UInt32(text, radix: 16) else {
                    r.error(sdNode, f.path("sd"), "\"\(text)\" is not an SD (6 hex digits)")
                    return nil
                }
                s.sd = v
            default:
                r.error(sdNode, f.path("sd"), "expected an SD as 6 hex digits or an integer, got \(sdNode.kindDescription)")
                return nil
            }
        }
        return s
    }
}
