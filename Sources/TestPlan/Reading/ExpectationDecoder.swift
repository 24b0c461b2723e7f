import Bytes
import Foundation

extension PlanDecoder {
    /// `expect`: inside a step (`outcome` allowed, `message` optional) or as the `expect` step itself
    /// (`message` required, no `outcome`).
    mutating func expectation(_ node: PlanNode, _ path: String, standalone: Bool, extraKeys: [String]) -> Expectation? {
        var keys = ["message", "absent", "match", "within", "verdict"]
        if !standalone { keys.insert("outcome", at: 0) }
        guard let f = r.mapping(node, path, known: keys + extraKeys, required: standalone ? ["message"] : []) else { return nil }
        var e = Expectation(position: node.position)
        if let n = f["outcome"], let v = r.choice(n, f.path("outcome"), Expectation.Outcome.self) { e.outcome = v }
        if let n = f["message"], let text = r.string(n, f.path("message")) {
            if let m = MessageType(text) {
                e.message = m
            } else {
                let hint = Suggestion.nearest(text, MessageType.allNames).map { "; did you mean \"\($0)\"?" }
                    ?? (text.hasPrefix("ngap.") || text.hasPrefix("nas.") ? "" : "; write ngap.NAME or nas.NAME")
                r.error(n, f.path("message"), "unknown message type \"\(text)\"\(hint)")
            }
        }
        if let n = f["absent"], let v = r.bool(n, f.path("absent")) {
            e.absent = v
            if v, f["message"] == nil { r.error(n, f.path("absent"), "absent needs a message (the one that must not arrive)") }
        }
        if let n = f["within"] { e.within = r.duration(n, f.path("within"), positive: true) }
        if let n = f["verdict"], let v = r.choice(n, f.path("verdict"), ValidationVerdict.self) {
            e.verdict = v
            if let m = e.message, m.layer == .nas { r.error(n, f.path("verdict"), "the TS 38.413 §10 verdict applies to NGAP messages, not \(m)") }
        }
        if let n = f["match"], let items = r.list(n, f.path("match"), nonEmpty: true) {
            if f["message"] == nil { r.error(n, f.path("match"), "matchers need a message to look into") }
            e.matchers = items.enumerated().compactMap { matcher($1, "\(f.path("match"))[\($0)]") }
        }
        return e
    }

    mutating func matcher(_ node: PlanNode, _ path: String) -> Matcher? {
        let tests = ["equals", "not_equals", "matches", "one_of", "exists"]
        guard let f = r.mapping(node, path, known: ["path"] + tests, required: ["path"]) else { return nil }
        var jerPath: JERPath?
        if let p = f["path"], let text = r.string(p, f.path("path")) {
            switch JERPath.parse(text) {
            case .success(let parsed): jerPath = parsed
            case .failure(let failure):
                r.error(p.position(ofCharacter: failure.offset), "\(f.path("path")): \"\(text)\" is not a path: \(failure.reason)")
            }
        }
        let given = tests.filter { f[$0] != nil }
        guard given.count == 1, let key = given.first, let value = f[key] else {
            if given.isEmpty {
                r.error(node, path, "give one test: \(tests.joined(separator: ", "))")
            } else if let second = f[given[1]] {
                r.error(second, f.path(given[1]), "give one test per matcher; \(given[0]) is already given")
            }
            return nil
        }
        let test: Matcher.Test
        switch key {
        case "equals": test = .equals(value.jsonValue)
        case "not_equals": test = .notEquals(value.jsonValue)
        case "one_of":
            guard let items = r.list(value, f.path(key), nonEmpty: true) else { return nil }
            test = .oneOf(items.map(\.jsonValue))
        case "exists":
            guard let b = r.bool(value, f.path(key)) else { return nil }
            test = .exists(b)
        default:
            guard let pattern = r.string(value, f.path(key)) else { return nil }
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                r.error(value, f.path(key), "\"\(pattern)\" is not a regular expression")
                return nil
            }
            test = .matches(pattern)
        }
        return jerPath.map { Matcher(path: $0, test: test, position: node.position) }
    }
}
