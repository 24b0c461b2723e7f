import Bytes

/// A transfer-syntax error met while decoding aligned PER: truncation, a value outside its constraint, a
/// length the bytes cannot hold, contents that are not the complete encoding of their value, nesting too deep.
///
/// Carries the bit offset where decoding stopped and the path of the value (`context`).
public struct APERDecodingError: CoreGateError, Hashable {
    /// What went wrong; an open set, so new codes do not break callers' switches.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The encoding ends before the value does.
        public static let truncated = Code(rawValue: "truncated")
        /// A value, size or index outside what the type allows.
        public static let constraintViolation = Code(rawValue: "constraintViolation")
        /// A length or count that cannot be right (claims more than the bits left).
        public static let invalidLength = Code(rawValue: "invalidLength")
        /// Bytes that no value of the type encodes to.
        public static let invalidEncoding = Code(rawValue: "invalidEncoding")
        /// The contents of an open type or of a CONTAINING value hold octets after the complete encoding of
        /// their value (X.691 11.1, 11.2).
        public static let unusedOctets = Code(rawValue: "unusedOctets")
        /// A value too large for CoreGate's representation (e.g. an integer over 64 bits).
        public static let unsupported = Code(rawValue: "unsupported")
        /// Nesting deeper than the decoder's budget (`APERReader.maxDepth`).
        public static let tooDeep = Code(rawValue: "tooDeep")
    }

    public var code: Code
    /// What was wrong, e.g. `size 4 outside 3..3`.
    public var message: String
    /// Offset in bits from the start of the outermost encoding.
    public var bitOffset: Int
    /// The value being decoded when the error happened, outermost first.
    public var path: ASN1Path
    /// For an error in the contents of a CONTAINING value or an open type that tolerant decoding can keep as
    /// bytes: the bit offset where that container starts (the innermost one); nil otherwise.
    public var container: Int?

    /// The bit offset and the path from the outermost type entered through an open type (the message).
    public var context: ErrorContext {
        ErrorContext(offset: .bit(bitOffset), path: path.messagePath)
    }

    @inline(never)
    public init(_ code: Code, _ message: String, bitOffset: Int, path: ASN1Path = ASN1Path(), container: Int? = nil) {
        self.code = code
        self.message = message
        self.bitOffset = bitOffset
        self.path = path
        self.container = container
    }

    /// Returns the error with `component` put in front of its path (used while unwinding).
    @inline(never)
    public func inside(_ component: ASN1Path.Component) -> APERDecodingError {
        var copy = self
        copy.path.components.insert(component, at: 0)
        return copy
    }

    @inline(never)
    public func inside(field name: StaticString) -> APERDecodingError { inside(.field(name.description)) }

    @inline(never)
    public func inside(index: Int) -> APERDecodingError { inside(.index(index)) }

    @inline(never)
    public func inside(type name: StaticString) -> APERDecodingError { inside(.type(name.description)) }

    /// The error as met inside the container starting at bit `start`, unless an inner container holds it.
    @inline(never)
    public func inContainer(at start: Int) -> APERDecodingError {
        guard container == nil else { return self }
        var copy = self
        copy.container = start
        return copy
    }
}

/// A value that cannot be encoded: it breaks a constraint of its type.
public struct APEREncodingError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A value, size or index outside what the type allows.
        public static let constraintViolation = Code(rawValue: "constraintViolation")
        /// A mandatory component of an extension group is missing while others of the group are present.
        public static let missingComponent = Code(rawValue: "missingComponent")
        /// A table-constrained value whose selector (an IE id, a procedure code) does not select its value's type.
        public static let selectorMismatch = Code(rawValue: "selectorMismatch")
    }

    public var code: Code
    public var message: String
    /// The value being encoded, outermost first.
    public var path: ASN1Path

    /// The path from the top (encoding errors have no offset).
    public var context: ErrorContext { ErrorContext(path: path.fullPath) }

    @inline(never)
    public init(_ code: Code, _ message: String, path: ASN1Path = ASN1Path()) {
        self.code = code
        self.message = message
        self.path = path
    }

    @inline(never)
    public func inside(_ component: ASN1Path.Component) -> APEREncodingError {
        var copy = self
        copy.path.components.insert(component, at: 0)
        return copy
    }

    @inline(never)
    public func inside(field name: StaticString) -> APEREncodingError { inside(.field(name.description)) }

    @inline(never)
    public func inside(index: Int) -> APEREncodingError { inside(.index(index)) }

    @inline(never)
    public func inside(type name: StaticString) -> APEREncodingError { inside(.type(name.description)) }

    /// A mandatory component of an extension group that is missing (generated encoders throw it).
    @inline(never)
    public static func missingGroupComponent(_ name: StaticString) -> APEREncodingError {
        APEREncodingError(.missingComponent, "missing \(name), mandatory in its extension group")
    }
}
