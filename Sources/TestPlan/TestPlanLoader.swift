import Foundation

/// Reads plan files into `TestPlan` values: YAML, then `--set` overrides, then every rule of the format.
public enum TestPlanLoader {
    /// Reads the plan at `path`. Throws `TestPlanError` with every diagnostic when the plan breaks rules.
    public static func load(contentsOf path: String, overrides: [PlanOverride] = []) throws(TestPlanError) -> TestPlan {
        let text: String
        switch readText(path) {
        case .success(let t): text = t
        case .failure(let reason):
            throw TestPlanError(.unreadable, "\(path): \(reason.message)",
                                diagnostics: [PlanDiagnostic(SourcePosition(file: path, line: 1, column: 1), reason.message)])
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try load(text: text, file: path, overrides: overrides, readFile: fileReader(relativeTo: directory))
    }

    /// Reads a plan from `text`; `file` names it in diagnostics; `readFile` reads the files the plan names.
    public static func load(text: String, file: String, overrides: [PlanOverride] = [],
                            readFile: @escaping (String) -> Result<(path: String, text: String), TestPlanDiagnostics> = { name in
                                .failure(TestPlanDiagnostics([PlanDiagnostic(SourcePosition(file: name, line: 1, column: 1), "files are not read here")]))
                            }) throws(TestPlanError) -> TestPlan {
        var root: PlanNode
        switch YAMLDocumentReader.read(text, file: file) {
        case .success(let node): root = node
        case .failure(let d): throw invalid(file, d.diagnostics)
        }
        if !overrides.isEmpty {
            root = expandingShorthands(root)
            switch PlanOverride.apply(overrides, to: root) {
            case .success(let node): root = node
            case .failure(let d): throw invalid(file, d.diagnostics)
            }
        }
        var decoder = PlanDecoder(file: file, readFile: readFile)
        let plan = decoder.decode(root)
        guard let plan, decoder.r.diagnostics.isEmpty else { throw invalid(file, decoder.r.diagnostics) }
        return plan
    }

    /// Every rule the plan at `path` breaks, in position order; empty when it is valid.
    public static func diagnostics(contentsOf path: String, overrides: [PlanOverride] = []) -> [PlanDiagnostic] {
        do {
            _ = try load(contentsOf: path, overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// `target: embedded` as `target: {core: embedded}`, so that `--set target.amf=…` can turn it external.
    static func expandingShorthands(_ root: PlanNode) -> PlanNode {
        guard var entries = root.entries, let i = entries.firstIndex(where: { $0.key == "target" }),
              case .string("embedded") = entries[i].value.value else { return root }
        let at = entries[i].value.position
        entries[i].value = PlanNode(.mapping([PlanNode.Entry(key: "core", keyPosition: at, value: entries[i].value)]), at: at)
        var copy = root
        copy.value = .mapping(entries)
        return copy
    }

    struct ReadFailure: Error { var message: String }

    /// The UTF-8 text of the file at `path`, or why not.
    static func readText(_ path: String) -> Result<String, ReadFailure> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .failure(ReadFailure(message: "no such file")) }
        guard !isDirectory.boolValue else { return .failure(ReadFailure(message: "a folder, not a plan file")) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(ReadFailure(message: "cannot read the file")) }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(ReadFailure(message: "not UTF-8 text")) }
        return .success(text)
    }

    /// Reads files named in a plan relative to the plan's folder.
    public static func fileReader(relativeTo directory: String) -> (String) -> Result<(path: String, text: String), TestPlanDiagnostics> {
        { name in
            let path = name.hasPrefix("/") || directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name)
            switch readText(path) {
            case .success(let text): return .success((path, text))
            case .failure(let reason): return .failure(TestPlanDiagnostics([PlanDiagnostic(SourcePosition(file: path, line: 1, column: 1), "\(path): \(reason.message)")]))
            }
        }
    }

    static func invalid(_ file: String, _ diagnostics: [PlanDiagnostic]) -> TestPlanError {
        let sorted = diagnostics.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element)
        return TestPlanError(.invalidPlan, "\(file): \(sorted.count) error\(sorted.count == 1 ? "" : "s")", diagnostics: sorted)
    }
}
