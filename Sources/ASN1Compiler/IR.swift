/// The model the Swift emitter works from: every named Swift type to generate,
/// and for every field how its value is represented and encoded, with the
/// PER-visible constraints already worked out.

/// A PER-visible size constraint (X.691 clause 11.9 with 16, 17, 20, 30).
public struct SizeConstraint: Equatable, Sendable {
    public var lowerBound: Int = 0
    /// nil when there is no upper bound.
    public var upperBound: Int? = nil
    public var extensible = false

    public static let none = SizeConstraint()

    var isFixed: Bool { upperBound == lowerBound && !extensible }
}

/// A PER-visible value constraint of an INTEGER.
public struct IntegerConstraint: Equatable, Sendable {
    public var lowerBound: Int128?
    public var upperBound: Int128?
    public var extensible = false

    /// True when values need `UInt64` (a non-negative range past `Int64.max`).
    var unsigned: Bool {
        if let lb = lowerBound, let ub = upperBound { return lb >= 0 && ub > Int128(Int64.max) }
        return false
    }
}

/// How one value is represented in Swift and coded.
public indirect enum ValueType: Equatable, Sendable {
    /// A generated named type (its Swift name, possibly nested `A.B`).
    case named(String, asn1: String)
    case boolean
    case null
    case integer(IntegerConstraint)
    case bitString(SizeConstraint)
    case octetString(SizeConstraint)
    /// OCTET STRING or BIT STRING (CONTAINING T): T's encoding inside.
    case containing(outerIsBitString: Bool, size: SizeConstraint, inner: ValueType, innerASN1: String)
    /// A known-multiplier character string with its aligned bits per character and,
    /// when characters are indices, the sorted permitted alphabet.
    case characterString(kind: String, size: SizeConstraint, bitsPerCharacter: Int, alphabet: [UInt32]?)
    case utf8String
    /// A string type CoreGate carries as unconstrained octets (BMPString etc. are not used by 3GPP APs).
    case opaqueString(kind: String)
    case objectIdentifier
    case list(element: ValueType, size: SizeConstraint)
    /// An open type selected by an earlier component: the value enum's Swift name and the selector component.
    case openType(enumName: String, selector: String)
    /// An open type with no table constraint: undecoded bytes.
    case openTypeBytes

    var swiftType: String {
        switch self {
        case .named(let n, _): return n
        case .boolean: return "Bool"
        case .null: return "ASN1Null"
        case .integer(let c): return c.unsigned ? "UInt64" : "Int64"
        case .bitString: return "ASN1BitString"
        case .octetString, .openTypeBytes: return "ASN1Bytes"
        case .containing(_, _, let inner, _): return "ASN1Contained<\(inner.swiftType)>"
        case .characterString, .utf8String: return "String"
        case .opaqueString: return "ASN1Bytes"
        case .objectIdentifier: return "ASN1ObjectIdentifier"
        case .list(let e, _): return "[\(e.swiftType)]"
        case .openType(let n, _): return n
        }
    }

    /// The ASN.1 name used in error paths and as the JER key of a CONTAINING value.
    var asn1Name: String {
        switch self {
        case .named(_, let asn1): return asn1
        case .boolean: return "BOOLEAN"
        case .null: return "NULL"
        case .integer: return "INTEGER"
        case .bitString: return "BIT STRING"
        case .octetString, .containing: return "OCTET STRING"
        case .characterString(let kind, _, _, _): return kind
        case .utf8String: return "UTF8String"
        case .opaqueString(let kind): return kind
        case .objectIdentifier: return "OBJECT IDENTIFIER"
        case .list: return "SEQUENCE OF"
        case .openType, .openTypeBytes: return "open type"
        }
    }
}

/// A named Swift type to emit.
public final class GenType {
    public enum Kind {
        case sequence(GenSequence)
        case choice(GenChoice)
        case enumerated(GenEnumerated)
        /// A struct wrapping one value with its constraints (INTEGER, strings, SEQUENCE OF, ...).
        case wrapper(ValueType)
        /// `typealias` to another generated type.
        case alias(String)
        /// The values of an open type selected from an object set.
        case openType(GenOpenType)
    }

    /// Swift name, nested names joined by dots (`InitiatingMessage.Value`).
    public let swiftName: String
    /// ASN.1 name (the assignment, or `Parent.component` for nested types).
    public let asn1Name: String
    public var kind: Kind
    /// Where it is defined: module and location, for the doc comment.
    public let module: String
    public let location: SourceLocation?
    /// Types nested in this one.
    public var nested: [GenType] = []

    init(swiftName: String, asn1Name: String, kind: Kind, module: String, location: SourceLocation?) {
        self.swiftName = swiftName
        self.asn1Name = asn1Name
        self.kind = kind
        self.module = module
        self.location = location
    }

    /// The last component of the Swift name.
    var localName: String { String(swiftName.split(separator: ".").last ?? "") }
}

public struct GenField {
    public var asn1Name: String
    public var swiftName: String
    public var type: ValueType
    /// OPTIONAL, DEFAULT, or an extension addition.
    public var optional: Bool
    /// For extension additions: the addition index (groups share one).
    public var additionIndex: Int?
    /// True for a mandatory component of an extension group.
    public var mandatoryInGroup = false
    /// For a component `CLASS.&field ({Set}{@selector})` of fixed type: the class
    /// field and the selector component, so the value the table requires is known.
    public var tableRelation: (field: String, selector: String)? = nil
}

public struct GenSequence {
    /// Root components in encoding order.
    public var root: [GenField]
    public var extensible: Bool
    /// Extension additions in order; each addition is one field or a group of fields.
    public var additions: [[GenField]]
    /// Whether each addition is a `[[ ]]` group (encoded as a SEQUENCE in an open type).
    public var additionIsGroup: [Bool]

    var allFields: [GenField] { root + additions.flatMap { $0 } }
}

public struct GenChoice {
    public struct Alternative {
        public var asn1Name: String
        public var swiftName: String
        public var type: ValueType
    }
    public var root: [Alternative]
    public var extensible: Bool
    public var additions: [Alternative]
}

public struct GenEnumerated {
    /// Items in index order (root sorted by value, then additions).
    public var root: [(asn1: String, swift: String)]
    public var extensible: Bool
    public var additions: [(asn1: String, swift: String)]
}

public struct GenOpenType {
    public struct Case {
        public var swiftName: String
        /// The selector value (the UNIQUE field of the object).
        public var selector: Int128
        public var type: ValueType
        /// The object's value settings (`&criticality` → `reject`, ...).
        public var settings: [String: ASTValue]
    }
    public var cases: [Case]
    /// Swift type of the selector value as the switch sees it (`Int64` or `UInt64`).
    public var selectorIsUnsigned: Bool
    /// The object set and class field this enum was made from, for the doc comment.
    public var objectSet: String
    public var field: String
}
