import Bytes
import Capture
import Foundation
import GTPU
import Testing

/// The checks of the capture fuzz target (Fuzz/Sources/CaptureFuzz), replayed over the minimized corpus of
/// a 10-minute run: reading ends normally or with a CaptureError naming the frame after the last one read,
/// every event names a frame that was read, and the GTP-U on port 2152 decodes or fails typed.
@Suite struct FuzzRegressionTests {
    static let corpus: [[UInt8]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("minimized-corpus.hex")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? Hex.decode(String($0)) }
    }()

    @Test func theMinimizedCorpusReadsWithoutTrapsAndWithConsistentFrames() throws {
        #expect(Self.corpus.count == 179)
        var opened = 0, events = 0
        var options = CaptureOptions()
        options.includeUDP = true
        options.maxReassemblyBytes = 1 << 16
        options.maxPendingIPDatagrams = 8
        for (i, input) in Self.corpus.enumerated() {
            for o in [options, CaptureOptions.ngap] {
                let contents: CaptureContents
                do {
                    contents = try CaptureReader.readAll(bytes: input, options: o)
                } catch {
                    #expect(error.frame == nil, "input \(i): an open error names no frame")
                    continue
                }
                opened += 1
                if let error = contents.error { #expect(error.frame == contents.frameCount + 1, "input \(i)") }
                #expect(contents.diagnostics.allSatisfy { $0.frame >= 1 && $0.frame <= contents.frameCount }, "input \(i)")
                #expect(contents.messages.allSatisfy { $0.frame >= 1 && $0.frame <= contents.frameCount && !$0.payload.isEmpty }, "input \(i)")
                events += contents.messages.count + contents.udpDatagrams.count + contents.diagnostics.count
                for u in contents.udpDatagrams where u.source.port == 2152 || u.destination.port == 2152 {
                    u.payload.withUnsafeBytes { raw in
                        do throws(GTPUError) { _ = try GTPUMessage(decoding: ByteView(raw), options: .tolerant) } catch {
                            #expect(!error.message.isEmpty)
                        }
                    }
                }
            }
        }
        #expect(opened > 100 && events > 100)
    }
}
