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
            throw JERDecodingError(reason: error.description)
        }
        try self.init(jerDecoding: json)
    }
}

/// JSON that is not the JER of the expected type: what was wrong and where.
public struct JERDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
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
