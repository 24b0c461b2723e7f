import Capture
import Foundation
import TestSupport
import Testing

/// libpcap failures are classified from the state of the file (OS error, end of file reached), not from
/// libpcap's wording, which stays in the message; every error has the CoreGateError shape.
@Suite struct CaptureErrorTests {
    static func openError(_ bytes: [UInt8]) -> CaptureError? {
        do {
            _ = try CaptureReader(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func aMissingFileIsCannotOpenWithTheOSReason() {
        let e = #expect(throws: CaptureError.self) { try CaptureReader(path: "/nonexistent/capture.pcap") }
        #expect(e?.code == .cannotOpen && e?.message.contains("No such file") == true)
    }

    @Test func aDirectoryIsAReadFailure() {
        let e = #expect(throws: CaptureError.self) { try CaptureReader(path: NSTemporaryDirectory()) }
        #expect(e?.code == .readFailed, "\(String(describing: e))")
    }

    @Test func bytesThatAreNotACaptureAreNotACapture() {
        #expect(Self.openError(Array("this is not a capture\n".utf8))?.code == .notACapture)
        #expect(Self.openError([0xD4, 0xC3, 0xB2, 0xA1, 9, 0, 4, 0] + [UInt8](repeating: 0, count: 16))?.code == .notACapture)  // version 9
    }

    @Test func aFileCutInsideItsHeaderIsTruncated() {
        let header = PcapWriter(linkType: 1).bytes
        for cut in 0..<header.count {
            #expect(Self.openError(Array(header.prefix(cut)))?.code == .truncatedFile, "cut at \(cut)")
        }
        #expect(Self.openError(header) == nil)
    }

    @Test func aRecordLengthBeyondLibpcapsLimitIsCorruptAndACutRecordIsTruncated() throws {
        var writer = PcapWriter(linkType: 101)
        let frame = PacketBuilder.ipv4(payload: PacketBuilder.sctp(chunks: [PacketBuilder.dataChunk(tsn: 1, payload: [1])]))
        writer.add(frame)
        writer.add(frame)
        var corrupt = writer.bytes
        let second = 24 + 16 + frame.count
        corrupt[second + 8 ..< second + 12] = [0xFF, 0xFF, 0xFF, 0x7F]
        let c = try CaptureReader.readAll(bytes: corrupt)
        #expect(c.error?.code == .corruptFile && c.error?.frame == 2 && c.messages.count == 1)
        #expect(c.error?.description.hasPrefix("corruptFile at frame 2: ") == true)
        let cut = try CaptureReader.readAll(bytes: Array(writer.bytes.dropLast(3)))
        #expect(cut.error?.code == .truncatedFile && cut.error?.frame == 2 && cut.error?.context.frame == 2)
    }

    @Test func inMemoryAndOnDiskReadsAgree() throws {
        let name = "oai-gnbsim.pcap"
        let onDisk = try CaptureReader.readAll(path: SharedCaptures.path(name))
        let inMemory = try CaptureReader.readAll(bytes: try SharedCaptures.bytes(name))
        #expect(onDisk.messages == inMemory.messages && onDisk.frameCount == inMemory.frameCount)
    }
}
