import TestSupport
import Capture
import Foundation
import Testing

/// Pins the exact correspondence between CaptureReader and tshark 4.0.17 (oracle files from
/// `scripts/oracles/run`): tshark's NGAP PDUs are CoreGate's NGAP messages that are not retransmissions, in
/// the same frames, order and bytes (stray trailing bytes included); tshark's retransmitted TSNs are the
/// messages CoreGate flags `isRetransmission`, with the same first-copy frame.
@Suite struct TsharkCorrespondenceTests {
    @Test func sharedCapturesFolderExistsAndHoldsCaptures() throws {
        let dir = try #require(SharedCaptures.capturesDirectory, "shared captures folder not found (COREGATE_SHARED_DIR, ../shared, /work/shared)")
        #expect(SharedCaptures.names.count >= 15, "expected the 15 shared captures in \(dir.path)")
    }

    @Test func oracleCoversEveryCapture() throws {
        let oracle = try Oracle.shared.get()
        for name in SharedCaptures.names {
            #expect(oracle.pdus[name] != nil, "no tshark NGAP PDUs in the oracle for \(name)")
        }
        let synthetic = try Oracle.synthetic.get()
        for name in Oracle.syntheticNames {
            #expect(synthetic.pdus[name] != nil, "no tshark NGAP PDUs in the synthetic oracle for \(name)")
        }
    }

    @Test(arguments: SharedCaptures.names)
    func ngapMessagesEqualTsharkPDUs(_ name: String) throws {
        try Self.compareMessages(path: SharedCaptures.path(name), name: name, expected: try Oracle.shared.get().pdus[name] ?? [])
    }

    @Test(arguments: SharedCaptures.names)
    func retransmissionsEqualTsharkRetransmittedTSNs(_ name: String) throws {
        try Self.compareRetransmissions(path: SharedCaptures.path(name), name: name,
                                        expected: try Oracle.shared.get().retransmissions[name] ?? [])
    }

    @Test(arguments: Oracle.syntheticNames)
    func reassembledMessagesEqualTsharkReassembly(_ name: String) throws {
        let oracle = try Oracle.synthetic.get()
        try Self.compareMessages(path: Oracle.syntheticPath(name), name: name, expected: oracle.pdus[name] ?? [])
        try Self.compareRetransmissions(path: Oracle.syntheticPath(name), name: name, expected: oracle.retransmissions[name] ?? [])
    }

    @Test(arguments: SharedCaptures.names)
    func realCapturesReadWithoutDiagnostics(_ name: String) throws {
        let contents = try CaptureReader.readAll(path: SharedCaptures.path(name))
        #expect(contents.error == nil)
        #expect(contents.diagnostics.isEmpty, "\(name): \(contents.diagnostics.prefix(3))")
    }

    static func compareMessages(path: String, name: String, expected: [OraclePDU]) throws {
        let contents = try CaptureReader.readAll(path: path, options: .ngap)
        #expect(contents.error == nil)
        let delivered = contents.messages.filter { !$0.isRetransmission }

        // (frame, count) per frame, then every PDU field by field.
        let ours = Dictionary(grouping: delivered, by: \.frame).mapValues(\.count)
        let theirs = Dictionary(grouping: expected, by: \.frame).mapValues(\.count)
        let differing = Set(ours.keys).union(theirs.keys).filter { ours[$0] != theirs[$0] }.sorted()
        let detail = "frames \(differing.prefix(10)): ours \(differing.prefix(10).map { ours[$0] ?? 0 }), "
            + "tshark \(differing.prefix(10).map { theirs[$0] ?? 0 })"
        #expect(differing.isEmpty, "\(name): NGAP PDUs per frame differ in \(detail)")
        try #require(delivered.count == expected.count, "\(name): \(delivered.count) messages, tshark \(expected.count) PDUs")

        var indexInFrame: [Int: Int] = [:]
        for (message, pdu) in zip(delivered, expected) {
            let index = indexInFrame[message.frame, default: 0]
            indexInFrame[message.frame] = index + 1
            let at = "\(name) frame \(pdu.frame) #\(pdu.index)"
            #expect(message.frame == pdu.frame && index == pdu.index, "\(at): order")
            #expect(message.payload.hex == pdu.hex, "\(at): payload bytes")
            #expect(message.timestamp.description == pdu.time, "\(at): time")
            #expect(message.source.address.description == pdu.src && message.destination.address.description == pdu.dst, "\(at): addresses")
            #expect(message.source.port == pdu.sport && message.destination.port == pdu.dport, "\(at): ports")
            #expect(message.payloadProtocolID == pdu.ppid, "\(at): PPID")
            #expect(message.streamID == pdu.sid && message.streamSequenceNumber == pdu.ssn, "\(at): stream")
            // tshark gives the TSN of the chunk that completed the message; it lies in firstTSN...lastTSN.
            #expect(pdu.tsn &- message.firstTSN <= message.lastTSN &- message.firstTSN, "\(at): TSN")
            #expect(!pdu.retransmission)
        }
    }

    static func compareRetransmissions(path: String, name: String, expected all: [OracleRetransmission]) throws {
        // Whole retransmitted messages are delivered flagged; retransmitted fragments only as diagnostics.
        let contents = try CaptureReader.readAll(path: path, options: .ngap)
        let fragments = Set(contents.diagnostics.filter { $0.code == .retransmittedFragment }.map(\.frame))
        let expected = all.filter { $0.ngap && !fragments.contains($0.frame) }
        let flagged = contents.messages.filter(\.isRetransmission)
        #expect(flagged.map(\.frame) == expected.map(\.frame), "\(name): frames of retransmissions")
        #expect(flagged.map(\.retransmissionOf) == expected.map(\.retransmissionOf), "\(name): first-copy frames")
        #expect(flagged.map(\.firstTSN) == expected.map(\.tsn), "\(name): TSNs")
        #expect(flagged.map(\.payload.hex) == expected.map(\.hex), "\(name): bytes")
        #expect(fragments.count + flagged.count == all.filter(\.ngap).count, "\(name): every retransmitted chunk accounted for")
    }
}
