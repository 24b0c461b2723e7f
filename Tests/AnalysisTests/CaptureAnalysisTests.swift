import Analysis
import Reporting
import TestSupport
import Testing

/// `coregate analyze` on shared captures, against what reading them with tshark shows (see the comments).
@Suite struct CaptureAnalysisTests {
    static func analyze(_ file: String) throws -> CaptureAnalyzer.Outcome {
        CaptureAnalyzer.analyze([try SharedCaptures.path(file)], environment: ConformanceRuleTests.environment)
    }

    static func table(_ r: RunResults) -> [String: [UInt64]] {
        r.procedures.mapValues { [$0.count, $0.success, $0.failure] }
    }

    static func rules(_ r: RunResults) -> [String: Int] {
        var out: [String: Int] = [:]
        for v in r.analysis?.ruleViolations ?? [] { out[v.id] = v.count }
        return out
    }

    /// OAI gnbsim: NG Setup (frames 62, 66); one UE registers (70–86: Authentication request/response, Security
    /// mode command selecting NEA0, complete, Initial Context Setup carrying Registration accept, Registration
    /// complete) and establishes PDU session 1 (94 request, 104 accept in PDU Session Resource Setup, 118).
    /// gnbsim sends and receives all 11 UE-associated messages on stream 0; OAI's AMF appends stray bytes after
    /// four of its PDUs (SOURCES.md), all downlink.
    @Test("OAI gnbsim: every procedure of the one UE completes; 11 UE-associated messages on stream 0, 4 PDUs with bytes after them")
    func gnbsim() throws {
        let outcome = try Self.analyze("oai-gnbsim.pcap")
        let r = outcome.results
        #expect(Self.table(r) == [
            "ng_setup": [1, 1, 0], "registration": [1, 1, 0], "authentication": [1, 1, 0], "security_mode": [1, 1, 0],
            "initial_context_setup": [1, 1, 0], "pdu_session_establishment": [1, 1, 0], "pdu_session_resource_setup": [1, 1, 0],
        ])
        // OAI's AMF puts IEs out of order (TS 38.413 §10.3.6): ServedGUAMIList in the NG Setup Response (frame 66)
        // and AllowedNSSAI in the Initial Context Setup Request (frame 80); NGAPValidationTests name both too.
        #expect(Self.rules(r) == ["ngap.ue-stream-0": 11, "ngap.trailing-bytes": 4, "ngap.abstract-syntax": 2])
        let trailing = r.analysis?.ruleViolations.first { $0.id == "ngap.trailing-bytes" }
        #expect(trailing?.examples.compactMap(\.frame) == [66, 72, 76, 80])
        #expect(outcome.counts.nasCiphered == 0 && outcome.counts.nasUndecodable == 0 && outcome.counts.peakUEs == 1)
        #expect(r.verdict.passed == false)
    }

    /// OAI gNB (Montimage): tshark shows the uplink NAS sequence numbers 0 (frame 129, Security mode complete),
    /// 1 (137) and then 0 again at frame 149 (security header type 4, which only a Security Mode Complete may use):
    /// the UE reuses COUNT 0, and only that frame breaks the rule.
    @Test("OAI gNB (Montimage): the uplink NAS sequence number going back to 0 at frame 149 fires nas.count-monotonic once")
    func montimageCount() throws {
        let r = try Self.analyze("oai-oaignb-montimage.pcap").results
        let count = r.analysis?.ruleViolations.first { $0.id == "nas.count-monotonic" }
        #expect(count?.count == 1 && count?.examples.first?.frame == 149)
    }

    /// Open5GS N2 handover, one UE: Handover Required at 16.014483 s (frame 570, AMF UE NGAP ID 1), Handover Request
    /// with a new AMF UE NGAP ID 2 at 16.015168 (585), Acknowledge at 16.019369 (586), Handover Notify at 16.223024
    /// (602); then the source's context is released (629, 630). tshark's frame times give the latencies.
    @Test("Open5GS N2 handover: one UE throughout, handover 208.541 ms from Handover Required to Handover Notify")
    func n2Handover() throws {
        let outcome = try Self.analyze("o5gs-uerhandover-n2ho-1ue.pcap")
        let r = outcome.results
        let handover = try #require(r.procedures["handover"])
        #expect(handover.count == 1 && handover.success == 1)
        #expect(abs(handover.latency.percentileMilliseconds(100) - 208.541) < 0.25)
        let allocation = try #require(r.procedures["handover_resource_allocation"])
        #expect(allocation.success == 1 && abs(allocation.latency.percentileMilliseconds(100) - 4.201) < 0.01)
        #expect(outcome.counts.peakUEs == 1)
        #expect(Self.rules(r)["ngap.amf-ue-id-changed"] == nil)
        let ten = try Self.analyze("o5gs-uerhandover-n2ho-10ue.pcap")
        #expect(ten.results.procedures["handover"].map { [$0.count, $0.success, $0.failure] } == [10, 10, 0])
        #expect(ten.counts.peakUEs == 10 && Self.rules(ten.results)["ngap.amf-ue-id-changed"] == nil)
    }

    /// Open5GS test suite: at frame 1589 its gNB sends UE Context Release Request with AMF UE NGAP ID 2 and RAN UE
    /// NGAP ID 2, a RAN UE NGAP ID that on that association belongs to AMF UE NGAP ID 13; the AMF answers with
    /// the capture's only Error Indication (1590). tshark shows the IDs; nothing else breaks an ID rule.
    @Test("Open5GS test suite: the stale ID pair of frame 1589 fires ngap.amf-ue-id-changed once; the AMF's Error Indication is counted")
    func testsuiteStalePair() throws {
        let r = try Self.analyze("o5gs-testsuite-registration.pcapng").results
        let changed = r.analysis?.ruleViolations.first { $0.id == "ngap.amf-ue-id-changed" }
        #expect(changed?.count == 1 && changed?.examples.first?.frame == 1589)
        #expect(Self.rules(r)["ngap.ran-ue-id-reused"] == nil)
        #expect(r.procedures["error_indication"].map { [$0.count, $0.failure] } == [1, 1])
    }
}
