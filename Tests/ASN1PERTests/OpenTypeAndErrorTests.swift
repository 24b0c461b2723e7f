import ASN1PER
import Testing

/// Open types (X.691 11.2), extension bitmaps (19.7) and what malformed input does.
@Suite struct OpenTypeAndErrorTests {
    @Test func openTypesCarryALengthThenTheCompleteEncoding() throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            w.writeBit(true)
            w.writeOpenType { (w: inout APERWriter) in w.writeBits(0b101, count: 3) }
        }
        #expect(hex == "8001a0")
        // An empty value still takes one octet.
        #expect(try encoded { (w: inout APERWriter) throws(APEREncodingError) in w.writeOpenType { (_: inout APERWriter) in } } == "0100")
    }

    @Test func openTypesOf128OctetsOrMoreUseATwoOctetLength() throws {
        var w = APERWriter()
        w.writeOpenType { (w: inout APERWriter) in w.writeAlignedBytes([UInt8](repeating: 7, count: 200)) }
        #expect(Array(w.bytes.prefix(3)) == [0x80, 0xC8, 7])
        let back = try APERReader.decode(w.bytes[...]) { (r: inout APERReader) throws(APERDecodingError) in try r.readOpenTypeBytes() }
        #expect(back.count == 200)
    }

    @Test("octets an open type's value leaves unused fail a strict decode; tolerant decoding skips them")
    func unusedOctetsOfAnOpenType() throws {
        // Open type of 3 octets whose value uses 1 bit (its complete encoding is 1 octet); then a field.
        let read = { (r: inout APERReader) throws(APERDecodingError) -> (Bool, UInt64) in
            (try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) in try r.readBit() }, try r.readBits(8))
        }
        let error = decodingError("03800000ff", read)
        #expect(error?.code == .unusedOctets)
        #expect(error?.container == 0)
        #expect(error?.description == "the value of the open type ends after 1 of its 3 octets at bit 9")
        let value = try APERReader.decode(bytes("03800000ff")[...], tolerating: [0], read)
        #expect(value.0 == true && value.1 == 0xff)
    }

    @Test("an empty value takes one octet in an open type; an empty open type is refused")
    func emptyValues() throws {
        let null = { (r: inout APERReader) throws(APERDecodingError) -> Int in try r.readOpenType { (_: inout APERReader) in 1 } }
        #expect(try decoded("0100", null) == 1)
        #expect(decodingError("00", null)?.code == .invalidLength)
    }

    @Test func extensionBitmapsCountWithANormallySmallLength() throws {
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in w.writeExtensionBitmap(count: 3) { $0 == 1 } }
        #expect(hex == "0480")  // 0 000010 (3 - 1), then 010
        let bitmap = try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in try r.readExtensionBitmap() }
        #expect(bitmap.count == 3 && !bitmap[0] && bitmap[1] && !bitmap[2])
    }

    @Test func truncationIsReportedWithTheBitOffset() {
        let error = decodingError("01") { (r: inout APERReader) throws(APERDecodingError) in try r.readBits(12) }
        #expect(error?.code == .truncated)
        #expect(error?.bitOffset == 0)
        #expect(error?.description == "needs 12 more bits, 8 left at bit 0")
    }

    @Test func lengthsClaimingMoreThanTheBytesLeftFailBeforeAllocating() {
        // A 16,000-octet length with 2 octets following.
        let error = decodingError("be800102") { (r: inout APERReader) throws(APERDecodingError) in try r.readOctetString(0, nil) }
        #expect(error?.code == .invalidLength)
        let list = decodingError("7f") { (r: inout APERReader) throws(APERDecodingError) in
            try r.readList(0, nil, minimumElementBits: 8) { (r: inout APERReader) throws(APERDecodingError) in try r.readBits(8) }
        }
        #expect(list?.code == .invalidLength)
    }

    @Test func errorsCarryThePathOutermostFirst() {
        let error = APERDecodingError(.constraintViolation, "size 4 outside 3..3", bitOffset: 183)
            .inside(field: "tAC").inside(index: 0).inside(type: "SupportedTAList").inside(field: "value")
            .inside(index: 2).inside(field: "protocolIEs").inside(type: "NGSetupRequest").inside(field: "value")
            .inside(field: "initiatingMessage")
        #expect(error.description == "NGSetupRequest.protocolIEs[2].value.SupportedTAList[0].tAC: size 4 outside 3..3 at bit 183")
        #expect(error.path.fullDescription.hasPrefix("initiatingMessage.value.NGSetupRequest"))
        #expect(error.context.path.first == "NGSetupRequest")
        #expect(error.context.offset == .bit(183))
        #expect(error.code.rawValue == "constraintViolation")
    }

    @Test func badFragmentMultipliersAreInvalidEncodings() {
        let error = decodingError("c5") { (r: inout APERReader) throws(APERDecodingError) in try r.readOctetString(0, nil) }
        #expect(error?.code == .invalidEncoding)
    }
}
