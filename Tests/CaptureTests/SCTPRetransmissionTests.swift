import Capture
import Testing

/// Retransmission flags follow tshark's TSN analysis: a TSN already seen in an earlier frame, in the same
/// direction of the same association (ports and verification tag), is a retransmission of that frame.
@Suite struct SCTPRetransmissionTests {
    typealias B = PacketBuilder

    @Test func repeatedTSNInALaterFrameIsFlaggedWithTheFirstFrame() throws {
        let chunk = B.dataChunk(tsn: 42, payload: [1, 2, 3])
        let contents = try Synthetic.readSCTP([B.sctp(chunks: [chunk]), B.sctp(chunks: [chunk])])
        #expect(contents.messages.map(\.isRetransmission) == [false, true])
        #expect(contents.messages.map(\.retransmissionOf) == [nil, 1])
        #expect(contents.messages.map(\.payload) == [[1, 2, 3], [1, 2, 3]])
    }

    @Test func retransmissionsCanBeLeftOut() throws {
        var options = CaptureOptions.ngap
        options.includeRetransmissions = false
        let chunk = B.dataChunk(tsn: 42, payload: [1])
        let contents = try Synthetic.readSCTP([B.sctp(chunks: [chunk]), B.sctp(chunks: [chunk, B.dataChunk(tsn: 43, payload: [2])])],
                                              options: options)
        #expect(contents.messages.map(\.payload) == [[1], [2]])
        #expect(contents.messages.map(\.indexInFrame) == [0, 1])
    }

    @Test func sameTSNOnAnotherAssociationOrDirectionIsNotARetransmission() throws {
        let chunk = B.dataChunk(tsn: 42, payload: [1])
        let contents = try Synthetic.readSCTP([
            B.sctp(sport: 40000, dport: 38412, chunks: [chunk]),
            B.sctp(sport: 38412, dport: 40000, chunks: [chunk]),  // other direction
            B.sctp(sport: 40001, dport: 38413, chunks: [chunk]),  // proxy leg: other ports
            B.sctp(sport: 40000, dport: 38412, vtag: 7, chunks: [chunk]),  // new association, other tag
        ])
        #expect(contents.messages.count == 4)
        #expect(contents.messages.allSatisfy { !$0.isRetransmission })
    }

    @Test func sameTSNTwiceInOneFrameIsNotARetransmission() throws {
        // tshark compares the first frame of a TSN with the current frame only.
        let chunk = B.dataChunk(tsn: 5, payload: [9])
        let contents = try Synthetic.readSCTP([B.sctp(chunks: [chunk, chunk])])
        #expect(contents.messages.map(\.isRetransmission) == [false, false])
    }

    @Test func zeroVerificationTagDisablesTSNAnalysis() throws {
        let chunk = B.dataChunk(tsn: 5, payload: [9])
        let contents = try Synthetic.readSCTP([B.sctp(vtag: 0, chunks: [chunk]), B.sctp(vtag: 0, chunks: [chunk])])
        #expect(contents.messages.map(\.isRetransmission) == [false, false])
    }

    @Test func retransmittedFragmentIsReportedAndNotReassembledTwice() throws {
        let f = SCTPReassemblyTests.fragments(tsn: 10)
        let contents = try Synthetic.readSCTP([B.sctp(chunks: [f[0]]), B.sctp(chunks: [f[0]]), B.sctp(chunks: [f[1], f[2]])])
        #expect(contents.messages.map(\.payload) == [Array(0..<30)])
        #expect(contents.diagnostics.map(\.code) == [.retransmittedFragment])
        #expect(contents.diagnostics.map(\.frame) == [2])
    }

    @Test func ngapIsSelectedByPPIDOrPort() throws {
        let contents = try Synthetic.readSCTP([
            B.sctp(sport: 1, dport: 2, chunks: [B.dataChunk(tsn: 1, ppid: 60, payload: [1])]),
            B.sctp(sport: 1, dport: 38412, chunks: [B.dataChunk(tsn: 2, ppid: 0, payload: [2])]),
            B.sctp(sport: 38412, dport: 1, chunks: [B.dataChunk(tsn: 3, ppid: 0, payload: [3])]),
            B.sctp(sport: 1, dport: 2, chunks: [B.dataChunk(tsn: 4, ppid: 18, payload: [4])]),
        ], options: .ngap)
        #expect(contents.messages.map(\.payload) == [[1], [2], [3]])
    }
}
