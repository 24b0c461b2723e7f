import Bytes
import Foundation
import NASSecurity
import Testing
@testable import NAS5GS

/// Random valid messages of every type (scripts/oracles/nas_random.py, seeded) against pycrate 0.8.1, IE by
/// IE, both ways: CoreGate's encoding decoded by pycrate, and pycrate-built messages decoded by CoreGate. The
/// only differences accepted are pycrate's faults recorded in Resources/pycrate_faults.json (judged by
/// TS 24.501 §8/§9), and each of those must still be met.
@Suite("Random messages of every type against pycrate, both ways")
struct RandomMessageOracleTests {
    struct Record {
        var message: String
        var seed: Int
        var deliberate: Bool
        var bytes: [UInt8]
        var pycrate: JSONValue
        var built: JSONValue?
        var label: String { "\(message) seed \(seed)" }
    }

    /// A recorded pycrate fault: where it shows (`direction` "decode": pycrate decoding CoreGate's bytes;
    /// "build": pycrate's encoder), and the text of the comparison failures it causes (`match`).
    struct Fault: Decodable, Sendable {
        var id: String
        var direction: String
        var messages: [String]?
        var match: String
        var spec: String
        var description: String
    }

    static let file = SharedCaptureFile.oracle("nas_random.jsonl")

    static func load() -> [Record]? {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("missing oracle file \(file.path): run scripts/oracles/run")
            return nil
        }
        var out: [Record] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let v = try? JSONValue(parsing: Array(line)), let message = v["message"]?.stringValue,
                  let seed = v["seed"]?.intValue, let hex = v["hex"]?.stringValue, let bytes = try? Hex.decode(hex),
                  let py = v["pycrate"] else {
                Issue.record("malformed line in \(file.path)"); return nil
            }
            out.append(Record(message: message, seed: seed, deliberate: v["deliberate"] == .bool(true), bytes: bytes, pycrate: py, built: v["built"]))
        }
        return out
    }

    static let faults: [Fault] = {
        guard let url = Bundle.module.url(forResource: "pycrate_faults", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else { return [] }
        do { return try JSONDecoder().decode([Fault].self, from: data) } catch { return [] }
    }()

    /// pycrate's record of `bytes` against CoreGate's decoding: the differences, or pycrate's error.
    static func differences(_ py: JSONValue, _ bytes: [UInt8]) -> [String] {
        guard let err = py["err"]?.intValue else { return ["no pycrate result"] }
        guard err == 0, let msg = py["msg"] else {
            return ["pycrate error \(err)" + (py["exception"]?.stringValue.map { ": " + $0 } ?? "")]
        }
        var mismatches: [String] = []
        var structured = 0
        CaptureOracleTests().compare(msg, bytes[...], path: "", mismatches: &mismatches, structured: &structured)
        return mismatches
    }

    /// The differences no recorded fault explains; `met` collects the faults that explained one.
    static func unexplained(_ differences: [String], direction: String, message: String, met: inout Set<String>) -> [String] {
        differences.filter { d in
            guard let f = faults.first(where: { $0.direction == direction && ($0.messages?.contains(message) ?? true) && d.contains($0.match) }) else {
                return true
            }
            met.insert(f.id)
            return false
        }
    }

    @Test("every message type has random messages, and every optional IE is present in some")
    func coverage() throws {
        guard let records = Self.load() else { return }
        for d in NASMessageDefinition.all {
            let mine = records.filter { $0.message == d.name && !$0.deliberate }
            #expect(mine.count >= 5, "\(d.name): \(mine.count) random messages")
            var seen = Set<UInt8>()
            for r in mine {
                guard let m = try? NASMessage(nasEncoded: r.bytes[...]) else { continue }
                for s in m.ieSummaries { if let iei = s.iei { seen.insert(iei) } }
            }
            let all = Set(d.optional.map(\.iei))  // ieSummaries give a type 1 IE its 4-bit IEI
            #expect(all.isSubset(of: seen), "\(d.name): optional IEs never present: \(all.subtracting(seen).map { String($0, radix: 16) })")
        }
    }

    @Test("CoreGate's encoding of every random message, decoded by pycrate, agrees IE by IE")
    func coreGateToPycrate() throws {
        guard let records = Self.load() else { return }
        var failures: [String] = []
        var met = Set<String>(), agreed = 0
        for r in records where !r.deliberate {
            do {
                let m = try NASMessage(nasEncoded: r.bytes[...], options: .strict)
                guard m.nasEncoded == r.bytes else { failures.append("\(r.label): CoreGate re-encodes differently"); continue }
            } catch {
                failures.append("\(r.label): CoreGate rejects it: \(error)"); continue
            }
            let left = Self.unexplained(Self.differences(r.pycrate, r.bytes), direction: "decode", message: r.message, met: &met)
            if left.isEmpty { agreed += 1 } else { failures.append("\(r.label): " + left.prefix(4).joined(separator: "; ")) }
        }
        print("NAS5GS random oracle: \(agreed) of \(records.count - 1) CoreGate-encoded messages agree with pycrate IE by IE; faults met: \(met.sorted())")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) disagreements:\n" + failures.prefix(30).joined(separator: "\n")))
        let recorded = Set(Self.faults.filter { $0.direction == "decode" }.map(\.id))
        #expect(met == recorded, "recorded pycrate decode faults never met: \(recorded.subtracting(met).sorted())")
    }

    @Test("pycrate-built random messages, decoded by CoreGate, agree IE by IE")
    func pycrateToCoreGate() throws {
        guard let records = Self.load() else { return }
        var failures: [String] = []
        var met = Set<String>(), agreed = 0, built = 0
        for r in records where !r.deliberate {
            guard let b = r.built, let hex = b["hex"]?.stringValue, let bytes = try? Hex.decode(hex), let py = b["pycrate"] else {
                let reason = "pycrate could not build it: \(r.built?["error"]?.stringValue ?? r.built?.jsonText ?? "-")"
                let left = Self.unexplained([reason], direction: "build", message: r.message, met: &met)
                if !left.isEmpty { failures.append("\(r.label): \(reason)") }
                continue
            }
            built += 1
            var differences: [String] = (b["missing"]?.arrayValue ?? []).map { "pycrate has no IE with IEI \($0["iei"]?.jsonText ?? "-") (\($0["key"]?.stringValue ?? "?"))" }
            // An IE pycrate does not know explains the byte difference it makes; otherwise the bytes must match.
            if differences.isEmpty && bytes != r.bytes { differences.append(contentsOf: Self.byteDifferences(bytes, r.bytes)) }
            do {
                _ = try NASMessage(nasEncoded: bytes[...], options: .strict)
                differences.append(contentsOf: Self.differences(py, bytes))
            } catch {
                differences.append("CoreGate rejects pycrate's bytes: \(error)")
            }
            let left = Self.unexplained(differences, direction: "build", message: r.message, met: &met)
            if left.isEmpty { agreed += 1 } else { failures.append("\(r.label): " + left.prefix(4).joined(separator: "; ")) }
        }
        print("NAS5GS random oracle: \(agreed) of \(built) pycrate-built messages agree with CoreGate; faults met: \(met.sorted())")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) disagreements:\n" + failures.prefix(30).joined(separator: "\n")))
        let recorded = Set(Self.faults.filter { $0.direction == "build" }.map(\.id))
        #expect(met == recorded, "recorded pycrate build faults never met: \(recorded.subtracting(met).sorted())")
    }

    /// Where pycrate's bytes differ from the table-built ones: `bytes differ at N: pycrate XX, spec YY`.
    static func byteDifferences(_ pycrate: [UInt8], _ spec: [UInt8]) -> [String] {
        let i = (0..<min(pycrate.count, spec.count)).first { pycrate[$0] != spec[$0] } ?? min(pycrate.count, spec.count)
        let p = i < pycrate.count ? String(pycrate[i], radix: 16) : "end", s = i < spec.count ? String(spec[i], radix: 16) : "end"
        return ["bytes differ at \(i): pycrate \(p), spec \(s)"]
    }

    @Test("the comparison fails when pycrate reports an error: a deliberately wrong message")
    func deliberateError() throws {
        guard let records = Self.load() else { return }
        let wrong = try #require(records.first { $0.deliberate })
        #expect(wrong.pycrate["err"]?.intValue != 0, "pycrate accepted the deliberately wrong message")
        let differences = Self.differences(wrong.pycrate, wrong.bytes)
        #expect(differences.contains { $0.hasPrefix("pycrate error") })
        var met = Set<String>()
        #expect(!Self.unexplained(differences, direction: "decode", message: wrong.message, met: &met).isEmpty)
        // and a pycrate record whose IE value differs from the bytes is a difference too
        guard let good = records.first(where: { !$0.deliberate && $0.message == "RegistrationRequest" }),
              case .object(var top) = good.pycrate, let msgIndex = top.firstIndex(where: { $0.key == "msg" }),
              case .object(var msg) = top[msgIndex].value, let iesIndex = msg.firstIndex(where: { $0.key == "ies" }),
              case .array(var ies) = msg[iesIndex].value, let hexIndex = ies.firstIndex(where: { $0["hex"] != nil }),
              case .object(var ie) = ies[hexIndex], let h = ie.firstIndex(where: { $0.key == "hex" }) else {
            Issue.record("no Registration request record to alter"); return
        }
        ie[h].value = .string("00")
        ies[hexIndex] = .object(ie)
        msg[iesIndex].value = .array(ies)
        top[msgIndex].value = .object(msg)
        #expect(!Self.differences(.object(top), good.bytes).isEmpty, "an altered pycrate value goes unnoticed")
    }
}

/// Oracle files (in `$COREGATE_ORACLE_DIR`, else `<package root>/.build/oracles`).
enum SharedCaptureFile {
    static func oracle(_ name: String) -> URL { TestPaths.oracleFile.deletingLastPathComponent().appendingPathComponent(name) }
}
