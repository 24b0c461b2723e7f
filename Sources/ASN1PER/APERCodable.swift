/// A type with an aligned-PER encoding (generated types conform).
public protocol APERCodable {
    /// Decodes a value from `reader`, advancing it.
    init(aperDecoding reader: inout APERReader) throws(APERDecodingError)
    /// Appends the value's encoding to `writer`.
    func aperEncode(into writer: inout APERWriter) throws(APEREncodingError)
}

extension APERCodable {
    /// Decodes a complete encoding. Bytes after the value are ignored; use
    /// `init(aperEncoded:trailingBytes:)` to learn how many there were.
    @inlinable
    public init(aperEncoded bytes: [UInt8]) throws(APERDecodingError) {
        self = try APERReader.decode(bytes[...]) { r throws(APERDecodingError) in try Self(aperDecoding: &r) }
    }

    /// Decodes a complete encoding and reports the whole bytes left after it
    /// (real peers append stray bytes; they are reported, not decoded). Strict: contents of a CONTAINING
    /// value or an open type that are not the complete encoding of their value fail the decode.
    @inlinable
    public init(aperEncoded bytes: ArraySlice<UInt8>, trailingBytes: inout Int) throws(APERDecodingError) {
        var left = 0
        self = try APERReader.decode(bytes) { r throws(APERDecodingError) in
            let value = try Self(aperDecoding: &r)
            left = r.remainingBytesAfterAlignment
            return value
        }
        trailingBytes = left
    }

    /// Tolerant decoding, for capture analysis: like `init(aperEncoded:trailingBytes:)`, but the contents of
    /// a CONTAINING value that do not decode are kept as bytes (`ASN1Contained.undecoded`), and octets an
    /// open type's value leaves unused are skipped. Each such place is recorded in `diagnostics`, as the
    /// error a strict decode throws there (with its path); any other error still fails the decode.
    ///
    /// Valid input costs one decode; each tolerated place costs one more (at most `maxTolerated`).
    public init(
        aperEncoded bytes: ArraySlice<UInt8>, trailingBytes: inout Int, diagnostics: inout [APERDecodingError]
    ) throws(APERDecodingError) {
        var tolerated: [Int] = []
        var found: [APERDecodingError] = []
        while true {
            do throws(APERDecodingError) {
                var left = 0
                self = try APERReader.decode(bytes, tolerating: tolerated) { r throws(APERDecodingError) in
                    let value = try Self(aperDecoding: &r)
                    left = r.remainingBytesAfterAlignment
                    return value
                }
                trailingBytes = left
                diagnostics = found
                return
            } catch {
                guard let container = error.container, !tolerated.contains(container),
                    tolerated.count < APERReader.maxTolerated
                else { throw error }
                tolerated.append(container)
                found.append(error)
            }
        }
    }

    /// The complete encoding of the value (X.691 11.1: padded to whole octets, at least one).
    @inlinable
    public func aperEncoded() throws(APEREncodingError) -> [UInt8] {
        var writer = APERWriter()
        try aperEncode(into: &writer)
        return writer.completeEncoding
    }
}

/// How a decoder treats the contents of a CONTAINING value or an open type that are not the complete
/// encoding of their value.
public enum APERDecodingMode: Sendable {
    /// The decode fails (conformance verdicts).
    case strict
    /// The contents are kept as bytes or skipped, and the error is recorded as a diagnostic (capture analysis).
    case tolerant
}

/// The value of NULL.
public struct ASN1Null: Hashable, Sendable {
    @inlinable public init() {}
}

/// An extension addition the decoder did not know (from a newer version of the
/// specification), kept as its encoding so that re-encoding reproduces it.
public struct ASN1UnknownExtension: Hashable, Sendable {
    /// Position among the extension additions, from 0.
    public var index: Int
    /// The open type contents.
    public var bytes: ASN1Bytes

    public init(index: Int, bytes: ASN1Bytes) {
        self.index = index
        self.bytes = bytes
    }
}

/// The value of an OCTET STRING or BIT STRING (CONTAINING T): decoded, or, from tolerant decoding when
/// the contents are not a valid encoding of T (or from JER that gives them as hex), kept as bytes.
public enum ASN1Contained<T> {
    case value(T)
    case undecoded(ASN1Bytes)
}

extension ASN1Contained: Equatable where T: Equatable {}
extension ASN1Contained: Hashable where T: Hashable {}
extension ASN1Contained: Sendable where T: Sendable {}

/// Presence bits of an extension-addition bitmap, of any length.
public struct ASN1ExtensionBitmap: Sendable {
    @usableFromInline var small: UInt64
    @usableFromInline var large: [Bool]
    /// Number of bits.
    public let count: Int

    @inlinable
    init(small: UInt64, large: [Bool], count: Int) {
        self.small = small
        self.large = large
        self.count = count
    }

    /// Whether addition `index` (from 0) is present.
    @inlinable
    public subscript(index: Int) -> Bool {
        if count <= 64 { return small & (1 << UInt64(count &- 1 &- index)) != 0 }
        return large[index]
    }
}
