import CoreDriver
import CoreEmulator
import EventLoop
import Foundation
import GTPU
import Glibc
import NGAP
import Testing
import TestSupport
import Transport

/// The driver of `coregate core` over real usrsctp on loopback: the core listens on 127.0.0.4, a scripted gNB
/// connects from 127.0.0.3 on the same event loop (one usrsctp instance per process). Needs root (raw sockets)
/// and the loopback addresses scripts/setup adds; every wait is bounded.
@Suite("CoreDriver over usrsctp", .enabled(if: geteuid() == 0, "needs root for usrsctp's raw sockets"))
struct CoreDriverSCTPTests {
    @Test("the driver accepts an association, answers NG Setup on stream 0, and its tap decodes in tshark as NGAP")
    func ngSetupOverUsrsctp() throws {
        var config = testConfiguration()
        config.amf.address = "127.0.0.4"
        config.amf.port = 0
        let tapPath = FileManager.default.temporaryDirectory.appendingPathComponent("core-driver-\(getpid()).pcapng").path
        defer { unlink(tapPath) }
        let driver = try CoreDriver(configuration: config, backend: .user, tapPath: tapPath, n3Port: 0)
        let amf = try driver.start()
        var notices: [CoreNotice] = []
        driver.onNotice = { notices.append($0) }

        var received: [(stream: UInt16, ppid: UInt32, pdu: NGAPPDU)] = []
        var decodeErrors: [String] = []
        let gnb = try SCTPTransport(loop: driver.loop, backend: .user)
        gnb.onEvent = { event in
            if case .message(let m) = event {
                do {
                    received.append((m.stream, m.ppid, try NGAPPDU.decode(Array(m.bytes)[...]).0))
                } catch {
                    decodeErrors.append("\(error)")
                }
            }
        }
        var options = SCTPOptions()
        options.outboundStreams = 4
        let association = try gnb.connect(from: SocketAddress("127.0.0.3", port: 0), to: amf, options: options)
        _ = try gnb.send(try ScriptedGNB().ngSetupRequest().aperEncoded(), on: association, stream: 0, ppid: 60)

        let deadline = driver.loop.refreshTime().advanced(by: .seconds(10))
        while received.isEmpty && driver.loop.refreshTime() < deadline {
            try driver.run(until: driver.loop.now.advanced(by: .milliseconds(10)))
        }
        #expect(decodeErrors.isEmpty)
        #expect(received.map(\.pdu.messageName) == ["NGSetupResponse"])
        #expect(received.first?.stream == 0)
        #expect(received.first?.ppid == 60)
        #expect(notices.contains { if case .ngSetup(_, accepted: true) = $0 { true } else { false } })
        #expect(driver.core.connectedGNBCount == 1)
        // N3 over real UDP on the same loop: a GTP-U Echo Request is answered from the UPF's socket.
        let n3 = try #require(driver.n3)
        let n3Port = n3.localAddress.port
        let peer = try UDPEndpoint(loop: driver.loop, bind: SocketAddress("127.0.0.3", port: 0))
        var echoes: [GTPUMessage] = []
        peer.onReceive = { batch in
            for i in 0..<batch.count {
                do {
                    echoes.append(try GTPUMessage(decoding: Array(batch[i].bytes)))
                } catch {
                    decodeErrors.append("GTP-U: \(error)")
                }
            }
        }
        let request = try GTPUMessage.echoRequest(sequenceNumber: 5).encoded()
        _ = request.withUnsafeBytes { peer.stage($0, to: n3.localAddress) }
        peer.flush()
        let udpDeadline = driver.loop.refreshTime().advanced(by: .seconds(5))
        while echoes.isEmpty && driver.loop.refreshTime() < udpDeadline {
            try driver.run(until: driver.loop.now.advanced(by: .milliseconds(10)))
        }
        #expect(decodeErrors.isEmpty)
        #expect(echoes.map(\.header.messageType) == [.echoResponse])
        #expect(echoes.first?.header.sequenceNumber == 5)

        gnb.abort(association)
        _ = try driver.run(until: driver.loop.refreshTime().advanced(by: .milliseconds(50)))
        driver.close()
        gnb.closeAll()

        let text = try Tshark.run(["-r", tapPath, "-Y", "ngap", "-T", "fields", "-e", "ngap.procedureCode", "-e", "_ws.malformed"])
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("stderr") }
        #expect(lines.count == 2, "tshark: \(text)")
        #expect(lines.allSatisfy { $0.trimmingCharacters(in: .whitespaces) == "21" }, "tshark: \(text)")
        // The N3 echo pair, decoded as GTP-U (the UPF's port is not 2152 here, so tshark is told).
        let n3Text = try Tshark.run(["-r", tapPath, "-d", "udp.port==\(n3Port),gtp", "-Y", "gtp",
                                     "-T", "fields", "-e", "gtp.message", "-e", "_ws.malformed"])
        let n3Lines = n3Text.split(separator: "\n").filter { !$0.hasPrefix("stderr") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(n3Lines == ["0x01", "0x02"], "tshark: \(n3Text)")
    }
}
