import Bytes
import Foundation
import Testing
import TestSupport
@testable import NAS5GS

/// Where the NAS oracle is (the shared folder and the oracle folder come from `TestSupport`).
enum TestPaths {
    static var sharedDirectory: URL? { SharedCaptures.sharedDirectory }
    static var oracleFile: URL { SharedCaptures.oracleDirectory.appendingPathComponent("nas_messages.jsonl") }
    static let regenerate = "scripts/oracles/nas_reference"
}

/// One line of nas_messages.jsonl.
struct OracleRecord: Sendable {
    var file: String
    var frame: Int
    var index: Int
    var bytes: [UInt8]
    var tsharkTypes: [(pd: String, type: Int)]
    var pycrate: JSONValue

    var label: String { "\(file) frame \(frame) #\(index)" }
}

enum Oracle {
    /// All records, or an issue recorded (the test fails) when the file is missing.
    static func load() -> [OracleRecord]? {
        guard let data = FileManager.default.contents(atPath: TestPaths.oracleFile.path) else {
            Issue.record("missing oracle file \(TestPaths.oracleFile.path): run `\(TestPaths.regenerate)` from the package root")
            return nil
        }
        var records: [OracleRecord] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let v = try? JSONValue(parsing: Array(line)),
                  case .string(let file)? = v["file"], let frame = v["frame"]?.intValue, let index = v["index"]?.intValue,
                  case .string(let hex)? = v["hex"], let bytes = (try? Hex.decode(hex)),
                  case .array(let types)? = v["tshark"], let py = v["pycrate"] else {
                Issue.record("malformed oracle line; regenerate with `\(TestPaths.regenerate)`")
                return nil
            }
            let t = types.compactMap { x -> (String, Int)? in
                guard case .string(let pd)? = x["pd"], let n = x["type"]?.intValue else { return nil }
                return (pd, n)
            }
            records.append(OracleRecord(file: file, frame: frame, index: index, bytes: bytes, tsharkTypes: t, pycrate: py))
        }
        return records
    }
}

extension JSONValue {
    var intValue: Int? {
        if case .number(let s) = self { return Int(s) }
        return nil
    }
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}

/// The JSON view of a value writer, parsed back.
func parsedJSON(_ write: (inout JSONWriter) -> Void) -> JSONValue? {
    var w = JSONWriter()
    write(&w)
    return try? JSONValue(parsing: w.bytes)
}

/// True when every member of `expected` (recursively; arrays element by element) is in `actual`.
func jsonSubset(_ expected: JSONValue, _ actual: JSONValue, path: String, mismatches: inout [String]) {
    switch (expected, actual) {
    case (.object(let members), .object):
        for m in members {
            guard let a = actual[m.key] else { mismatches.append("\(path).\(m.key) missing"); continue }
            jsonSubset(m.value, a, path: path + "." + m.key, mismatches: &mismatches)
        }
    case (.array(let e), .array(let a)):
        guard e.count == a.count else { mismatches.append("\(path): \(e.count) elements vs \(a.count)"); return }
        for (i, (x, y)) in zip(e, a).enumerated() { jsonSubset(x, y, path: "\(path)[\(i)]", mismatches: &mismatches) }
    case (.number(let x), .number(let y)):
        if x != y { mismatches.append("\(path): \(x) vs \(y)") }
    case (.bool(let x), .bool(let y)):
        if x != y { mismatches.append("\(path): \(x) vs \(y)") }
    case (.string(let x), .string(let y)):
        if x != y { mismatches.append("\(path): \(x) vs \(y)") }
    default:
        if expected != actual { mismatches.append("\(path): \(expected.jsonText) vs \(actual.jsonText)") }
    }
}
