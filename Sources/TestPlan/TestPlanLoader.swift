import Foundation

/// Reads plan files into `TestPlan` values: YAML, then `--set` overrides, then every rule of the format.
public enum TestPlanLoader {
    /// Reads the plan at `path`. Throws `TestPlanError` with every diagnostic when the plan breaks rules.
    public static func load(contentsOf path: String, overrides: [PlanOverride] = []) throws(TestPlanError) -> TestPlan {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TestPlanError(.unreadable, "\(path): cannot read: \(error.localizedDescription)",
                                diagnostics: [PlanDiagnostic(SourcePosition(file: path, line: 1, column: 1), "cannot read the file")])
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

    /// Reads files named in a plan relative to the plan's folder.
    public static func fileReader(relativeTo directory: String) -> (String) -> Result<(path: String, text: String), TestPlanDiagnostics> {
        { name in
            let path = name.hasPrefix("/") || directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name)
            do {
                return .success((path, try String(contentsOfFile: path, encoding: .utf8)))
            } catch {
                return .failure(TestPlanDiagnostics([PlanDiagnostic(SourcePosition(file: path, line: 1, column: 1), "cannot read \(path)")]))
            }
        }
    }

    static func invalid(_ file: String, _ diagnostics: [PlanDiagnostic]) -> TestPlanError {
        let sorted = diagnostics.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element)
        return TestPlanError(.invalidPlan, "\(file): \(sorted.count) error\(sorted.count == 1 ? "" : "s")", diagnostics: sorted)
    }
}
