import Capture
import Testing

/// Fragmented user messages (RFC 9260 §6.9) and I-DATA (RFC 8260) come out whole, in the frame that
/// completes them, whatever the arrival order, with streams and associations interleaved.
@Suite struct SCTPReassemblyTests {
    typealias B = PacketBuilder
    static let part1: [UInt8] = Array(0..<10)
    static let part2: [UInt8] = Array(10..<23)
    static let part3: [UInt8] = Array(23..<30)

    static func fragments(tsn: UInt32, sid: UInt16 = 1, ssn: UInt16 = 4, unordered: Bool = false) -> [[UInt8]] {
        let u: B.Flags = unordered ? .unordered : []
        return [
            B.dataChunk(tsn: tsn, sid: sid, ssn: ssn, flags: u.union(.begin), payload: part1),
            B.dataChunk(tsn: tsn + 1, sid: sid, ssn: ssn, flags: u, payload: part2),
            B.dataChunk(tsn: tsn + 2, sid: sid, ssn: ssn, flags: u.union(.end), payload: part3),
        ]
    }

    @Test func fragmentsInOrderMakeOneMessageInTheLastFrame() throws {
        let contents = try Synthetic.readSCTP(Self.fragments(tsn: 100).map { B.sctp(chunks: [$0]) })
        let message = try #require(contents.messages.first)
        #expect(contents.messages.count == 1)
        #expect(message.frame == 3 && message.payload == Array(0..<30))
        #expect(message.firstTSN == 100 && message.lastTSN == 102 && message.fragmentCount == 3)
        #expect(message.streamID == 1 && message.streamSequenceNumber == 4 && !message.isRetransmission)
    }

    @Test(arguments: [[2, 0, 1], [1, 2, 0], [2, 1, 0], [0, 2, 1]])
    func fragmentsOutOfOrderAreReassembledWhenTheLastArrives(_ order: [Int]) throws {
        let chunks = Self.fragments(tsn: 500)
        let contents = try Synthetic.readSCTP(order.map { B.sctp(chunks: [chunks[$0]]) })
        #expect(contents.messages.map(\.payload) == [Array(0..<30)])
        #expect(contents.messages.map(\.frame) == [3])
        #expect(contents.diagnostics.isEmpty)
    }

    @Test func unorderedFragmentsAreReassembled() throws {
        let chunks = Self.fragments(tsn: 7, unordered: true)
        let contents = try Synthetic.readSCTP([chunks[1], chunks[0], chunks[2]].map { B.sctp(chunks: [$0]) })
        let message = try #require(contents.messages.first)
        #expect(message.isUnordered && message.payload == Array(0..<30) && message.frame == 3)
    }

    @Test func interleavedStreamsAndAssociationsKeepTheirMessagesApart() throws {
        // Stream 1 has TSN 10-12, stream 2 TSN 13-15 on one association; a second association (other tag)
        // reuses TSN 10-12. Frames mix all three.
        let s1 = Self.fragments(tsn: 10, sid: 1, ssn: 0)
        let s2 = Self.fragments(tsn: 13, sid: 2, ssn: 0).map { $0 }
        let other = Self.fragments(tsn: 10, sid: 1, ssn: 0)
        let frames: [[UInt8]] = [
            B.sctp(chunks: [s2[0], s1[0]]),
            B.sctp(vtag: 99, chunks: [other[2]]),
            B.sctp(chunks: [s1[2]]),
            B.sctp(vtag: 99, chunks: [other[0]]),
            B.sctp(chunks: [s2[2], s2[1]]),
            B.sctp(chunks: [s1[1]]),
            B.sctp(vtag: 99, chunks: [other[1]]),
        ]
        let contents = try Synthetic.readSCTP(frames)
        #expect(contents.messages.map(\.frame) == [5, 6, 7])
        #expect(contents.messages.map(\.streamID) == [2, 1, 1])
        #expect(contents.messages.map(\.verificationTag) == [0x1234_5678, 0x1234_5678, 99])
        #expect(contents.messages.allSatisfy { $0.payload == Array(0..<30) })
        #expect(contents.diagnostics.isEmpty)
    }

    @Test func bundledWholeChunksAndAFinalFragmentComeOutInChunkOrder() throws {
        let f = Self.fragments(tsn: 20)
        let frames = [
            B.sctp(chunks: [f[0], f[1]]),
            B.sctp(chunks: [B.dataChunk(tsn: 30, sid: 0, payload: [1]), f[2], B.dataChunk(tsn: 31, sid: 0, payload: [2])]),
        ]
        let contents = try Synthetic.readSCTP(frames)
        #expect(contents.messages.map(\.payload) == [[1], Array(0..<30), [2]])
        #expect(contents.messages.map(\.indexInFrame) == [0, 1, 2])
        #expect(contents.messages.allSatisfy { $0.frame == 2 })
    }

    @Test func iDataMessagesInterleaveByMessageIdentifier() throws {
        // Two messages on stream 5 (MID 1 and 2) with their fragments interleaved in TSN order.
        let chunks: [[UInt8]] = [
            B.iDataChunk(tsn: 1, sid: 5, mid: 1, ppidOrFSN: 60, flags: .begin, payload: Self.part1),
            B.iDataChunk(tsn: 2, sid: 5, mid: 2, ppidOrFSN: 60, flags: .begin, payload: [0xA]),
            B.iDataChunk(tsn: 3, sid: 5, mid: 1, ppidOrFSN: 1, flags: [], payload: Self.part2),
            B.iDataChunk(tsn: 4, sid: 5, mid: 2, ppidOrFSN: 1, flags: .end, payload: [0xB]),
            B.iDataChunk(tsn: 5, sid: 5, mid: 1, ppidOrFSN: 2, flags: .end, payload: Self.part3),
        ]
        let contents = try Synthetic.readSCTP([chunks[0], chunks[2], chunks[1], chunks[4], chunks[3]].map { B.sctp(chunks: [$0]) })
        #expect(contents.messages.map(\.payload) == [Array(0..<30), [0xA, 0xB]])
        #expect(contents.messages.map(\.messageIdentifier) == [1, 2])
        #expect(contents.messages.map(\.payloadProtocolID) == [60, 60])
        #expect(contents.messages.map(\.frame) == [4, 5])
        #expect(contents.messages.map(\.fragmentCount) == [3, 2])
    }

    @Test func fragmentsBeyondTheReassemblyLimitAreDroppedWithADiagnostic() throws {
        var options = CaptureOptions()
        options.maxReassemblyBytes = 15
        let contents = try Synthetic.readSCTP(Self.fragments(tsn: 1).map { B.sctp(chunks: [$0]) }, options: options)
        #expect(contents.messages.isEmpty)
        // 10 bytes fit; the 13- and 7-byte fragments would pass 15 and are dropped.
        #expect(contents.diagnostics.map(\.code) == [.sctpFragmentDropped, .sctpFragmentDropped])
        #expect(contents.diagnostics.map(\.frame) == [2, 3])
    }

    @Test func ipv4FragmentsOutOfOrderAreReassembled() throws {
        let sctp = B.sctp(chunks: [B.dataChunk(tsn: 1, payload: Array(repeating: 0x5A, count: 100))])
        let first = Array(sctp[0..<48]), second = Array(sctp[48..<96]), third = Array(sctp[96...])
        let frames = [
            B.ipv4(id: 77, fragmentOffset: 48, moreFragments: true, payload: second),
            B.ipv4(id: 77, fragmentOffset: 0, moreFragments: true, payload: first),
            B.ipv4(id: 77, fragmentOffset: 96, moreFragments: false, payload: third),
        ]
        let contents = try Synthetic.read(linkType: 101, frames: frames)
        #expect(contents.messages.map(\.payload) == [Array(repeating: 0x5A, count: 100)])
        #expect(contents.messages.map(\.frame) == [3])
        #expect(contents.diagnostics.map(\.code) == [.ipReassembled])
    }

    @Test func ipv6FragmentsAreReassembled() throws {
        let sctp = B.sctp(chunks: [B.dataChunk(tsn: 1, payload: Array(repeating: 0x6B, count: 60))])
        let frames = [
            B.ipv6(extensions: [B.ipv6Fragment(offset: 0, more: true, id: 9)], payload: Array(sctp[0..<40])),
            B.ipv6(extensions: [B.ipv6Fragment(offset: 40, more: false, id: 9)], payload: Array(sctp[40...])),
        ]
        let contents = try Synthetic.read(linkType: 229, frames: frames)
        #expect(contents.messages.map(\.payload) == [Array(repeating: 0x6B, count: 60)])
    }
}
