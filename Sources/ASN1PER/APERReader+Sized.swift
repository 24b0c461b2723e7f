/// Reads of types with a size: BIT STRING (X.691 clause 16), OCTET STRING (17),
/// SEQUENCE OF (20) and character strings (30).
///
/// `lowerBound`/`upperBound` are the PER-visible size constraint of the root
/// (`upperBound` nil when there is none), `extensible` when it has `...`.
extension APERReader {
    /// Reads the size preamble. Returns the size when the size is known from the
    /// encoding without a fragmenting length, or nil when an unconstrained length
    /// determinant follows (and has not been read yet).
    @inlinable
    mutating func readSizePreamble(_ lowerBound: Int, _ upperBound: Int?, _ extensible: Bool) throws(APERDecodingError)
        -> (size: Int?, fixed: Bool)
    {
        if extensible, try readBit() { return (nil, false) }
        guard let ub = upperBound, ub < 65536 else { return (nil, false) }
        if lowerBound == ub { return (ub, true) }
        return (try readConstrainedLength(lowerBound, ub), false)
    }

    @inline(never) @usableFromInline
    func sizeViolation(_ size: Int, _ lowerBound: Int, _ upperBound: Int?) -> APERDecodingError {
        violation("size \(size) outside \(lowerBound)..\(upperBound.map(String.init) ?? "MAX")")
    }

    /// An OCTET STRING.
    @inlinable
    public mutating func readOctetString(_ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false)
        throws(APERDecodingError) -> ASN1Bytes
    {
        let (size, fixed) = try readSizePreamble(lowerBound, upperBound, extensible)
        if let size {
            if fixed && size <= 2 {
                return try readBitsAsBytes(size &* 8)
            }
            try align()
            return try readAlignedBytes(size)
        }
        let (count, fragment) = try readLength()
        let bytes: ASN1Bytes
        if fragment {
            bytes = ASN1Bytes(try readFragmentedOctets(firstFragment: count))
        } else {
            bytes = try readAlignedBytes(count)
        }
        if !extensible, bytes.count < lowerBound || (upperBound.map { bytes.count > $0 } ?? false) {
            throw sizeViolation(bytes.count, lowerBound, upperBound)
        }
        return bytes
    }

    /// The next `count` (at most 64) bits as an inline bit string: no allocation.
    @inlinable
    mutating func readShortBitString(_ count: Int) throws(APERDecodingError) -> ASN1BitString {
        if count == 0 { return ASN1BitString() }
        let value = try readBits(count)
        return ASN1BitString(leftAligned: value << UInt64(64 &- count), bitCount: count)
    }

    /// A BIT STRING.
    @inlinable
    public mutating func readBitString(_ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false)
        throws(APERDecodingError) -> ASN1BitString
    {
        let (size, fixed) = try readSizePreamble(lowerBound, upperBound, extensible)
        if let size {
            if !fixed || size > 16 { try align() }
            if size <= 64 { return try readShortBitString(size) }
            return ASN1BitString(unchecked: try readBitsAsBytes(size), bitCount: size)
        }
        var (count, fragment) = try readLength()
        if !fragment {
            if count <= 64 { return try readShortBitString(count) }
            return ASN1BitString(unchecked: try readBitsAsBytes(count), bitCount: count)
        }
        // Fragments of 16K bits each: always whole octets except the last run.
        var collected: [UInt8] = []
        var total = 0
        while true {
            let part = try readBitsAsBytes(count)
            if total & 7 == 0 {
                collected.append(contentsOf: part.slice)
            } else {
                BitAppender.append(part, bitCount: count, to: &collected, existingBits: total)
            }
            total &+= count
            if !fragment { break }
            (count, fragment) = try readLength()
        }
        return ASN1BitString(unchecked: ASN1Bytes(collected), bitCount: total)
    }

    /// Reads the elements of a SEQUENCE OF, calling `element` for each, handling fragmented counts.
    /// `minimumElementBits` (the fewest bits one element can take, worked out by the compiler) bounds each
    /// count by the bits left before anything is allocated; a count of elements that can take no bits is
    /// bounded by the size constraint, or by `maxZeroSizeElements`.
    @inlinable
    public mutating func readList<T>(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false, minimumElementBits: Int,
        _ element: (inout APERReader) throws(APERDecodingError) -> T
    ) throws(APERDecodingError) -> [T] {
        var (size, _) = try readSizePreamble(lowerBound, upperBound, extensible)
        var fragment = false
        if size == nil {
            let (count, more) = try readLength()
            size = count
            fragment = more
        }
        var count = size ?? 0
        try enterNesting()
        defer { leaveNesting() }
        var items: [T] = []
        while true {
            if minimumElementBits > 0 {
                if count > (limit &- position) / minimumElementBits { throw listTooLong(count, minimumElementBits) }
            } else {
                let most = (extensible ? nil : upperBound) ?? APERReader.maxZeroSizeElements
                if items.count &+ count > most { throw listTooLong(items.count &+ count, 0) }
            }
            items.reserveCapacity(items.count &+ count)
            for _ in 0..<count {
                do throws(APERDecodingError) {
                    items.append(try element(&self))
                } catch {
                    throw error.inside(.index(items.count))
                }
            }
            if !fragment { break }
            (count, fragment) = try readLength()
        }
        if !extensible, items.count < lowerBound || (upperBound.map { items.count > $0 } ?? false) {
            throw sizeViolation(items.count, lowerBound, upperBound)
        }
        return items
    }

    /// Most elements of a list whose elements can take no bits (e.g. NULL) without a size constraint.
    public static let maxZeroSizeElements = 1 << 16

    @inline(never) @usableFromInline
    func listTooLong(_ count: Int, _ minimumElementBits: Int) -> APERDecodingError {
        if minimumElementBits == 0 {
            return error(.invalidLength, "\(count) elements of a type that takes no bits exceed the size allowed")
        }
        return error(
            .invalidLength,
            "\(count) elements of at least \(minimumElementBits) bit\(minimumElementBits == 1 ? "" : "s") cannot fit in the \(remainingBits) bits left")
    }

    /// A known-multiplier character string (PrintableString, VisibleString,
    /// IA5String, NumericString, ...) whose characters take `bitsPerCharacter`
    /// bits (the ALIGNED width: 4, 8, 16 or 32); `alphabet` maps each encoded
    /// value to its character when values are indices into the permitted alphabet.
    @inlinable
    public mutating func readCharacterString(
        _ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false,
        bitsPerCharacter: Int, alphabet: [Unicode.Scalar]? = nil
    ) throws(APERDecodingError) -> String {
        let (size, fixed) = try readSizePreamble(lowerBound, upperBound, extensible)
        var count: Int
        var fragment = false
        if let size {
            count = size
            if !fixed || size > 2 { try align() }
        } else {
            (count, fragment) = try readLength()
        }
        var scalars = String.UnicodeScalarView()
        while true {
            guard count &* bitsPerCharacter <= remainingBits else {
                throw invalidLength(count, unit: "characters")
            }
            for _ in 0..<count {
                let v = try readBits(bitsPerCharacter)
                let scalar: Unicode.Scalar?
                if let alphabet {
                    scalar = v < UInt64(alphabet.count) ? alphabet[Int(v)] : nil
                } else {
                    scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: v))
                }
                guard let scalar else { throw violation("character value \(v) outside the alphabet") }
                scalars.append(scalar)
            }
            if !fragment { break }
            (count, fragment) = try readLength()
        }
        return String(scalars)
    }

    /// A UTF8String: a length in octets then the UTF-8 bytes (size constraints are not PER-visible).
    @inlinable
    public mutating func readUTF8String() throws(APERDecodingError) -> String {
        let (count, fragment) = try readLength()
        let bytes: ASN1Bytes
        if fragment {
            bytes = ASN1Bytes(try readFragmentedOctets(firstFragment: count))
        } else {
            bytes = try readAlignedBytes(count)
        }
        guard let text = String(validating: bytes.slice, as: UTF8.self) else {
            throw error(.invalidEncoding, "invalid UTF-8")
        }
        return text
    }

    /// An OBJECT IDENTIFIER: a length then the BER contents octets (X.691 clause 24).
    @inlinable
    public mutating func readObjectIdentifier() throws(APERDecodingError) -> ASN1ObjectIdentifier {
        let count = try readUnfragmentedLength()
        let bytes = try readAlignedBytes(count)
        guard let oid = ASN1ObjectIdentifier(contents: bytes) else {
            throw error(.invalidEncoding, "invalid OBJECT IDENTIFIER contents")
        }
        return oid
    }
}

/// Appends a run of bits to a byte array whose last byte is partly used.
@usableFromInline
enum BitAppender {
    @usableFromInline
    static func append(_ part: ASN1Bytes, bitCount: Int, to out: inout [UInt8], existingBits: Int) {
        var used = existingBits
        for i in 0..<bitCount {
            let bit = part[i >> 3] & (0x80 >> UInt8(i & 7))
            if used & 7 == 0 { out.append(0) }
            if bit != 0 { out[out.count - 1] |= 0x80 >> UInt8(used & 7) }
            used += 1
        }
    }
}
