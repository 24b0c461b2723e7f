import Bytes
import Capture
import Foundation
import Packets
import TestSupport
import Testing

/// The live path's tap: messages written as N2 (SCTP DATA) and N3 (UDP) packets read back as the same
/// messages, on the streams and in the directions given, and tshark finds nothing malformed and no expert
/// warning (TSNs and stream sequence numbers count per flow, as on the wire).
@Suite struct CaptureTapTests {
    static let gnb = CaptureTap.Endpoint(IPAddress("127.0.0.2")!, port: 40_000)
    static let amf = CaptureTap.Endpoint(IPAddress("127.0.0.5")!, port: 38_412)
    static let gnbN3 = CaptureTap.Endpoint(IPAddress("127.0.0.2")!, port: 2152)
    static let upfN3 = CaptureTap.Endpoint(IPAddress("127.0.0.7")!, port: 2152)

    /// Six real PDUs alternating uplink and downlink on streams 0 and 1, then four GTP-U echo messages.
    static func writeRun() throws -> (path: String, pdus: [[UInt8]]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-tap-\(UUID().uuidString).pcapng").path
        let pdus = try (Oracle.shared.get().pdus["o5gs-srsgnb-a56-reg.pcap"] ?? []).prefix(6).map { try Hex.decode($0.hex) }
        try #require(pdus.count == 6)
        let tap = try CaptureTap(path: path)
        for (i, pdu) in pdus.enumerated() {
            let uplink = i % 2 == 0
            let time = CaptureTimestamp(seconds: 1_750_000_000, nanoseconds: Int32(i * 1_000))
            try pdu.withUnsafeBytes { raw in
                try tap.sctp(raw, from: uplink ? gnb : amf, to: uplink ? amf : gnb, stream: i < 2 ? 0 : 1, ppid: 60,
                             direction: uplink ? .sent : .received, at: time)
            }
        }
        // GTP-U Echo Request / Response (TS 29.281 §7.2), sequence numbers 1 and 2.
        for s in 1...4 {
            let echo: [UInt8] = [0x32, s % 2 == 1 ? 1 : 2, 0, 4, 0, 0, 0, 0, 0, UInt8((s + 1) / 2), 0, 0]
            try echo.withUnsafeBytes { raw in
                try tap.udp(raw, from: s % 2 == 1 ? gnbN3 : upfN3, to: s % 2 == 1 ? upfN3 : gnbN3,
                            direction: s % 2 == 1 ? .sent : .received, at: CaptureTimestamp(seconds: 1_750_000_001, nanoseconds: Int32(s)))
            }
        }
        try tap.close()
        #expect(tap.packetsWritten == 10 && tap.skipped == 0)
        return (path, pdus)
    }

    @Test func messagesReadBackInOrderWithTheirStreams() throws {
        let (path, pdus) = try Self.writeRun()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = CaptureOptions()
        options.includeUDP = true
        let contents = try CaptureReader.readAll(path: path, options: options)
        #expect(contents.error == nil && contents.diagnostics.isEmpty)
        #expect(contents.messages.map(\.payload) == pdus)
        #expect(contents.messages.map(\.streamID) == [0, 0, 1, 1, 1, 1])
        #expect(contents.messages.allSatisfy { $0.payloadProtocolID == 60 && !$0.isRetransmission })
        #expect(contents.udpDatagrams.count == 4)
    }

    @Test func tsharkFindsNoMalformedPacketAndNoExpertWarning() throws {
        let (path, _) = try Self.writeRun()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let checks = ["-o", "sctp.checksum:CRC-32C", "-o", "udp.check_checksum:TRUE", "-o", "sctp.tsn_analysis:TRUE"]
        let bad = try Tshark.run(["-r", path, "-n", "-Y", "_ws.malformed || _ws.expert.severity >= 6291456"] + checks)
        #expect(bad.isEmpty, "\(bad)")
        let protocols = try Tshark.run(["-r", path, "-n", "-T", "fields", "-e", "frame.protocols"] + checks)
        let lines = protocols.split(separator: "\n")
        #expect(lines.count == 10)
        #expect(lines.prefix(6).allSatisfy { $0.hasSuffix(":sctp:ngap") || $0.contains(":sctp:ngap:") }, "\(protocols)")
        #expect(lines.suffix(4).allSatisfy { $0.hasSuffix(":udp:gtp") }, "\(protocols)")
    }
}
