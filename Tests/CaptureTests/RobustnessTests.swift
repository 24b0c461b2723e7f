import TestSupport
import Capture
import Testing

/// Bad input never crashes: cut files end with an error naming the frame after everything complete was
/// delivered; bad headers give a per-frame diagnostic and reading goes on.
@Suite struct RobustnessTests {
    typealias B = PacketBuilder

    /// Deterministic xorshift generator, so a failure can be replayed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
    }

    static let truncationCaptures = ["o5gs-uerhandover-n2ho-10ue.pcap", "oai-omecgnbsim-multiue.pcapng",
                                     "o5gs-srsgnb-pixel8-dereg.pcap", "oai-gnbsim.pcap"]

    @Test(arguments: truncationCaptures)
    func cutFileKeepsEverythingBeforeTheCutAndNamesTheFrame(_ name: String) throws {
        let bytes = try SharedCaptures.bytes(name)
        let full = try CaptureReader.readAll(path: SharedCaptures.path(name))
        #expect(full.error == nil)
        var random = Random(state: 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count))
        var sawTruncation = false
        for _ in 0..<30 {
            let cut = Int.random(in: 1..<bytes.count, using: &random)
            let path = try TemporaryFiles.write(Array(bytes[0..<cut]), name: "cut-\(cut)-" + name)
            let contents: CaptureContents
            do {
                contents = try CaptureReader.readAll(path: path)
            } catch {
                #expect(error.code == .truncatedFile, "cut at \(cut): \(error)")  // cut inside the file header
                continue
            }
            let kept = full.messages.filter { $0.frame <= contents.frameCount }
            #expect(contents.messages == kept, "cut at \(cut): messages of complete frames must be delivered")
            if let error = contents.error {
                sawTruncation = true
                #expect(error.code == .truncatedFile || error.code == .corruptFile, "cut at \(cut): \(error)")
                #expect(error.frame == contents.frameCount + 1, "cut at \(cut): error must name the cut frame")
                #expect(error.description.contains("frame \(contents.frameCount + 1)"))
            }
        }
        #expect(sawTruncation)
    }

    @Test(arguments: ["oai-gnbsim.pcap", "o5gs-srsgnb-a56-reg.pcap", "oai-my5grantester.pcap", "oai-ulcl-cp.pcapng"])
    func randomByteFlipsNeverCrash(_ name: String) throws {
        let bytes = try SharedCaptures.bytes(name)
        var random = Random(state: 0xDEAD_BEEF ^ UInt64(bytes.count))
        for round in 0..<40 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...64, using: &random) {
                let at = Int.random(in: 24..<mutated.count, using: &random)  // keep the file header
                mutated[at] ^= UInt8.random(in: 1...255, using: &random)
            }
            let path = try TemporaryFiles.write(mutated, name: "flip-\(round)-" + name)
            guard let contents = try? CaptureReader.readAll(path: path) else { continue }
            if let error = contents.error { #expect(error.frame == contents.frameCount + 1) }
            for diagnostic in contents.diagnostics { #expect(diagnostic.frame >= 1 && diagnostic.frame <= contents.frameCount) }
        }
    }

    @Test func randomHeaderFieldsInSyntheticPacketsNeverCrash() throws {
        // Every byte of link, IP, SCTP and chunk headers set to random values, one frame each.
        let sctp = B.sctp(chunks: [B.dataChunk(tsn: 1, payload: [1, 2, 3, 4, 5]), B.dataChunk(tsn: 2, flags: .begin, payload: [6])])
        let base = B.ethernet(type: 0x0800, payload: B.ipv4(payload: sctp))
        var random = Random(state: 42)
        var frames: [[UInt8]] = []
        for _ in 0..<2000 {
            var frame = base
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                frame[Int.random(in: 0..<min(frame.count, 14 + 20 + 12 + 32), using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if Bool.random(using: &random) { frame.removeLast(Int.random(in: 0..<frame.count, using: &random)) }
            frames.append(frame)
        }
        let contents = try Synthetic.read(linkType: 1, frames: frames)
        #expect(contents.frameCount == 2000)
        #expect(contents.error == nil)
    }

    @Test func badHeadersGiveDiagnosticsNamingTheFrameAndReadingGoesOn() throws {
        let good = B.ipv4(payload: B.sctp(chunks: [B.dataChunk(tsn: 1, payload: [7])]))
        var shortIHL = good; shortIHL[0] = 0x44
        var longTotal = good; longTotal[2] = 0x40
        var chunkTooLong = good; chunkTooLong[20 + 12 + 2] = 0x40
        var chunkZero = good; chunkZero[20 + 12 + 2] = 0; chunkZero[20 + 12 + 3] = 0
        let sctpCut = B.ipv4(payload: [0x9C, 0x40, 0x96])
        let emptyData = B.ipv4(payload: B.sctp(chunks: [B.chunk(type: 0, flags: 3, value: Array(repeating: 0, count: 12))]))
        let frames = [shortIHL, longTotal, chunkTooLong, chunkZero, sctpCut, emptyData, [0x45, 0, 0], good]
        let contents = try Synthetic.read(linkType: 101, frames: frames)
        let diagnostics = contents.diagnostics.map { "\($0.frame):\($0.code)" }
        #expect(diagnostics == ["1:badIPHeader", "2:badIPHeader", "3:badChunkLength", "4:badChunkLength",
                                "5:badSCTPHeader", "6:emptyDataChunk", "7:truncatedPacket"])
        #expect(contents.messages.map(\.frame) == [8])
        #expect(contents.diagnostics.allSatisfy { !$0.message.isEmpty })
    }

    @Test func chunksBeforeABadChunkAreStillDelivered() throws {
        var sctp = B.sctp(chunks: [B.dataChunk(tsn: 1, payload: [1]), B.dataChunk(tsn: 2, payload: [2])])
        sctp[12 + 20 + 2] = 0x7F  // second chunk's length now runs past the packet
        let contents = try Synthetic.readSCTP([sctp])
        #expect(contents.messages.map(\.payload) == [[1]])
        #expect(contents.diagnostics.map(\.code) == [.badChunkLength])
    }

    @Test func snapLengthCutIsReported() throws {
        var writer = PcapWriter(linkType: 101)
        let frame = B.ipv4(payload: B.sctp(chunks: [B.dataChunk(tsn: 1, payload: [1, 2, 3, 4])]))
        writer.add(Array(frame.prefix(40)), originalLength: frame.count)
        let contents = try CaptureReader.readAll(path: try writer.write())
        #expect(contents.messages.isEmpty)
        #expect(contents.diagnostics.map(\.code) == [.snapLengthCut, .badChunkLength])
    }

    @Test func missingFileIsCannotOpen() {
        do {
            _ = try CaptureReader(path: "/nonexistent/capture.pcap")
            Issue.record("opened a missing file")
        } catch {
            #expect(error.code == .cannotOpen)
        }
    }

    @Test func corruptRecordLengthEndsReadingWithAnError() throws {
        var writer = PcapWriter(linkType: 101)
        let frame = B.ipv4(payload: B.sctp(chunks: [B.dataChunk(tsn: 1, payload: [1])]))
        writer.add(frame)
        writer.add(frame)
        var bytes = writer.bytes
        let secondRecord = 24 + 16 + frame.count
        bytes[secondRecord + 8 ..< secondRecord + 12] = [0xFF, 0xFF, 0xFF, 0x7F]  // caplen 2 GiB
        let contents = try CaptureReader.readAll(path: try TemporaryFiles.write(bytes, name: "badlen.pcap"))
        #expect(contents.messages.map(\.frame) == [1])
        #expect(contents.error?.frame == 2)
        #expect(contents.error?.code == .corruptFile)
    }
}
