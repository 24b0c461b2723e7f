import Bytes
import CoreEmulator

/// Typed reads of a YAML node tree with positions, collecting every rule broken (file:line:column and the rule).
struct ConfigReader {
    var diagnostics: [PlanDiagnostic] = []

    mutating func fail(_ node: PlanNode, _ message: String) { diagnostics.append(PlanDiagnostic(node.position, message)) }

    /// The entries of a mapping; unknown keys are reported.
    mutating func mapping(_ node: PlanNode, _ what: String, allowed: [String]) -> [String: PlanNode]? {
        guard let entries = node.entries else {
            fail(node, "\(what) must be a mapping, not \(node.kindDescription)")
            return nil
        }
        var out: [String: PlanNode] = [:]
        for e in entries {
            if !allowed.contains(e.key) {
                diagnostics.append(PlanDiagnostic(e.keyPosition, "unknown key \"\(e.key)\" in \(what) (allowed: \(allowed.joined(separator: ", ")))"))
            } else {
                out[e.key] = e.value
            }
        }
        return out
    }

    mutating func required(_ map: [String: PlanNode], _ key: String, in what: String, at node: PlanNode) -> PlanNode? {
        guard let v = map[key] else {
            fail(node, "\(what) needs \"\(key)\"")
            return nil
        }
        return v
    }

    mutating func string(_ node: PlanNode, _ what: String) -> String? {
        switch node.value {
        case .string(let s): return s
        case .int, .float: return node.text
        default:
            fail(node, "\(what) must be a string, not \(node.kindDescription)")
            return nil
        }
    }

    mutating func int(_ node: PlanNode, _ what: String, _ range: ClosedRange<Int>) -> Int? {
        guard case .int(let v) = node.value else {
            fail(node, "\(what) must be an integer, not \(node.kindDescription)")
            return nil
        }
        guard range.contains(v) else {
            fail(node, "\(what) must be in \(range.lowerBound)...\(range.upperBound), not \(v)")
            return nil
        }
        return v
    }

    mutating func bool(_ node: PlanNode, _ what: String) -> Bool? {
        guard case .bool(let v) = node.value else {
            fail(node, "\(what) must be true or false, not \(node.kindDescription)")
            return nil
        }
        return v
    }

    mutating func list(_ node: PlanNode, _ what: String) -> [PlanNode]? {
        guard let items = node.items else {
            fail(node, "\(what) must be a list, not \(node.kindDescription)")
            return nil
        }
        return items
    }

    /// A string of `count` digits (MCC, MNC, IMSI).
    mutating func digits(_ node: PlanNode, _ what: String, count: ClosedRange<Int>) -> String? {
        guard let s = string(node, what) else { return nil }
        guard count.contains(s.count), s.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            fail(node, "\(what) must be \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)") decimal digits, not \"\(s)\"")
            return nil
        }
        return s
    }

    /// Hex text of exactly `bytes` octets.
    mutating func hex(_ node: PlanNode, _ what: String, bytes: Int) -> [UInt8]? {
        guard let s = string(node, what) else { return nil }
        do {
            let b = try Hex.decode(s)
            guard b.count == bytes else {
                fail(node, "\(what) must be \(bytes) bytes (\(bytes * 2) hex digits), not \(b.count)")
                return nil
            }
            return b
        } catch {
            fail(node, "\(what) must be hex digits: \(error.message)")
            return nil
        }
    }

    mutating func address(_ node: PlanNode, _ what: String) -> CoreIPAddress? {
        guard let s = string(node, what) else { return nil }
        guard let a = CoreIPAddress(s) else {
            fail(node, "\(what) must be an IPv4 or IPv6 address, not \"\(s)\"")
            return nil
        }
        return a
    }

    /// A duration: an integer of milliseconds or text with a unit (`250ms`, `2s`, `1m`).
    mutating func duration(_ node: PlanNode, _ what: String) -> Duration? {
        if case .int(let ms) = node.value, ms >= 0 { return .milliseconds(ms) }
        guard case .string(let s) = node.value else {
            fail(node, "\(what) must be a duration like 250ms, 2s or 1m, not \(node.kindDescription)")
            return nil
        }
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, factor) in units where s.hasSuffix(unit) {
            if let v = Int64(s.dropLast(unit.count)), v >= 0 { return .milliseconds(v * factor) }
        }
        fail(node, "\(what) must be a duration like 250ms, 2s or 1m, not \"\(s)\"")
        return nil
    }

    /// An S-NSSAI: `{sst: 1, sd: "010203"}`.
    mutating func slice(_ node: PlanNode, _ what: String) -> CoreSNSSAI? {
        guard let m = mapping(node, what, allowed: ["sst", "sd"]), let sstNode = required(m, "sst", in: what, at: node),
              let sst = int(sstNode, "\(what).sst", 0...255) else { return nil }
        var sd: UInt32?
        if let sdNode = m["sd"] {
            guard let b = hex(sdNode, "\(what).sd", bytes: 3) else { return nil }
            sd = UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2])
        }
        return CoreSNSSAI(sst: UInt8(sst), sd: sd)
    }

    mutating func slices(_ node: PlanNode, _ what: String) -> [CoreSNSSAI]? {
        guard let items = list(node, what) else { return nil }
        let s = items.enumerated().compactMap { slice($0.element, "\(what)[\($0.offset)]") }
        guard s.count == items.count else { return nil }
        if s.isEmpty { fail(node, "\(what) must list at least one slice") }
        return s
    }
}
