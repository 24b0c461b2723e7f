import ASN1PER
import Testing

/// One nesting budget across open types, CONTAINING values, fragmented payloads, lists and recursive types;
/// CONTAINING contents that do not decode; lists whose count the bits left cannot hold.
@Suite struct NestingAndContainingTests {
    /// `levels` open types, each holding the next, the innermost holding one octet 0x2A.
    static func nestedOpenTypes(_ levels: Int) -> [UInt8] {
        var bytes: [UInt8] = [0x2A]
        for _ in 0..<levels {
            var w = APERWriter()
            w.writeOpenType { (w: inout APERWriter) in w.writeAlignedBytes(bytes) }
            bytes = w.completeEncoding
        }
        return bytes
    }

    /// Reads `levels` open types down to the 0x2A octet.
    static func readDown(_ r: inout APERReader, _ levels: Int) throws(APERDecodingError) -> UInt64 {
        if levels == 0 { return try r.readBits(8) }
        return try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) -> UInt64 in try Self.readDown(&r, levels - 1) }
    }

    @Test("open types nest up to the budget; one more is refused with tooDeep, not a crash")
    func openTypeBudget() throws {
        let limit = APERReader.maxDepth
        let fits = Self.nestedOpenTypes(limit)
        #expect(try APERReader.decode(fits[...]) { (r: inout APERReader) throws(APERDecodingError) in try Self.readDown(&r, limit) } == 0x2A)
        let deep = Self.nestedOpenTypes(limit + 1)
        let error = decodingError(HexText.encode(deep)) { (r: inout APERReader) throws(APERDecodingError) in try Self.readDown(&r, limit + 1) }
        #expect(error?.code == .tooDeep)
    }

    @Test("a fragmented open type spends budget: the reader of its reassembled contents inherits the depth")
    func fragmentedPayloadsShareTheBudget() throws {
        // The outer open type holds 16,384 octets (one fragment of 16K, then an empty last fragment):
        // nested open types down to the budget, padded with zeros.
        let inner = Self.nestedOpenTypes(APERReader.maxDepth)
        var w = APERWriter()
        w.writeOpenType { (w: inout APERWriter) in w.writeAlignedBytes(inner + [UInt8](repeating: 0, count: 16384 - inner.count)) }
        let outer = w.completeEncoding
        #expect(outer[0] == 0xC1, "a fragmented length")
        let error = decodingError(HexText.encode(outer)) { (r: inout APERReader) throws(APERDecodingError) in
            try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) -> UInt64 in
                let v = try Self.readDown(&r, APERReader.maxDepth)
                r = try Self.skipRest(r)
                return v
            }
        }
        #expect(error?.code == .tooDeep)
    }

    static func skipRest(_ r: APERReader) throws(APERDecodingError) -> APERReader {
        var r = r
        while r.remainingBits >= 8 { _ = try r.readBits(8) }
        return r
    }

    @Test("CONTAINING values spend budget too")
    func containingBudget() throws {
        // Each level an OCTET STRING (CONTAINING the next level), innermost 0x2A.
        func encode(_ levels: Int) throws -> [UInt8] {
            var bytes: [UInt8] = [0x2A]
            for _ in 0..<levels {
                var w = APERWriter()
                try w.writeOctetString(ASN1Bytes(bytes), 0, nil)
                bytes = w.completeEncoding
            }
            return bytes
        }
        func read(_ r: inout APERReader, _ levels: Int) throws(APERDecodingError) -> UInt64 {
            if levels == 0 { return try r.readBits(8) }
            let inner = try r.readContaining(0, nil, extensible: false) { (r: inout APERReader) throws(APERDecodingError) -> UInt64 in
                try read(&r, levels - 1)
            }
            guard case .value(let v) = inner else { return 0 }
            return v
        }
        let limit = APERReader.maxDepth
        #expect(try APERReader.decode(try encode(limit)[...]) { (r: inout APERReader) throws(APERDecodingError) in try read(&r, limit) } == 0x2A)
        let error = decodingError(HexText.encode(try encode(limit + 1))) { (r: inout APERReader) throws(APERDecodingError) in try read(&r, limit + 1) }
        #expect(error?.code == .tooDeep)
        // Tolerant decoding does not keep the contents as bytes for a spent budget: still an error.
        #expect(error?.container == nil)
    }

    @Test("a recursive type that reads no bits per level runs out of budget instead of the stack")
    func recursiveTypesSpendBudget() {
        func node(_ r: inout APERReader) throws(APERDecodingError) -> Int {
            try r.enterNesting()
            defer { r.leaveNesting() }
            return 1 + (try node(&r))
        }
        let error = decodingError("") { (r: inout APERReader) throws(APERDecodingError) in try node(&r) }
        #expect(error?.code == .tooDeep)
    }

    @Test("a CONTAINING value whose contents do not decode: strict names the error, tolerant keeps the bytes")
    func brokenContaining() throws {
        // An OCTET STRING of 2 octets said to contain a 24-bit value; the string starts at bit 4.
        let read = { (r: inout APERReader) throws(APERDecodingError) -> ASN1Contained<UInt64> in
            _ = try r.readBits(4)
            return try r.readContaining(0, nil, extensible: false) { (r: inout APERReader) throws(APERDecodingError) -> UInt64 in try r.readBits(24) }
        }
        let error = decodingError("0002abcd", read)
        #expect(error?.code == .truncated)
        #expect(error?.container == 4)
        #expect(error?.bitOffset == 16, "the contents start after the padding and the length octet")
        let kept = try APERReader.decode(bytes("0002abcd")[...], tolerating: [4], read)
        #expect(kept == .undecoded(ASN1Bytes([0xAB, 0xCD])))
    }

    @Test("a CONTAINING value whose contents have octets after the value's encoding is refused")
    func containingWithUnusedOctets() {
        let error = decodingError("03abcdef") { (r: inout APERReader) throws(APERDecodingError) in
            try r.readContaining(0, nil, extensible: false) { (r: inout APERReader) throws(APERDecodingError) -> UInt64 in try r.readBits(8) }
        }
        #expect(error?.code == .unusedOctets)
        #expect(error?.container == 0)
    }

    @Test("a count the bits left cannot hold is refused before storage is reserved")
    func lyingCounts() {
        // A 16-bit count of 65,535 elements of at least 26 bits, followed by 4 octets.
        let error = decodingError("ffff00000000") { (r: inout APERReader) throws(APERDecodingError) in
            try r.readList(0, 65535, minimumElementBits: 26) { (r: inout APERReader) throws(APERDecodingError) in try r.readBits(26) }
        }
        #expect(error?.code == .invalidLength)
        #expect(error?.message == "65535 elements of at least 26 bits cannot fit in the 32 bits left")
        // Elements that take no bits: bounded by the size constraint, or by maxZeroSizeElements.
        // Two fragments of 64K NULLs each.
        let nulls = decodingError("c4c4") { (r: inout APERReader) throws(APERDecodingError) in
            try r.readList(0, nil, minimumElementBits: 0) { (_: inout APERReader) throws(APERDecodingError) in 0 }
        }
        #expect(nulls?.code == .invalidLength)
    }
}
