import Bytes
import Capture
import Foundation
import GTPU
import Packets
import TestSupport
import Testing

/// The pcapng writer: files with NGAP over SCTP (N2) and GTP-U over UDP (N3) built with `Packets` are read
/// by tshark with no malformed packet and no expert warning or error, and by CaptureReader with the same
/// packets and nanosecond timestamps; what was flushed stays readable when the writer never closes.
@Suite struct PcapngWriterTests {
    static let gnb = IPAddress("127.0.0.2")!, amf = IPAddress("127.0.0.5")!, upf = IPAddress("127.0.0.7")!
    static let ue = IPAddress("10.45.0.2")!, dn = IPAddress("10.45.0.1")!
    static let gnb6 = IPAddress("fd00::2")!, upf6 = IPAddress("fd00::7")!

    /// Real NGAP-PDUs (tshark dissects them without a malformed mark).
    static func ngapPDUs() throws -> [[UInt8]] {
        let pdus = try Oracle.shared.get().pdus["o5gs-srsgnb-a56-reg.pcap"] ?? []
        return try pdus.prefix(6).map { try Hex.decode($0.hex) }
    }

    /// IP/SCTP/DATA(NGAP) from the gNB to the AMF or back.
    static func n2(_ pdu: [UInt8], tsn: UInt32, uplink: Bool) throws -> [UInt8] {
        try .packet { (w: inout PacketWriter) throws(PacketError) in
            let ip = try w.beginIPv4(IPv4Header(source: uplink ? gnb : amf, destination: uplink ? amf : gnb, upperProtocol: .sctp))
            let sctp = try w.beginSCTP(SCTPCommonHeader(sourcePort: uplink ? 40000 : 38412, destinationPort: uplink ? 38412 : 40000,
                                                        verificationTag: uplink ? 0xA1 : 0xB2))
            let chunk = SCTPDataChunk(tsn: tsn, streamIdentifier: 0, streamSequenceNumber: UInt16(tsn & 0xFFFF), payloadProtocolIdentifier: 60)
            try pdu.withPacketBytes { (raw) throws(PacketError) in try w.writeDataChunk(chunk, userData: raw) }
            try w.endSCTP(sctp)
            try w.endIPv4(ip)
        }
    }

    /// IP/UDP/GTP-U(PDU Session Container)/IP/ICMP echo, uplink request or downlink reply, over IPv4 or IPv6.
    static func n3(sequence: UInt16, uplink: Bool, ipv6: Bool) throws -> [UInt8] {
        let (gnbAddress, upfAddress) = ipv6 ? (gnb6, upf6) : (gnb, upf)
        let info: PDUSessionInformation = uplink ? .uplink(ULPDUSessionInformation(qfi: 1)) : .downlink(DLPDUSessionInformation(qfi: 1))
        let tunnel = GTPUHeader.gPDU(teid: uplink ? 0x100 : 0x200, pduSession: info)
        let echo = ICMPEcho(isICMPv6: false, isReply: !uplink, identifier: 0x1F73, sequenceNumber: sequence)
        return try .packet { (w: inout PacketWriter) throws(PacketError) in
            let outer = ipv6
                ? try w.beginIPv6(IPv6Header(source: uplink ? gnbAddress : upfAddress, destination: uplink ? upfAddress : gnbAddress, upperProtocol: .udp))
                : try w.beginIPv4(IPv4Header(source: uplink ? gnbAddress : upfAddress, destination: uplink ? upfAddress : gnbAddress, upperProtocol: .udp))
            let udp = try w.beginUDP(sourcePort: 2152, destinationPort: 2152)
            let gtp = try w.beginGTPU(tunnel)
            let inner = try w.beginIPv4(IPv4Header(source: uplink ? ue : dn, destination: uplink ? dn : ue, upperProtocol: .icmp,
                                                   identification: sequence))
            let icmp = try w.beginICMPEcho(echo)
            try w.write([UInt8](repeating: UInt8(truncatingIfNeeded: sequence), count: 48))
            try w.endICMP(icmp, in: inner)
            try w.endIPv4(inner)
            try w.endGTPU(gtp)
            try w.endUDP(udp, in: outer)
            try w.endIP(outer)
        }
    }

    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("coregate-pcapng-\(UUID().uuidString)-\(name)").path
    }

    struct Written {
        var path: String
        var frames: [(interface: Int, bytes: [UInt8], time: CaptureTimestamp)]
    }

    /// N2 and N3 packets, alternating, on two raw-IP interfaces.
    static func writeSample(close: Bool = true) throws -> (Written, PcapngWriter) {
        let file = path("n2n3.pcapng")
        let writer = try PcapngWriter(path: file, interfaces: [
            .init(name: "N2", description: "NGAP over SCTP"), .init(name: "N3", description: "GTP-U over UDP"),
        ])
        var frames: [(Int, [UInt8], CaptureTimestamp)] = []
        var tsn: UInt32 = 1
        for (i, pdu) in try ngapPDUs().enumerated() {
            frames.append((0, try n2(pdu, tsn: tsn, uplink: i % 2 == 0), CaptureTimestamp(seconds: 1_750_000_000, nanoseconds: Int32(i * 1_000_003))))
            tsn += 1
        }
        for s in 0..<8 {
            let t = CaptureTimestamp(seconds: 1_750_000_001, nanoseconds: Int32(s * 123_456_789 % 1_000_000_000 + 1))
            frames.append((1, try n3(sequence: UInt16(s / 2), uplink: s % 2 == 0, ipv6: s >= 4), t))
        }
        for (i, f) in frames.enumerated() {
            try writer.writeIP(f.1, interface: f.0, timestamp: f.2, direction: i % 2 == 0 ? .outbound : .inbound)
        }
        if close { try writer.close() }
        return (Written(path: file, frames: frames.map { (interface: $0.0, bytes: $0.1, time: $0.2) }), writer)
    }

    @Test func tsharkReadsTheFileWithNoMalformedPacketAndNoExpertWarningOrError() throws {
        let (written, _) = try Self.writeSample()
        defer { try? FileManager.default.removeItem(atPath: written.path) }
        let checks = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "sctp.checksum:CRC-32C"]
        let expert = try Tshark.run(["-r", written.path, "-n", "-q", "-z", "expert"] + checks)
        #expect(!expert.contains("Errors ("), "\(expert)")
        #expect(!expert.contains("Warns ("), "\(expert)")
        #expect(!expert.contains("stderr:"), "\(expert)")
        let bad = try Tshark.run(["-r", written.path, "-n", "-Y", "_ws.malformed || _ws.expert.severity >= 6291456"] + checks)
        #expect(bad.isEmpty, "\(bad)")
        // Every layer dissected: NGAP in each N2 frame, GTP-U with its inner ICMP in each N3 frame.
        let fields = try Tshark.run(["-r", written.path, "-n", "-T", "fields", "-e", "frame.interface_name", "-e", "frame.time_epoch",
                                     "-e", "frame.protocols", "-e", "frame.packet_flags_direction",
                                     "-e", "sctp.checksum.status", "-e", "udp.checksum.status", "-e", "icmp.checksum.status"] + checks)
        let lines = fields.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        try #require(lines.count == written.frames.count)
        for (i, (line, frame)) in zip(lines, written.frames).enumerated() {
            #expect(line[0] == (frame.interface == 0 ? "N2" : "N3"), "frame \(i + 1)")
            #expect(line[1] == frame.time.description, "frame \(i + 1): nanosecond time")
            let ip = frame.bytes[0] >> 4 == 4 ? "ip" : "ipv6"
            if frame.interface == 0 {
                #expect(line[2].hasPrefix("eth:ethertype:\(ip):sctp:ngap"), "frame \(i + 1): \(line[2])")
            } else {
                #expect(line[2] == "eth:ethertype:\(ip):udp:gtp:ip:icmp:data", "frame \(i + 1): \(line[2])")
            }
            #expect(UInt32(line[3].dropFirst(2), radix: 16) == (i % 2 == 0 ? 2 : 1), "frame \(i + 1): direction \(line[3])")
            if frame.interface == 0 { #expect(line[4] == "1", "frame \(i + 1): CRC32c") }
            else { #expect(line[5] == "1" && line[6] == "1", "frame \(i + 1): UDP and ICMP checksums") }
        }
    }

    @Test func captureReaderReadsBackEveryPacketAndTimestamp() throws {
        let (written, _) = try Self.writeSample()
        defer { try? FileManager.default.removeItem(atPath: written.path) }
        var options = CaptureOptions()
        options.includeUDP = true
        let contents = try CaptureReader.readAll(path: written.path, options: options)
        #expect(contents.error == nil, "\(String(describing: contents.error))")
        #expect(contents.diagnostics.isEmpty && contents.linkLayer == .ethernet)
        #expect(contents.frameCount == written.frames.count)
        let n2 = written.frames.enumerated().filter { $0.element.interface == 0 }
        #expect(contents.messages.map(\.frame) == n2.map { $0.offset + 1 })
        #expect(contents.messages.map(\.payload) == (try Self.ngapPDUs()))
        #expect(contents.messages.map(\.timestamp) == n2.map(\.element.time))
        let n3 = written.frames.enumerated().filter { $0.element.interface == 1 }
        #expect(contents.udpDatagrams.map(\.frame) == n3.map { $0.offset + 1 })
        for datagram in contents.udpDatagrams {
            let packet = try datagram.payload.withUnsafeBytes { try GTPUPacket(parsing: ByteView($0)) }
            #expect(packet.pduSession?.qfi == 1)
        }
        let file = try CaptureFile(path: written.path)
        var raw: [[UInt8]] = []
        while let f = try file.next() { raw.append(Array(f.bytes)) }
        #expect(raw.map { Array($0.dropFirst(14)) } == written.frames.map(\.bytes))
        #expect(raw.enumerated().allSatisfy { i, frame in Array(frame.prefix(6)) == (i % 2 == 0 ? [2, 0, 0, 0, 0, 2] : [2, 0, 0, 0, 0, 1]) })
    }

    @Test func whatWasFlushedStaysReadableWhenTheWriterNeverCloses() throws {
        let (written, writer) = try Self.writeSample(close: false)
        defer { try? FileManager.default.removeItem(atPath: written.path) }
        try writer.flush()
        // The process could die here: the file holds complete blocks only.
        let extra = try Self.n3(sequence: 99, uplink: true, ipv6: false)
        try writer.writeIP(extra, interface: 1, timestamp: CaptureTimestamp(seconds: 1_750_000_002, nanoseconds: 0))
        let contents = try CaptureReader.readAll(path: written.path)
        #expect(contents.error == nil && contents.frameCount == written.frames.count)
        let count = try Tshark.run(["-r", written.path, "-n", "-T", "fields", "-e", "frame.number"]).split(separator: "\n").count
        #expect(count == written.frames.count)
        withExtendedLifetime(writer) {}
    }

    @Test func aFileCutInsideABlockKeepsEveryWholePacketBeforeIt() throws {
        let (written, _) = try Self.writeSample()
        defer { try? FileManager.default.removeItem(atPath: written.path) }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: written.path)))
        var cuts = 0
        for cut in stride(from: 200, to: bytes.count, by: 37) {
            let contents: CaptureContents
            do {
                contents = try CaptureReader.readAll(bytes: Array(bytes[0..<cut]))
            } catch {
                #expect(error.code == .truncatedFile, "cut at \(cut): \(error)")
                continue
            }
            #expect(contents.error == nil || contents.error?.code == .truncatedFile, "cut at \(cut): \(String(describing: contents.error))")
            #expect(contents.frameCount <= written.frames.count)
            cuts += 1
        }
        #expect(cuts > 10)
    }

    @Test func aSingleRawIPInterfaceIsReadByLibpcapAndTshark() throws {
        let file = Self.path("raw.pcapng")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let writer = try PcapngWriter(path: file, interfaces: [.init(name: "tap", linkLayer: .rawIP)])
        let packets = [try Self.n2(try Self.ngapPDUs()[0], tsn: 1, uplink: true), try Self.n3(sequence: 0, uplink: true, ipv6: true)]
        for p in packets { try writer.writeIP(p, interface: 0, timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 5)) }
        try writer.close()
        var options = CaptureOptions()
        options.includeUDP = true
        let contents = try CaptureReader.readAll(path: file, options: options)
        #expect(contents.linkLayer == .rawIP && contents.messages.count == 1 && contents.udpDatagrams.count == 1 && contents.error == nil)
        let protocols = try Tshark.run(["-r", file, "-n", "-T", "fields", "-e", "frame.protocols"])
        let lines = protocols.split(separator: "\n")
        #expect(lines.count == 2 && lines.first?.hasPrefix("raw:ip:sctp:ngap") == true && lines.last == "raw:ipv6:udp:gtp:ip:icmp:data")
    }

    @Test func writerErrorsAreTyped() throws {
        #expect(throws: CaptureError.self) { try PcapngWriter(path: "/nonexistent/dir/x.pcapng") }
        let file = Self.path("errors.pcapng")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let writer = try PcapngWriter(path: file, interfaces: [.init(name: "N3")])
        let e = #expect(throws: CaptureError.self) { try writer.write([0x45], interface: 1, timestamp: .init(seconds: 0, nanoseconds: 0)) }
        #expect(e?.code == .invalidFrame)
        let notIP = #expect(throws: CaptureError.self) { try writer.writeIP([0x15], interface: 0, timestamp: .init(seconds: 0, nanoseconds: 0)) }
        #expect(notIP?.code == .invalidFrame)
        try writer.close()
        let closed = #expect(throws: CaptureError.self) { try writer.flush() }
        #expect(closed?.code == .writeFailed)
    }
}
