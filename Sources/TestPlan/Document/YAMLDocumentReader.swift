import Foundation
import Yams

/// Reads YAML text into a `PlanNode` tree with Yams' node API, keeping each value's line and column.
/// Broken YAML (a tab in indentation, an unclosed quote, a duplicated key) becomes one diagnostic at the
/// position libyaml reports, never a crash.
public enum YAMLDocumentReader {
    /// Parses `text` (the contents of `file`). Returns the root node, or the diagnostics that stop reading it.
    public static func read(_ text: String, file: String) -> Result<PlanNode, TestPlanDiagnostics> {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            return .failure(TestPlanDiagnostics([diagnostic(for: error, file: file, text: text)]))
        } catch {
            return .failure(TestPlanDiagnostics([PlanDiagnostic(SourcePosition(file: file, line: 1, column: 1), "cannot parse YAML: \(error)")]))
        }
        guard let root else {
            return .failure(TestPlanDiagnostics([PlanDiagnostic(SourcePosition(file: file, line: 1, column: 1), "the document is empty")]))
        }
        var converter = Converter(file: file)
        let node = converter.convert(root)
        if !converter.diagnostics.isEmpty { return .failure(TestPlanDiagnostics(converter.diagnostics)) }
        return .success(node)
    }

    /// Parses a `--set` value as a YAML flow value (`10.0.0.1`, `100`, `[a, b]`, `{sst: 1}`); every node of it
    /// gets the override's position.
    static func readOverrideValue(_ text: String, key: String) -> Result<PlanNode, TestPlanDiagnostics> {
        let position = SourcePosition.override(key)
        switch read(text, file: position.file) {
        case .success(let node): return .success(node.relocated(to: position))
        case .failure(let d):
            // An empty value is the empty string, as `--set a=` means in Helm.
            if text.isEmpty { return .success(PlanNode(.string(""), at: position)) }
            let message = d.diagnostics.first?.message ?? "not a YAML value"
            return .failure(TestPlanDiagnostics([PlanDiagnostic(position, "the value \"\(text)\" is not a YAML value: \(message)")]))
        }
    }

    static func diagnostic(for error: YamlError, file: String, text: String) -> PlanDiagnostic {
        func at(_ mark: Mark) -> SourcePosition { SourcePosition(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            if problem.contains("tab") || character(at: mark, in: text) == "\t" { message += "; a tab: indent with spaces" }
            return PlanDiagnostic(at(mark), message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return PlanDiagnostic(at(context.mark), "duplicated key \(keys) in a mapping")
        case .reader(let problem, let offset, _, _):
            var position = SourcePosition(file: file, line: 1, column: 1)
            if let offset { position = Self.position(ofCharacter: offset, in: text, file: file) }
            return PlanDiagnostic(position, "invalid YAML input: \(problem)")
        default:
            return PlanDiagnostic(SourcePosition(file: file, line: 1, column: 1), "invalid YAML: \(error)")
        }
    }

    /// The character at a 1-based line and column (in Unicode scalars) of `text`, if any.
    static func character(at mark: Mark, in text: String) -> Character? {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if line == mark.line && column == mark.column { return Character(scalar) }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            if line > mark.line { return nil }
        }
        return nil
    }

    /// Line and column (in Unicode scalars) of character `offset` of `text`.
    static func position(ofCharacter offset: Int, in text: String, file: String) -> SourcePosition {
        var line = 1, column = 1, index = 0
        for c in text {
            if index == offset { break }
            if c == "\n" || c == "\r\n" { line += 1; column = 1 } else { column += c.unicodeScalars.count }
            index += 1
        }
        return SourcePosition(file: file, line: line, column: column)
    }

    /// Yams nodes to plan nodes: scalars typed, merge keys (`<<: *defaults`) applied.
    struct Converter {
        let file: String
        var diagnostics: [PlanDiagnostic] = []
        var depth = 0

        init(file: String) { self.file = file }

        func position(_ mark: Mark?) -> SourcePosition {
            SourcePosition(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }

        mutating func convert(_ node: Node) -> PlanNode {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else {
                diagnostics.append(PlanDiagnostic(position(node.mark), "the document nests deeper than 64 levels"))
                return PlanNode(.null, at: position(node.mark))
            }
            switch node {
            case .scalar(let scalar):
                return convert(scalar)
            case .sequence(let sequence):
                return PlanNode(.sequence(sequence.map { convert($0) }), at: position(sequence.mark))
            case .mapping(let mapping):
                return PlanNode(.mapping(entries(of: mapping)), at: position(mapping.mark))
            case .alias(let alias):
                diagnostics.append(PlanDiagnostic(position(alias.mark), "unresolved alias"))
                return PlanNode(.null, at: position(alias.mark))
            }
        }

        mutating func convert(_ scalar: Node.Scalar) -> PlanNode {
            let at = position(scalar.mark)
            let text = scalar.string
            let oneLine = !text.contains("\n")
            switch scalar.style {
            case .singleQuoted, .doubleQuoted, .literal, .folded:
                // Quoted text maps onto the line when it has no escapes (a `''` or a backslash shifts columns).
                let verbatim = (scalar.style == .singleQuoted || scalar.style == .doubleQuoted) && oneLine
                    && !text.contains("'") && !text.contains("\\") && !text.contains("\"")
                return PlanNode(.string(text), at: at, style: verbatim ? .quotedVerbatim : .other, text: text)
            case .any, .plain:
                break
            }
            let style: PlanNode.Style = oneLine ? .plain : .other
            switch Tag.Name(rawValue: scalar.tag.rawValue) {
            case .implicit, .nonSpecific:
                return PlanNode(ScalarResolver.resolve(plain: text), at: at, style: style, text: text)
            case .str:
                return PlanNode(.string(text), at: at, style: style, text: text)
            case .int, .float, .bool, .null:
                let value = ScalarResolver.resolve(plain: text)
                return PlanNode(value, at: at, style: style, text: text)
            default:
                diagnostics.append(PlanDiagnostic(at, "unsupported YAML tag \(scalar.tag.rawValue)"))
                return PlanNode(.string(text), at: at, style: style, text: text)
            }
        }

        mutating func entries(of mapping: Node.Mapping) -> [PlanNode.Entry] {
            var own: [PlanNode.Entry] = []
            var merged: [PlanNode.Entry] = []
            for (keyNode, valueNode) in mapping {
                let keyPosition = position(keyNode.mark)
                guard case .scalar(let keyScalar) = keyNode else {
                    diagnostics.append(PlanDiagnostic(keyPosition, "a mapping key must be a plain name, not a collection"))
                    continue
                }
                if keyScalar.string == "<<" && (keyScalar.style == .plain || keyScalar.style == .any) {
                    merged += mergeSources(valueNode)
                    continue
                }
                own.append(PlanNode.Entry(key: keyScalar.string, keyPosition: keyPosition, value: convert(valueNode)))
            }
            // Keys written in the mapping win over merged ones; earlier merge sources win over later ones.
            var seen = Set(own.map(\.key))
            var result = own
            for entry in merged where !seen.contains(entry.key) {
                seen.insert(entry.key)
                result.append(entry)
            }
            return result
        }

        mutating func mergeSources(_ node: Node) -> [PlanNode.Entry] {
            switch node {
            case .mapping(let m): return entries(of: m)
            case .sequence(let s):
                var all: [PlanNode.Entry] = []
                for item in s {
                    guard case .mapping(let m) = item else {
                        diagnostics.append(PlanDiagnostic(position(item.mark), "a merge key (<<) takes mappings"))
                        continue
                    }
                    all += entries(of: m)
                }
                return all
            default:
                diagnostics.append(PlanDiagnostic(position(node.mark), "a merge key (<<) takes a mapping or a list of mappings"))
                return []
            }
        }
    }
}

/// A list of diagnostics as an `Error` (the failure side of the readers' results).
public struct TestPlanDiagnostics: Error, Hashable, Sendable {
    public var diagnostics: [PlanDiagnostic]
    public init(_ diagnostics: [PlanDiagnostic]) { self.diagnostics = diagnostics }
}

extension PlanNode {
    /// This node and every node inside it moved to `position` (for values from overrides).
    func relocated(to position: SourcePosition) -> PlanNode {
        var copy = self
        copy.position = position
        copy.style = .other
        switch value {
        case .sequence(let items): copy.value = .sequence(items.map { $0.relocated(to: position) })
        case .mapping(let entries):
            copy.value = .mapping(entries.map { PlanNode.Entry(key: $0.key, keyPosition: position, value: $0.value.relocated(to: position)) })
        default: break
        }
        return copy
    }
}
