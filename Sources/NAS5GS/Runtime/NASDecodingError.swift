import Bytes

/// Error thrown when a NAS message cannot be decoded (TS 24.501 clause 7).
///
/// Besides what went wrong (`code`), it carries the 5GMM or 5GSM cause a receiver
/// would send back in a 5GMM STATUS / 5GSM STATUS (or in the reject message):
/// #96 invalid mandatory information, #97 message type non-existent or not
/// implemented, #99 information element non-existent or not implemented,
/// #100 conditional IE error, #111 protocol error, unspecified. It has the `CoreGateError` shape: `context`
/// holds the byte offset from the start of the NAS message being decoded and the path of spec names
/// (message, IE).
public struct NASDecodingError: CoreGateError, Hashable {
    /// What went wrong; an open set (new codes do not break callers' switches).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// The message ended inside the header or a mandatory IE (cause #96).
        public static let truncated = Code(rawValue: 1)
        /// The extended protocol discriminator is neither 5GMM (0x7E) nor 5GSM (0x2E) (cause #97).
        public static let unknownProtocolDiscriminator = Code(rawValue: 2)
        /// The message type is not defined for the protocol (cause #97).
        public static let unknownMessageType = Code(rawValue: 3)
        /// A mandatory IE has a length or value the spec does not allow (cause #96).
        public static let invalidMandatoryIE = Code(rawValue: 4)
        /// An unknown IE whose IEI says "comprehension required" (TS 24.007 §11.2.4; cause #96).
        public static let comprehensionRequiredIE = Code(rawValue: 5)
        /// An optional or conditional IE is syntactically incorrect (strict mode; cause #100).
        public static let invalidOptionalIE = Code(rawValue: 6)
        /// An optional IE runs past the end of the message (strict mode; cause #100).
        public static let truncatedOptionalIE = Code(rawValue: 7)
        /// An optional IE appears out of the order of the message definition (strict mode; cause #111).
        public static let outOfSequenceIE = Code(rawValue: 8)
        /// An IE appears twice where the message allows it once (strict mode; cause #111).
        public static let repeatedIE = Code(rawValue: 9)
        /// Bytes the spec does not allow (security header type reserved, etc.) (cause #111).
        public static let invalidHeader = Code(rawValue: 10)
        /// The content is ciphered and cannot be read without deciphering (cause #111).
        public static let ciphered = Code(rawValue: 11)
        /// Nesting too deep (a NAS message container inside a NAS message container ...) (cause #111).
        public static let nestingTooDeep = Code(rawValue: 12)

        public var description: String {
            switch self {
            case .truncated: "truncated"
            case .unknownProtocolDiscriminator: "unknownProtocolDiscriminator"
            case .unknownMessageType: "unknownMessageType"
            case .invalidMandatoryIE: "invalidMandatoryIE"
            case .comprehensionRequiredIE: "comprehensionRequiredIE"
            case .invalidOptionalIE: "invalidOptionalIE"
            case .truncatedOptionalIE: "truncatedOptionalIE"
            case .outOfSequenceIE: "outOfSequenceIE"
            case .repeatedIE: "repeatedIE"
            case .invalidHeader: "invalidHeader"
            case .ciphered: "ciphered"
            case .nestingTooDeep: "nestingTooDeep"
            default: "code\(rawValue)"
            }
        }

        /// A short phrase for messages.
        var phrase: String {
            switch self {
            case .truncated: "message ends inside a mandatory part"
            case .unknownProtocolDiscriminator: "extended protocol discriminator is neither 5GMM nor 5GSM"
            case .unknownMessageType: "message type not defined"
            case .invalidMandatoryIE: "mandatory IE has a length or value the specification does not allow"
            case .comprehensionRequiredIE: "unknown comprehension-required IE"
            case .invalidOptionalIE: "optional IE is syntactically incorrect"
            case .truncatedOptionalIE: "optional IE runs past the end of the message"
            case .outOfSequenceIE: "IE out of sequence"
            case .repeatedIE: "IE repeated"
            case .invalidHeader: "header value not allowed"
            case .ciphered: "content is ciphered"
            case .nestingTooDeep: "NAS message containers nested too deep"
            default: description
            }
        }
    }

    public var code: Code
    /// The 5GMM cause (for a 5GMM message) or 5GSM cause (for a 5GSM message) a receiver would return.
    public var cause: UInt8
    /// Byte offset from the start of the NAS message (0 when unknown).
    public var offset: Int
    /// The spec name of the IE being decoded ("" for the header).
    public var ie: String
    /// What encloses the IE, outermost first (the message, a container); empty until `within` adds some.
    public var enclosing: [String]

    /// An error at byte `offset` of the message, in the IE named `ie` ("" for the header).
    public init(code: Code, cause: UInt8, offset: Int, ie: String) {
        self.code = code
        self.cause = cause
        self.offset = offset
        self.ie = ie
        self.enclosing = []
    }

    /// Where: the byte offset from the start of the NAS message, and the path of spec names (the message
    /// when known, then the IE being decoded). Kept as plain fields so the thrown value stays small.
    public var context: ErrorContext {
        ErrorContext(offset: .byte(offset), path: ie.isEmpty ? enclosing : enclosing + [ie])
    }

    /// What went wrong and the cause a receiver returns, for people.
    public var message: String { "\(code.phrase) (cause #\(cause))" }

    /// The same error with `name` (a message name, a container IE) put in front of its path and, when the
    /// error comes from bytes nested at `offset`, its offset made relative to the outer message.
    public func within(_ name: String, offset base: Int = 0) -> NASDecodingError {
        var e = self
        e.enclosing.insert(name, at: 0)
        e.offset = base + offset
        return e
    }

    /// A value inside an IE is not allowed. Thrown by IE value decoders, which know
    /// neither the IE's role (mandatory or optional) nor its name: the message decoder
    /// fills those in (`located`). `offset` is an index into the input buffer.
    @inline(never)
    public static func invalidValue(at index: Int) -> NASDecodingError {
        NASDecodingError(code: .invalidMandatoryIE, cause: 96, offset: index, ie: "")
    }

    @inline(never)
    static func make(_ code: Code, cause: UInt8, at index: Int, origin: Int, ie: StaticString) -> NASDecodingError {
        NASDecodingError(code: code, cause: cause, offset: index - origin, ie: String(describing: ie))
    }
}

/// The 5GMM/5GSM cause values used in decoding errors (TS 24.501 §9.11.3.2, §9.11.4.2, annex A).
public enum NASErrorCause {
    public static let invalidMandatoryInformation: UInt8 = 96
    public static let messageTypeNonExistent: UInt8 = 97
    public static let ieNonExistent: UInt8 = 99
    public static let conditionalIEError: UInt8 = 100
    public static let protocolErrorUnspecified: UInt8 = 111
}
