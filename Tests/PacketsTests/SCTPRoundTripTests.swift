import Bytes
import Packets
import Testing

/// SCTP packets with every chunk kind the builder knows parse back chunk by chunk, with a verified CRC32c.
@Suite struct SCTPRoundTripTests {
    static let ngap: [UInt8] = [0x00, 0x15, 0x00, 0x33, 0xAA]
    static let common = SCTPCommonHeader(sourcePort: 40000, destinationPort: 38412, verificationTag: 0x1234_5678)

    static func sctp(_ body: (inout PacketWriter) throws(PacketError) -> Void) throws -> [UInt8] {
        try .packet { (w: inout PacketWriter) throws(PacketError) in
            let mark = try w.beginSCTP(common)
            try body(&w)
            try w.endSCTP(mark)
        }
    }

    /// The chunks before the first error, and the error; the walk ends after it.
    static func walk(_ packet: [UInt8]) -> ([SCTPChunk], PacketError?) {
        packet.withUnsafeBytes { raw in
            var it = SCTPChunkIterator(ByteView(raw))
            var all: [SCTPChunk] = []
            do throws(PacketError) {
                while let c = try it.next() { all.append(c) }
                return (all, nil)
            } catch {
                let after = try? it.next()
                return (all + (after.map { [$0] } ?? []), error)
            }
        }
    }

    static func chunks(_ packet: [UInt8]) throws -> [SCTPChunk] {
        let (all, failure) = walk(packet)
        if let failure { throw failure }
        return all
    }

    @Test func everyChunkKindRoundTripsInOnePacket() throws {
        let data = SCTPDataChunk(flags: [.beginning, .ending, .immediate], tsn: 7, streamIdentifier: 3, streamSequenceNumber: 9,
                                 payloadProtocolIdentifier: 60)
        let iData = SCTPIDataChunk(flags: .beginning, tsn: 8, streamIdentifier: 5, messageIdentifier: 70_000, ppidOrFragmentSequenceNumber: 60)
        let initiation = SCTPInitChunk(initiateTag: 0xCAFE, advertisedReceiverWindowCredit: 106_496, outboundStreams: 2,
                                       inboundStreams: 65_535, initialTSN: 1000)
        let parameters: [UInt8] = [0x80, 0x08, 0x00, 0x06, 0x40, 0x82, 0x00, 0x00]  // supported extensions: I-DATA, padded
        let sack = SCTPSackChunk(cumulativeTSNAck: 6, advertisedReceiverWindowCredit: 5000,
                                 gapAckBlocks: [(2, 3), (5, 5)], duplicateTSNs: [4])
        let cookie: [UInt8] = Array(1...13)
        let packet = try Self.sctp { (w: inout PacketWriter) throws(PacketError) in
            try Self.ngap.withPacketBytes { (raw) throws(PacketError) in try w.writeDataChunk(data, userData: raw) }
            try Self.ngap.withPacketBytes { (raw) throws(PacketError) in try w.writeIDataChunk(iData, userData: raw) }
            try parameters.withPacketBytes { (raw) throws(PacketError) in try w.writeInitChunk(initiation, parameters: raw) }
            try w.writeInitChunk(initiation, acknowledgement: true)
            try w.writeSackChunk(sack)
            try w.writeShutdownChunk(cumulativeTSNAck: 99)
            try cookie.withPacketBytes { (raw) throws(PacketError) in try w.writeSCTPChunk(.cookieEcho, value: raw) }
            try w.writeSCTPChunk(.abort, flags: 1, value: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        #expect(packet.count % 4 == 0)
        #expect(packet.view { SCTPCommonHeader.checksumIsValid($0) })
        let header = try packet.view { try SCTPCommonHeader.parse($0) }
        #expect(header.sourcePort == 40000 && header.destinationPort == 38412 && header.verificationTag == 0x1234_5678)
        let all = try Self.chunks(packet)
        #expect(all.map(\.type) == [.data, .iData, .initiation, .initiationAck, .sack, .shutdown, .cookieEcho, .abort])
        #expect(all.map(\.index) == Array(0..<8))
        try packet.view { view in
            let (d, user) = try SCTPDataChunk.parse(all[0], in: view)
            #expect(d == data && Array(packet[user]) == Self.ngap && all[0].length == 21)
            let (i, iUser) = try SCTPIDataChunk.parse(all[1], in: view)
            #expect(i == iData && Array(packet[iUser]) == Self.ngap)
            let (initParsed, params) = try SCTPInitChunk.parse(all[2], in: view)
            #expect(initParsed == initiation && Array(packet[params]) == parameters)
            #expect(try SCTPInitChunk.parse(all[3], in: view).0 == initiation)
            #expect(try SCTPSackChunk.parse(all[4], in: view) == sack)
            #expect(try SCTPShutdownChunk.parse(all[5], in: view) == 99)
            #expect(Array(packet[all[6].value]) == cookie)
            #expect(all[7].flags == 1 && all[7].value.isEmpty)
        }
    }

    @Test func checksumIsStoredLeastSignificantByteFirst() throws {
        let packet = try Self.sctp { (w: inout PacketWriter) throws(PacketError) in
            try w.writeSCTPChunk(.cookieAck, value: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        let crc = packet.view { SCTPCommonHeader.computeChecksum($0) }
        #expect(Array(packet[8..<12]) == [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8((crc >> 16) & 0xFF), UInt8(crc >> 24)])
        var flipped = packet
        flipped[13] ^= 0x40
        #expect(!flipped.view { SCTPCommonHeader.checksumIsValid($0) })
    }

    @Test func chunkLengthsThatDoNotFitStopTheWalkWithTypedErrors() throws {
        var packet = try Self.sctp { (w: inout PacketWriter) throws(PacketError) in
            try Self.ngap.withPacketBytes { (raw) throws(PacketError) in
                try w.writeDataChunk(SCTPDataChunk(tsn: 1, streamIdentifier: 0, streamSequenceNumber: 0, payloadProtocolIdentifier: 60), userData: raw)
                try w.writeDataChunk(SCTPDataChunk(tsn: 2, streamIdentifier: 0, streamSequenceNumber: 1, payloadProtocolIdentifier: 60), userData: raw)
            }
        }
        packet[12 + 24 + 3] = 200  // second chunk's length runs past the packet
        let (walked, failure) = Self.walk(packet)
        #expect(walked.map(\.index) == [0])
        #expect(failure?.code == .badChunkLength && failure?.context.path == ["SCTP", "chunks", "[1]", "length"])
        packet[12 + 24 + 2] = 0; packet[12 + 24 + 3] = 12  // a DATA chunk too short for its header
        let all = Self.walk(packet).0
        let error = #expect(throws: PacketError.self) { try packet.view { try SCTPDataChunk.parse(all[1], in: $0) } }
        #expect(error?.code == .badChunkLength)
    }

    @Test func sackCountsBeyondTheChunkAreRejected() throws {
        var packet = try Self.sctp { (w: inout PacketWriter) throws(PacketError) in
            try w.writeSackChunk(SCTPSackChunk(cumulativeTSNAck: 1, advertisedReceiverWindowCredit: 2, gapAckBlocks: [(1, 2)]))
        }
        packet[12 + 13] = 9  // nine gap blocks announced, one present
        let all = try Self.chunks(packet)
        #expect(#expect(throws: PacketError.self) { try packet.view { try SCTPSackChunk.parse(all[0], in: $0) } }?.code == .badChunkLength)
    }
}
