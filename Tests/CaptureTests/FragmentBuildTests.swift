import Bytes
import Capture
import Foundation
import GTPU
import Packets
import TestSupport
import Testing

/// IPv4 and IPv6 fragments built with `Packets` are reassembled by CaptureReader and by tshark into the
/// datagram they were cut from.
@Suite struct FragmentBuildTests {
    static let a4 = IPAddress("127.0.0.2")!, b4 = IPAddress("127.0.0.7")!
    static let a6 = IPAddress("fd00::2")!, b6 = IPAddress("fd00::7")!

    /// A UDP datagram (port 2152) carrying a G-PDU of `size` bytes of T-PDU, with its checksum for `a`→`b`.
    static func datagram(_ a: IPAddress, _ b: IPAddress, size: Int) throws -> [UInt8] {
        let whole = try [UInt8].packet { (w: inout PacketWriter) throws(PacketError) in
            let ip = a.version == 4 ? try w.beginIPv4(IPv4Header(source: a, destination: b, upperProtocol: .udp))
                                    : try w.beginIPv6(IPv6Header(source: a, destination: b, upperProtocol: .udp))
            let udp = try w.beginUDP(sourcePort: 2152, destinationPort: 2152)
            let gtp = try w.beginGTPU(.gPDU(teid: 0xABCD, pduSession: .uplink(ULPDUSessionInformation(qfi: 5))))
            try w.write((0..<size).map { UInt8(truncatingIfNeeded: $0) })
            try w.endGTPU(gtp)
            try w.endUDP(udp, in: ip)
            try w.endIP(ip)
        }
        return Array(whole[(a.version == 4 ? 20 : 40)...])
    }

    /// The datagram cut into fragments of at most `piece` bytes (a multiple of 8), last one first.
    static func fragments(_ datagram: [UInt8], _ a: IPAddress, _ b: IPAddress, piece: Int) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        for offset in stride(from: 0, to: datagram.count, by: piece) {
            let chunk = Array(datagram[offset..<min(offset + piece, datagram.count)])
            let more = offset + piece < datagram.count
            out.append(try [UInt8].packet { (w: inout PacketWriter) throws(PacketError) in
                if a.version == 4 {
                    var h = IPv4Header(source: a, destination: b, upperProtocol: .udp, identification: 0x4242)
                    h.fragmentOffset = offset
                    h.moreFragments = more
                    let ip = try w.beginIPv4(h)
                    try w.write(chunk)
                    try w.endIPv4(ip)
                } else {
                    let ip = try w.beginIPv6(IPv6Header(source: a, destination: b, upperProtocol: .udp, extensionHeaders: [
                        .fragment(offset: offset, moreFragments: more, identification: 0x4243),
                    ]))
                    try w.write(chunk)
                    try w.endIPv6(ip)
                }
            })
        }
        return out.reversed()
    }

    @Test(arguments: [4, 6])
    func fragmentsBuiltWithPacketsAreReassembledByUsAndByTshark(_ version: Int) throws {
        let (a, b) = version == 4 ? (Self.a4, Self.b4) : (Self.a6, Self.b6)
        let datagram = try Self.datagram(a, b, size: 3000)
        let pieces = try Self.fragments(datagram, a, b, piece: 1232)
        #expect(pieces.count == 3)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-fragments-\(UUID().uuidString).pcapng").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try PcapngWriter(path: path, interfaces: [.init(name: "N3")])
        for (i, p) in pieces.enumerated() { try writer.writeIP(p, interface: 0, timestamp: CaptureTimestamp(seconds: 10, nanoseconds: Int32(i))) }
        try writer.close()

        var options = CaptureOptions()
        options.includeUDP = true
        let contents = try CaptureReader.readAll(path: path, options: options)
        let udp = try #require(contents.udpDatagrams.first)
        #expect(contents.udpDatagrams.count == 1 && udp.frame == 3)
        #expect(udp.payload == Array(datagram[8...]))
        #expect(contents.diagnostics.map(\.code) == [.ipReassembled])

        let checks = ["-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"]
        let fields = try Tshark.run(["-r", path, "-n", "-Y", "gtp", "-T", "fields", "-e", "frame.number", "-e", "gtp.teid",
                                     "-e", "udp.checksum.status", "-e", "gtp.ext_hdr.pdu_ses_con.qos_flow_id"] + checks)
        #expect(fields.trimmingCharacters(in: .whitespacesAndNewlines) == "3\t0x0000abcd\t1\t5", "\(fields)")
        let expert = try Tshark.run(["-r", path, "-n", "-q", "-z", "expert"] + checks)
        #expect(!expert.contains("Errors (") && !expert.contains("Warns ("), "\(expert)")
    }
}
