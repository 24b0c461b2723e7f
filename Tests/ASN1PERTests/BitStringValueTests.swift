import Bytes
import ASN1JER
import ASN1PER
import Testing

/// `ASN1BitString` holds up to 64 bits in a word and longer strings as bytes; either way it behaves as its bits.
@Suite struct BitStringValueTests {
    @Test(arguments: [0, 1, 7, 8, 36, 63, 64, 65, 100, 130])
    func bytesWordAndValueAgreeAtEverySize(bitCount: Int) throws {
        var bytes = [UInt8](repeating: 0, count: (bitCount + 7) / 8)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: 0xA5 &+ i &* 37) }
        let unused = (8 - bitCount % 8) % 8
        if !bytes.isEmpty { bytes[bytes.count - 1] &= ~UInt8(truncatingIfNeeded: (1 << unused) - 1) }
        let fromBytes = try #require(ASN1BitString(bytes: ASN1Bytes(bytes), bitCount: bitCount))
        #expect(fromBytes.bitCount == bitCount)
        #expect(fromBytes.bytes.array == bytes)
        #expect((fromBytes.leftAlignedWord != nil) == (bitCount <= 64))
        if bitCount <= 64, let value = fromBytes.uint64Value {
            let fromValue = ASN1BitString(value: value, bitCount: bitCount)
            #expect(fromValue == fromBytes)
            #expect(fromValue.hashValue == fromBytes.hashValue)
        }
        for i in 0..<bitCount {
            #expect(fromBytes[bit: i] == (bytes[i / 8] & (0x80 >> UInt8(i % 8)) != 0), "bit \(i)")
        }
    }

    @Test func trailingBitsBeyondTheSizeAreClearedAndIgnored() throws {
        let dirty = try #require(ASN1BitString(bytes: [0xAB, 0xCF], bitCount: 12))
        let clean = try #require(ASN1BitString(bytes: [0xAB, 0xC0], bitCount: 12))
        #expect(dirty == clean)
        #expect(dirty.bytes.array == [0xAB, 0xC0])
        #expect(ASN1BitString(leftAligned: .max, bitCount: 4) == ASN1BitString(value: 0xF, bitCount: 4))
    }

    @Test func aThirtySixBitCellIdentityRoundTripsAlignedAndWritesItsHex() throws {
        // NRCellIdentity-style BIT STRING (SIZE(36)): aligned, 36 bits, then the next field unaligned.
        let cell = ASN1BitString(value: 0x0_1234_5678, bitCount: 36)
        let hex = try encoded { (w: inout APERWriter) throws(APEREncodingError) in
            w.writeBit(true)
            try w.writeBitString(cell, 36, 36)
            w.writeBit(true)
        }
        #expect(hex == "800123456788")  // 1 + padding, 36 bits, then the 1 straight after them
        let back = try decoded(hex) { (r: inout APERReader) throws(APERDecodingError) in
            (try r.readBit(), try r.readBitString(36, 36), try r.readBit())
        }
        #expect(back.0 && back.1 == cell && back.2)
        var json = JSONWriter()
        json.bitString(cell, fixedSize: true)
        #expect(String(decoding: json.bytes, as: UTF8.self) == "\"0123456780\"")
    }
}
