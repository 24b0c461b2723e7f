import Bytes
import ASN1JER
import Analysis
import Capture
import Foundation
import NAS5GS
import TestSupport
import Testing

/// Decoding on several threads gives exactly what decoding on one gives: the same lines in the same
/// order, diagnostics in their place, the same counts, and everything before a bad end of file.
@Suite struct ParallelCaptureDecoderTests {
    /// What a run hands back, in order: a line per message, `diagnostic <frame>` per diagnostic.
    struct Run: Equatable {
        var events: [String] = []
        var statistics = NGAPCaptureDecoder.Statistics()
        var error: String?
    }

    static let line = DecodeJSONLine(nas: NASJSONOptions(nullDecipher: true))

    /// One message at a time through `NGAPCaptureDecoder`, the reference.
    static func sequential(_ path: String) throws -> Run {
        let decoder = try NGAPCaptureDecoder(path: path)
        var run = Run()
        while let event = decoder.next() {
            switch event {
            case .message(let m):
                var json = JSONWriter()
                line.write(m, to: &json)
                run.events.append(json.text)
            case .diagnostic(let d):
                run.events.append("diagnostic \(d.frame)")
            }
        }
        run.statistics = decoder.statistics
        run.error = decoder.error.map { "\($0)" }
        return run
    }

    static func parallel(_ path: String, threads: Int, batchSize: Int) throws -> Run {
        let source = try NGAPMessageSource(path: path)
        var run = Run()
        let line = Self.line
        run.statistics = ParallelCaptureDecoder(threads: threads, batchSize: batchSize).run(
            source,
            render: { m, _, out in line.write(m, to: &out) },
            deliver: { text in run.events += text.text.split(separator: "\n").map { $0 + "\n" } },
            diagnostic: { d in run.events.append("diagnostic \(d.frame)") })
        run.error = source.error.map { "\($0)" }
        return run
    }

    @Test(arguments: SharedCaptures.names)
    func everyThreadCountGivesTheSequentialLinesInOrder(file: String) throws {
        let reference = try Self.sequential(SharedCaptures.path(file))
        #expect(!reference.events.isEmpty)
        for (threads, batchSize) in [(1, 256), (2, 1), (3, 7)] {
            let run = try Self.parallel(SharedCaptures.path(file), threads: threads, batchSize: batchSize)
            #expect(run == reference, "\(threads) threads, batches of \(batchSize)")
        }
    }

    @Test func diagnosticsKeepTheirPlaceAmongTheMessages() throws {
        let path = try Self.captureWithBrokenFrames(from: "o5gs-srsgnb-a56-reg.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reference = try Self.sequential(path)
        #expect(reference.statistics.diagnostics >= 5, "the broken frames give diagnostics")
        #expect(reference.statistics.pdus == 30)
        for (threads, batchSize) in [(1, 4), (2, 3), (4, 64)] {
            let run = try Self.parallel(path, threads: threads, batchSize: batchSize)
            #expect(run == reference, "\(threads) threads, batches of \(batchSize)")
        }
    }

    @Test func aCutCaptureDeliversEveryMessageBeforeTheCut() throws {
        let bytes = try SharedCaptures.bytes("o5gs-testsuite-registration.pcapng")
        let path = NSTemporaryDirectory() + "coregate-parallel-cut-\(UUID().uuidString).pcapng"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes[0..<(bytes.count / 2)]).write(to: URL(fileURLWithPath: path))
        let reference = try Self.sequential(path)
        #expect(reference.error != nil)
        #expect(reference.events.count > 300)
        let run = try Self.parallel(path, threads: 3, batchSize: 16)
        #expect(run == reference)
    }

    /// A copy of a classic pcap with a 20-byte frame (a truncated IPv4 header) after every fourth frame.
    static func captureWithBrokenFrames(from name: String) throws -> String {
        let bytes = try SharedCaptures.bytes(name)
        var out = Array(bytes[0..<24])
        var offset = 24
        var frames = 0
        while offset + 16 <= bytes.count {
            let length = Int(bytes[offset + 8]) | Int(bytes[offset + 9]) << 8 | Int(bytes[offset + 10]) << 16
            let record = bytes[offset..<min(bytes.count, offset + 16 + length)]
            out += record
            frames += 1
            if frames % 4 == 0 {
                var broken = Array(record.prefix(16 + 20))
                for i in 8..<16 { broken[i] = i == 8 || i == 12 ? 20 : 0 }  // captured and original length 20
                out += broken
            }
            offset += 16 + length
        }
        let path = NSTemporaryDirectory() + "coregate-broken-\(UUID().uuidString).pcap"
        try Data(out).write(to: URL(fileURLWithPath: path))
        return path
    }
}
