import Bytes
import Foundation
import Testing
import TestPlan

/// The JSON Schema (`testplans/schema.json`, what editors use) and the validator judge plans alike, checked
/// with an independent validator: `check-jsonschema` (PyPI, installed by scripts/setup into `.venv`).
@Suite("Schema agrees with the validator")
struct SchemaAgreementTests {
    /// Single-rule edits of smoke.yaml: each breaks one rule; `schema` says whether the JSON Schema can see it.
    static let mutations: [(override: String, schema: Bool)] = [
        ("metadata.tgas=[x]", true),
        ("target.sctp=kernal", true),
        ("ran.gnbs[0].tac=\"1\"", true),
        ("ran.gnbs[0].plmn.mcc=1", true),
        ("ran.gnbs[0].id_length=40", true),
        ("subscribers[0].k=ABC", true),
        ("subscribers[0].amf=8000", true),
        ("subscribers[0].supi_first=imsi-12", true),
        ("subscribers[0].suci={scheme: profile-a}", true),
        ("scenario.steps[0]=registr", true),
        ("scenario.steps[0]={register: {auth: 5g-akka}}", true),
        ("scenario.steps[0]={ng-setup: {}}", true),
        ("scenario.steps[2].traffic.rate=10x", true),
        ("scenario.steps[2].traffic.duration=10s", true),
        ("scenario.steps[2].traffic.port=9", true),
        ("scenario.setup[0].ng-setup.expect.within=10x", true),
        ("scenario.setup[0].ng-setup.expect.message=ngap.NGSetupResponze", true),
        ("scenario.setup[0].ng-setup.expect.verdict=fine", true),
        ("scenario.steps[0].register.expect.verdict=valid", true),
        ("scenario.steps[0]={send-ngap: {hex: 0g}}", true),
        ("scenario.steps[0]={pdu-session: {action: release, dnn: internet}}", true),
        ("load={model: closed, stages: []}", true),
        ("load={model: open, stages: [{target: 10, duration: 1s}]}", true),
        ("thresholds[0]=registration.latncy.p95 < 1ms", true),
        ("thresholds[0]=gtpu.loss < 5ms", true),
        ("thresholds[0]={threshold: gtpu.loss < 1%, delay_abort_eval: 1s}", true),
        ("target={core: external}", true),
        ("target={core: embedded, upf: 10.0.0.1}", true),
        ("version=2", true),
        // Rules that need arithmetic or other sections: only the validator sees them.
        ("subscribers[0].supi_first=imsi-001019999999995", false),
        ("ran.gnbs[0].id=5000000", false),
        ("scenario.steps[0]={register: {gnb: nope}}", false),
        ("scenario.steps[0]={handover: {}}", false),
        ("load={model: closed, stages: [{target: 11, iterations: 1}]}", false),
        ("scenario.setup[0]={send-ngap: {jer: {initiatingMessage: {}}}}", false),
        ("target={core: external, amf: 10.0.0.1}", false),
    ]

    static func checkJSONSchema() throws -> URL {
        let env = ProcessInfo.processInfo.environment["COREGATE_CHECK_JSONSCHEMA"]
        let tool = env.map { URL(fileURLWithPath: $0) } ?? PlanFiles.root.appendingPathComponent(".venv/bin/check-jsonschema")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            throw Missing(description: "\(tool.path) is missing: scripts/setup installs check-jsonschema into .venv")
        }
        return tool
    }

    struct Missing: Error, CustomStringConvertible { var description: String }

    /// Runs check-jsonschema once over `files`; returns the files it rejects (schema errors or YAML errors).
    static func rejected(_ files: [String]) throws -> Set<String> {
        let p = Process()
        p.executableURL = try checkJSONSchema()
        p.arguments = ["--schemafile", PlanFiles.schema.path, "--output-format", "json"] + files
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let json = try JSONValue(parsing: [UInt8](data))
        var bad = Set<String>()
        for key in ["errors", "parse_errors"] {
            guard case .array(let items)? = json[key] else { continue }
            for item in items { if case .string(let f)? = item["filename"] { bad.insert(f) } }
        }
        return bad
    }

    @Test("the schema is a valid draft 2020-12 schema")
    func metaschema() throws {
        let p = Process()
        p.executableURL = try Self.checkJSONSchema()
        p.arguments = ["--check-metaschema", PlanFiles.schema.path]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test("shipped plans, their canonical forms, the invalid corpus and single-rule edits: schema and validator agree")
    func agreement() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        var mustPass: [String] = PlanFiles.shipped.map(PlanFiles.shippedPath)
        for name in PlanFiles.shipped {
            let canonical = CanonicalForm.document(try PlanFiles.load(PlanFiles.shippedPath(name))).jsonText
            let file = dir.appendingPathComponent("canonical-" + name).path
            try canonical.write(toFile: file, atomically: true, encoding: .utf8)
            mustPass.append(file)
        }
        var mustFail: [String] = []
        for name in PlanFiles.yamlFiles(in: PlanFiles.invalid) {
            let path = PlanFiles.invalidPath(name)
            if try PlanFiles.expected(for: name).schemaRejects { mustFail.append(path) } else { mustPass.append(path) }
        }
        // Each edit is applied to smoke.yaml's document and written out as JSON, as check-jsonschema sees it.
        let smokeText = try String(contentsOfFile: PlanFiles.shippedPath("smoke.yaml"), encoding: .utf8)
        let smoke = try YAMLDocumentReader.read(smokeText, file: "smoke.yaml").get()
        var validatorOnly: [String] = []
        for (i, m) in Self.mutations.enumerated() {
            let edited = try PlanOverride.apply([PlanOverride.parse(m.override).get()], to: smoke).get()
            let file = dir.appendingPathComponent("mutation-\(i).json").path
            try edited.jsonValue.jsonText.write(toFile: file, atomically: true, encoding: .utf8)
            let diagnostics = TestPlanLoader.diagnostics(contentsOf: file)
            #expect(!diagnostics.isEmpty, "the validator accepts \(m.override)")
            if m.schema { mustFail.append(file) } else { validatorOnly.append(file) }
        }
        let rejected = try Self.rejected(mustPass + mustFail + validatorOnly)
        for f in mustPass { #expect(!rejected.contains(f), "the schema rejects \(f), which the validator accepts") }
        for f in mustFail { #expect(rejected.contains(f), "the schema accepts \(f), which breaks a rule it can express") }
        for (f, m) in zip(validatorOnly, Self.mutations.filter { !$0.schema }) {
            #expect(!rejected.contains(f), "the schema rejects \(m.override); mark it as a rule the schema expresses")
        }
    }
}
