/// The syntax tree of ASN.1 modules, as parsed (X.680, X.681, X.682, X.683).
/// Object and object-set bodies are kept as tokens until their class is known.

/// One ASN.1 module.
public struct ASTModule: Sendable {
    public var name: String
    public var file: String
    public var imports: [(symbols: [String], module: String)]
    public var assignments: [ASTAssignment]
}

/// A formal parameter of a parameterised assignment: `Governor : Name` or just `Name`.
public struct ASTParameter: Sendable {
    /// The governor: a type (for value or value-set parameters) or a class name; nil for a type parameter.
    public var governor: ASTType?
    public var name: String
}

/// A top-level assignment.
public struct ASTAssignment: Sendable {
    public enum Body: Sendable {
        /// `Name ::= Type`
        case type(ASTType)
        /// `name Type ::= Value`
        case value(governor: ASTType, value: ASTValue)
        /// `NAME ::= CLASS { ... } [WITH SYNTAX { ... }]`
        case objectClass(ASTClass)
        /// `name CLASS ::= { ... }` (an object) or `Name CLASS ::= { ... }` (an object set
        /// or a value set): the braces' tokens, interpreted once the governor is known.
        case governed(governor: ASTType, tokens: [Token])
    }

    public var name: String
    public var parameters: [ASTParameter]
    public var body: Body
    public var location: SourceLocation
    public var module: String
}

/// A type as written.
public indirect enum ASTType: Sendable {
    case boolean
    case null
    case integer(namedNumbers: [(String, ASTValue)])
    case enumerated(ASTEnumeration)
    case bitString(namedBits: [(String, ASTValue)])
    case octetString
    case characterString(String)
    case objectIdentifier
    case real
    case sequence(ASTComponentList)
    case set(ASTComponentList)
    case sequenceOf(element: ASTType, elementName: String?)
    case setOf(element: ASTType, elementName: String?)
    case choice(ASTComponentList)
    /// A reference `Module.Name` or `Name`, with actual parameters when given.
    case reference(module: String?, name: String, arguments: [ASTArgument]?)
    /// `CLASS.&field` (a fixed-type value field or a type field).
    case classField(className: String, field: String)
    /// A type with a constraint (several constraints apply in turn).
    case constrained(ASTType, ASTConstraint)
    /// A SEQUENCE OF / SET OF with a size constraint written between the keywords.
    case sizedCollection(ASTType, ASTConstraint)
    /// ANY, EXTERNAL, EMBEDDED PDV and other types CoreGate does not generate.
    case unsupported(String)
}

/// An actual parameter: a type, a value, an object set `{ ... }`, or something only known once resolved.
public enum ASTArgument: Sendable {
    case type(ASTType)
    case value(ASTValue)
    /// `{ ... }` tokens: an object set, a value set or a SEQUENCE value.
    case braced([Token])
    /// A bare word that may name a type, a value, an object or an object set.
    case word(String)
}

/// ENUMERATED items with the extension marker.
public struct ASTEnumeration: Sendable {
    public var root: [(name: String, number: ASTValue?)]
    public var extensible: Bool
    public var additions: [(name: String, number: ASTValue?)]
}

/// The components of a SEQUENCE or SET, or the alternatives of a CHOICE.
public struct ASTComponentList: Sendable {
    public var root: [ASTComponent]
    /// `...` present.
    public var extensible: Bool
    /// Extension additions, each a single component or a `[[ ... ]]` group.
    public var additions: [ASTAddition]
    /// Components after a second `...` (the second part of the root).
    public var rootTail: [ASTComponent]
}

public enum ASTAddition: Sendable {
    case component(ASTComponent)
    case group(version: String?, [ASTComponent])
}

public struct ASTComponent: Sendable {
    public enum Presence: Sendable {
        case required
        case optional
        case defaultValue(ASTValue)
    }
    public var name: String
    public var type: ASTType
    public var presence: Presence
    /// `COMPONENTS OF Type` when name is empty.
    public var componentsOf: Bool = false
}

/// A value as written.
public indirect enum ASTValue: Sendable {
    case number(String)
    case negative(String)
    case boolean(Bool)
    case null
    case identifier(String)
    case qualified(module: String, name: String)
    case cstring(String)
    case bstring(String)
    case hstring(String)
    case braced([Token])
    case real(String)
}

/// A constraint `( ... )`.
public indirect enum ASTConstraint: Sendable {
    /// A subtype element set: root, whether `...` is present, and additions.
    case elements(root: ASTElementSet, extensible: Bool, additions: ASTElementSet?)
    /// `CONTAINING Type [ENCODED BY ...]`
    case containing(ASTType)
    /// `{ObjectSet}` or `{ObjectSet}{@a, @.b}` (table / component-relation constraint).
    case table(objectSet: String, atNotations: [String])
    /// Anything CoreGate does not need for PER (WITH COMPONENTS, user-defined, ...).
    case other
}

/// An element set: unions of intersections of elements (X.680 clause 50).
public indirect enum ASTElementSet: Sendable {
    case union([ASTElementSet])
    case intersection([ASTElementSet])
    case singleValue(ASTValue)
    case range(lower: ASTBound, upper: ASTBound)
    case size(ASTConstraint)
    case from(ASTConstraint)
    /// A type or value-set reference used as an element (`INCLUDES T`, or a set name).
    case reference(String)
    case all
    case other
}

public enum ASTBound: Sendable {
    case value(ASTValue)
    case min
    case max
    /// `lower<..` or `..<upper`
    indirect case exclusive(ASTBound)
}

/// An information object class.
public struct ASTClass: Sendable {
    public struct Field: Sendable {
        public enum Kind: Sendable {
            /// `&Type` with no type after it.
            case type
            /// `&value Type`
            case fixedTypeValue(ASTType)
            /// `&ValueSet Type` or `&ObjectSet CLASS`, which CoreGate does not need.
            case other
        }
        public var name: String
        public var kind: Kind
        public var unique: Bool
        public var optional: Bool
        public var defaultValue: ASTValue?
        public var defaultType: ASTType?
    }
    public var fields: [Field]
    /// WITH SYNTAX, as a flat list: literals, field names, and optional groups.
    public var syntax: [SyntaxElement]?

    public indirect enum SyntaxElement: Sendable {
        case literal(String)
        case field(String)
        case optionalGroup([SyntaxElement])
    }
}

// MARK: Names a type depends on

extension ASTType {
    /// True when the type mentions no name (no type, value or object-set reference), so that its
    /// written form alone says which type it is, wherever it appears.
    var mentionsNoName: Bool {
        switch self {
        case .boolean, .null, .octetString, .characterString, .objectIdentifier, .real, .unsupported: return true
        case .integer(let named), .bitString(let named): return named.allSatisfy { $0.1.mentionsNoName }
        case .enumerated(let e): return (e.root + e.additions).allSatisfy { $0.number?.mentionsNoName ?? true }
        case .sequence(let l), .set(let l), .choice(let l):
            let additions = l.additions.flatMap { addition -> [ASTComponent] in
                switch addition {
                case .component(let c): return [c]
                case .group(_, let cs): return cs
                }
            }
            return (l.root + l.rootTail + additions).allSatisfy { c in
                guard c.type.mentionsNoName else { return false }
                if case .defaultValue(let v) = c.presence { return v.mentionsNoName }
                return true
            }
        case .sequenceOf(let e, _), .setOf(let e, _): return e.mentionsNoName
        case .sizedCollection(let inner, let c), .constrained(let inner, let c): return inner.mentionsNoName && c.mentionsNoName
        case .reference, .classField: return false
        }
    }
}

extension ASTConstraint {
    var mentionsNoName: Bool {
        switch self {
        case .elements(let root, _, let additions): return root.mentionsNoName && (additions?.mentionsNoName ?? true)
        case .containing(let t): return t.mentionsNoName
        case .table: return false
        case .other: return true
        }
    }
}

extension ASTElementSet {
    var mentionsNoName: Bool {
        switch self {
        case .union(let parts), .intersection(let parts): return parts.allSatisfy(\.mentionsNoName)
        case .singleValue(let v): return v.mentionsNoName
        case .range(let lower, let upper): return lower.mentionsNoName && upper.mentionsNoName
        case .size(let c), .from(let c): return c.mentionsNoName
        case .reference: return false
        case .all, .other: return true
        }
    }
}

extension ASTBound {
    var mentionsNoName: Bool {
        switch self {
        case .value(let v): return v.mentionsNoName
        case .min, .max: return true
        case .exclusive(let inner): return inner.mentionsNoName
        }
    }
}

extension ASTValue {
    var mentionsNoName: Bool {
        switch self {
        case .number, .negative, .boolean, .null, .cstring, .bstring, .hstring, .real: return true
        case .identifier, .qualified, .braced: return false
        }
    }
}
