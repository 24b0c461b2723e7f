/// Writes used by generated code for INTEGER, ENUMERATED, CHOICE, SEQUENCE
/// preambles and CONTAINING (X.691 clauses 13, 14, 19, 23).
extension APERWriter {
    /// An INTEGER with optional bounds; `extensible` when the constraint has `...`.
    @inlinable
    public mutating func writeInteger(_ value: Int64, _ lowerBound: Int64?, _ upperBound: Int64?, extensible: Bool)
        throws(APEREncodingError)
    {
        let inRoot = (lowerBound.map { value >= $0 } ?? true) && (upperBound.map { value <= $0 } ?? true)
        if extensible {
            writeBit(!inRoot)
            if !inRoot {
                writeUnconstrainedInteger(value)
                return
            }
        } else if !inRoot {
            throw APERWriter.violation(
                "value \(value) outside \(lowerBound.map(String.init) ?? "MIN")..\(upperBound.map(String.init) ?? "MAX")")
        }
        if let lb = lowerBound {
            if let ub = upperBound {
                writeConstrainedOffset(UInt64(bitPattern: value &- lb), span: UInt64(bitPattern: ub &- lb))
            } else {
                writeSemiConstrainedOffset(UInt64(bitPattern: value &- lb))
            }
        } else {
            writeUnconstrainedInteger(value)
        }
    }

    /// An ENUMERATED or CHOICE index (see `APERReader.readEnumerated`).
    @inlinable
    public mutating func writeEnumerated(_ index: Int, rootCount: Int, extensible: Bool) {
        if index >= rootCount {
            writeBit(true)
            writeNormallySmall(index &- rootCount)
        } else {
            if extensible { writeBit(false) }
            writeConstrainedOffset(UInt64(index), span: UInt64(rootCount &- 1))
        }
    }

    /// A CHOICE index (see `APERReader.readChoiceIndex`).
    @inlinable
    public mutating func writeChoiceIndex(_ index: Int, rootCount: Int, extensible: Bool) {
        writeEnumerated(index, rootCount: rootCount, extensible: extensible)
    }

    /// Presence bits of more than 64 components.
    public mutating func writePresenceList(_ bits: [Bool]) {
        for b in bits { writeBit(b) }
    }

    /// The extension-addition bitmap: `count` bits, `present(i)` for each.
    @inlinable
    public mutating func writeExtensionBitmap(count: Int, _ present: (Int) -> Bool) {
        writeNormallySmallLength(count)
        for i in 0..<count { writeBit(present(i)) }
    }

    /// An OCTET STRING (CONTAINING T).
    @inlinable
    public mutating func writeContaining<T>(
        _ value: ASN1Contained<T>, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool,
        _ body: (inout APERWriter, T) throws(APEREncodingError) -> Void
    ) throws(APEREncodingError) {
        switch value {
        case .undecoded(let bytes):
            try writeOctetString(bytes, lowerBound, upperBound, extensible: extensible)
        case .value(let inner):
            if upperBound == nil && lowerBound == 0 && !extensible {
                // Same layout as an open type: length then the complete encoding.
                try writeOpenType { (w: inout APERWriter) throws(APEREncodingError) in try body(&w, inner) }
            } else {
                var nested = APERWriter()
                try body(&nested, inner)
                try writeOctetString(ASN1Bytes(nested.completeEncoding), lowerBound, upperBound, extensible: extensible)
            }
        }
    }

    /// A BIT STRING (CONTAINING T).
    @inlinable
    public mutating func writeBitsContaining<T>(
        _ value: ASN1Contained<T>, _ lowerBound: Int, _ upperBound: Int?, extensible: Bool,
        _ body: (inout APERWriter, T) throws(APEREncodingError) -> Void
    ) throws(APEREncodingError) {
        let bytes: ASN1Bytes
        switch value {
        case .undecoded(let b): bytes = b
        case .value(let inner):
            var nested = APERWriter()
            try body(&nested, inner)
            bytes = ASN1Bytes(nested.completeEncoding)
        }
        guard let bits = ASN1BitString(bytes: bytes, bitCount: bytes.count &* 8) else {
            throw APERWriter.violation("contained bits")
        }
        try writeBitString(bits, lowerBound, upperBound, extensible: extensible)
    }
}

extension APERWriter {
    /// The extension additions of a SEQUENCE that knows none.
    public mutating func writeUnknownExtensions(_ extensions: [ASN1UnknownExtension]) {
        let count = (extensions.map(\.index).max() ?? -1) + 1
        writeExtensionBitmap(count: count) { i in extensions.contains { $0.index == i } }
        for i in 0..<count {
            for e in extensions where e.index == i { writeOpenTypeBytes(e.bytes) }
        }
    }

    /// A value inside an open type; errors get `typeName` in their path.
    @inlinable
    public mutating func writeOpenTypeValue<T: APERCodable>(_ value: T, _ typeName: StaticString) throws(APEREncodingError) {
        do throws(APEREncodingError) {
            try writeOpenType { (w: inout APERWriter) throws(APEREncodingError) in try value.aperEncode(into: &w) }
        } catch {
            throw error.inside(type: typeName)
        }
    }
}
