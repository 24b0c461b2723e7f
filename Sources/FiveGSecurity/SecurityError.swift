/// The one error type of FiveGSecurity. `Code` is an open set of values so it can grow without
/// breaking callers' switches (house style, as NIO's `NIOSSHError`).
public struct SecurityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of values.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        @inlinable public init(_ name: String) { self.name = name }
        public var description: String { name }

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
    }

    public let code: Code
    /// Which input or field, and how; for people, not for matching.
    public let detail: String

    @inlinable public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }

    @inline(never) @usableFromInline
    static func length(_ what: String, expected: Int, got: Int) -> SecurityError {
        SecurityError(.invalidLength, "\(what) must be \(expected) bytes, got \(got)")
    }

    @inline(never) @usableFromInline
    static func length(_ what: String, expected: String, got: Int) -> SecurityError {
        SecurityError(.invalidLength, "\(what) must be \(expected), got \(got) bytes")
    }

    @inline(never) @usableFromInline
    static func value(_ detail: String) -> SecurityError { SecurityError(.invalidValue, detail) }

    @inline(never) @usableFromInline
    static func truncated(_ detail: String) -> SecurityError { SecurityError(.truncated, detail) }

    @inline(never) @usableFromInline
    static func malformed(_ detail: String) -> SecurityError { SecurityError(.malformed, detail) }

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
