import Bytes
import ASN1PER

/// Readers of JER values used by generated code. Each checks the JSON kind and
/// the constraint, and fails with a `JERDecodingError` naming what was expected.
public enum JER {
    @inline(never) @usableFromInline
    static func fail(_ message: String) -> JERDecodingError { JERDecodingError(.invalidValue, message) }

    @inline(never) @usableFromInline
    static func expected(_ what: String, _ json: JSONValue) -> JERDecodingError {
        JERDecodingError(.unexpectedKind, "expected \(what), found \(json.kind)")
    }

    /// A CHOICE member that names no alternative (generated decoders throw it).
    @inline(never)
    public static func unknownAlternative(_ name: String) -> JERDecodingError {
        JERDecodingError(.invalidValue, "unknown alternative \(name)")
    }

    /// An identifier that names no item of an enumeration (generated decoders throw it).
    @inline(never)
    public static func unknownEnumerationItem(_ name: String) -> JERDecodingError {
        JERDecodingError(.invalidValue, "unknown enumeration item \(name)")
    }

    /// The members of a JSON object.
    public static func object(_ json: JSONValue) throws(JERDecodingError) -> JERObject {
        guard case .object(let members) = json else { throw expected("an object", json) }
        return JERObject(members: members)
    }

    /// A CHOICE: an object with exactly one member.
    public static func choice(_ json: JSONValue) throws(JERDecodingError) -> JSONValue.Member {
        guard case .object(let members) = json, members.count == 1 else { throw expected("an object with one member", json) }
        return members[0]
    }

    public static func boolean(_ json: JSONValue) throws(JERDecodingError) -> Bool {
        guard case .bool(let b) = json else { throw expected("true or false", json) }
        return b
    }

    public static func null(_ json: JSONValue) throws(JERDecodingError) -> ASN1Null {
        guard case .null = json else { throw expected("null", json) }
        return ASN1Null()
    }

    public static func integer(_ json: JSONValue, _ lowerBound: Int64?, _ upperBound: Int64?, extensible: Bool)
        throws(JERDecodingError) -> Int64
    {
        guard case .number(let text) = json else { throw expected("an integer", json) }
        guard let v = Int64(text) else { throw fail("\(text) is not a 64-bit integer") }
        if !extensible, (lowerBound.map { v < $0 } ?? false) || (upperBound.map { v > $0 } ?? false) {
            throw fail("value \(v) outside \(lowerBound.map(String.init) ?? "MIN")..\(upperBound.map(String.init) ?? "MAX")")
        }
        return v
    }

    public static func unsigned(_ json: JSONValue, _ lowerBound: UInt64, _ upperBound: UInt64)
        throws(JERDecodingError) -> UInt64
    {
        guard case .number(let text) = json else { throw expected("an integer", json) }
        guard let v = UInt64(text), v >= lowerBound, v <= upperBound else {
            throw fail("\(text) outside \(lowerBound)..\(upperBound)")
        }
        return v
    }

    static func checkSize(_ size: Int, _ lowerBound: Int, _ upperBound: Int?, _ extensible: Bool) throws(JERDecodingError) {
        if !extensible, size < lowerBound || (upperBound.map { size > $0 } ?? false) {
            throw fail("size \(size) outside \(lowerBound)..\(upperBound.map(String.init) ?? "MAX")")
        }
    }

    /// An OCTET STRING: hexadecimal text.
    public static func octetString(_ json: JSONValue, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool)
        throws(JERDecodingError) -> ASN1Bytes
    {
        guard case .string(let text) = json else { throw expected("a hex string", json) }
        guard let bytes = ASN1Bytes(hex: text) else { throw fail("\"\(text)\" is not hexadecimal") }
        try checkSize(bytes.count, lowerBound, upperBound, extensible)
        return bytes
    }

    /// A BIT STRING: hexadecimal text when its size is fixed, else `{"length": n, "value": hex}`.
    public static func bitString(_ json: JSONValue, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool)
        throws(JERDecodingError) -> ASN1BitString
    {
        let bits: ASN1BitString
        switch json {
        case .string(let text):
            guard let ub = upperBound, lowerBound == ub else { throw expected("an object with length and value", json) }
            guard let bytes = ASN1Bytes(hex: text), let b = ASN1BitString(bytes: bytes, bitCount: ub) else {
                throw fail("\"\(text)\" is not \(ub) bits of hexadecimal")
            }
            bits = b
        case .object:
            let o = try object(json)
            guard case .number(let n)? = o["length"], let length = Int(n), length >= 0, length <= 1 << 24,
                case .string(let text)? = o["value"], let bytes = ASN1Bytes(hex: text)
            else { throw fail("expected {\"length\": n, \"value\": hex}") }
            guard let b = ASN1BitString(bytes: bytes, bitCount: length) else {
                throw fail("\(bytes.count) bytes cannot hold exactly \(length) bits")
            }
            bits = b
        default:
            throw expected("a bit string", json)
        }
        try checkSize(bits.bitCount, lowerBound, upperBound, extensible)
        return bits
    }

    /// A character string.
    public static func string(_ json: JSONValue, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool)
        throws(JERDecodingError) -> String
    {
        guard case .string(let text) = json else { throw expected("a string", json) }
        try checkSize(text.unicodeScalars.count, lowerBound, upperBound, extensible)
        return text
    }

    /// A string carried as octets (UTF8String in APER).
    public static func string(_ json: JSONValue) throws(JERDecodingError) -> String {
        guard case .string(let text) = json else { throw expected("a string", json) }
        return text
    }

    /// An OBJECT IDENTIFIER: dotted text.
    public static func objectIdentifier(_ json: JSONValue) throws(JERDecodingError) -> ASN1ObjectIdentifier {
        guard case .string(let text) = json, let oid = ASN1ObjectIdentifier(dotted: text) else {
            throw expected("a dotted OBJECT IDENTIFIER", json)
        }
        return oid
    }

    /// A SEQUENCE OF: an array, each element read by `element`.
    @inlinable
    public static func list<T>(
        _ json: JSONValue, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool,
        _ element: (JSONValue) throws(JERDecodingError) -> T
    ) throws(JERDecodingError) -> [T] {
        guard case .array(let items) = json else { throw expected("an array", json) }
        if !extensible, items.count < lowerBound || (upperBound.map { items.count > $0 } ?? false) {
            throw fail("size \(items.count) outside \(lowerBound)..\(upperBound.map(String.init) ?? "MAX")")
        }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do throws(JERDecodingError) {
                out.append(try element(item))
            } catch {
                throw error.inside(.index(i))
            }
        }
        return out
    }

    /// An ENUMERATED identifier; `_ext_N` names extension item N unknown to this version.
    public static func enumerated(_ json: JSONValue) throws(JERDecodingError) -> String {
        guard case .string(let text) = json else { throw expected("an enumeration identifier", json) }
        return text
    }

    /// The index N of an `_ext_N` identifier, or nil.
    public static func unknownExtensionIndex(_ name: String) -> Int? {
        guard name.hasPrefix("_ext_") else { return nil }
        return Int(name.dropFirst(5))
    }

    /// The contents of an OCTET STRING (CONTAINING T): `{"T": value}` or hexadecimal bytes.
    @inlinable
    public static func contained<T>(
        _ json: JSONValue, typeName: String, _ body: (JSONValue) throws(JERDecodingError) -> T
    ) throws(JERDecodingError) -> ASN1Contained<T> {
        if case .string(let text) = json {
            guard let bytes = ASN1Bytes(hex: text) else { throw fail("\"\(text)\" is not hexadecimal") }
            return .undecoded(bytes)
        }
        let member = try choice(json)
        guard member.key == typeName else { throw fail("expected member \(typeName), found \(member.key)") }
        return .value(try body(member.value))
    }

    /// The bytes of an unknown open type value: hexadecimal text.
    public static func openTypeBytes(_ json: JSONValue) throws(JERDecodingError) -> ASN1Bytes {
        guard case .string(let text) = json, let bytes = ASN1Bytes(hex: text) else {
            throw expected("hexadecimal bytes of an unknown value", json)
        }
        return bytes
    }
}

/// The members of a JSON object being read as a SEQUENCE.
public struct JERObject {
    public let members: [JSONValue.Member]

    /// The value of `key`, or nil.
    public subscript(key: String) -> JSONValue? {
        for m in members where m.key == key { return m.value }
        return nil
    }

    /// The value of a mandatory member.
    public func required(_ key: StaticString) throws(JERDecodingError) -> JSONValue {
        let name = key.description
        guard let v = self[name] else { throw JERDecodingError(.missingMember, "missing member \(name)") }
        return v
    }

    /// Fails on a member that is neither in `known` nor an `_ext_N` unknown extension.
    public func rejectUnknown(_ known: [StaticString]) throws(JERDecodingError) {
        outer: for m in members {
            for k in known where k.description == m.key { continue outer }
            if JER.unknownExtensionIndex(m.key) != nil { continue }
            throw JER.fail("unknown member \(m.key)")
        }
    }

    /// The `_ext_N` members, as unknown extension additions.
    public func unknownExtensions() throws(JERDecodingError) -> [ASN1UnknownExtension] {
        var out: [ASN1UnknownExtension] = []
        for m in members {
            guard let index = JER.unknownExtensionIndex(m.key) else { continue }
            out.append(ASN1UnknownExtension(index: index, bytes: try JER.openTypeBytes(m.value)))
        }
        return out.sorted { $0.index < $1.index }
    }
}

extension JSONWriter {
    /// A BIT STRING: hexadecimal when the size is fixed, else `{"length":n,"value":hex}`.
    /// `singleRootSize` marks an extensible constraint with one root size (see `pycrateBitStrings`).
    @inlinable
    public mutating func bitString(_ value: ASN1BitString, fixedSize: Bool, singleRootSize: Bool = false) {
        if fixedSize || (singleRootSize && pycrateBitStrings) {
            bitStringHex(value)
        } else {
            beginObject()
            key("length")
            int(value.bitCount)
            key("value")
            bitStringHex(value)
            endObject()
        }
    }

    /// The bytes of a bit string as hex, straight from the word when it is held inline.
    @inlinable
    mutating func bitStringHex(_ value: ASN1BitString) {
        if let word = value.leftAlignedWord {
            hex(leftAligned: word, byteCount: (value.bitCount &+ 7) >> 3)
        } else {
            hex(value.bytes.slice)
        }
    }

    /// Unknown SEQUENCE extension additions, as `"_ext_N": hex` members.
    public mutating func unknownExtensions(_ extensions: [ASN1UnknownExtension]) {
        for e in extensions {
            key(escaping: "_ext_\(e.index)")
            hex(e.bytes.slice)
        }
    }
}

extension JER {
    /// A value of type `T` from the JSON of an open type; errors get `typeName` in their path.
    @inlinable
    public static func openTypeValue<T: JERCodable>(_ json: JSONValue, _: T.Type, _ typeName: StaticString) throws(JERDecodingError) -> T {
        do throws(JERDecodingError) {
            return try T(jerDecoding: json)
        } catch {
            throw error.inside(type: typeName)
        }
    }
}
