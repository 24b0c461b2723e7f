/// Writes of types with a size: BIT STRING (X.691 clause 16), OCTET STRING (17),
/// SEQUENCE OF (20) and character strings (30). The size arguments mirror
/// `APERReader`'s.
extension APERWriter {
    @inline(never) @usableFromInline
    static func sizeViolation(_ size: Int, _ lowerBound: Int, _ upperBound: Int?) -> APEREncodingError {
        APEREncodingError(.constraintViolation, "size \(size) outside \(lowerBound)..\(upperBound.map(String.init) ?? "MAX")")
    }

    /// Writes the size preamble; returns whether the size was written in full
    /// (false: an unconstrained length determinant must follow, possibly fragmented).
    @inlinable
    mutating func writeSizePreamble(_ size: Int, _ lowerBound: Int, _ upperBound: Int?, _ extensible: Bool)
        throws(APEREncodingError) -> (done: Bool, fixed: Bool)
    {
        let inRoot = size >= lowerBound && (upperBound.map { size <= $0 } ?? true)
        if extensible {
            writeBit(!inRoot)
            if !inRoot { return (false, false) }
        } else if !inRoot {
            throw APERWriter.sizeViolation(size, lowerBound, upperBound)
        }
        guard let ub = upperBound, ub < 65536 else { return (false, false) }
        if lowerBound == ub { return (true, true) }
        writeConstrainedLength(size, lowerBound, ub)
        return (true, false)
    }

    /// An OCTET STRING.
    @inlinable
    public mutating func writeOctetString(
        _ value: ASN1Bytes, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false
    ) throws(APEREncodingError) {
        let (done, fixed) = try writeSizePreamble(value.count, lowerBound, upperBound, extensible)
        if done {
            if fixed && value.count <= 2 {
                writeBits(of: value, bitCount: value.count &* 8)
            } else {
                writeAlignedBytes(value.slice)
            }
            return
        }
        if value.count < 16384 {
            writeLength(value.count)
            writeAlignedBytes(value.slice)
        } else {
            writeFragmented(count: value.count) { w, range in
                w.writeAlignedBytes(value.slice.dropFirst(range.lowerBound).prefix(range.count))
            }
        }
    }

    /// The bits of a bit string of under 16K bits, with no preamble.
    @inlinable
    mutating func writeBitStringBits(_ value: ASN1BitString) {
        let size = value.bitCount
        if let word = value.leftAlignedWord {
            if size > 0 { writeBits(word >> UInt64(64 &- size), count: size) }
        } else {
            writeBits(of: value.bytes, bitCount: size)
        }
    }

    /// A BIT STRING.
    @inlinable
    public mutating func writeBitString(
        _ value: ASN1BitString, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false
    ) throws(APEREncodingError) {
        let size = value.bitCount
        let (done, fixed) = try writeSizePreamble(size, lowerBound, upperBound, extensible)
        if done {
            if !fixed || size > 16 { align() }
            writeBitStringBits(value)
            return
        }
        if size < 16384 {
            writeLength(size)
            writeBitStringBits(value)
        } else {
            writeFragmented(count: size) { w, range in
                // Fragments are multiples of 16K bits, so each starts on a byte.
                let first = range.lowerBound >> 3
                let data = ASN1Bytes(value.bytes.slice.dropFirst(first).prefix((range.count &+ 7) >> 3))
                w.writeBits(of: data, bitCount: range.count)
            }
        }
    }

    /// Writes the count of a SEQUENCE OF and its elements, calling `element` for each.
    @inlinable
    public mutating func writeList<T>(
        _ items: [T], _ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false,
        _ element: (inout APERWriter, T) throws(APEREncodingError) -> Void
    ) throws(APEREncodingError) {
        let (done, _) = try writeSizePreamble(items.count, lowerBound, upperBound, extensible)
        func run(_ w: inout APERWriter, _ range: Range<Int>) throws(APEREncodingError) {
            for i in range {
                do throws(APEREncodingError) {
                    try element(&w, items[i])
                } catch {
                    throw error.inside(.index(i))
                }
            }
        }
        if done {
            try run(&self, 0..<items.count)
        } else if items.count < 16384 {
            writeLength(items.count)
            try run(&self, 0..<items.count)
        } else {
            try writeFragmented(count: items.count, run)
        }
    }

    /// A known-multiplier character string; see `APERReader.readCharacterString`.
    /// `alphabet` (sorted) is given when characters are written as their index in it.
    @inlinable
    public mutating func writeCharacterString(
        _ value: String, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false,
        bitsPerCharacter: Int, alphabet: [Unicode.Scalar]? = nil
    ) throws(APEREncodingError) {
        var codes: [UInt64] = []
        codes.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            let code: UInt64
            if let alphabet {
                guard let index = alphabet.firstIndex(of: scalar) else {
                    throw APERWriter.violation("character \(scalar.escaped(asASCII: true)) outside the permitted alphabet")
                }
                code = UInt64(index)
            } else {
                code = UInt64(scalar.value)
                guard bitsPerCharacter >= 32 || code < (1 << UInt64(bitsPerCharacter)) else {
                    throw APERWriter.violation("character \(scalar.escaped(asASCII: true)) does not fit \(bitsPerCharacter) bits")
                }
            }
            codes.append(code)
        }
        let (done, fixed) = try writeSizePreamble(codes.count, lowerBound, upperBound, extensible)
        if done {
            if !fixed || codes.count > 2 { align() }
            for c in codes { writeBits(c, count: bitsPerCharacter) }
        } else if codes.count < 16384 {
            writeLength(codes.count)
            for c in codes { writeBits(c, count: bitsPerCharacter) }
        } else {
            writeFragmented(count: codes.count) { w, range in
                for i in range { w.writeBits(codes[i], count: bitsPerCharacter) }
            }
        }
    }

    /// A UTF8String: a length in octets then the UTF-8 bytes.
    @inlinable
    public mutating func writeUTF8String(_ value: String) {
        let utf8 = Array(value.utf8)
        if utf8.count < 16384 {
            writeLength(utf8.count)
            writeAlignedBytes(utf8)
        } else {
            writeFragmented(count: utf8.count) { w, range in w.writeAlignedBytes(utf8[range]) }
        }
    }

    /// An OBJECT IDENTIFIER: a length then the BER contents octets.
    @inlinable
    public mutating func writeObjectIdentifier(_ value: ASN1ObjectIdentifier) {
        let contents = value.contents
        writeLength(contents.count)
        writeAlignedBytes(contents)
    }
}
