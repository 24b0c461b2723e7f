#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Reporting
import Testing
import TestSupport

/// `coregate run` as a user runs it: the built binary with the fixed-delay TEST engine (the run loop, reports,
/// signals and exit codes without any network; `LiveRunTests` runs the live engine), a real clock and real
/// signals.
@Suite("coregate run", .serialized)
struct RunCommandTests {
    static let coregate = SharedCaptures.packageRoot.appendingPathComponent(".build/debug/coregate").path

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cg-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func writePlan(in folder: URL, load: String) throws -> String {
        let path = folder.appendingPathComponent("plan.yaml").path
        try """
            version: 1
            metadata: {name: run-command-test}
            subscribers:
              - {supi_first: imsi-001010000000001, count: 20, k: 465B5CE8B199B49FAA5F0A2EE238A6BC, opc: E8ED289DEBA952E4283B54E88E6183CA}
            scenario:
              steps: [register, deregister]
            \(load)
            thresholds: [registration.success_rate >= 99%]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a run to the end writes JSON, JUnit and HTML and exits 0")
    func complete() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.coregate), "build coregate first")
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try Self.writePlan(in: dir, load: "")
        let json = dir.appendingPathComponent("r.json").path
        let run = try ExternalTool.execute(Self.coregate, ["run", plan, "--test-engine-delay", "2ms", "--json", json,
                                                           "--junit", dir.appendingPathComponent("r.xml").path, "--html", dir.appendingPathComponent("r.html").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("run-command-test: PASSED"))
        #expect(run.stderr.contains("TEST engine"), "the test engine says so")
        let results = try ResultsJSON.decode([UInt8](try #require(FileManager.default.contents(atPath: json))))
        #expect(results.procedures["registration"]?.success == 20 && results.procedures["deregistration"]?.success == 20)
        #expect(results.thresholds.first?.passed == true)
        #expect(!results.run.environment.interrupted)
    }

    @Test("SIGINT during a run: it stops within seconds, writes every report marked interrupted (JUnit valid), exits 1; metrics are scraped live")
    func interrupted() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.coregate), "build coregate first")
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try Self.writePlan(in: dir, load: "load: {model: closed, start: 5, stages: [{target: 5, duration: 10m}]}")
        let json = dir.appendingPathComponent("r.json").path, junit = dir.appendingPathComponent("r.xml").path
        let errFile = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.coregate)
        p.arguments = ["run", plan, "--test-engine-delay", "50ms", "--json", json, "--junit", junit,
                       "--html", dir.appendingPathComponent("r.html").path, "--metrics", "127.0.0.1:0"]
        p.standardError = try FileHandle(forWritingTo: errFile)
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        // SIGKILL: a child whose SIGTERM is blocked would outlive the test.
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }

        // Wait (at most 20 s) for the metrics address and some finished iterations.
        var port: Int?
        for _ in 0..<200 {
            let text = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
            if port == nil, let r = text.firstMatch(of: #/metrics at http://127\.0\.0\.1:(\d+)/metrics/#) { port = Int(r.1) }
            if port != nil, text.contains("running") { break }
            usleep(100_000)
        }
        let metricsPort = try #require(port)
        usleep(500_000)
        let scrape = try rawRequest(port: metricsPort, "GET /metrics HTTP/1.1\r\n\r\n")
        #expect(scrape.hasPrefix("HTTP/1.1 200 OK"))
        #expect(scrape.contains("coregate_procedure_attempts_total{procedure=\"registration\"}"))
        #expect(scrape.contains("coregate_iterations_running 5"))

        let sent = Date()
        p.interrupt()
        for _ in 0..<200 where p.isRunning { usleep(50_000) }
        #expect(!p.isRunning, "stopped within 10 s")
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 5)
        #expect(p.terminationStatus == 1)
        let results = try ResultsJSON.decode([UInt8](try #require(FileManager.default.contents(atPath: json))))
        #expect(results.run.environment.interrupted)
        #expect(results.run.environment.interruptionReason == "interrupted (SIGINT)")
        #expect((results.procedures["registration"]?.success ?? 0) > 0)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("run interrupted"))
        if let xmllint = ExternalTool.find(["xmllint"]), let schema = SharedCaptures.candidates.map({ $0.appendingPathComponent("schemas/junit-10.xsd").path })
            .first(where: { FileManager.default.fileExists(atPath: $0) }) {
            let check = try ExternalTool.execute(xmllint, ["--noout", "--schema", schema, junit])
            #expect(check.status == 0, "\(check.stderr)")
        } else {
            Issue.record("xmllint or junit-10.xsd missing: scripts/setup installs libxml2-utils; the schema is in the shared folder")
        }
    }

    @Test("usage errors exit 2: a broken plan, a bad shard, a bad --metrics, an AMF given by name")
    func usage() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.coregate), "build coregate first")
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try Self.writePlan(in: dir, load: "")
        let broken = dir.appendingPathComponent("broken.yaml").path
        try "version: 1\nmetadata: {name: x}\nscenario: {stepz: []}\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["run", broken, "--test-engine-delay", "1ms"], "broken.yaml:3"),
            (["run", plan, "--shard", "3/2", "--test-engine-delay", "1ms"], "--shard 3/2"),
            (["run", plan, "--metrics", "localhost", "--test-engine-delay", "1ms"], "--metrics localhost"),
            (["run", plan, "--set", "target.core=external", "--set", "target.amf=amf.invalid:38412"], "host names are not resolved"),
        ]
        for (arguments, message) in cases {
            let run = try ExternalTool.execute(Self.coregate, arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
    }
}
