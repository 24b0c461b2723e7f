import Bytes
import CoreDriver
import CoreEmulator
import Driver
import EventLoop
import FiveGSecurity
import Foundation
import Glibc
import NAS5GS
import Simulation
import Testing
import TestSupport
import Transport

/// The harness driver against the embedded core over real usrsctp and UDP on loopback, both on one event
/// loop: gNBs set up NG, UEs register with 5G-AKA, establish a PDU session, ping the data network through
/// their tunnels and deregister; every procedure is reported, no side sees a deviation, and the tap reads
/// back in tshark with no malformed packet. Needs root (usrsctp's raw sockets) and 127.0.0.2–5 on lo.
@Suite("Harness driver against the embedded core", .enabled(if: geteuid() == 0, "needs root for usrsctp's raw sockets"))
struct HarnessEndToEndTests {
    static var k: [UInt8] { (try? Hex.decode("465B5CE8B199B49FAA5F0A2EE238A6BC")) ?? [] }
    static var opc: [UInt8] { (try? Hex.decode("E8ED289DEBA952E4283B54E88E6183CA")) ?? [] }

    /// A core on 127.0.0.5 (N2 on an ephemeral port, N3 on `n3Port`) with `count` subscribers.
    static func core(count: Int, n3Port: UInt16) throws -> CoreDriver {
        var config = CoreConfiguration(
            amf: AMFConfiguration(address: "127.0.0.5", port: 0),
            upf: UPFConfiguration(address: .v4(IPv4Address(rawValue: 0x7F00_0005)), dnAddress: .v4(IPv4Address(rawValue: 0x0A3C_0001))),
            subscribers: [SubscriberRangeConfiguration(firstIMSI: "001010000000001", count: count, k: k, operatorKey: .opc(opc))])
        config.seed = 7
        return try CoreDriver(configuration: config, backend: .user, n3Port: n3Port)
    }

    static func ue(_ i: Int) throws -> UEConfiguration {
        let imsi = "0010100000000" + String(format: "%02d", i + 1)
        return UEConfiguration(supi: try SUPI("imsi-" + imsi), k: k, operatorKey: .opc(opc), homePLMN: PLMNIdentity(mcc: "001", mnc: "01"))
    }

    @Test("ten UEs register, set up a session, ping through the UPF and deregister; the tap is clean in tshark")
    func registerSessionPingDeregister() throws {
        let n3Port: UInt16 = 2_252
        let core = try Self.core(count: 10, n3Port: n3Port)
        let amf = try core.start()
        var coreDeviations: [String] = []
        core.onDeviation = { coreDeviations.append($0.description) }
        let tapPath = FileManager.default.temporaryDirectory.appendingPathComponent("harness-\(getpid()).pcapng").path
        defer { unlink(tapPath) }
        let gnb = GNBConfig(gnbID: 1, mcc: "001", mnc: "01", tacs: [1], slices: [.init(sst: 1)], nrCellIdentity: 0x10,
                            n3Address: [127, 0, 0, 2])
        var configuration = HarnessConfiguration(
            amf: amf, gnbs: [.init(config: gnb, n2: try SocketAddress("127.0.0.2", port: 0), n3: try SocketAddress("127.0.0.2", port: n3Port))],
            sctpBackend: .user, capturePath: tapPath)
        configuration.upfPort = n3Port
        let driver = try HarnessDriver(loop: core.loop, configuration: configuration)
        var reports: [(UEIndex?, ProcedureReport)] = []
        var deviations: [String] = []
        var ready = false
        var rtts: [Duration] = []
        driver.onEvent = { event in
            switch event {
            case .gnbReady: ready = true
            case .procedure(let r, let ue, _): reports.append((ue, r))
            case .deviation(let d, _, _, _): deviations.append("\(d.kind): \(d.message)")
            case .echoReply(_, _, _, let rtt): rtts.append(rtt)
            case .transportError(let m, _, _), .refused(_, _, let m): deviations.append(m)
            default: break
            }
        }
        let ues = try (0..<10).map { driver.addUE(try Self.ue($0), on: GNBIndex(0)) }
        try driver.start()

        func run(until done: () -> Bool, seconds: Int = 10) throws {
            let deadline = core.loop.refreshTime().advanced(by: .seconds(seconds))
            while !done() && core.loop.refreshTime() < deadline {
                try core.run(until: core.loop.now.advanced(by: .milliseconds(5)))
            }
        }
        func count(_ kind: ProcedureKind) -> Int { reports.filter { $0.1.kind == kind && $0.1.outcome == .success }.count }

        try run { ready }
        #expect(ready, "NG Setup: \(deviations)")
        for ue in ues { driver.command(.register(.initial), ue: ue) }
        try run { count(.registration) == 10 }
        #expect(count(.registration) == 10, "\(reports.map { "\($0.1.kind) \($0.1.outcome)" }) \(deviations) \(coreDeviations)")
        for ue in ues { driver.command(.establishPDUSession(PDUSessionRequest(id: 1)), ue: ue) }
        try run { count(.pduSessionEstablishment) == 10 }
        #expect(count(.pduSessionEstablishment) == 10, "\(deviations) \(coreDeviations)")
        for ue in ues {
            for s in 1...3 {
                #expect(driver.ping(ue, pduSessionID: 1, destination: .v4(0x0A3C_0001), sequence: UInt16(s)))
            }
        }
        try run { rtts.count == 30 }
        #expect(rtts.count == 30, "echo replies: \(rtts.count) of 30")
        #expect(rtts.allSatisfy { $0 > .zero && $0 < .seconds(1) })
        for ue in ues { driver.command(.deregister(switchOff: false), ue: ue) }
        try run { count(.deregistration) == 10 }
        #expect(count(.deregistration) == 10, "\(deviations) \(coreDeviations)")
        #expect(deviations.isEmpty, "\(deviations)")
        #expect(coreDeviations.isEmpty, "\(coreDeviations)")
        driver.stop()
        try run(until: { false }, seconds: 0)

        // The tap: every message the harness sent and received, clean in tshark.
        let bad = try Tshark.run(["-r", tapPath, "-n", "-Y", "_ws.malformed || _ws.expert.severity >= 8388608",
                                  "-d", "udp.port==\(n3Port),gtp"])
        #expect(bad.isEmpty, "\(bad)")
        let ngap = try Tshark.run(["-r", tapPath, "-n", "-Y", "ngap", "-T", "fields", "-e", "frame.number"])
        #expect(ngap.split(separator: "\n").count == driver.ngapSent + driver.ngapReceived)
    }
}
