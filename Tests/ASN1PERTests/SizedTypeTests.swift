import ASN1PER
import Testing

/// BIT STRING (X.691 clause 16), OCTET STRING (17), SEQUENCE OF (20) and
/// character strings (30), with fixed, ranged, extensible and fragmented sizes.
@Suite struct SizedTypeTests {
    func bits(_ hex: String, _ count: Int) -> ASN1BitString { ASN1BitString(bytes: ASN1Bytes(hex: hex)!, bitCount: count)! }

    @Test func fixedBitStringsUpTo16BitsAreNotAligned() throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            w.writeBit(true)
            try w.writeBitString(bits("f0f0", 16), 16, 16)
        }
        #expect(hex == "f87800")  // 1, then 16 bits straight after it
    }

    @Test func fixedBitStringsOver16BitsAreAligned() throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            w.writeBit(true)
            try w.writeBitString(bits("ffffff", 24), 24, 24)
        }
        #expect(hex == "80ffffff")
    }

    @Test func variableBitStringsHaveAConstrainedLengthThenAlignedBits() throws {
        // GNB-ID-style BIT STRING (SIZE(22..32)): 4-bit length offset (22 → 0), aligned, 22 bits.
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeBitString(bits("000004", 22), 22, 32) }
        #expect(hex == "00000004")
        let back = try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readBitString(22, 32) }
        #expect(back == bits("000004", 22))
    }

    @Test func extensibleSizesOutsideTheRootUseAnUnconstrainedLength() throws {
        // SIZE(16, ...) with 24 bits: extension bit 1, then length 24 (aligned), then the bits.
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeBitString(bits("abcdef", 24), 16, 16, extensible: true) }
        #expect(hex == "8018abcdef")
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readBitString(16, 16, extensible: true) } == bits("abcdef", 24))
    }

    @Test func octetStringsOfOneOrTwoFixedOctetsAreNotAligned() throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            w.writeBit(true)
            try w.writeOctetString(ASN1Bytes([0xde]), 1, 1)
        }
        #expect(hex == "ef00")
        let three = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            w.writeBit(true)
            try w.writeOctetString(ASN1Bytes([1, 2, 3]), 3, 3)
        }
        #expect(three == "80010203")
    }

    @Test func unboundedOctetStringsFragmentAt16KOctets() throws {
        // 70,000 octets: 4 × 16K (0xC4), then the remaining 4,464 in a two-octet length (0x9170).
        let data = ASN1Bytes((0..<70_000).map { UInt8(truncatingIfNeeded: $0) })
        var w = APERWriter()
        try w.writeOctetString(data, 0, nil)
        let out = w.completeEncoding
        #expect(out[0] == 0xC4)
        #expect(Array(out[65_537..<65_539]) == [0x91, 0x70])
        #expect(out.count == 1 + 65_536 + 2 + 4_464)
        let back = try APERReader.decode(out[...]) { (r: inout APERReader) throws(APERDecodingError) in try r.readOctetString(0, nil) }
        #expect(back == data)
    }

    @Test func listsCountWithAConstrainedLengthAndFragmentWhenUnbounded() throws {
        let small = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            try w.writeList([true, false, true], 1, 4) { (w: inout APERWriter, b: Bool) throws(APEREncodingError) in w.writeBit(b) }
        }
        #expect(small == "a8")  // 2-bit count offset 2 (10), then 1 0 1
        let many = [Bool](repeating: true, count: 16_385)
        var w = APERWriter()
        try w.writeList(many, 0, nil) { (w: inout APERWriter, b: Bool) throws(APEREncodingError) in w.writeBit(b) }
        #expect(w.bytes[0] == 0xC1)  // one 16K fragment first
        let back = try APERReader.decode(w.completeEncoding[...]) { (r: inout APERReader) throws(APERDecodingError) in
            try r.readList(0, nil, minimumElementBits: 1) { (r: inout APERReader) throws(APERDecodingError) in try r.readBit() }
        }
        #expect(back == many)
    }

    @Test func printableStringsUseEightBitsPerCharacterInTheAlignedVariant() throws {
        // PrintableString (SIZE(1..150, ...)): ext bit, 8-bit length offset, aligned, ASCII.
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            try w.writeCharacterString("AMF", 1, 150, extensible: true, bitsPerCharacter: 8)
        }
        #expect(hex == "0100414d46")
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in
            try r.readCharacterString(1, 150, extensible: true, bitsPerCharacter: 8)
        } == "AMF")
    }

    @Test func numericStringsIndexTheirAlphabetInFourBits() throws {
        let alphabet: [Unicode.Scalar] = [" ", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            try w.writeCharacterString("19", 2, 2, bitsPerCharacter: 4, alphabet: alphabet)
        }
        #expect(hex == "2a")  // '1' → 2, '9' → 10, fixed two characters, not aligned
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in
            try r.readCharacterString(2, 2, bitsPerCharacter: 4, alphabet: alphabet)
        } == "19")
    }

    @Test func utf8StringsAreOctetsWithALength() throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in w.writeUTF8String("é") }
        #expect(hex == "02c3a9")
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readUTF8String() } == "é")
    }

    @Test func objectIdentifiersCarryTheirBERContents() throws {
        let oid = ASN1ObjectIdentifier(dotted: "1.2.840.113549")!
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in w.writeObjectIdentifier(oid) }
        #expect(hex == "062a864886f70d")
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readObjectIdentifier() } == oid)
    }
}
