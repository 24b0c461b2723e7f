import Bytes
import Foundation

/// The variables a `send-ngap` JER payload may hold as `${name}` in its strings. A string that is exactly
/// one numeric variable becomes a JSON number; otherwise the value is spliced into the text.
public enum PlanVariables {
    public enum Kind: Sendable { case number, text }

    /// Every variable with its kind. `ue.*` exist only in `scenario.steps`.
    public static let all: [String: Kind] = [
        "ue.ran_ue_ngap_id": .number, "ue.amf_ue_ngap_id": .number, "ue.index": .number, "ue.supi": .text, "ue.imsi": .text,
        "gnb.id": .number, "gnb.name": .text, "gnb.plmn": .text, "gnb.tac": .text,
    ]

    /// Values of the right shape for checking that a payload decodes before any UE exists.
    static let samples: [String: String] = [
        "ue.ran_ue_ngap_id": "1", "ue.amf_ue_ngap_id": "1", "ue.index": "0", "ue.supi": "imsi-001010000000001",
        "ue.imsi": "001010000000001", "gnb.id": "1", "gnb.name": "gnb", "gnb.plmn": "00f110", "gnb.tac": "000001",
    ]

    /// The variable names in `text`, with the character offset of each `${`.
    public static func references(in text: String) -> [(name: String, offset: Int)] {
        var found: [(String, Int)] = []
        let chars = Array(text)
        var i = 0
        while i + 1 < chars.count {
            if chars[i] == "$", chars[i + 1] == "{", let close = chars[(i + 2)...].firstIndex(of: "}") {
                found.append((String(chars[(i + 2)..<close]), i))
                i = close + 1
            } else {
                i += 1
            }
        }
        return found
    }

    /// `json` with every variable replaced by its value from `values` (names without `${}`); unknown names stay.
    public static func substitute(in json: JSONValue, values: [String: String]) -> JSONValue {
        switch json {
        case .string(let s):
            let refs = references(in: s)
            if refs.isEmpty { return json }
            if refs.count == 1, s == "${\(refs[0].name)}", let v = values[refs[0].name] {
                return all[refs[0].name].map { if case .number = $0 { JSONValue.number(v) } else { .string(v) } } ?? .string(v)
            }
            var text = s
            for r in refs { if let v = values[r.name] { text = text.replacingOccurrences(of: "${\(r.name)}", with: v) } }
            return .string(text)
        case .array(let items): return .array(items.map { substitute(in: $0, values: values) })
        case .object(let members): return .object(members.map { JSONValue.Member($0.key, substitute(in: $0.value, values: values)) })
        default: return json
        }
    }
}
