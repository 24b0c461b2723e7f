import Bytes
import ASN1PER

/// A type with a JSON encoding per ITU-T X.697 (JER), in the form pycrate 0.8.1 writes.
public protocol JERCodable: JEREncodable {
    /// Appends the value's JER to `writer`.
    func jerEncode(into writer: inout JSONWriter)
    /// Reads a value from its JER.
    init(jerDecoding json: JSONValue) throws(JERDecodingError)
}

extension JERCodable {
    /// The value's JER as compact JSON text.
    public var jerText: String {
        var w = JSONWriter()
        jerEncode(into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Reads a value from JER text.
    public init(jerText text: String) throws(JERDecodingError) {
        let json: JSONValue
        do throws(BytesError) {
            json = try JSONValue(parsing: text)
        } catch {
            throw JERDecodingError(.invalidJSON, error.message, path: ASN1Path())
        }
        try self.init(jerDecoding: json)
    }
}

/// JSON that is not the JER of the expected type: what was wrong and where.
public struct JERDecodingError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Text that is not JSON.
        public static let invalidJSON = Code(rawValue: "invalidJSON")
        /// A JSON value of the wrong kind (a string where an object is expected, ...).
        public static let unexpectedKind = Code(rawValue: "unexpectedKind")
        /// A value, size or member name the type does not allow (an unknown member, alternative or
        /// enumeration item, text that is not hexadecimal, a number out of range).
        public static let invalidValue = Code(rawValue: "invalidValue")
        /// A mandatory SEQUENCE component is missing.
        public static let missingMember = Code(rawValue: "missingMember")
    }

    public var code: Code
    public var message: String
    /// The value being read, outermost first.
    public var path: ASN1Path

    /// The path from the top (JSON values carry no offset).
    public var context: ErrorContext { ErrorContext(path: path.fullPath) }

    @inline(never)
    public init(_ code: Code, _ message: String, path: ASN1Path = ASN1Path()) {
        self.code = code
        self.message = message
        self.path = path
    }

    @inline(never)
    public func inside(_ component: ASN1Path.Component) -> JERDecodingError {
        var copy = self
        copy.path.components.insert(component, at: 0)
        return copy
    }

    @inline(never)
    public func inside(field name: StaticString) -> JERDecodingError { inside(.field(name.description)) }

    @inline(never)
    public func inside(type name: StaticString) -> JERDecodingError { inside(.type(name.description)) }
}
