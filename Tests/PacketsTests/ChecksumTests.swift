import Packets
import Testing

/// The Internet checksum and CRC32c against published values.
@Suite struct ChecksumTests {
    @Test func crc32cOfTheRFC3720CheckStringsIsKnown() {
        // RFC 3720 B.4: 32 bytes of zeros → 0x8A9136AA; 32 bytes of 0xFF → 0x62A8AB43; 0..31 → 0x46DD794E.
        #expect([UInt8](repeating: 0, count: 32).withUnsafeBytes { CRC32c.checksum($0) } == 0x8A91_36AA)
        #expect([UInt8](repeating: 0xFF, count: 32).withUnsafeBytes { CRC32c.checksum($0) } == 0x62A8_AB43)
        #expect((0..<32).map { UInt8($0) }.withUnsafeBytes { CRC32c.checksum($0) } == 0x46DD_794E)
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32c.checksum($0) } == 0xE306_9283)
    }

    @Test func crc32cChainsOverPiecesOfAnyLength() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let whole = bytes.withUnsafeBytes { CRC32c.checksum($0) }
        for cut in [0, 1, 7, 8, 9, 150, 299, 300] {
            let a = bytes[0..<cut].withUnsafeBytes { CRC32c.update(0, $0) }
            #expect(bytes[cut...].withUnsafeBytes { CRC32c.update(a, $0) } == whole, "cut at \(cut)")
        }
    }

    @Test func internetChecksumOfTheRFC1071ExampleIsKnown() {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 (before the complement).
        let bytes: [UInt8] = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]
        #expect(bytes.withUnsafeBytes { InternetChecksum.of($0) } == ~UInt16(0xDDF2))
    }

    @Test func internetChecksumPadsAnOddLastByte() {
        let odd: [UInt8] = [0x12, 0x34, 0x56]
        #expect(odd.withUnsafeBytes { InternetChecksum.of($0) } == ~UInt16(0x1234 &+ 0x5600))
    }
}
