import ASN1PER
import Testing

/// INTEGER encodings of X.691 clauses 11.5-11.8 and 13 (ALIGNED variant).
@Suite struct WholeNumberTests {
    /// (lower, upper, value, expected hex)
    static let constrained: [(Int64, Int64, Int64, String)] = [
        (5, 5, 5, "00"),  // range 1: no bits; the complete encoding is one zero octet
        (0, 7, 5, "a0"),  // range 8: 3-bit field 101
        (3, 6, 6, "c0"),  // offset 3 in a 2-bit field
        (0, 254, 254, "fe"),  // range 255: 8-bit field, not aligned
        (0, 255, 255, "ff"),  // range 256: one aligned octet
        (0, 65535, 256, "0100"),  // range 64K: two aligned octets
        (0, 65536, 256, "400100"),  // above 64K: 2-bit octet count (1 → 2 octets), aligned, octets
        (0, 1_099_511_627_775, 1, "0001"),  // AMF-UE-NGAP-ID: 3-bit count 0 (1 octet), aligned, 01
        (0, 1_099_511_627_775, 1_099_511_627_775, "80ffffffffff"),  // count 4 → 5 octets
        (-5, 5, -5, "00"),  // offset 0 in a 4-bit field
    ]

    @Test(arguments: constrained)
    func constrainedWholeNumbersUseTheAlignedFieldWidths(case c: (Int64, Int64, Int64, String)) throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeInteger(c.2, c.0, c.1, extensible: false) }
        #expect(hex == c.3)
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readInteger(c.0, c.1, extensible: false) } == c.2)
    }

    @Test func fieldsAfterABitFieldStartOnTheNextOctetWhenAligned() throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            w.writeBit(true)
            try w.writeInteger(1, 0, 255, extensible: false)  // aligned octet
        }
        #expect(hex == "8001")
    }

    @Test func semiConstrainedIntegersCountOctetsOfTheOffset() throws {
        #expect(try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeInteger(1, 1, nil, extensible: false) } == "0100")
        #expect(try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeInteger(300, 0, nil, extensible: false) } == "02012c")
        #expect(try decoded("02012c") { (r: inout APERReader) throws(APERDecodingError) in try r.readInteger(0, nil, extensible: false) } == 300)
    }

    @Test(arguments: [(Int64(0), "0100"), (127, "017f"), (128, "020080"), (-1, "01ff"), (-128, "0180"), (-129, "02ff7f"), (Int64.min, "088000000000000000")])
    func unconstrainedIntegersAreMinimalTwosComplement(case c: (Int64, String)) throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeInteger(c.0, nil, nil, extensible: false) }
        #expect(hex == c.1)
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readInteger(nil, nil, extensible: false) } == c.0)
    }

    @Test func extensibleIntegersOutsideTheRootAreUnconstrained() throws {
        // INTEGER (0..255, ...): in root → bit 0 then aligned octet; outside → bit 1 then unconstrained.
        #expect(try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeInteger(5, 0, 255, extensible: true) } == "0005")
        #expect(try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeInteger(256, 0, 255, extensible: true) } == "80020100")
        #expect(try decoded("80020100") { (r: inout APERReader) throws(APERDecodingError) in try r.readInteger(0, 255, extensible: true) } == 256)
    }

    @Test func valuesOutsideANonExtensibleRangeAreRejectedBothWays() throws {
        #expect(throws: APEREncodingError.self) {
            _ = try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeInteger(8, 0, 7, extensible: false) }
        }
        // range 0..4 uses 3 bits; 7 is not a valid offset.
        let error = decodingError("e0") { (r: inout APERReader) throws(APERDecodingError) in try r.readInteger(0, 4, extensible: false) }
        #expect(error?.code == .constraintViolation)
    }

    @Test(arguments: [(0, "00"), (63, "7e"), (64, "800140")])
    func normallySmallNumbersUseSixBitsUpTo63(case c: (Int, String)) throws {
        // n ≤ 63: bit 0 and 6 bits; n ≥ 64: bit 1 then a semi-constrained number (length octet, value).
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in w.writeNormallySmall(c.0) }
        #expect(hex == c.1)
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readNormallySmall() } == c.0)
    }

    @Test func unsignedRangesBeyondInt64UseTheirFullWidth() throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in try w.writeConstrainedUnsigned(UInt64.max, 0, UInt64.max) }
        #expect(hex == "e0ffffffffffffffff")  // 3-bit count 7 (8 octets), aligned, 8 octets
        #expect(try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readConstrainedUnsigned(0, UInt64.max) } == UInt64.max)
    }
}
