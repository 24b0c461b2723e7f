import Capture
import NGAP
import Simulation
import Testing
import TestSupport

@Suite("gNB against the AMF side of real captures (../shared/captures)")
struct GNBCaptureReplayTests {
    /// A capture to replay and the deviations its AMF is known for, which the gNB must report and still
    /// accept the message: OAI's AMF appends stray bytes after some NGAP-PDUs (`SOURCES.md`).
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var quirks: Set<String> = []
        /// N2 handovers in the capture.
        var handovers = 0
        var testDescription: String { name }
    }

    /// Captures with whole UE lives toward one or more gNBs and no NGAP proxy duplicates: Open5GS's test suite
    /// (15 gNBs, 37 UEs, service requests, an Error Indication), its roaming flow, N2 handovers (1 and 10
    /// UEs) between two UERANSIM gNBs, and OAI's AMF with gnbsim and my5G-RANTester.
    static let cases = [
        Case(name: "o5gs-testsuite-registration.pcapng"), Case(name: "o5gs-testsuite-roaming-hr.pcapng"),
        Case(name: "o5gs-uerhandover-n2ho-1ue.pcap", handovers: 1), Case(name: "o5gs-uerhandover-n2ho-10ue.pcap", handovers: 10),
        Case(name: "oai-gnbsim.pcap", quirks: ["trailingBytes"]), Case(name: "oai-my5grantester.pcap", quirks: ["trailingBytes"]),
    ]

    @Test("every downlink NGAP message of a real AMF is accepted without deviation", arguments: cases)
    func replay(_ c: Case) throws {
        let contents = try CaptureReader.readAll(path: SharedCaptures.path(c.name), options: .ngap)
        var replay = CaptureReplay()
        for m in contents.messages where !m.isRetransmission {
            try replay.play(m)
        }
        let total = replay.downlink.values.reduce(0, +)
        #expect(total > 0)
        #expect(replay.downlink["undecodable"] == nil)
        // An Error Indication from the AMF is reported as a deviation by design (the AMF says the gNB erred):
        // it must come only with that message.
        let real = replay.deviations.filter {
            !($0.message == "ErrorIndication" && $0.deviation.kind == "errorIndicationReceived") && !c.quirks.contains($0.deviation.kind)
        }
        #expect(real.isEmpty, "\(real.prefix(5).map { "frame \($0.frame) \($0.message): \($0.deviation.kind) \($0.deviation.message)" })")
        #expect(replay.refusals.isEmpty, "\(replay.refusals.prefix(5))")
        #expect(replay.skipped.isEmpty, "\(replay.skipped.prefix(5))")
        #expect(replay.associations.values.allSatisfy { $0.bench.gnb.isReady })
        #expect(replay.delivered > 0, "NAS-PDUs reached the UEs")
        // Every request of the AMF was answered by the simulated gNBs.
        var answers: [String: Int] = [:]
        for a in replay.associations.values { for s in a.bench.sent { answers[s.pdu.messageName, default: 0] += 1 } }
        for (request, responses) in [
            ("InitialContextSetupRequest", ["InitialContextSetupResponse", "InitialContextSetupFailure"]),
            ("PDUSessionResourceSetupRequest", ["PDUSessionResourceSetupResponse"]),
            ("PDUSessionResourceReleaseCommand", ["PDUSessionResourceReleaseResponse"]),
            ("UEContextReleaseCommand", ["UEContextReleaseComplete"]),
        ] {
            #expect(responses.map { answers[$0] ?? 0 }.reduce(0, +) == replay.downlink[request] ?? 0, "\(request): \(answers)")
        }
        #expect(answers["NGSetupRequest"] == replay.downlink["NGSetupResponse"])
        #expect(answers["HandoverRequestAcknowledge"] ?? 0 == replay.downlink["HandoverRequest"] ?? 0)
        #expect(answers["HandoverNotify"] ?? 0 == c.handovers)
        #expect(replay.downlink["HandoverCommand"] ?? 0 == c.handovers)
        #expect(replay.pendingHandovers.isEmpty && replay.handoverByAMFID.isEmpty, "every handover the capture started completed")
        #expect(replay.associations.values.allSatisfy { $0.prepared.isEmpty && $0.preparedByAMFID.isEmpty })
    }
}
