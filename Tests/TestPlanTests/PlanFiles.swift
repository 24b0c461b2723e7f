import Foundation
import TestPlan
import TestSupport

/// The plans the tests read: the shipped ones (`testplans/`) and the invalid corpus beside this file.
enum PlanFiles {
    static let root = SharedCaptures.packageRoot
    static let testplans = root.appendingPathComponent("testplans")
    static let invalid = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Invalid")
    static let schema = testplans.appendingPathComponent("schema.json")

    static func yamlFiles(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// The plans the product ships.
    static let shipped = ["smoke.yaml", "registration-storm.yaml", "pdu-session-churn.yaml", "user-plane-latency.yaml",
                          "negative-auth.yaml", "security-algorithms.yaml", "idle-and-paging.yaml", "handover.yaml", "capacity-ramp.yaml"]

    static func shippedPath(_ name: String) -> String { testplans.appendingPathComponent(name).path }
    static func invalidPath(_ name: String) -> String { invalid.appendingPathComponent(name).path }

    /// What an `.expected` file says: the diagnostics as `line:column: message`, and whether the JSON Schema
    /// rejects the plan too (`# schema: rejects` / `# schema: accepts (why)`).
    struct Expected {
        var lines: [String]
        var schemaRejects: Bool
    }

    static func expected(for yamlName: String) throws -> Expected {
        let url = invalid.appendingPathComponent(String(yamlName.dropLast(5)) + ".expected")
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines: [String] = []
        var rejects: Bool?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# schema: rejects") { rejects = true } else if line.hasPrefix("# schema: accepts") { rejects = false } else if !line.hasPrefix("#") {
                lines.append(String(line))
            }
        }
        return Expected(lines: lines, schemaRejects: rejects ?? true)
    }

    static func load(_ path: String, overrides: [String] = []) throws -> TestPlan {
        let parsed = try overrides.map { try PlanOverride.parse($0).get() }
        return try TestPlanLoader.load(contentsOf: path, overrides: parsed)
    }
}
