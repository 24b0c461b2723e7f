import CoreEmulator
import FiveGSecurity

extension CoreConfigLoader {
    static func decodeSecurity(_ node: PlanNode, _ s: inout SecurityConfiguration, _ r: inout ConfigReader) {
        guard let m = r.mapping(node, "security", allowed: ["integrity", "ciphering", "request_imeisv", "authentication", "home_network_keys",
                                                            "unknown_subscriber_cause"]) else { return }
        if let v = m["integrity"], let items = r.list(v, "security.integrity") {
            let names = ["nia0": FiveGSecurity.IntegrityAlgorithm.nia0, "nia1": .nia1, "nia2": .nia2, "nia3": .nia3]
            var chosen: [FiveGSecurity.IntegrityAlgorithm] = []
            for (i, item) in items.enumerated() {
                guard let n = r.string(item, "security.integrity[\(i)]") else { continue }
                guard let a = names[n.lowercased()] else {
                    r.fail(item, "security.integrity[\(i)] must be nia0, nia1, nia2 or nia3, not \"\(n)\"")
                    continue
                }
                chosen.append(a)
            }
            s.integrity = chosen
            if items.isEmpty { r.fail(v, "security.integrity must list at least one algorithm") }
        }
        if let v = m["ciphering"], let items = r.list(v, "security.ciphering") {
            let names = ["nea0": FiveGSecurity.CipheringAlgorithm.nea0, "nea1": .nea1, "nea2": .nea2, "nea3": .nea3]
            var chosen: [FiveGSecurity.CipheringAlgorithm] = []
            for (i, item) in items.enumerated() {
                guard let n = r.string(item, "security.ciphering[\(i)]") else { continue }
                guard let a = names[n.lowercased()] else {
                    r.fail(item, "security.ciphering[\(i)] must be nea0, nea1, nea2 or nea3, not \"\(n)\"")
                    continue
                }
                chosen.append(a)
            }
            s.ciphering = chosen
            if items.isEmpty { r.fail(v, "security.ciphering must list at least one algorithm") }
        }
        if let v = m["request_imeisv"], let b = r.bool(v, "security.request_imeisv") { s.requestIMEISV = b }
        if let v = m["authentication"], let a = r.string(v, "security.authentication") {
            if let method = AuthenticationMethod(rawValue: a) { s.authentication = method } else {
                r.fail(v, "security.authentication must be 5g-aka or eap-aka-prime, not \"\(a)\"")
            }
        }
        if let v = m["unknown_subscriber_cause"], let c = r.int(v, "security.unknown_subscriber_cause", 1...255) { s.unknownSubscriberCause = UInt8(c) }
        if let v = m["home_network_keys"], let items = r.list(v, "security.home_network_keys") {
            s.homeNetworkKeys = items.enumerated().compactMap { pair -> HomeNetworkKey? in
                let (i, item) = (pair.offset, pair.element)
                let what = "security.home_network_keys[\(i)]"
                guard let k = r.mapping(item, what, allowed: ["scheme", "id", "private_key"]),
                      let sn = r.required(k, "scheme", in: what, at: item), let schemeText = r.string(sn, "\(what).scheme"),
                      let idn = r.required(k, "id", in: what, at: item), let id = r.int(idn, "\(what).id", 0...255),
                      let pn = r.required(k, "private_key", in: what, at: item), let key = r.hex(pn, "\(what).private_key", bytes: 32) else { return nil }
                guard let scheme = HomeNetworkKey.Scheme(rawValue: schemeText) else {
                    r.fail(sn, "\(what).scheme must be profile-a or profile-b, not \"\(schemeText)\"")
                    return nil
                }
                return HomeNetworkKey(scheme: scheme, id: UInt8(id), privateKey: key)
            }
        }
    }

    static func decodeTimers(_ node: PlanNode, _ t: inout TimerConfiguration, _ r: inout ConfigReader) {
        let keys = ["t3512", "t3513", "t3522", "t3550", "t3555", "t3560", "t3570", "t3591", "t3592", "retransmissions"]
        guard let m = r.mapping(node, "timers", allowed: keys) else { return }
        func set(_ key: String, _ path: WritableKeyPath<TimerConfiguration, Duration>, _ r: inout ConfigReader) {
            if let v = m[key], let d = r.duration(v, "timers.\(key)") { t[keyPath: path] = d }
        }
        set("t3512", \.t3512, &r)
        set("t3513", \.t3513, &r)
        set("t3522", \.t3522, &r)
        set("t3550", \.t3550, &r)
        set("t3555", \.t3555, &r)
        set("t3560", \.t3560, &r)
        set("t3570", \.t3570, &r)
        set("t3591", \.t3591, &r)
        set("t3592", \.t3592, &r)
        if let v = m["retransmissions"], let n = r.int(v, "timers.retransmissions", 0...10) { t.retransmissions = n }
    }

    /// `ngap.NGSetupResponse` or `nas.RegistrationAccept`.
    static func messageName(_ node: PlanNode, _ what: String, _ r: inout ConfigReader) -> MessageName? {
        guard let s = r.string(node, what) else { return nil }
        let parts = s.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let layer = MessageName.Layer(rawValue: String(parts[0])), !parts[1].isEmpty else {
            r.fail(node, "\(what) must name a message as ngap.Name or nas.Name (e.g. nas.RegistrationAccept), not \"\(s)\"")
            return nil
        }
        return MessageName(layer: layer, name: String(parts[1]))
    }

    static func decodeFaults(_ node: PlanNode, _ f: inout FaultConfiguration, _ r: inout ConfigReader) {
        guard let m = r.mapping(node, "faults", allowed: ["delays", "rejects", "drop", "abort_after_messages"]) else { return }
        if let v = m["delays"], let items = r.list(v, "faults.delays") {
            f.delays = items.enumerated().compactMap { pair -> MessageDelay? in
                let (i, item) = (pair.offset, pair.element)
                let what = "faults.delays[\(i)]"
                guard let d = r.mapping(item, what, allowed: ["message", "delay"]),
                      let mn = r.required(d, "message", in: what, at: item), let name = messageName(mn, "\(what).message", &r),
                      let dn = r.required(d, "delay", in: what, at: item), let delay = r.duration(dn, "\(what).delay") else { return nil }
                return MessageDelay(message: name, delay: delay)
            }
        }
        if let v = m["rejects"], let items = r.list(v, "faults.rejects") {
            f.rejects = items.enumerated().compactMap { pair -> RangeReject? in
                let (i, item) = (pair.offset, pair.element)
                let what = "faults.rejects[\(i)]"
                guard let d = r.mapping(item, what, allowed: ["supi_first", "count", "procedure", "cause"]),
                      let fn = r.required(d, "supi_first", in: what, at: item), let first = imsi(fn, "\(what).supi_first", &r),
                      let pn = r.required(d, "procedure", in: what, at: item), let pt = r.string(pn, "\(what).procedure"),
                      let cn = r.required(d, "cause", in: what, at: item), let cause = r.int(cn, "\(what).cause", 1...255) else { return nil }
                guard let procedure = RangeReject.Procedure(rawValue: pt) else {
                    r.fail(pn, "\(what).procedure must be one of \(RangeReject.Procedure.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(pt)\"")
                    return nil
                }
                var count = 1
                if let cn = d["count"], let c = r.int(cn, "\(what).count", 1...10_000_000) { count = c }
                return RangeReject(firstIMSI: first, count: count, procedure: procedure, cause: UInt8(cause))
            }
        }
        if let v = m["drop"], let d = r.mapping(v, "faults.drop", allowed: ["probability", "seed", "direction", "messages"]),
           let pn = r.required(d, "probability", in: "faults.drop", at: v) {
            var p: Double?
            switch pn.value {
            case .float(let x) where (0...1).contains(x): p = x
            case .int(let x) where x == 0 || x == 1: p = Double(x)
            default: r.fail(pn, "faults.drop.probability must be a number from 0 to 1, not \(pn.kindDescription)")
            }
            if let p {
                var drop = DropFault(probability: p)
                if let sn = d["seed"], let s = r.int(sn, "faults.drop.seed", 0...Int.max) { drop.seed = UInt64(s) }
                if let dn = d["direction"], let t = r.string(dn, "faults.drop.direction") {
                    if let dir = DropFault.Direction(rawValue: t) { drop.direction = dir } else {
                        r.fail(dn, "faults.drop.direction must be sent, received or both, not \"\(t)\"")
                    }
                }
                if let mn = d["messages"], let items = r.list(mn, "faults.drop.messages") {
                    drop.messages = items.enumerated().compactMap { messageName($0.element, "faults.drop.messages[\($0.offset)]", &r) }
                }
                f.drop = drop
            }
        }
        if let v = m["abort_after_messages"], let n = r.int(v, "faults.abort_after_messages", 1...Int.max) { f.abortAfterMessages = n }
    }
}
