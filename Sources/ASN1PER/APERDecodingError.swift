/// A transfer-syntax error met while decoding aligned PER: truncation, a value
/// outside its constraint, a length the bytes cannot hold, nesting too deep.
///
/// Carries the bit offset where decoding stopped and the path of the value.
public struct APERDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. A struct, so new codes do not break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let raw: UInt8
        /// The encoding ends before the value does.
        public static let truncated = Code(raw: 1)
        /// A value, size or index outside what the type allows.
        public static let constraintViolation = Code(raw: 2)
        /// A length or count that cannot be right (claims more than the bytes left).
        public static let invalidLength = Code(raw: 3)
        /// Bytes that no value of the type encodes to.
        public static let invalidEncoding = Code(raw: 4)
        /// A value too large for CoreGate's representation (e.g. an integer over 64 bits).
        public static let unsupported = Code(raw: 5)
        /// Nesting deeper than the decoder allows.
        public static let tooDeep = Code(raw: 6)

        public var description: String {
            switch raw {
            case 1: "truncated"
            case 2: "constraint violation"
            case 3: "invalid length"
            case 4: "invalid encoding"
            case 5: "unsupported"
            case 6: "too deep"
            default: "code \(raw)"
            }
        }
    }

    public var code: Code
    /// Offset in bits from the start of the outermost encoding.
    public var bitOffset: Int
    /// Human-readable detail, e.g. `size 4 outside 3..3`.
    public var reason: String
    /// The value being decoded when the error happened.
    public var path: ASN1Path

    public init(_ code: Code, bitOffset: Int, reason: String, path: ASN1Path = ASN1Path()) {
        self.code = code
        self.bitOffset = bitOffset
        self.reason = reason
        self.path = path
    }

    /// `NGSetupRequest.protocolIEs[2].value.SupportedTAList[0].tAC: size 4 outside 3..3 at bit 183`
    public var description: String {
        let where_ = path.description
        return (where_.isEmpty ? "" : where_ + ": ") + reason + " at bit \(bitOffset)"
    }

    /// Returns the error with `component` put in front of its path (used while unwinding).
    @inline(never)
    public func inside(_ component: ASN1Path.Component) -> APERDecodingError {
        var copy = self
        copy.path.components.insert(component, at: 0)
        return copy
    }

    @inline(never)
    public func inside(field name: StaticString) -> APERDecodingError {
        inside(.field(name.description))
    }

    @inline(never)
    public func inside(index: Int) -> APERDecodingError {
        inside(.index(index))
    }

    @inline(never)
    public func inside(type name: StaticString) -> APERDecodingError {
        inside(.type(name.description))
    }
}

/// A value that cannot be encoded: it breaks a constraint of its type.
public struct APEREncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    public var path: ASN1Path

    public init(reason: String, path: ASN1Path = ASN1Path()) {
        self.reason = reason
        self.path = path
    }

    public var description: String {
        let where_ = path.fullDescription
        return (where_.isEmpty ? "" : where_ + ": ") + reason
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
}
