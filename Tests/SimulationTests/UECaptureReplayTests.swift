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

    static let gnbsimComplete = ("Registration complete with security header type 4, ours 2",
                                 "OAI gnbsim sends Registration Complete under security header type 4, which TS 24.501 §9.3.1 keeps for the Security Mode Complete")
    static let oaiPlainDeregistrationAccept = ("notIntegrityProtected Deregistration accept",
                                               "OAI's AMF sends Deregistration Accept without integrity protection after secure exchange (TS 24.501 §4.4.4.2); the UE takes it and reports it")
    static let oai2021UE = ("UL NAS Transport(PDU session establishment request) with security header type 4, ours 2",
                            "the 2021 OAI UE sends its first UL NAS Transport under header type 4 with NAS sequence number 0 again (SOURCES.md quirk)")

    /// The Open5GS test suite's UE plays scripted test cases, some of which misbehave on purpose.
    static let testsuiteQuirks: [(String, String)] = [
        ("Registration request with security header type 1, ours 0",
         "frames 151 and 3977: the UE registers with a 5G-GUTI and a context the capture never made (NASSecurityTests' note); the simulator holds the 5G-GUTI only"),
        ("frame 236 ", "a synch-failure test case: the UE answers a fresh AUTN with an AUTS (SQN_MS 0x11223344) on purpose; the simulator accepts the fresh SQN"),
    ] + [2724, 2734, 2743, 2744, 2762, 2765, 2766, 2767, 2780].map {
        ("frame \($0) ", "the same synch-failure test case again (frames 2723-2780): after it the real UE's and the simulator's SQN states differ")
    } + [
        ("frame 4053 ", "the UE answers a PDU Session Establishment Accept with 5GMM STATUS #101 on purpose (a test of the AMF)"),
        ("frame 4103 ", "the test case ends before the UE sends its Registration Complete"),
    ]

    static let o5gsK = "465b5ce8b199b49faa5f0a2ee238a6bc", o5gsKey = "e8ed289deba952e4283b54e88e6183ca"
    static let oaiK = "0c0a34601d4f07677303652c0462535b", oaiOPc = "63bfa50ee6523365ff14c1f45f88737d"

    static let all: [UEReplayCapture] = [
        UEReplayCapture(file: "oai-ueransim-nea1.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95"),
        UEReplayCapture(file: "oai-my5grantester.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95"),
        UEReplayCapture(file: "oai-dstest-ngreset.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95"),
        UEReplayCapture(file: "o5gs-uerhandover-n2ho-1ue.pcap", k: o5gsK, opc: nil, op: o5gsKey, mcc: "001", mnc: "01"),
        UEReplayCapture(file: "o5gs-uerhandover-n2ho-10ue.pcap", k: o5gsK, opc: nil, op: o5gsKey, mcc: "001", mnc: "01"),
    ] + more

    static let more: [UEReplayCapture] = [
        UEReplayCapture(file: "oai-gnbsim.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95", known: [
            gnbsimComplete,
            ("replayedCapabilitiesAltered", "OAI's AMF replays the UE security capability without the EEA/EIA octets gnbsim sent (TS 33.501 §6.7.2)"),
        ]),
        UEReplayCapture(file: "oai-dstest-mini.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95", known: [
            ("Deregistration request (UE originating de-registration) with security header type 1, ours 2",
             "dsTest sends its Deregistration Request in CM-CONNECTED integrity protected but not ciphered; the simulator ciphers it"),
            oaiPlainDeregistrationAccept,
        ]),
        UEReplayCapture(file: "oai-omecgnbsim-multiue.pcapng", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "93", known: [oaiPlainDeregistrationAccept]),
        UEReplayCapture(file: "oai-ulcl-cp.pcapng", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95", known: [gnbsimComplete]),
        UEReplayCapture(file: "oai-oaignb-montimage.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95", known: [oai2021UE]),
        UEReplayCapture(file: "oai-slicing-multignb.pcap", k: oaiK, opc: oaiOPc, op: nil, mcc: "208", mnc: "95", known: [
            gnbsimComplete, oai2021UE,
            ("208950000000036", "subscriber 208950000000036 lacks its Authentication Request and Security Mode Command in the capture (SOURCES.md quirk)"),
        ]),
        UEReplayCapture(file: "o5gs-testsuite-roaming-hr.pcapng", k: o5gsK, opc: o5gsKey, op: nil, mcc: "001", mnc: "01"),
        UEReplayCapture(file: "o5gs-testsuite-registration.pcapng", k: "70d49a71dd1a2b806a25abe0ef749f1e", opc: "6f1bf53d624b3a43af6592854e2444c7",
                        op: nil, mcc: "901", mnc: "70", unattributed: 2, known: testsuiteQuirks),
    ]
}

@Suite("UE: replaying the core side of real captures, the UE answers as the real UE did")
struct UECaptureReplayTests {
    @Test("every downlink NAS message is accepted (MAC, COUNT, IDs) and the UE's uplink matches the real UE's in type, header and COUNT",
          arguments: UEReplayCapture.all)
    func replay(_ capture: UEReplayCapture) throws {
        let read = try UECaptureEvents.read(capture.file)
        let key: DerivedKeySet.OperatorKey = capture.opc.map { .opc(hex($0)) } ?? .op(hex(capture.op ?? ""))
        let plmn = PLMNIdentity(mcc: capture.mcc, mnc: capture.mnc)
        var replay = try UECaptureReplay(k: hex(capture.k), operatorKey: key, servingPLMN: plmn)
        for e in read.events { try replay.feed(e) }
        replay.finish()
        if !replay.learnedSQN.isEmpty {
            // The real UE's USIM had a higher SQN_MS (it answered with an AUTS): replay again from that state.
            replay = try UECaptureReplay(k: hex(capture.k), operatorKey: key, servingPLMN: plmn, sqnMS: replay.learnedSQN)
            for e in read.events { try replay.feed(e) }
            replay.finish()
        }
        print("UE replay \(capture.file): \(replay.subscribers.count) UEs, \(replay.downlinkAccepted) downlink accepted, \(replay.uplinkMatched) uplink matched, "
              + "\(replay.mismatches.count) mismatches, \(replay.deviations.count) deviations, \(replay.unattributed.count) unattributed")
        for line in replay.mismatches + replay.deviations + replay.unattributed { print("  \(capture.file) \(line)") }
        #expect(read.undecodable.isEmpty, Comment(rawValue: read.undecodable.joined(separator: "\n")))
        #expect(read.unknownCarriers.isEmpty, Comment(rawValue: read.unknownCarriers.joined(separator: "\n")))
        #expect(replay.uplinkMatched > 0)
        #expect(replay.downlinkAccepted > 0)
        let unexplained = (replay.mismatches + replay.deviations).filter { line in !capture.known.contains { line.contains($0.0) } }
        #expect(unexplained.isEmpty, Comment(rawValue: unexplained.prefix(20).joined(separator: "\n")))
        let unused = capture.known.filter { known in !(replay.mismatches + replay.deviations).contains { $0.contains(known.0) } }
        #expect(unused.isEmpty, "listed quirks the replay no longer meets: \(unused.map(\.0))")
        #expect(replay.unattributed.count == capture.unattributed, Comment(rawValue: replay.unattributed.prefix(10).joined(separator: "\n")))
    }
}
