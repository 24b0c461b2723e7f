#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Reporting
import Testing
import TestSupport

/// `coregate run` with the live engine: simulated gNBs and UEs over usrsctp and UDP on loopback against the
/// embedded core in the same process. Needs root (usrsctp's raw sockets) and 127.0.0.2–5 on lo (scripts/setup).
@Suite("coregate run, live", .serialized, .enabled(if: geteuid() == 0, "needs root for usrsctp's raw sockets"))
struct LiveRunTests {
    static let root = SharedCaptures.packageRoot

    @Test("testplans/smoke.yaml passes on the embedded core: every step and threshold, clean reports and capture")
    func smokePlanPasses() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RunCommandTests.coregate), "build coregate first")
        let dir = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let run = try ExternalTool.execute(RunCommandTests.coregate, [
            "run", Self.root.appendingPathComponent("testplans/smoke.yaml").path, "--quiet",
            "--json", path("smoke.json"), "--junit", path("smoke.xml"), "--html", path("smoke.html"), "--pcap", path("smoke.pcapng"),
        ])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let results = try ResultsJSON.decode([UInt8](try #require(FileManager.default.contents(atPath: path("smoke.json")))))
        #expect(results.steps.count >= 7 && results.steps.allSatisfy { $0.outcome == .passed }, "\(results.steps.map { ($0.name, $0.outcome, $0.message ?? "") })")
        for p in ["registration", "pdu_session_establishment", "deregistration", "authentication", "security_mode"] {
            #expect(results.procedures[p]?.success == 10, "\(p): \(String(describing: results.procedures[p]))")
        }
        #expect(results.userPlane?.packetsSent == 50 && results.userPlane?.packetsReceived == 50)
        #expect(results.thresholds.count == 5 && results.thresholds.allSatisfy(\.passed))
        // The capture: every NGAP message of the run, none malformed, in tshark.
        let bad = try Tshark.run(["-r", path("smoke.pcapng"), "-n", "-Y", "_ws.malformed || _ws.expert.severity >= 8388608"])
        #expect(bad.isEmpty, "\(bad)")
        let ngap = try Tshark.run(["-r", path("smoke.pcapng"), "-n", "-Y", "ngap", "-T", "fields", "-e", "ngap.procedureCode"])
        #expect(ngap.split(separator: "\n").count >= 10 * 12, "NGAP messages: \(ngap.split(separator: "\n").count)")
        let icmp = try Tshark.run(["-r", path("smoke.pcapng"), "-n", "-Y", "gtp && icmp.type == 0", "-T", "fields", "-e", "frame.number"])
        #expect(icmp.split(separator: "\n").count == 50, "echo replies in the capture")
    }

    @Test("testplans/security-algorithms.yaml passes on the embedded core: one UE registers with each of the 12 NIA/NEA pairs")
    func securityAlgorithmsPlanPasses() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RunCommandTests.coregate), "build coregate first")
        let dir = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json").path
        let run = try ExternalTool.execute(RunCommandTests.coregate, [
            "run", Self.root.appendingPathComponent("testplans/security-algorithms.yaml").path, "--quiet", "--json", json,
        ])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let results = try ResultsJSON.decode([UInt8](try #require(FileManager.default.contents(atPath: json))))
        #expect(results.procedures["registration"]?.success == 12 && results.procedures["security_mode"]?.success == 12)
        #expect(results.steps.allSatisfy { $0.outcome == .passed }, "\(results.steps.map { ($0.name, $0.outcome, $0.message ?? "") })")
    }

    @Test("an AMF that does not answer ends the run with exit 3 and reports marked interrupted")
    func unreachableTargetExits3() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RunCommandTests.coregate), "build coregate first")
        let dir = try RunCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json").path
        let run = try ExternalTool.execute(RunCommandTests.coregate, [
            "run", Self.root.appendingPathComponent("testplans/smoke.yaml").path, "--quiet", "--json", json,
            "--set", "target.core=external", "--set", "target.amf=127.0.0.5:38999", "--set", "target.dn_peer=10.60.0.1",
        ])
        #expect(run.status == 3, "\(run.stdout)\n\(run.stderr)")
        let results = try ResultsJSON.decode([UInt8](try #require(FileManager.default.contents(atPath: json))))
        #expect(results.run.environment.interrupted)
    }
}
