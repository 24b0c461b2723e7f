import CoreEmulator
import FiveGSecurity

/// Reads the embedded core's configuration (`coregate core --config FILE`, docs/core.md, docs/core.schema.json).
/// Every rule broken is reported with file:line:column; defaults fill what the file leaves out.
///
/// It lives in TestPlan because test plans name the embedded core too and this module already reads YAML with
/// positions (Yams marks); `CoreEmulator` stays free of Foundation and Yams.
public enum CoreConfigLoader {
    /// Reads the file at `path`.
    public static func load(contentsOf path: String) throws(TestPlanError) -> CoreConfiguration {
        switch TestPlanLoader.readText(path) {
        case .success(let text): return try load(text: text, file: path)
        case .failure(let reason):
            throw TestPlanError(.unreadable, "\(path): \(reason.message)",
                                diagnostics: [PlanDiagnostic(SourcePosition(file: path, line: 1, column: 1), reason.message)])
        }
    }

    /// Reads configuration text; `file` names it in diagnostics.
    public static func load(text: String, file: String) throws(TestPlanError) -> CoreConfiguration {
        let root: PlanNode
        switch YAMLDocumentReader.read(text, file: file) {
        case .success(let node): root = node
        case .failure(let d): throw invalid(file, d.diagnostics)
        }
        var r = ConfigReader()
        let config = decode(root, &r)
        guard let config, r.diagnostics.isEmpty else { throw invalid(file, r.diagnostics) }
        do {
            _ = try CoreEmulator(configuration: config)
        } catch {
            throw invalid(file, [PlanDiagnostic(SourcePosition(file: file, line: 1, column: 1), error.message)])
        }
        return config
    }

    static func invalid(_ file: String, _ diagnostics: [PlanDiagnostic]) -> TestPlanError {
        let sorted = diagnostics.sorted { $0.position < $1.position }
        return TestPlanError(.invalidPlan, sorted.map(\.description).joined(separator: "\n"), diagnostics: sorted)
    }

    static let topKeys = ["plmn", "amf", "upf", "dnns", "subscribers", "security", "timers", "sessions", "faults", "seed"]

    static func decode(_ root: PlanNode, _ r: inout ConfigReader) -> CoreConfiguration? {
        guard let top = r.mapping(root, "the core configuration", allowed: topKeys) else { return nil }
        var c = CoreConfiguration()
        if let p = r.required(top, "plmn", in: "the core configuration", at: root), let m = r.mapping(p, "plmn", allowed: ["mcc", "mnc"]),
           let mccNode = r.required(m, "mcc", in: "plmn", at: p), let mncNode = r.required(m, "mnc", in: "plmn", at: p),
           let mcc = r.digits(mccNode, "plmn.mcc", count: 3...3), let mnc = r.digits(mncNode, "plmn.mnc", count: 2...3) {
            c.plmn = CorePLMN(mcc: mcc, mnc: mnc)
        }
        if let n = r.required(top, "amf", in: "the core configuration", at: root) { decodeAMF(n, &c.amf, &r) }
        if let n = top["upf"] { decodeUPF(n, &c.upf, &r) }
        if let n = r.required(top, "dnns", in: "the core configuration", at: root), let items = r.list(n, "dnns") {
            c.dnns = items.enumerated().compactMap { decodeDNN($0.element, "dnns[\($0.offset)]", &r) }
            var seen: Set<String> = []
            for (i, d) in c.dnns.enumerated() where !seen.insert(d.name).inserted { r.fail(items[i], "DNN \"\(d.name)\" is listed twice") }
        }
        if let n = r.required(top, "subscribers", in: "the core configuration", at: root), let items = r.list(n, "subscribers") {
            c.subscribers = items.enumerated().compactMap { decodeSubscribers($0.element, "subscribers[\($0.offset)]", dnns: c.dnns.map(\.name), &r) }
        }
        if let n = top["security"] { decodeSecurity(n, &c.security, &r) }
        if let n = top["timers"] { decodeTimers(n, &c.timers, &r) }
        if let n = top["sessions"], let m = r.mapping(n, "sessions", allowed: ["modification", "modification_reject_cause", "buffer_while_idle"]) {
            if let v = m["modification"], let s = r.string(v, "sessions.modification") {
                if let mod = SessionPolicy.Modification(rawValue: s) { c.sessions.modification = mod } else {
                    r.fail(v, "sessions.modification must be accept or reject, not \"\(s)\"")
                }
            }
            if let v = m["modification_reject_cause"], let x = r.int(v, "sessions.modification_reject_cause", 0...255) { c.sessions.modificationRejectCause = UInt8(x) }
            if let v = m["buffer_while_idle"], let b = r.bool(v, "sessions.buffer_while_idle") { c.sessions.bufferWhileIdle = b }
        }
        if let n = top["faults"] { decodeFaults(n, &c.faults, &r) }
        if let n = top["seed"], let s = r.int(n, "seed", 0...Int.max) { c.seed = UInt64(s) }
        return c
    }

    static func decodeAMF(_ node: PlanNode, _ amf: inout AMFConfiguration, _ r: inout ConfigReader) {
        guard let m = r.mapping(node, "amf", allowed: ["address", "port", "name", "region_id", "set_id", "pointer", "relative_capacity", "tacs", "slices"])
        else { return }
        if let v = m["address"], let a = r.address(v, "amf.address") { amf.address = a.description }
        if let v = m["port"], let p = r.int(v, "amf.port", 1...65535) { amf.port = UInt16(p) }
        if let v = m["name"], let s = r.string(v, "amf.name") { amf.name = s }
        if let v = m["region_id"], let x = r.int(v, "amf.region_id", 0...255) { amf.regionID = UInt8(x) }
        if let v = m["set_id"], let x = r.int(v, "amf.set_id", 0...1023) { amf.setID = UInt16(x) }
        if let v = m["pointer"], let x = r.int(v, "amf.pointer", 0...63) { amf.pointer = UInt8(x) }
        if let v = m["relative_capacity"], let x = r.int(v, "amf.relative_capacity", 0...255) { amf.relativeCapacity = UInt8(x) }
        if let v = r.required(m, "tacs", in: "amf", at: node), let items = r.list(v, "amf.tacs") {
            amf.tacs = items.enumerated().compactMap { r.int($0.element, "amf.tacs[\($0.offset)]", 0...0xFF_FFFF).map(UInt32.init) }
            if items.isEmpty { r.fail(v, "amf.tacs must list at least one tracking area code") }
        }
        if let v = r.required(m, "slices", in: "amf", at: node), let s = r.slices(v, "amf.slices") { amf.slices = s }
    }

    static func decodeUPF(_ node: PlanNode, _ upf: inout UPFConfiguration, _ r: inout ConfigReader) {
        guard let m = r.mapping(node, "upf", allowed: ["address", "dn_address"]) else { return }
        if let v = m["address"], let a = r.address(v, "upf.address") { upf.address = a }
        if let v = m["dn_address"], let a = r.address(v, "upf.dn_address") { upf.dnAddress = a }
    }

    static func decodeDNN(_ node: PlanNode, _ what: String, _ r: inout ConfigReader) -> DNNConfiguration? {
        guard let m = r.mapping(node, what, allowed: ["name", "ipv4_pool", "ambr_uplink", "ambr_downlink", "5qi", "arp_priority"]),
              let n = r.required(m, "name", in: what, at: node), let name = r.string(n, "\(what).name") else { return nil }
        var d = DNNConfiguration(name: name)
        if let v = r.required(m, "ipv4_pool", in: what, at: node), let s = r.string(v, "\(what).ipv4_pool") {
            let parts = s.split(separator: "/")
            if parts.count == 2, let a = IPv4Address(String(parts[0])), let len = Int(parts[1]), (8...30).contains(len),
               a.rawValue & ~(UInt32.max << UInt32(32 - len)) == 0 {
                d.ipv4Pool = DNNConfiguration.IPv4Pool(network: a, length: len)
            } else {
                r.fail(v, "\(what).ipv4_pool must be an IPv4 network like 10.60.0.0/16 (prefix 8 to 30, host bits zero), not \"\(s)\"")
            }
        }
        if let v = m["ambr_uplink"], let x = r.int(v, "\(what).ambr_uplink", 1...Int.max) { d.ambrUplink = UInt64(x) }
        if let v = m["ambr_downlink"], let x = r.int(v, "\(what).ambr_downlink", 1...Int.max) { d.ambrDownlink = UInt64(x) }
        if let v = m["5qi"], let x = r.int(v, "\(what).5qi", 1...255) { d.fiveQI = UInt8(x) }
        if let v = m["arp_priority"], let x = r.int(v, "\(what).arp_priority", 1...15) { d.arpPriority = UInt8(x) }
        return d
    }

    /// `imsi-DIGITS` or the digits alone (5 to 15).
    static func imsi(_ node: PlanNode, _ what: String, _ r: inout ConfigReader) -> String? {
        guard let s = r.string(node, what) else { return nil }
        let digits = s.hasPrefix("imsi-") ? String(s.dropFirst(5)) : s
        guard (5...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            r.fail(node, "\(what) must be imsi- and 5 to 15 digits, not \"\(s)\"")
            return nil
        }
        return digits
    }

    static func decodeSubscribers(_ node: PlanNode, _ what: String, dnns: [String], _ r: inout ConfigReader) -> SubscriberRangeConfiguration? {
        guard let m = r.mapping(node, what, allowed: ["supi_first", "count", "k", "opc", "op", "amf", "sqn", "slices", "dnns", "authentication"]),
              let f = r.required(m, "supi_first", in: what, at: node), let first = imsi(f, "\(what).supi_first", &r),
              let kn = r.required(m, "k", in: what, at: node), let k = r.hex(kn, "\(what).k", bytes: 16) else { return nil }
        let opKey: CoreOperatorKey
        switch (m["opc"], m["op"]) {
        case (let o?, nil):
            guard let b = r.hex(o, "\(what).opc", bytes: 16) else { return nil }
            opKey = .opc(b)
        case (nil, let o?):
            guard let b = r.hex(o, "\(what).op", bytes: 16) else { return nil }
            opKey = .op(b)
        case (_?, _?):
            r.fail(node, "\(what) has both opc and op; give one")
            return nil
        case (nil, nil):
            r.fail(node, "\(what) needs opc or op")
            return nil
        }
        var s = SubscriberRangeConfiguration(firstIMSI: first, k: k, operatorKey: opKey)
        if let v = m["count"], let c = r.int(v, "\(what).count", 1...10_000_000) {
            s.count = c
            if let f = UInt64(first), String(f + UInt64(c) - 1).count > first.count {
                r.fail(v, "\(what).count runs past the last IMSI of \(first.count) digits")
            }
        }
        if let v = m["amf"], let b = r.hex(v, "\(what).amf", bytes: 2) {
            if b[0] & 0x80 == 0 { r.fail(v, "\(what).amf must have the separation bit set (first hex digit 8 or more) for 5G (TS 33.501 Annex A.2)") }
            s.amfField = b
        }
        if let v = m["sqn"], let b = r.hex(v, "\(what).sqn", bytes: 6) { s.sqn = b }
        if let v = m["slices"], let sl = r.slices(v, "\(what).slices") { s.slices = sl }
        if let v = m["dnns"], let items = r.list(v, "\(what).dnns") {
            var names: [String] = []
            for (i, item) in items.enumerated() {
                guard let n = r.string(item, "\(what).dnns[\(i)]") else { continue }
                if !dnns.contains(n) { r.fail(item, "\(what).dnns[\(i)] names DNN \"\(n)\", which dnns does not configure") }
                names.append(n)
            }
            s.dnns = names
        } else if let d = dnns.first {
            s.dnns = [d]
        }
        if let v = m["authentication"], let a = r.string(v, "\(what).authentication") {
            if let method = AuthenticationMethod(rawValue: a) { s.authentication = method } else {
                r.fail(v, "\(what).authentication must be 5g-aka or eap-aka-prime, not \"\(a)\"")
            }
        }
        return s
    }
}
