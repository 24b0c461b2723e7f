/// An information object set of a specification as typed data (X.681): its rows in the order the
/// specification writes them, and whether it has an extension marker. The row type is generated per
/// information object class (for NGAP: an IE's id, criticality, value type and presence; an elementary
/// procedure's code, criticality and message types).
public struct ASN1ObjectSetTable<Row: Hashable & Sendable>: Hashable, Sendable {
    /// The object set's ASN.1 name.
    public let name: String
    /// Whether the set has an extension marker (`...`): rows a later version adds are allowed.
    public let extensible: Bool
    /// The objects, in the order of the specification.
    public let rows: [Row]

    public init(name: String, extensible: Bool, rows: [Row]) {
        self.name = name
        self.extensible = extensible
        self.rows = rows
    }
}

/// A SEQUENCE tied to an information object set by a table constraint (X.682 10): a UNIQUE selector (an
/// IE id, a procedure code), components the set fixes for it (a criticality) and an open-type value
/// selected by it, such as NGAP's `ProtocolIE-Field`, `ProtocolExtensionField` and `InitiatingMessage`.
/// Generated types conform. They are built from their value alone (a static function per value case
/// fills in the selector and the fixed components), read by value case (a property per case), and
/// their encoder refuses a selector that does not select the value's case.
public protocol ASN1TableField: Hashable, Sendable {}

extension Array where Element: ASN1TableField {
    /// The first value `value` finds, e.g. `ies.first(\.nasPDU)` for the first NAS-PDU IE.
    @inlinable
    public func first<T>(_ value: (Element) -> T?) -> T? {
        for element in self {
            if let v = value(element) { return v }
        }
        return nil
    }

    /// Every value `value` finds, in order, e.g. `ies.all(\.nasPDU)`.
    @inlinable
    public func all<T>(_ value: (Element) -> T?) -> [T] {
        var out: [T] = []
        for element in self {
            if let v = value(element) { out.append(v) }
        }
        return out
    }
}

extension APEREncodingError {
    /// A table-constrained SEQUENCE whose selector does not select its value's case: an IE id that is
    /// not the id of the value it carries. `valueSelector` is nil for a value of unknown type (raw bytes),
    /// which only a selector the object set does not define may carry.
    @inline(never)
    public static func selectorMismatch(selector: Int64, valueSelector: Int64?, valueType: String) -> APEREncodingError {
        if let valueSelector {
            return APEREncodingError(.selectorMismatch, "id \(selector) does not select the value's type \(valueType) (id \(valueSelector))")
        }
        return APEREncodingError(.selectorMismatch, "id \(selector) is defined by the object set, but the value is undecoded bytes")
    }
}
