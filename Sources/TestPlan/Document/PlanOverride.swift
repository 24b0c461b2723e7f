/// A `--set key=value` override: a dotted key path into the plan document (`target.amf`,
/// `subscribers[0].count`, `load.stages.1.target`) and a YAML value (`10.0.0.1`, `100`, `[a, b]`).
/// Overrides edit the document before it is validated, so an override that breaks a rule is reported
/// like a value in the file, at `--set KEY`.
public struct PlanOverride: Hashable, Sendable {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var key: String
    public var path: [Component]
    public var value: String

    /// Parses `key=value`; the error names the key.
    public static func parse(_ text: String) -> Result<PlanOverride, TestPlanError> {
        guard let eq = text.firstIndex(of: "=") else {
            return .failure(TestPlanError(.invalidOverride, "--set \(text): expected key=value"))
        }
        let key = String(text[..<eq])
        let value = String(text[text.index(after: eq)...])
        switch components(key) {
        case .success(let path): return .success(PlanOverride(key: key, path: path, value: value))
        case .failure(let reason): return .failure(TestPlanError(.invalidOverride, "--set \(key): \(reason.message)"))
        }
    }

    struct KeyError: Error { var message: String }

    static func components(_ key: String) -> Result<[Component], KeyError> {
        guard !key.isEmpty else { return .failure(KeyError(message: "empty key")) }
        var result: [Component] = []
        for part in key.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { return .failure(KeyError(message: "empty component in \"\(key)\"")) }
            var rest = part
            if let bracket = rest.firstIndex(of: "[") {
                let name = rest[..<bracket]
                if !name.isEmpty { result.append(name.allSatisfy(\.isNumber) ? .index(Int(name) ?? 0) : .key(String(name))) }
                rest = rest[bracket...]
                while !rest.isEmpty {
                    guard rest.first == "[", let close = rest.firstIndex(of: "]"), let n = Int(rest[rest.index(after: rest.startIndex)..<close]), n >= 0 else {
                        return .failure(KeyError(message: "\"\(part)\" is not NAME[INDEX]"))
                    }
                    result.append(.index(n))
                    rest = rest[rest.index(after: close)...]
                }
            } else if part.allSatisfy(\.isNumber) {
                result.append(.index(Int(part) ?? 0))
            } else {
                result.append(.key(String(part)))
            }
        }
        return .success(result)
    }

    /// Applies the overrides in order to `root`. Missing mappings on the way are created; a list index may be
    /// one past the end (appends). Errors name the key.
    public static func apply(_ overrides: [PlanOverride], to root: PlanNode) -> Result<PlanNode, TestPlanDiagnostics> {
        var node = root
        var diagnostics: [PlanDiagnostic] = []
        for o in overrides {
            switch YAMLDocumentReader.readOverrideValue(o.value, key: o.key) {
            case .failure(let d): diagnostics += d.diagnostics
            case .success(let value):
                if let problem = set(value, at: o.path[...], in: &node, walked: "", key: o.key) {
                    diagnostics.append(PlanDiagnostic(.override(o.key), problem))
                }
            }
        }
        return diagnostics.isEmpty ? .success(node) : .failure(TestPlanDiagnostics(diagnostics))
    }

    /// Sets `value` at `path` under `node`; the problem, if it cannot.
    static func set(_ value: PlanNode, at path: ArraySlice<Component>, in node: inout PlanNode, walked: String, key: String) -> String? {
        guard let first = path.first else {
            node = value
            return nil
        }
        let rest = path.dropFirst()
        let here = walked.isEmpty ? "the plan" : walked
        switch (first, node.value) {
        case (.key(let name), .mapping(var entries)):
            let childPath = walked.isEmpty ? name : "\(walked).\(name)"
            if let i = entries.firstIndex(where: { $0.key == name }) {
                var child = entries[i].value
                if let problem = set(value, at: rest, in: &child, walked: childPath, key: key) { return problem }
                entries[i].value = child
            } else {
                var child = rest.first.map { c -> PlanNode in
                    if case .index = c { PlanNode(.sequence([]), at: .override(key)) } else { PlanNode(.mapping([]), at: .override(key)) }
                } ?? value
                if let problem = set(value, at: rest, in: &child, walked: childPath, key: key) { return problem }
                entries.append(PlanNode.Entry(key: name, keyPosition: .override(key), value: child))
            }
            node.value = .mapping(entries)
            return nil
        case (.index(let i), .sequence(var items)):
            let childPath = "\(walked)[\(i)]"
            if i < items.count {
                if let problem = set(value, at: rest, in: &items[i], walked: childPath, key: key) { return problem }
            } else if i == items.count {
                var child = rest.isEmpty ? value : PlanNode(.mapping([]), at: .override(key))
                if let problem = set(value, at: rest, in: &child, walked: childPath, key: key) { return problem }
                items.append(child)
            } else {
                return "\(here) has \(items.count) items; index \(i) is past the end (at most \(items.count), which appends)"
            }
            node.value = .sequence(items)
            return nil
        case (.key(let name), .sequence):
            return "\(here) is a list; \"\(name)\" needs an index such as [0]"
        case (.index(let i), .mapping):
            return "\(here) is a mapping; index [\(i)] needs a key name"
        case (.key(let name), _):
            return "\(here) is \(node.kindDescription), not a mapping with \"\(name)\""
        case (.index(let i), _):
            return "\(here) is \(node.kindDescription), not a list with [\(i)]"
        }
    }
}
