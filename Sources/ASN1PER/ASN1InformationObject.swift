/// An information object set of a specification as data (X.681): the IEs a
/// message may carry with their ids, criticality and presence, the elementary
/// procedures with their codes, and so on. Conformance rules read these.
public struct ASN1InformationObjectSet: Sendable {
    public var name: String
    public var className: String
    /// Whether the set has an extension marker (`...`).
    public var extensible: Bool
    public var objects: [ASN1InformationObject]

    public init(name: String, className: String, extensible: Bool, objects: [ASN1InformationObject] = []) {
        self.name = name
        self.className = className
        self.extensible = extensible
        self.objects = objects
    }
}

/// One information object: the settings of its class's fields.
public struct ASN1InformationObject: Sendable {
    /// The object's assignment name when it has one.
    public var name: String?
    public var settings: [ASN1FieldSetting]

    public init(name: String?, settings: [ASN1FieldSetting]) {
        self.name = name
        self.settings = settings
    }

    /// The setting of `field` (e.g. `&id`), or nil.
    public subscript(field: String) -> ASN1FieldSetting.Value? {
        settings.first { $0.field == field }?.value
    }
}

/// The setting of one field of an information object.
public struct ASN1FieldSetting: Sendable {
    public enum Value: Hashable, Sendable {
        /// An integer value (an id, a procedure code).
        case integer(Int64)
        /// A named value (an ENUMERATED item such as `reject` or `mandatory`).
        case identifier(String)
        /// A type, by its ASN.1 name.
        case type(String)

        public var integer: Int64? { if case .integer(let v) = self { return v } else { return nil } }
        public var identifier: String? { if case .identifier(let v) = self { return v } else { return nil } }
        public var typeName: String? { if case .type(let v) = self { return v } else { return nil } }
    }

    public var field: String
    public var value: Value

    public init(_ field: String, _ value: Value) {
        self.field = field
        self.value = value
    }
}
