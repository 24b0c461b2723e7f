import Foundation
import TestSupport
import Testing

/// TestSupport's lookup of the shared captures: a missing capture or folder is an error that says where it
/// looked, never a trap.
@Suite struct SharedCapturesTests {
    @Test("a capture that is not there is an error naming it and the folder")
    func missingCaptureIsAnError() throws {
        let dir = try SharedCaptures.requireDirectory()
        do {
            _ = try SharedCaptures.path("no-such-capture.pcap")
            Issue.record("a missing capture has a path")
        } catch let error as SharedCaptures.Missing {
            #expect(error.description == "capture no-such-capture.pcap not found in \(dir.appendingPathComponent("captures").path)")
        }
    }

    @Test("without the shared folder the error says where it looked and how to point to it")
    func missingFolderMessage() {
        let message = SharedCaptures.missing.description
        #expect(message.hasPrefix("shared captures not found: looked for captures/ in "))
        #expect(message.hasSuffix("set COREGATE_SHARED_DIR to the shared folder"))
        #expect(SharedCaptures.candidates.allSatisfy { message.contains($0.path) })
    }
}
