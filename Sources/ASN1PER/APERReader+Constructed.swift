/// Reads used by generated code for INTEGER, ENUMERATED, CHOICE, SEQUENCE
/// preambles and CONTAINING (X.691 clauses 13, 14, 19, 23).
extension APERReader {
    /// An INTEGER with optional bounds; `extensible` when the constraint has `...`.
    @inlinable
    public mutating func readInteger(_ lowerBound: Int64?, _ upperBound: Int64?, extensible: Bool)
        throws(APERDecodingError) -> Int64
    {
        if extensible, try readBit() { return try readUnconstrainedInteger() }
        if let lb = lowerBound {
            if let ub = upperBound { return try readConstrainedInteger(lb, ub) }
            return try readSemiConstrainedInteger(lb)
        }
        return try readUnconstrainedInteger()
    }

    /// An ENUMERATED index: 0..<rootCount for root items, rootCount + i for extension item i.
    @inlinable
    public mutating func readEnumerated(rootCount: Int, extensible: Bool) throws(APERDecodingError) -> Int {
        if extensible, try readBit() { return rootCount &+ (try readNormallySmall()) }
        if rootCount <= 255 {
            let span = UInt64(rootCount &- 1)
            return Int(try readBitField(64 &- span.leadingZeroBitCount, maximum: span))
        }
        return Int(try readConstrainedOffset(span: UInt64(rootCount &- 1)))
    }

    /// A CHOICE index: 0..<rootCount for root alternatives, rootCount + i for extension alternative i.
    @inlinable
    public mutating func readChoiceIndex(rootCount: Int, extensible: Bool) throws(APERDecodingError) -> Int {
        try readEnumerated(rootCount: rootCount, extensible: extensible)
    }

    /// The presence bits of a SEQUENCE's OPTIONAL and DEFAULT root components (at most 64).
    @inlinable
    public mutating func readPresence(_ count: Int) throws(APERDecodingError) -> UInt64 {
        try readBits(count)
    }

    /// Presence bits of more than 64 components.
    public mutating func readPresenceList(_ count: Int) throws(APERDecodingError) -> [Bool] {
        var out: [Bool] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try readBit()) }
        return out
    }

    /// The extension-addition bitmap of a SEQUENCE whose extension bit is set.
    @inlinable
    public mutating func readExtensionBitmap() throws(APERDecodingError) -> ASN1ExtensionBitmap {
        let count = try readNormallySmallLength()
        if count <= 64 { return ASN1ExtensionBitmap(small: try readBits(count), large: [], count: count) }
        guard count <= remainingBits else { throw truncated(needing: count) }
        return ASN1ExtensionBitmap(small: 0, large: try readPresenceList(count), count: count)
    }

    /// An OCTET STRING (CONTAINING T) (X.682 11, X.691 17.4): the contents are the complete encoding of a
    /// T value. When they are not, a strict decode fails with the error met inside (its `container` set to
    /// where the octet string starts); tolerant decoding keeps the contents as bytes and records the error.
    @inlinable
    public mutating func readContaining<T>(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool,
        _ body: (inout APERReader) throws(APERDecodingError) -> T
    ) throws(APERDecodingError) -> ASN1Contained<T> {
        let start = bitOffset
        let bytes = try readOctetString(lowerBound, upperBound, extensible: extensible)
        return try decodeContents(bytes, start: start, body)
    }

    /// A BIT STRING (CONTAINING T), as `readContaining` (the contents are whole octets).
    @inlinable
    public mutating func readBitsContaining<T>(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool,
        _ body: (inout APERReader) throws(APERDecodingError) -> T
    ) throws(APERDecodingError) -> ASN1Contained<T> {
        let start = bitOffset
        let bits = try readBitString(lowerBound, upperBound, extensible: extensible)
        guard bits.bitCount & 7 == 0 else {
            if tolerated.contains(start) { return .undecoded(bits.bytes) }
            throw APERDecodingError(
                .invalidEncoding, "contents of \(bits.bitCount) bits are not whole octets", bitOffset: bitOffset,
                container: start)
        }
        return try decodeContents(bits.bytes, start: start, body)
    }

    /// Decodes the contents of a CONTAINING value that starts at bit `start`, with a nested reader.
    @inlinable
    mutating func decodeContents<T>(
        _ bytes: ASN1Bytes, start: Int, _ body: (inout APERReader) throws(APERDecodingError) -> T
    ) throws(APERDecodingError) -> ASN1Contained<T> {
        do throws(APERDecodingError) {
            let value = try decodeNested(bytes.slice, origin: bitOffset &- bytes.count &* 8) {
                (r: inout APERReader) throws(APERDecodingError) -> T in
                let value = try body(&r)
                try r.checkComplete(octets: bytes.count, used: r.position, container: start, what: "CONTAINING value")
                return value
            }
            return .value(value)
        } catch {
            // Running out of nesting budget is no fault of these contents: never kept as bytes.
            if error.code == .tooDeep { throw error }
            if tolerated.contains(start) { return .undecoded(bytes) }
            throw error.inContainer(at: start)
        }
    }
}

extension APERReader {
    /// The extension additions of a SEQUENCE that knows none: all kept as unknown.
    public mutating func readUnknownExtensions() throws(APERDecodingError) -> [ASN1UnknownExtension] {
        let bitmap = try readExtensionBitmap()
        var out: [ASN1UnknownExtension] = []
        for i in 0..<bitmap.count where bitmap[i] {
            out.append(ASN1UnknownExtension(index: i, bytes: try readOpenTypeBytes()))
        }
        return out
    }

    /// A value of type `T` inside an open type; errors get `typeName` in their path.
    @inlinable
    public mutating func readOpenTypeValue<T: APERCodable>(_: T.Type, _ typeName: StaticString) throws(APERDecodingError) -> T {
        do throws(APERDecodingError) {
            return try readOpenType { (r: inout APERReader) throws(APERDecodingError) -> T in try T(aperDecoding: &r) }
        } catch {
            throw error.inside(type: typeName)
        }
    }
}
