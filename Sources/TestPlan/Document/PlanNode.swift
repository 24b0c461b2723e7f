import Bytes

/// A plan document as data: YAML values with the position each one came from. Scalars are typed as the
/// YAML 1.2 core schema types them (what `check-jsonschema` sees), so the validator and the JSON Schema judge
/// the same values; `--set` overrides edit this tree before the typed reading.
public struct PlanNode: Hashable, Sendable {
    /// A YAML value.
    public enum Value: Hashable, Sendable {
        case null
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case sequence([PlanNode])
        case mapping([Entry])
    }

    /// One key and value of a mapping, in document order.
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var keyPosition: SourcePosition
        public var value: PlanNode

        public init(key: String, keyPosition: SourcePosition, value: PlanNode) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    /// How a scalar was written; tells whether columns inside its text map onto the line.
    public enum Style: Hashable, Sendable {
        /// Unquoted on one line: character `i` of the text is at column + i.
        case plain
        /// Quoted on one line with no escapes: character `i` is at column + 1 + i.
        case quotedVerbatim
        /// Anything else (escapes, folded or literal blocks, several lines, overrides, collections).
        case other
    }

    public var value: Value
    public var position: SourcePosition
    public var style: Style
    /// The scalar as written (before typing), for messages: `0011` stays `0011` though it is the integer 11.
    public var text: String?

    public init(_ value: Value, at position: SourcePosition, style: Style = .other, text: String? = nil) {
        self.value = value
        self.position = position
        self.style = style
        self.text = text
    }

    /// The position of character `offset` of this scalar's text, when the text maps onto one line;
    /// the scalar's own position otherwise.
    public func position(ofCharacter offset: Int) -> SourcePosition {
        switch style {
        case .plain: position.advanced(by: offset)
        case .quotedVerbatim: position.advanced(by: offset + 1)
        case .other: position
        }
    }

    /// The mapping's entries, or nil.
    public var entries: [Entry]? {
        if case .mapping(let e) = value { return e }
        return nil
    }

    /// The sequence's items, or nil.
    public var items: [PlanNode]? {
        if case .sequence(let i) = value { return i }
        return nil
    }

    /// The value of `key` in a mapping, or nil.
    public subscript(key: String) -> PlanNode? {
        entries?.first { $0.key == key }?.value
    }

    /// A short description of the value's type and text for messages: `the integer 11`, `a mapping`.
    public var kindDescription: String {
        switch value {
        case .null: "null"
        case .bool(let b): "the boolean \(b)"
        case .int: "the integer \(text ?? "")"
        case .float: "the number \(text ?? "")"
        case .string(let s): "the string \"\(s)\""
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

extension PlanNode {
    /// The value as JSON (integers and floats as numbers, mappings as objects in order), as a JSON Schema
    /// validator sees the document.
    public var jsonValue: JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .number(String(i))
        case .float(let d): .number(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d))
        case .string(let s): .string(s)
        case .sequence(let items): .array(items.map(\.jsonValue))
        case .mapping(let entries): .object(entries.map { JSONValue.Member($0.key, $0.value.jsonValue) })
        }
    }
}
