import ASN1PER
import TestSupport
import Testing

/// The writer's bit packing against a model that keeps one Bool per bit.
@Suite struct APERWriterTests {
    /// A bit-per-element model of what the writer should produce.
    struct Model {
        var bits: [Bool] = []
        mutating func write(_ value: UInt64, count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append(value >> UInt64(i) & 1 == 1) }
        }
        mutating func align() { while bits.count % 8 != 0 { bits.append(false) } }
        var bytes: [UInt8] {
            var padded = self
            padded.align()
            return stride(from: 0, to: padded.bits.count, by: 8).map { start in
                (0..<8).reduce(UInt8(0)) { $0 << 1 | (padded.bits[start + $1] ? 1 : 0) }
            }
        }
    }

    @Test(arguments: 0..<20)
    func randomMixesOfBitsAlignmentAndOctetsPackLikeTheModel(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var writer = APERWriter(reservingCapacity: 1)
        var model = Model()
        for _ in 0..<400 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0:
                writer.align()
                model.align()
            case 1:
                let bytes = (0..<Int.random(in: 0..<20, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                writer.writeAlignedBytes(bytes[...])
                model.align()
                for b in bytes { model.write(UInt64(b), count: 8) }
            case 2:
                let bit = Bool.random(using: &random)
                writer.writeBit(bit)
                model.write(bit ? 1 : 0, count: 1)
            default:
                let count = Int.random(in: 0...64, using: &random)
                let value = UInt64.random(in: 0...UInt64.max, using: &random)
                let masked = count == 64 ? value : value & ((1 << UInt64(count)) - 1)
                writer.writeBits(masked, count: count)
                model.write(masked, count: count)
            }
            #expect(writer.bitCount == model.bits.count)
        }
        #expect(writer.bytes == model.bytes)
    }

    @Test func openTypesOf16KOctetsOrMoreAreFragmented() throws {
        var w = APERWriter()
        w.writeBit(true)
        w.writeOpenType { (w: inout APERWriter) in w.writeAlignedBytes([UInt8](repeating: 9, count: 16384 + 5)) }
        let bytes = w.bytes
        #expect(bytes[0] == 0x80)
        #expect(bytes[1] == 0xC1)  // one fragment of 16K octets
        #expect(bytes[2 + 16384] == 5)  // then the last 5 octets with their own length
        #expect(bytes.count == 2 + 16384 + 1 + 5)
        let back = try APERReader.decode(bytes[...]) { (r: inout APERReader) throws(APERDecodingError) in
            _ = try r.readBit()
            return try r.readOpenTypeBytes()
        }
        #expect(back.array == [UInt8](repeating: 9, count: 16384 + 5))
    }
}
