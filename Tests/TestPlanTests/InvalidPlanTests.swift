import Foundation
import Testing
import TestPlan

@Suite("Invalid plans")
struct InvalidPlanTests {
    static let files = PlanFiles.yamlFiles(in: PlanFiles.invalid)

    @Test("the corpus covers every rule family the brief names")
    func corpusIsThere() {
        for name in ["unknown-keys", "wrong-types", "bad-durations", "bad-rates", "bad-hex-keys", "unknown-metrics",
                     "unknown-step-kinds", "subscriber-overflow", "load-no-stage", "send-ngap-not-hex", "broken-yaml-tab",
                     "broken-yaml-quote"] {
            #expect(Self.files.contains(name + ".yaml"), "\(name)")
        }
    }

    @Test("each invalid plan gives exactly the errors of its .expected file, at those lines and columns", arguments: files)
    func exactErrors(name: String) throws {
        let expected = try PlanFiles.expected(for: name)
        #expect(!expected.lines.isEmpty)
        let path = PlanFiles.invalidPath(name)
        let got = TestPlanLoader.diagnostics(contentsOf: path).map { d -> String in
            #expect(d.position.file == path)
            return "\(d.position.lineColumn): \(d.message)"
        }
        #expect(got == expected.lines)
    }

    @Test("a subscriber file's errors carry that file's name and positions")
    func subscriberFileErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        subscribers:
          - supi_first: imsi-001010000000001
            count: 3
            k: 465B5CE8B199B49FAA5F0A2EE238A6BC
            opc: E8ED289DEBA952E4283B54E88E6183C
        """.write(to: dir.appendingPathComponent("subs.yaml"), atomically: true, encoding: .utf8)
        try """
        version: 1
        metadata: {name: file}
        subscribers:
          - file: subs.yaml
          - file: missing.yaml
        scenario: {steps: [register]}
        """.write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let d = TestPlanLoader.diagnostics(contentsOf: dir.appendingPathComponent("plan.yaml").path)
        #expect(d.map { "\(($0.position.file as NSString).lastPathComponent):\($0.position.lineColumn): \($0.message)" } == [
            "plan.yaml:5:11: subscribers[1].file: \(dir.appendingPathComponent("missing.yaml").path): no such file",
            "subs.yaml:5:10: subscribers[0].opc: OPc takes 32 hex digits (16 bytes), got 31",
        ])
    }

    @Test("subscribers from a file (the embedded core's configuration shape) read like inline ones")
    func subscriberFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        amf: {name: emulated}
        subscribers:
          - {supi_first: imsi-001010000000001, count: 40, k: 465B5CE8B199B49FAA5F0A2EE238A6BC, opc: E8ED289DEBA952E4283B54E88E6183CA, amf: "8000", sqn: "000000000000", slices: [{sst: 1}], dnns: [internet]}
        """.write(to: dir.appendingPathComponent("core.yaml"), atomically: true, encoding: .utf8)
        try """
        version: 1
        metadata: {name: file}
        subscribers:
          - file: core.yaml
          - {supi_first: imsi-001010000000041, k: 465B5CE8B199B49FAA5F0A2EE238A6BC, op: 00112233445566778899AABBCCDDEEFF}
        scenario: {steps: [register]}
        """.write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let plan = try PlanFiles.load(dir.appendingPathComponent("plan.yaml").path)
        #expect(plan.subscribers.count == 41)
        #expect(plan.subscribers.identity(ue: 39)?.supi == "imsi-001010000000040")
        #expect(plan.subscribers.identity(ue: 40)?.operatorKey == .op([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]))
        #expect(plan.subscribers.ranges[0].position.file.hasSuffix("core.yaml"))
    }

    @Test("top-level x- keys hold anchors and are not read; other unknown keys stay errors")
    func extensionKeys() throws {
        let text = """
        version: 1
        metadata: {name: anchors}
        x-register: &register {auth: eap-aka-prime, timeout: 3s}
        subscribers: [{supi_first: imsi-001010000000001, k: 465B5CE8B199B49FAA5F0A2EE238A6BC, op: 465B5CE8B199B49FAA5F0A2EE238A6BC}]
        scenario:
          steps:
            - register: {<<: *register, integrity: [nia2]}
        """
        let plan = try TestPlanLoader.load(text: text, file: "anchors.yaml")
        guard case .register(let r) = plan.scenario.steps[0].action else { Issue.record("not register"); return }
        #expect(r.authentication == .eapAKAPrime && r.integrity == [.nia2])
        #expect(plan.scenario.steps[0].timeout == .seconds(3))
        let d = TestPlanLoader.diagnostics(contentsOf: PlanFiles.invalidPath("unknown-keys.yaml"))
        #expect(d.last?.message.hasPrefix("unknown key \"colour\"") == true)
    }

    @Test("files that are folders, missing or not UTF-8 are reported at 1:1")
    func unreadable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let latin = dir.appendingPathComponent("latin1.yaml")
        try Data([0x61, 0x3A, 0x20, 0xFF, 0x0A]).write(to: latin)
        #expect(TestPlanLoader.diagnostics(contentsOf: latin.path).map(\.message) == ["not UTF-8 text"])
        #expect(TestPlanLoader.diagnostics(contentsOf: dir.path).map(\.message) == ["a folder, not a plan file"])
        #expect(TestPlanLoader.diagnostics(contentsOf: dir.appendingPathComponent("none.yaml").path).map(\.message) == ["no such file"])
    }

    @Test("YAML that is not text, is empty, or holds two documents is reported, not a crash")
    func brokenDocuments() {
        for (text, line, start) in [("", 1, "the document is empty"), ("a: 1\n---\nb: 2\n", 2, "invalid YAML"),
                                     ("key: [1, 2\n", 2, "invalid YAML"), ("a: *nope\n", 1, "invalid YAML")] {
            do {
                _ = try TestPlanLoader.load(text: text, file: "t.yaml")
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.code == .invalidPlan)
                #expect(error.diagnostics.count == 1)
                #expect(error.diagnostics.first?.position.line == line, "\(text): \(error.diagnostics)")
                #expect(error.diagnostics.first?.message.hasPrefix(start) == true, "\(error.diagnostics)")
            }
        }
    }
}
