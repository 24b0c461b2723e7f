import Bytes
import Foundation
import Testing
import TestPlan

/// The schema lists what the Swift registries define: message names, step kinds, metric names.
@Suite("Schema lists the registries")
struct SchemaRegistryTests {
    static func schema() throws -> JSONValue {
        try JSONValue(parsing: [UInt8](try Data(contentsOf: PlanFiles.schema)))
    }

    static func strings(_ v: JSONValue?) -> [String] {
        guard case .array(let items)? = v else { return [] }
        return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    @Test("$defs.messageType lists exactly the message names the validator knows")
    func messageNames() throws {
        let listed = Self.strings(try Self.schema()["$defs"]?["messageType"]?["enum"])
        #expect(listed == MessageType.allNames)
    }

    @Test("every step kind has a definition in the schema: setup kinds in setupStep, UE kinds in ueStep")
    func stepKinds() throws {
        let text = try String(contentsOf: PlanFiles.schema, encoding: .utf8)
        for kind in StepKind.allCases {
            #expect(text.contains("\"\(kind.rawValue)\""), "\(kind.rawValue)")
        }
    }

    /// The threshold pattern, compiled as a Swift regex, accepts every registered metric with a value of
    /// its kind and refuses other names and kinds.
    @Test("the schema's threshold pattern accepts exactly the registry's metrics with values of their kind")
    func thresholdPattern() throws {
        guard case .string(let pattern)? = try Self.schema()["$defs"]?["thresholdExpression"]?["pattern"] else {
            Issue.record("no pattern")
            return
        }
        let regex = try Regex(pattern)
        func matches(_ s: String) -> Bool { (try? regex.wholeMatch(in: s)) != nil }
        let value: [Metric.Kind: String] = [.duration: "200ms", .count: "5", .ratio: "99.9%", .rate: "100/s"]
        let wrong: [Metric.Kind: String] = [.duration: "99%", .count: "5ms", .ratio: "0.1", .rate: "5ms"]
        for metric in Metric.all {
            for op in Threshold.Comparison.allCases {
                let text = "\(metric.name) \(op.rawValue) \(value[metric.kind] ?? "")"
                #expect(matches(text), "\(text)")
                #expect(ThresholdExpression.parse(text).isSuccess, "\(text)")
            }
            let bad = "\(metric.name) < \(wrong[metric.kind] ?? "")"
            #expect(!matches(bad), "\(bad)")
            #expect(!ThresholdExpression.parse(bad).isSuccess, "\(bad)")
        }
        for unknown in ["registration.latency.p96 < 1ms", "http_req_duration < 1ms", "gtpu.rtt < 1ms", "registration < 1"] {
            #expect(!matches(unknown), "\(unknown)")
            #expect(!ThresholdExpression.parse(unknown).isSuccess, "\(unknown)")
        }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
