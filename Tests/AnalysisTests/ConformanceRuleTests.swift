import Analysis
import Foundation
import NGAP
import Reporting
import Testing

/// Each rule of `coregate analyze` on synthetic captures: the capture that breaks it fires exactly that rule,
/// and its correct counterpart fires nothing.
@Suite struct ConformanceRuleTests {
    static let environment = EnvironmentInfo(coregateVersion: "test", host: "test", os: "test", cpuCount: 1,
                                             start: Timestamp(microseconds: 0), end: Timestamp(microseconds: 0))

    /// The rules fired on `capture`, by id and count.
    static func fired(_ capture: SyntheticN2) throws -> [String: Int] {
        let path = try capture.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = CaptureAnalyzer.analyze([path], environment: environment)
        #expect(outcome.unreadable.isEmpty)
        var out: [String: Int] = [:]
        for v in outcome.results.analysis?.ruleViolations ?? [] { out[v.id] = v.count }
        return out
    }

    typealias N = SyntheticN2

    /// A registration up to Security Mode Complete, UE-associated messages on stream 1.
    static func registration(stream: UInt16 = 1, smc: Bool = true) throws -> SyntheticN2 {
        var c = SyntheticN2()
        try c.up(N.initialUE(ran: 1, nas: N.registrationRequest), stream: stream)
        try c.down(N.downlinkNAS(amf: 7, ran: 1, nas: N.authenticationRequest), stream: stream)
        try c.up(N.uplinkNAS(amf: 7, ran: 1, nas: N.authenticationResponse), stream: stream)
        if smc { try c.down(N.downlinkNAS(amf: 7, ran: 1, nas: N.protected(N.securityModeCommand, sn: 0)), stream: stream) }
        try c.up(N.uplinkNAS(amf: 7, ran: 1, nas: N.protected(N.securityModeComplete, sn: 0)), stream: stream)
        return c
    }

    @Test("a correct exchange fires no rule")
    func cleanExchangeFiresNothing() throws {
        var c = try Self.registration()
        try c.down(N.releaseCommand(amf: 7, ran: 1))
        try c.up(N.releaseComplete(amf: 7, ran: 1))
        try c.up(N.initialUE(ran: 1, nas: N.registrationRequest))  // RAN UE NGAP ID 1 again, after its release
        #expect(try Self.fired(c) == [:])
    }

    @Test("UE-associated signalling on stream 0 fires ngap.ue-stream-0 once per message")
    func stream0() throws {
        #expect(try Self.fired(try Self.registration(stream: 0)) == ["ngap.ue-stream-0": 5])
    }

    @Test("a PPID other than 60 on port 38412 fires sctp.ppid")
    func ppid() throws {
        var c = try Self.registration()
        try c.up(N.uplinkNAS(amf: 7, ran: 1, nas: N.protected([0x7E, 0x00, 0x55], sn: 1)), ppid: 46)
        #expect(try Self.fired(c) == ["sctp.ppid": 1])
    }

    @Test("bytes after a complete PDU fire ngap.trailing-bytes")
    func trailingBytes() throws {
        var c = try Self.registration()
        try c.up(N.uplinkNAS(amf: 7, ran: 1, nas: N.protected([0x7E, 0x00, 0x55], sn: 1)), trailing: [0, 0, 0])
        #expect(try Self.fired(c) == ["ngap.trailing-bytes": 1])
    }

    @Test("an AMF UE NGAP ID that changes fires ngap.amf-ue-id-changed")
    func amfIDChanged() throws {
        var c = try Self.registration()
        try c.down(N.downlinkNAS(amf: 8, ran: 1, nas: N.protected([0x7E, 0x00, 0x54], sn: 1)))
        #expect(try Self.fired(c) == ["ngap.amf-ue-id-changed": 1])
    }

    @Test("a RAN UE NGAP ID reused while in use fires ngap.ran-ue-id-reused")
    func ranIDReused() throws {
        var c = try Self.registration()
        try c.up(N.initialUE(ran: 1, nas: N.registrationRequest))
        #expect(try Self.fired(c) == ["ngap.ran-ue-id-reused": 1])
    }

    @Test("Security Mode Complete without a command fires nas.wrong-state")
    func wrongState() throws {
        #expect(try Self.fired(try Self.registration(smc: false)) == ["nas.wrong-state": 1])
    }

    @Test("a NAS sequence number repeated in its direction fires nas.count-monotonic; an increasing one does not")
    func count() throws {
        var bad = try Self.registration()
        try bad.up(N.uplinkNAS(amf: 7, ran: 1, nas: N.protected([0x7E, 0x00, 0x55], sn: 0)))
        #expect(try Self.fired(bad) == ["nas.count-monotonic": 1])
        var good = try Self.registration()
        try good.up(N.uplinkNAS(amf: 7, ran: 1, nas: N.protected([0x7E, 0x00, 0x55], sn: 1)))
        #expect(try Self.fired(good) == [:])
    }

    @Test("an Authentication Request sent again while the procedure runs fires nas.retransmission (T3560)")
    func retransmission() throws {
        var c = SyntheticN2()
        try c.up(N.initialUE(ran: 1, nas: N.registrationRequest))
        try c.down(N.downlinkNAS(amf: 7, ran: 1, nas: N.authenticationRequest))
        try c.down(N.downlinkNAS(amf: 7, ran: 1, nas: N.authenticationRequest))
        try c.up(N.uplinkNAS(amf: 7, ran: 1, nas: N.authenticationResponse))
        #expect(try Self.fired(c) == ["nas.retransmission": 1])
    }

    @Test("--rules-off silences a rule")
    func rulesOff() throws {
        let path = try Self.registration(stream: 0).write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = CaptureAnalyzer.analyze([path], environment: Self.environment, rules: RuleBook(off: ["ngap.ue-stream-0"]))
        #expect(outcome.results.analysis?.ruleViolations == [])
        #expect(RuleBook.unknownIDs(["ngap.ue-stream-0", "no.such-rule"]) == ["no.such-rule"])
    }

    @Test("procedures of the synthetic registration: authentication and security mode timed, registration still running")
    func procedures() throws {
        let path = try Self.registration().write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = CaptureAnalyzer.analyze([path], environment: Self.environment).results
        #expect(r.procedures["registration"]?.count == 1 && r.procedures["registration"]?.success == 0)
        let auth = try #require(r.procedures["authentication"])
        #expect(auth.count == 1 && auth.success == 1 && auth.latency.maxMicroseconds >= 1000 && auth.latency.maxMicroseconds < 1100)
        #expect(r.procedures["security_mode"]?.success == 1)
        #expect(r.run.kind == .analysis)
    }

    @Test("an Authentication Reject fails the authentication and the registration it was part of")
    func authenticationRejectFailsRegistration() throws {
        var c = SyntheticN2()
        try c.up(N.initialUE(ran: 1, nas: N.registrationRequest))
        try c.down(N.downlinkNAS(amf: 7, ran: 1, nas: N.authenticationRequest))
        try c.up(N.uplinkNAS(amf: 7, ran: 1, nas: [0x7E, 0x00, 0x59, 0x14]))  // Authentication failure #20 MAC failure
        try c.down(N.downlinkNAS(amf: 7, ran: 1, nas: [0x7E, 0x00, 0x58]))  // Authentication reject
        let path = try c.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = CaptureAnalyzer.analyze([path], environment: Self.environment).results
        #expect(r.procedures["authentication"].map { [$0.count, $0.success, $0.failure] } == [1, 0, 1])
        #expect(r.procedures["registration"].map { [$0.count, $0.success, $0.failure] } == [1, 0, 1])
        #expect(r.failures.totalFailedUEs == 1 && r.failures.ues.first?.procedure == "authentication")
        #expect(r.failures.ues.first?.ladder.count == 3)
        #expect(r.analysis?.ruleViolations == [])  // a reject after an Authentication Failure is in place
    }
}
