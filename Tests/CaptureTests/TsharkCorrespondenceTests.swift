import Capture
import Foundation
import Testing

/// Pins the exact correspondence between CaptureReader and tshark 4.0.17 on every shared capture:
/// tshark's NGAP PDUs are CoreGate's NGAP messages that are not retransmissions, in the same frames, order
/// and bytes (stray trailing bytes included); tshark's retransmitted TSNs are CoreGate's flagged ones.
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
    }

    @Test(arguments: SharedCaptures.names)
    func ngapMessagesEqualTsharkPDUs(_ name: String) throws {
        let oracle = try Oracle.shared.get()
        let expected = oracle.pdus[name] ?? []
        let contents = try CaptureReader.readAll(path: SharedCaptures.path(name), options: .ngap)
        #expect(contents.error == nil)
        let delivered = contents.messages.filter { !$0.isRetransmission }

        // (frame, count) per frame, then every PDU field by field.
        let ours = Dictionary(grouping: delivered, by: \.frame).mapValues(\.count)
        let theirs = Dictionary(grouping: expected, by: \.frame).mapValues(\.count)
        #expect(ours == theirs, "frames with NGAP and PDUs per frame differ in \(name)")
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
            #expect(message.payloadProtocolID == pdu.ppid && message.firstTSN == pdu.tsn, "\(at): PPID/TSN")
            #expect(message.streamID == pdu.sid && message.streamSequenceNumber == pdu.ssn, "\(at): stream")
            #expect(message.fragmentCount == 1 && !pdu.retransmission)
        }
    }

    @Test(arguments: SharedCaptures.names)
    func retransmissionsEqualTsharkRetransmittedTSNs(_ name: String) throws {
        let oracle = try Oracle.shared.get()
        let expected = (oracle.retransmissions[name] ?? []).filter(\.ngap)
        let contents = try CaptureReader.readAll(path: SharedCaptures.path(name), options: .ngap)
        let flagged = contents.messages.filter(\.isRetransmission)
        #expect(flagged.map(\.frame) == expected.map(\.frame), "\(name): frames of retransmissions")
        #expect(flagged.map(\.retransmissionOf) == expected.map(\.retransmissionOf), "\(name): first-copy frames")
        #expect(flagged.map(\.firstTSN) == expected.map(\.tsn), "\(name): TSNs")
        #expect(flagged.map(\.payload.hex) == expected.map(\.hex), "\(name): bytes")
    }

    @Test(arguments: SharedCaptures.names)
    func realCapturesReadWithoutDiagnostics(_ name: String) throws {
        let contents = try CaptureReader.readAll(path: SharedCaptures.path(name))
        #expect(contents.error == nil)
        #expect(contents.diagnostics.isEmpty, "\(name): \(contents.diagnostics.prefix(3))")
    }
}
