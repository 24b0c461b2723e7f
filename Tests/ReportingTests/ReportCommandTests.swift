import Foundation
import Reporting
import TestSupport
import Testing

/// `coregate report diff|merge|demo` as a user runs them: outputs and exit codes.
@Suite struct ReportCommandTests {
    func write(_ r: RunResults, _ path: URL) throws { try Data(ResultsJSON.encode(r)).write(to: path) }

    @Test("diff exits 1 on a regression, 0 without, 2 on a bad file") func diffExitCodes() throws {
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json"), b = dir.appendingPathComponent("b.json")
        try write(DiffTests.variant(latencyFactor: 1), a)
        try write(DiffTests.variant(latencyFactor: 1.3), b)
        let worse = try BuiltTool.run("coregate", ["report", "diff", a.path, b.path])
        #expect(worse.status == 1, "\(worse.stderr)")
        #expect(worse.stdoutText.contains("REGRESSION") && worse.stdoutText.contains("3 regressions"), "\(worse.stdoutText)")
        let tolerant = try BuiltTool.run("coregate", ["report", "diff", a.path, b.path, "--threshold", "latency=40%"])
        #expect(tolerant.status == 0, "\(tolerant.stdoutText)")
        #expect(try BuiltTool.run("coregate", ["report", "diff", a.path, a.path]).status == 0)
        let missing = try BuiltTool.run("coregate", ["report", "diff", a.path, dir.appendingPathComponent("none.json").path])
        #expect(missing.status == 2 && missing.stderr.contains("none.json: cannot read the file"), "\(missing.stderr)")
    }

    @Test("merge writes the merged JSON, JUnit and HTML; a bad output path fails alone") func mergeWritesOutputs() throws {
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var inputs: [String] = []
        for i in 1...3 {
            let path = dir.appendingPathComponent("shard\(i).json")
            try write(SyntheticRun.make(.init(ues: 900, seconds: 60, shard: ShardInfo(index: i, of: 3))), path)
            inputs.append(path.path)
        }
        let out = dir.appendingPathComponent("merged")
        let r = try BuiltTool.run("coregate", ["report", "merge"] + inputs + ["--json", out.path + ".json", "--junit", "/nonexistent/x.xml", "--html", out.path + ".html"])
        #expect(r.status == 2, "the JUnit path cannot be written")
        #expect(r.stderr.contains("junit report /nonexistent/x.xml"), "\(r.stderr)")
        let merged = try ResultsJSON.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: out.path + ".json"))))
        #expect(merged.run.shard?.isComplete == true)
        #expect(merged.procedures["registration"]?.count == SyntheticRun.make(.init(ues: 900, seconds: 60)).procedures["registration"]?.count)
        #expect(FileManager.default.fileExists(atPath: out.path + ".html"))
        let twice = try BuiltTool.run("coregate", ["report", "merge", inputs[0], inputs[0], "--json", out.path + "2.json"])
        #expect(twice.status == 2 && twice.stderr.contains("shard 1 appears twice"), "\(twice.stderr)")
    }
}
