import Benchmark
import Bytes
import Capture
import Foundation
import GTPU
import Packets

// The user plane at the rates the UPF emulator and the gNB simulator need (about 200,000 packets/s):
// building a downlink G-PDU around an ICMP echo reply, parsing an uplink one, and the tap's pcapng writes.

let upf = IPAddress("127.0.0.7")!, gnb = IPAddress("127.0.0.2")!
let dn = IPAddress("10.45.0.1")!, ue = IPAddress("10.45.0.2")!
/// One tunnel's header, built once: encoding it allocates nothing.
let downlink = GTPUHeader.gPDU(teid: 0x0000_0001, pduSession: .downlink(DLPDUSessionInformation(qfi: 1)))
let uplink = GTPUHeader.gPDU(teid: 0x0000_C0BB, pduSession: .uplink(ULPDUSessionInformation(qfi: 1)))
let echoData = [UInt8](repeating: 0x5A, count: 56)

/// IPv4/UDP/GTP-U/IPv4/ICMP echo (reply when downlink), checksums computed; returns the length.
@inline(__always)
func buildGPDU(into w: inout PacketWriter, header: GTPUHeader, reply: Bool, sequence: UInt16) throws(PacketError) {
    let outer = try w.beginIPv4(IPv4Header(source: reply ? upf : gnb, destination: reply ? gnb : upf, upperProtocol: .udp))
    let udp = try w.beginUDP(sourcePort: 2152, destinationPort: 2152)
    let gtp = try w.beginGTPU(header)
    let inner = try w.beginIPv4(IPv4Header(source: reply ? dn : ue, destination: reply ? ue : dn, upperProtocol: .icmp))
    let icmp = try w.beginICMPEcho(ICMPEcho(isICMPv6: false, isReply: reply, identifier: 7, sequenceNumber: sequence))
    try w.write(echoData)
    try w.endICMP(icmp, in: inner)
    try w.endIPv4(inner)
    try w.endGTPU(gtp)
    try w.endUDP(udp, in: outer)
    try w.endIPv4(outer)
}

/// The GTP-U message (UDP payload) of an uplink echo request, as a gNB sends it.
let uplinkGTPU: [UInt8] = {
    var buffer = [UInt8](repeating: 0, count: 2048)
    let n = buffer.withUnsafeMutableBytes { raw -> Int in
        var w = PacketWriter(raw)
        try! buildGPDU(into: &w, header: uplink, reply: false, sequence: 1)
        return w.count
    }
    return Array(buffer[28..<n])
}()

let ngap: [UInt8] = Array(repeating: 0x20, count: 100)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(3)
    )

    // One operation = one 136-byte downlink packet (IPv4/UDP/GTP-U with DL PDU Session Container/IPv4/ICMP
    // echo reply, four checksums) written into a reused buffer.
    Benchmark("GTP-U build downlink G-PDU (ICMP echo reply, per packet)") { benchmark in
        var buffer = [UInt8](repeating: 0, count: 2048)
        buffer.withUnsafeMutableBytes { raw in
            var sequence: UInt16 = 0
            for _ in benchmark.scaledIterations {
                var w = PacketWriter(raw)
                try? buildGPDU(into: &w, header: downlink, reply: true, sequence: sequence)
                sequence &+= 1
                blackHole(w.count)
            }
        }
    }

    // One operation = parsing an uplink G-PDU (borrowed), its PDU Session Container and its inner IPv4 header.
    Benchmark("GTP-U parse uplink G-PDU and inner IP (per packet)") { benchmark in
        uplinkGTPU.withUnsafeBytes { raw in
            let bytes = ByteView(raw)
            for _ in benchmark.scaledIterations {
                guard let packet = try? GTPUPacket(parsing: bytes), let ip = try? packet.innerPacket(in: bytes) else { continue }
                blackHole(packet.teid &+ UInt32(packet.pduSession?.qfi ?? 0) &+ UInt32(ip.payload.count))
            }
        }
    }

    // One operation = decoding the same message into an owned GTPUMessage (copies the T-PDU).
    Benchmark("GTP-U decode owned message (per packet)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? GTPUMessage(decoding: uplinkGTPU))
        }
    }

    // One operation = one IPv4/SCTP packet with one DATA chunk of 100 bytes, CRC32c computed.
    Benchmark("SCTP build DATA packet with CRC32c (100-byte NGAP, per packet)") { benchmark in
        var buffer = [UInt8](repeating: 0, count: 2048)
        buffer.withUnsafeMutableBytes { raw in
            ngap.withUnsafeBytes { user in
                var tsn: UInt32 = 0
                for _ in benchmark.scaledIterations {
                    var w = PacketWriter(raw)
                    do {
                        let ip = try w.beginIPv4(IPv4Header(source: gnb, destination: upf, upperProtocol: .sctp))
                        let sctp = try w.beginSCTP(SCTPCommonHeader(sourcePort: 38412, destinationPort: 38412, verificationTag: 1))
                        try w.writeDataChunk(SCTPDataChunk(tsn: tsn, streamIdentifier: 1, streamSequenceNumber: 0, payloadProtocolIdentifier: 60), userData: user)
                        try w.endSCTP(sctp)
                        try w.endIPv4(ip)
                    } catch {}
                    tsn &+= 1
                    blackHole(w.count)
                }
            }
        }
    }

    // One operation = one 136-byte packet appended to a pcapng file (Ethernet framing, direction option),
    // flushed to the file system every 1 MiB.
    Benchmark("pcapng write (136-byte packets, per packet)") { benchmark in
        var packet = [UInt8](repeating: 0, count: 2048)
        let n = packet.withUnsafeMutableBytes { raw -> Int in
            var w = PacketWriter(raw)
            try! buildGPDU(into: &w, header: downlink, reply: true, sequence: 1)
            return w.count
        }
        packet.removeLast(packet.count - n)
        let path = NSTemporaryDirectory() + "coregate-bench-\(getpid()).pcapng"
        defer { unlink(path) }
        guard let writer = try? PcapngWriter(path: path, interfaces: [.init(name: "N3")]) else { return }
        packet.withUnsafeBytes { raw in
            var t = CaptureTimestamp(seconds: 1_750_000_000, nanoseconds: 0)
            for _ in benchmark.scaledIterations {
                t.nanoseconds = (t.nanoseconds &+ 1000) % 1_000_000_000
                try? writer.writeIP(raw, interface: 0, timestamp: t, direction: .outbound)
            }
        }
        try? writer.close()
    }

    // One operation = one frame of a real-NGAP capture read by CaptureReader (libpcap, Ethernet/IP/SCTP
    // through Packets, TSN analysis, one copy of the NGAP message). Run `scripts/compare-decoders` first:
    // it writes the capture (100,000 PDUs) to .build/bench.
    let mix = FileManager.default.currentDirectoryPath + "/../.build/bench/ngap-mix-100000.pcap"
    if FileManager.default.fileExists(atPath: mix) {
        Benchmark("CaptureReader NGAP mix (per frame)", configuration: .init(scalingFactor: .one, maxDuration: .seconds(5))) { benchmark in
            for _ in benchmark.scaledIterations {
                guard let reader = try? CaptureReader(path: mix, options: .ngap) else { return }
                var frames = 0
                benchmark.startMeasurement()
                while let event = try? reader.next() {
                    if case .sctpMessage(let m) = event { frames &+= m.payload.count }
                }
                benchmark.stopMeasurement()
                blackHole(frames)
            }
        }
    }
}
