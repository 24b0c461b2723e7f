import Bytes

/// The one error type of FiveGSecurity, in the `CoreGateError` shape: `code` from an open set that can grow
/// without breaking callers' switches (as NIO's `NIOSSHError`), `message` naming the input and the rule it
/// broke, `context` saying where (the byte offset into the input and the field path, when known).
public struct SecurityError: CoreGateError, Hashable {
    /// What went wrong, as an extensible set of values.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        @inlinable public init(rawValue: String) { self.rawValue = rawValue }
        @inlinable public init(_ name: String) { self.rawValue = name }
        public var description: String { rawValue }

        /// A key, RAND, SQN or other fixed-size input has the wrong length.
        public static let invalidLength = Code("invalidLength")
        /// A hex string could not be parsed.
        public static let invalidHex = Code("invalidHex")
        /// A value is outside its allowed range (an algorithm id, a BEARER, a digit string).
        public static let invalidValue = Code("invalidValue")
        /// Input bytes end before the structure they encode.
        public static let truncated = Code("truncated")
        /// Input bytes do not follow the encoding rules.
        public static let malformed = Code("malformed")
        /// A cryptographic library call refused its input (a bad public key, say).
        public static let cryptoFailure = Code("cryptoFailure")
        /// A MAC or tag did not verify.
        public static let verificationFailed = Code("verificationFailed")
        /// A NAS COUNT reached its maximum: the security context must be replaced (TS 24.501 §4.4.3.5).
        public static let countExhausted = Code("countExhausted")
    }

    public var code: Code
    /// Which input or field, and how; for people, not for matching.
    public var message: String
    public var context: ErrorContext

    @inlinable public init(_ code: Code, _ message: String, context: ErrorContext = ErrorContext()) {
        self.code = code
        self.message = message
        self.context = context
    }

    @inline(never) @usableFromInline
    static func length(_ what: String, expected: Int, got: Int) -> SecurityError {
        SecurityError(.invalidLength, "\(what) must be \(expected) bytes, got \(got)", context: ErrorContext(path: [what]))
    }

    @inline(never) @usableFromInline
    static func length(_ what: String, expected: String, got: Int) -> SecurityError {
        SecurityError(.invalidLength, "\(what) must be \(expected), got \(got) bytes", context: ErrorContext(path: [what]))
    }

    @inline(never) @usableFromInline
    static func value(_ detail: String) -> SecurityError { SecurityError(.invalidValue, detail) }

    @inline(never) @usableFromInline
    static func truncated(_ detail: String, at offset: Int? = nil) -> SecurityError {
        SecurityError(.truncated, detail, context: ErrorContext(offset: offset.map { .byte($0) }))
    }

    @inline(never) @usableFromInline
    static func malformed(_ detail: String, at offset: Int? = nil) -> SecurityError {
        SecurityError(.malformed, detail, context: ErrorContext(offset: offset.map { .byte($0) }))
    }

    @inline(never) @usableFromInline
    static func crypto(_ detail: String) -> SecurityError { SecurityError(.cryptoFailure, detail) }
}

extension SecurityError {
    /// Throws `invalidLength` unless `bytes` has exactly `count` elements.
    @inlinable
    static func check(_ bytes: [UInt8], _ count: Int, _ what: String) throws(SecurityError) {
        if bytes.count != count { throw .length(what, expected: count, got: bytes.count) }
    }
}
