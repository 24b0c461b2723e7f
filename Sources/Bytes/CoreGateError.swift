/// The shape every CoreGate module's error type has (after swift-asn1's `ASN1Error`): a `code` from an open
/// set that can grow without breaking callers' switches, a `message` for people, and a `context` saying where.
///
/// Each module has one error type of this shape (`APERDecodingError`, `NASDecodingError`, `SecurityError`,
/// `CaptureError`, ...); callers that only report errors can take `any CoreGateError`.
public protocol CoreGateError: Error, Sendable, CustomStringConvertible {
    associatedtype Code: Hashable & Sendable & CustomStringConvertible
    /// What went wrong, for matching.
    var code: Code { get }
    /// What went wrong, for people: the value and the rule it broke.
    var message: String { get }
    /// Where it went wrong.
    var context: ErrorContext { get }
}

extension CoreGateError {
    /// `path: message at bit 183` (the parts the context has).
    public var description: String { context.describe(message) }
}

/// Where an error happened: an offset into the input, the path of the value inside it (type, field and
/// index names, outermost first), and, for captures, the frame.
public struct ErrorContext: Hashable, Sendable {
    /// An offset from the start of the outermost input.
    public enum Offset: Hashable, Sendable {
        case bit(Int)
        case byte(Int)
    }

    public var offset: Offset?
    /// Outermost first, e.g. `["NGSetupRequest", "protocolIEs", "[2]", "value"]`.
    public var path: [String]
    /// The 1-based capture frame, when the input came from a capture.
    public var frame: Int?

    @inlinable
    public init(offset: Offset? = nil, path: [String] = [], frame: Int? = nil) {
        self.offset = offset
        self.path = path
        self.frame = frame
    }

    /// `frame 12: a.b[2]: message at bit 183`.
    public func describe(_ message: String) -> String {
        var text = ""
        if let frame { text += "frame \(frame): " }
        if !path.isEmpty { text += Self.joined(path) + ": " }
        text += message
        switch offset {
        case .bit(let b)?: text += " at bit \(b)"
        case .byte(let b)?: text += " at byte \(b)"
        case nil: break
        }
        return text
    }

    /// Joins path components with dots, indexes (`[2]`) attached to what they index.
    public static func joined(_ path: [String]) -> String {
        var text = ""
        for component in path {
            if !text.isEmpty && !component.hasPrefix("[") { text += "." }
            text += component
        }
        return text
    }
}

/// The error of this module: text that is not hex, JSON that does not parse.
public struct BytesError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Hex text with an odd number of digits or a character that is not a hex digit.
        public static let invalidHex = Code(rawValue: "invalidHex")
        /// JSON text that does not parse, or nests deeper than the parser allows.
        public static let invalidJSON = Code(rawValue: "invalidJSON")
    }

    public var code: Code
    public var message: String
    public var context: ErrorContext

    @inline(never)
    public init(_ code: Code, _ message: String, context: ErrorContext = ErrorContext()) {
        self.code = code
        self.message = message
        self.context = context
    }
}
