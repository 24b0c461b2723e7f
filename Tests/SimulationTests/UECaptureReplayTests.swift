import FiveGSecurity
import NAS5GS
import Simulation
import TestSupport
import Testing

/// A shared capture whose subscriber keys are known (`../shared/captures/SOURCES.md`, "Subscriber keys that
/// open these captures"), the serving PLMN of its cells (the 5GS TAI of its Initial UE Messages, as
/// `Tests/NASSecurityTests/Resources/capture_subscribers.json` records), and what the replay cannot check in
/// it, with the reason.
struct UEReplayCapture: Sendable, CustomStringConvertible {
    let file: String
    let k: String
    let opc: String?
    let op: String?
    let mcc: String
    let mnc: String
    /// Messages the replay cannot attribute to a subscriber.
    var unattributed = 0
    /// Mismatches and deviations that are the capture's, not the UE's (one substring each, with the reason).
    var known: [(String, String)] = []
    var description: String { file }

    static let o5gsK = "465b5ce8b199b49faa5f0a2ee238a6bc", o5gsKey = "e8ed289deba952e4283b54e88e6183ca"
    static let oaiK = "0c0a34601d4f07677303652c0462535b", oaiOPc = "63bfa50ee6523365ff14c1f45f88737d"

    static let all: [UEReplayCapture] = [
        UEReplayCapture(file: "oai-ueransim-nea1.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95"),
        UEReplayCapture(file: "oai-my5grantester.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95"),
        UEReplayCapture(file: "oai-dstest-ngreset.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95"),
        UEReplayCapture(file: "o5gs-uerhandover-n2ho-1ue.pcap", k: o5gsK, opc: nil, op: o5gsKey, mcc: "001", mnc: "01"),
        UEReplayCapture(file: "o5gs-uerhandover-n2ho-10ue.pcap", k: o5gsK, opc: nil, op: o5gsKey, mcc: "001", mnc: "01"),
    ]
}

@Suite("UE: replaying the core side of real captures, the UE answers as the real UE did")
struct UECaptureReplayTests {
    @Test("every downlink NAS message is accepted (MAC, COUNT, IDs) and the UE's uplink matches the real UE's in type, header and COUNT",
          arguments: UEReplayCapture.all)
    func replay(_ capture: UEReplayCapture) throws {
        let read = try UECaptureEvents.read(capture.file)
        let key: DerivedKeySet.OperatorKey = capture.opc.map { .opc(hex($0)) } ?? .op(hex(capture.op ?? ""))
        var replay = try UECaptureReplay(k: hex(capture.k), operatorKey: key, servingPLMN: PLMNIdentity(mcc: capture.mcc, mnc: capture.mnc))
        for e in read.events { try replay.feed(e) }
        replay.finish()
        print("UE replay \(capture.file): \(replay.subscribers.count) UEs, \(replay.downlinkAccepted) downlink accepted, \(replay.uplinkMatched) uplink matched, "
              + "\(replay.mismatches.count) mismatches, \(replay.deviations.count) deviations, \(replay.unattributed.count) unattributed")
        for line in replay.mismatches + replay.deviations + replay.unattributed { print("  \(capture.file) \(line)") }
        #expect(read.undecodable.isEmpty, Comment(rawValue: read.undecodable.joined(separator: "\n")))
        #expect(read.unknownCarriers.isEmpty, Comment(rawValue: read.unknownCarriers.joined(separator: "\n")))
        #expect(replay.uplinkMatched > 0)
        #expect(replay.downlinkAccepted > 0)
        let unexplained = (replay.mismatches + replay.deviations).filter { line in !capture.known.contains { line.contains($0.0) } }
        #expect(unexplained.isEmpty, Comment(rawValue: unexplained.prefix(20).joined(separator: "\n")))
        #expect(replay.unattributed.count == capture.unattributed, Comment(rawValue: replay.unattributed.prefix(10).joined(separator: "\n")))
    }
}
