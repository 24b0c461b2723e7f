import Testing
import TestPlan
import TestSupport

@Suite("coregate validate")
struct ValidateCommandTests {
    @Test("valid plans exit 0 and say so")
    func valid() throws {
        let r = try BuiltTool.run("coregate", ["validate"] + PlanFiles.shipped.map(PlanFiles.shippedPath))
        #expect(r.status == 0)
        #expect(r.stdoutText.split(separator: "\n").count == PlanFiles.shipped.count)
        #expect(r.stderr.isEmpty)
    }

    @Test("every error of every file is printed as file:line:column: error: message; exit 2")
    func invalid() throws {
        let names = ["unknown-keys.yaml", "broken-yaml-tab.yaml"]
        let r = try BuiltTool.run("coregate", ["validate"] + [PlanFiles.shippedPath("smoke.yaml")] + names.map(PlanFiles.invalidPath))
        #expect(r.status == 2)
        var expected: [String] = []
        for name in names {
            let path = PlanFiles.invalidPath(name)
            let e = try PlanFiles.expected(for: name)
            expected += e.lines.map { line -> String in
                let parts = line.split(separator: ":", maxSplits: 2)
                return "\(path):\(parts[0]):\(parts[1]): error:\(parts[2])"
            }
            expected.append("\(path): \(e.lines.count) error\(e.lines.count == 1 ? "" : "s")")
        }
        #expect(r.stderr.split(separator: "\n").map(String.init) == expected)
        #expect(r.stdoutText == "\(PlanFiles.shippedPath("smoke.yaml")): valid\n")
    }

    @Test("--set applies to the plan; a malformed --set exits 2 naming the key")
    func overrides() throws {
        let bad = try BuiltTool.run("coregate", ["validate", "--set", "target.sctp=kernal", PlanFiles.shippedPath("smoke.yaml")])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("--set target.sctp: error: target.sctp: \"kernal\" is not one of auto, kernel, user"))
        let malformed = try BuiltTool.run("coregate", ["validate", "--set", "nokey", PlanFiles.shippedPath("smoke.yaml")])
        #expect(malformed.status == 2)
        #expect(malformed.stderr == "error: --set nokey: expected key=value\n")
        let missing = try BuiltTool.run("coregate", ["validate", "/nonexistent/plan.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("/nonexistent/plan.yaml:1:1: error: no such file"))
    }

    @Test("--resolved prints the plan with its defaults, which validates again")
    func resolved() throws {
        let r = try BuiltTool.run("coregate", ["validate", "--resolved", PlanFiles.shippedPath("registration-storm.yaml")])
        #expect(r.status == 0)
        let plan = try TestPlanLoader.load(text: r.stdoutText, file: "resolved.json")
        #expect(plan.metadata.name == "registration-storm")
        #expect(r.stdoutText.contains("\"graceful_stop\":\"10s\""))
        #expect(r.stdoutText.contains("\"auth\":\"5g-aka\""))
    }
}

@Suite("coregate validate --shard")
struct ValidateShardTests {
    @Test("--shard prints the shard's UE and gNB blocks, and fails for a plan with too few gNBs")
    func shard() throws {
        let ok = try BuiltTool.run("coregate", ["validate", "-q", "--shard", "2/4", PlanFiles.shippedPath("registration-storm.yaml")])
        #expect(ok.status == 0)
        #expect(ok.stdoutText == "\(PlanFiles.shippedPath("registration-storm.yaml")): shard 2/4: UEs 5000..<10000, gNBs 2..<4\n")
        let bad = try BuiltTool.run("coregate", ["validate", "-q", "--shard", "2/4", PlanFiles.shippedPath("smoke.yaml")])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("the plan has 1 gNB for 4 shards"))
        let malformed = try BuiltTool.run("coregate", ["validate", "--shard", "5/4", PlanFiles.shippedPath("smoke.yaml")])
        #expect(malformed.status == 2)
    }
}
