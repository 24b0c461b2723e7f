extension PlanDecoder {
    static let subscriberKeys = ["supi_first", "count", "k", "opc", "op", "amf", "sqn", "slices", "dnns", "suci"]

    /// `subscribers`: a list of ranges and `{file: PATH}` entries; ranges must not overlap.
    mutating func subscribers(_ node: PlanNode, plmns: [PLMN]) -> [SubscriberRange] {
        guard let items = r.list(node, "subscribers", nonEmpty: true) else { return [] }
        var ranges: [SubscriberRange] = []
        for (i, item) in items.enumerated() {
            let path = "subscribers[\(i)]"
            if item["file"] != nil {
                ranges += subscriberFile(item, path, plmns: plmns)
            } else if let range = subscriberRange(item, path, plmns: plmns) {
                ranges.append(range)
            }
        }
        checkOverlaps(ranges)
        return ranges
    }

    mutating func subscriberFile(_ node: PlanNode, _ path: String, plmns: [PLMN]) -> [SubscriberRange] {
        guard let f = r.mapping(node, path, known: ["file"]), let name = f["file"].flatMap({ r.string($0, f.path("file")) }) else { return [] }
        let loaded: (path: String, text: String)
        switch readFile(name) {
        case .success(let l): loaded = l
        case .failure(let d):
            r.error(f["file"]?.position ?? node.position, "\(f.path("file")): \(d.diagnostics.first?.message ?? "cannot read \(name)")")
            return []
        }
        let root: PlanNode
        switch YAMLDocumentReader.read(loaded.text, file: loaded.path) {
        case .success(let n): root = n
        case .failure(let d):
            r.diagnostics += d.diagnostics
            return []
        }
        // A list of entries, or a mapping whose `subscribers` key holds one (the embedded core's configuration
        // file); other keys of such a mapping belong to that file's reader and are not checked here.
        var list = root
        if root.entries != nil {
            guard let inner = root["subscribers"] else {
                r.error(root, "subscribers", "\(loaded.path) has no subscribers list")
                return []
            }
            list = inner
        }
        guard let items = r.list(list, "subscribers", nonEmpty: true) else { return [] }
        return items.enumerated().compactMap { subscriberRange($1, "subscribers[\($0)]", plmns: plmns) }
    }

    mutating func subscriberRange(_ node: PlanNode, _ path: String, plmns: [PLMN]) -> SubscriberRange? {
        guard let f = r.mapping(node, path, known: Self.subscriberKeys, required: ["supi_first", "k"]) else { return nil }
        let supi = f["supi_first"].flatMap { imsi($0, f.path("supi_first")) }
        let count = f["count"].map { r.int($0, f.path("count"), in: 1...100_000_000) } ?? 1
        let k = f["k"].flatMap { r.hex($0, f.path("k"), bytes: 16, what: "K") }
        var operatorKey: OperatorKey?
        switch (f["opc"], f["op"]) {
        case (let opc?, nil): operatorKey = r.hex(opc, f.path("opc"), bytes: 16, what: "OPc").map { .opc($0) }
        case (nil, let op?): operatorKey = r.hex(op, f.path("op"), bytes: 16, what: "OP").map { .op($0) }
        case (nil, nil): r.error(node, path, "give opc or op (the operator variant key)")
        case (_?, let op?): r.error(op, f.path("op"), "give opc or op, not both")
        }
        let amf = f["amf"].map { r.hex($0, f.path("amf"), bytes: 2, what: "the AMF field") } ?? [0x80, 0x00]
        let sqn = f["sqn"].map { r.hex($0, f.path("sqn"), bytes: 6, what: "SQN") } ?? [0, 0, 0, 0, 0, 0]
        let slices = f["slices"].map { self.slices($0, f.path("slices")) } ?? [SNSSAI(sst: 1)]
        var dnns = ["internet"]
        if let d = f["dnns"], let list = r.stringList(d, f.path("dnns")) {
            if list.isEmpty { r.error(d, f.path("dnns"), "must not be empty") }
            dnns = list
        }
        let suci = f["suci"].map { self.suci($0, f.path("suci")) } ?? .null
        let home = supi.map { PLMN.home(ofIMSI: $0, servedBy: plmns) }
        if let supi, let home, let count, let c = f["count"], !IMSIArithmetic.keepsPrefix(supi, adding: count - 1, prefix: home.mcc.count + home.mnc.count) {
            let msin = supi.count - home.mcc.count - home.mnc.count
            let room = IMSIArithmetic.room(after: String(supi.suffix(msin)))
            r.error(c, f.path("count"), "\(count) subscribers from imsi-\(supi) overflow its \(msin)-digit MSIN (PLMN \(home)): at most \(room + 1) fit")
            return nil
        }
        guard let supi, let home, let count, let k, let operatorKey, let amf, let sqn else { return nil }
        return SubscriberRange(firstIMSI: supi, homePLMN: home, count: count, k: k, operatorKey: operatorKey, amf: amf, sqn: sqn,
                               slices: slices, dnns: dnns, suci: suci ?? .null, position: node.position)
    }

    /// `imsi-` and 6 to 15 digits.
    mutating func imsi(_ node: PlanNode, _ path: String) -> String? {
        guard let s = r.string(node, path) else { return nil }
        guard s.hasPrefix("imsi-") else {
            r.error(node, path, "\"\(s)\" is not an IMSI-based SUPI (imsi- followed by 6 to 15 digits)")
            return nil
        }
        let digits = s.dropFirst(5)
        guard (6...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            r.error(node, path, "\"\(s)\" is not an IMSI-based SUPI (imsi- followed by 6 to 15 digits)")
            return nil
        }
        return String(digits)
    }

    mutating func suci(_ node: PlanNode, _ path: String) -> SUCIProtection? {
        let keys = ["scheme", "home_network_public_key", "key_id", "routing_indicator"]
        guard let f = r.mapping(node, path, known: keys, required: ["scheme"]) else { return nil }
        guard let scheme = f["scheme"].flatMap({ r.choice($0, f.path("scheme"), SUCIProtection.Scheme.self) }) else { return nil }
        var p = SUCIProtection(scheme: scheme)
        if let ri = f["routing_indicator"], let digits = digits(ri, f.path("routing_indicator"), counts: [1, 2, 3, 4], what: "a routing indicator") {
            p.routingIndicator = digits
        }
        let keyLength: Int? = switch scheme {
        case .nullScheme: nil
        case .profileA: 32
        case .profileB: 33
        }
        guard let keyLength else {
            for key in ["home_network_public_key", "key_id"] {
                if let n = f[key] { r.error(n, f.path(key), "not used with the null scheme") }
            }
            return p
        }
        guard let keyNode = f["home_network_public_key"], let idNode = f["key_id"] else {
            r.error(node, path, "\(scheme.rawValue) needs home_network_public_key and key_id")
            return nil
        }
        let what = scheme == .profileA ? "an X25519 public key" : "a compressed secp256r1 public key"
        p.homeNetworkPublicKey = r.hex(keyNode, f.path("home_network_public_key"), bytes: keyLength, what: what)
        if let key = p.homeNetworkPublicKey, scheme == .profileB, key.first != 0x02 && key.first != 0x03 {
            r.error(keyNode, f.path("home_network_public_key"), "a compressed secp256r1 key starts with 02 or 03")
        }
        if let id = r.int(idNode, f.path("key_id"), in: 0...255) { p.keyID = UInt8(id) }
        return p
    }

    mutating func checkOverlaps(_ ranges: [SubscriberRange]) {
        let sorted = ranges.filter { $0.lastIMSI != nil }.sorted { ($0.firstIMSI.count, $0.firstIMSI) < ($1.firstIMSI.count, $1.firstIMSI) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.firstIMSI.count == b.firstIMSI.count {
            if let last = a.lastIMSI, last >= b.firstIMSI {
                let (early, late) = a.position < b.position ? (a, b) : (b, a)
                r.error(late.position, "subscribers: imsi-\(b.firstIMSI)… overlaps the range imsi-\(a.firstIMSI)…imsi-\(last) at \(early.position.file == late.position.file ? early.position.lineColumn : early.position.description)")
            }
        }
    }
}
