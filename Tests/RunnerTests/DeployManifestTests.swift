import Foundation
import Testing
import TestPlan
import TestSupport
import Yams

/// `deploy/k8s`: the Kustomize base and the example overlay render with `kubectl kustomize`, the manifests
/// validate against Kubernetes' schemas (`kubernetes-validate --strict`), and what they run fits together:
/// N in every place, each pod a distinct shard 1…N of a plan that can be split N ways.
@Suite("Kubernetes deployment", .serialized)
struct DeployManifestTests {
    static let root = SharedCaptures.packageRoot.appendingPathComponent("deploy/k8s")

    static func kubectl() throws -> String {
        guard let k = ExternalTool.find(["kubectl"]) else {
            throw ExternalTool.Missing(description: "kubectl not found: install Debian's kubernetes-client (scripts/setup does)")
        }
        return k
    }

    static func validator() throws -> String {
        guard let v = ExternalTool.find([".venv/bin/kubernetes-validate", "kubernetes-validate"]) else {
            throw ExternalTool.Missing(description: "kubernetes-validate not found: scripts/setup installs it into .venv")
        }
        return v
    }

    /// `kubectl kustomize` of `folder` (relative to deploy/k8s).
    static func render(_ folder: String) throws -> String {
        let run = try ExternalTool.execute(try kubectl(), ["kustomize", root.appendingPathComponent(folder).path])
        try #require(run.status == 0, "kubectl kustomize \(folder): \(run.stderr)")
        return run.stdout
    }

    /// kubernetes-validate --strict over `yaml`; returns its status and output.
    static func validate(_ yaml: String) throws -> ExternalTool.Run {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cg-k8s-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try ExternalTool.execute(try validator(), ["--strict", file.path])
    }

    static func documents(_ yaml: String) throws -> [[String: Any]] {
        try Yams.load_all(yaml: yaml).compactMap { $0 as? [String: Any] }
    }

    static func object(_ docs: [[String: Any]], kind: String, name: String) throws -> [String: Any] {
        try #require(docs.first { $0["kind"] as? String == kind && (($0["metadata"] as? [String: Any])?["name"] as? String) == name },
                     "no \(kind) \(name)")
    }

    static func container(_ job: [String: Any]) throws -> [String: Any] {
        let spec = try #require(job["spec"] as? [String: Any])
        let template = try #require(spec["template"] as? [String: Any])
        let podSpec = try #require(template["spec"] as? [String: Any])
        return try #require((podSpec["containers"] as? [[String: Any]])?.first)
    }

    static func env(_ container: [String: Any], _ name: String) -> String? {
        (container["env"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["value"] as? String
    }

    @Test("base and overlay render and pass kubernetes-validate --strict", arguments: ["base", "overlays/example"])
    func rendersAndValidates(folder: String) throws {
        let yaml = try Self.render(folder)
        let run = try Self.validate(yaml)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let kinds = try Self.documents(yaml).compactMap { $0["kind"] as? String }.sorted()
        #expect(kinds == ["ConfigMap", "Job", "Job", "PersistentVolumeClaim"])
        #expect(run.stdout.components(separatedBy: "passed").count - 1 == 4, "\(run.stdout)")
    }

    @Test("the validator rejects a broken manifest, so its pass means something")
    func validatorRejects() throws {
        let yaml = try Self.render("base")
        let wrongType = yaml.replacingOccurrences(of: "completions: 4", with: "completions: four")
        #expect(wrongType != yaml)
        #expect(try Self.validate(wrongType).status != 0)
        let unknownField = yaml.replacingOccurrences(of: "completionMode: Indexed", with: "completionMode: Indexed\n  shardCount: 4")
        #expect(unknownField != yaml)
        #expect(try Self.validate(unknownField).status != 0)
    }

    @Test("N agrees everywhere, each pod runs a distinct shard 1…N writing its own file, the plan splits N ways",
          arguments: [("base", 4), ("overlays/example", 8)])
    func shardsFitTogether(folder: String, n: Int) throws {
        let docs = try Self.documents(try Self.render(folder))
        let shards = try Self.object(docs, kind: "Job", name: "coregate-shards")
        let spec = try #require(shards["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        #expect(spec["completions"] as? Int == n && spec["parallelism"] as? Int == n)
        let runner = try Self.container(shards)
        #expect(Self.env(runner, "SHARDS") == String(n))
        #expect(Self.env(try Self.container(try Self.object(docs, kind: "Job", name: "coregate-merge")), "SHARDS") == String(n))

        // The pod command, run by sh with `coregate` replaced by echo, for every completion index.
        let script = try #require((runner["args"] as? [String])?.first).replacingOccurrences(of: "exec coregate", with: "echo")
        var seen: [Int] = []
        var outputs: Set<String> = []
        for index in 0..<n {
            let run = try ExternalTool.execute("/bin/sh", ["-c", "JOB_COMPLETION_INDEX=\(index) SHARDS=\(n); \(script)"])
            let words = run.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
            let shardText = try #require(words.firstIndex(of: "--shard").map { words[$0 + 1] })
            let shard = try Shard.parse(shardText)
            #expect(shard.count == n)
            seen.append(shard.index)
            outputs.insert(try #require(words.firstIndex(of: "--json").map { words[$0 + 1] }))
            #expect(words.first == "run")
        }
        #expect(seen == Array(1...n))
        #expect(outputs == Set((0..<n).map { "/results/shard-\($0).json" }))

        // The plan the ConfigMap carries is valid and can be split N ways.
        let configMap = try #require(docs.first { $0["kind"] as? String == "ConfigMap" })
        let planText = try #require((configMap["data"] as? [String: Any])?["plan.yaml"] as? String)
        let plan = try TestPlanLoader.load(text: planText, file: "\(folder)/plan.yaml")
        for i in 1...n { _ = try plan.slice(Shard(index: i, count: n)) }
        // The pods mount that ConfigMap (by its generated, hashed name) and the shared results claim.
        let mapName = try #require((configMap["metadata"] as? [String: Any])?["name"] as? String)
        let podSpec = try #require(((spec["template"] as? [String: Any])?["spec"] as? [String: Any]))
        let volumes = try #require(podSpec["volumes"] as? [[String: Any]])
        #expect(volumes.contains { ($0["configMap"] as? [String: Any])?["name"] as? String == mapName })
        #expect(volumes.contains { ($0["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String == "coregate-results" })
    }
}
