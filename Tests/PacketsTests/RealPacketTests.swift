import Bytes
import Packets
import TestSupport
import Testing

/// Every frame of the shared captures: checksums agree with tshark's verdicts (tshark with checksum
/// validation on, `packet_checksums.jsonl`), headers rebuild to the same bytes, and every truncation of a
/// sample of real packets gives a typed error, never a trap.
@Suite struct RealPacketTests {
    /// Our verdict as Wireshark's status value: 1 good, 0 bad, 3 not present (UDP over IPv4 without checksum).
    static func status(_ valid: Bool?) -> Int { valid.map { $0 ? 1 : 0 } ?? 3 }

    @Test(arguments: SharedCaptures.names)
    func checksumsAgreeWithTshark(_ name: String) throws {
        let oracle = try OracleChecksums.shared.get()[name] ?? [:]
        var compared = (ip: 0, udp: 0, sctp: 0)
        for frame in try RealFrames.load(name) where !frame.snapCut {
            try frame.ip.view { view in
                let ip = try IPPacket(parsing: view, options: .capture(snapLengthCut: false))
                guard ip.fragment == nil else { return }  // tshark verifies the reassembled datagram
                let theirs = oracle[frame.number]
                let at = "\(name) frame \(frame.number)"
                if ip.version == 4 {
                    #expect(theirs?.ip?.first == Self.status(IPv4Header.checksumIsValid(view)), "\(at): IPv4 header checksum")
                    compared.ip += 1
                }
                guard let payload = view.slice(ip.payload.lowerBound, ip.payload.count) else { return }
                switch ip.upperProtocol {
                case .udp:
                    guard let (udp, _) = try? UDPHeader.parse(payload), let datagram = payload.slice(0, Int(udp.length)) else { return }
                    let ours = UDPHeader.checksumIsValid(datagram, in: ip)
                    // Wireshark calls a zero checksum over IPv6 "illegal" (4).
                    let expected = ip.version == 6 && udp.checksum == 0 ? 4 : Self.status(ours)
                    #expect(theirs?.udp?.first == expected, "\(at): UDP checksum")
                    compared.udp += 1
                case .sctp:
                    #expect(theirs?.sctp?.first == Self.status(SCTPCommonHeader.checksumIsValid(payload)), "\(at): SCTP CRC32c")
                    compared.sctp += 1
                default:
                    break
                }
            }
        }
        #expect(compared.ip + compared.udp + compared.sctp > 0, "\(name): nothing compared")
    }

    @Test(arguments: SharedCaptures.names)
    func headersWithRightChecksumsRebuildToTheSameBytes(_ name: String) throws {
        var rebuilt = 0
        for frame in try RealFrames.load(name) where !frame.snapCut {
            let ip = try frame.ip.view { try IPPacket(parsing: $0, options: .strict) }
            let original = Array(frame.ip[0..<ip.payload.upperBound])
            let payload = Array(frame.ip[ip.payload])
            let bytes = try [UInt8].packet { (w: inout PacketWriter) throws(PacketError) in
                switch ip.header {
                case .v4(let h):
                    let mark = try w.beginIPv4(h)
                    try w.write(payload)
                    try w.endIPv4(mark)
                case .v6(let h):
                    let mark = try w.beginIPv6(h)
                    try w.write(payload)
                    try w.endIPv6(mark)
                }
            }
            let valid = ip.version == 6 || frame.ip.view { IPv4Header.checksumIsValid($0) }
            if valid {
                #expect(bytes == original, "\(name) frame \(frame.number): IP header rebuilt differently")
                rebuilt += 1
            }
            if ip.upperProtocol == .sctp, ip.fragment == nil, payload.view({ SCTPCommonHeader.checksumIsValid($0) }) {
                #expect(try Self.rebuildSCTP(payload) == payload, "\(name) frame \(frame.number): SCTP rebuilt differently")
            }
        }
        #expect(rebuilt > 0)
    }

    /// The packet rebuilt chunk by chunk: DATA through `writeDataChunk`, the others from their value bytes.
    static func rebuildSCTP(_ packet: [UInt8]) throws -> [UInt8] {
        try packet.view { view in
            let header = try SCTPCommonHeader.parse(view)
            var chunks: [SCTPChunk] = []
            var it = SCTPChunkIterator(view)
            while let c = try it.next() { chunks.append(c) }
            return try [UInt8].packet { (w: inout PacketWriter) throws(PacketError) in
                let mark = try w.beginSCTP(header)
                for c in chunks {
                    if c.type == .data {
                        let (data, user) = try SCTPDataChunk.parse(c, in: view)
                        try w.writeDataChunk(data, userData: UnsafeRawBufferPointer(rebasing: view.bytes[user]))
                    } else {
                        try w.writeSCTPChunk(c.type, flags: c.flags, value: UnsafeRawBufferPointer(rebasing: view.bytes[c.value]))
                    }
                }
                try w.endSCTP(mark)
            }
        }
    }

    /// A few frames of each kind (SCTP, UDP, ICMP, IPv6, IPv4 with options) from the captures.
    static let samples: [RealFrames.Frame] = {
        var picked: [String: Int] = [:]
        var out: [RealFrames.Frame] = []
        for name in SharedCaptures.names {
            guard let frames = try? RealFrames.load(name) else { continue }
            for f in frames where !f.snapCut {
                guard let ip = try? f.ip.view({ try IPPacket(parsing: $0) }) else { continue }
                let key = "\(ip.version)-\(ip.upperProtocol.rawValue)"
                if picked[key, default: 0] < 3 {
                    picked[key, default: 0] += 1
                    out.append(f)
                }
            }
        }
        return out
    }()

    @Test func everyTruncationOfRealPacketsIsATypedErrorOrAConsistentParse() throws {
        #expect(Self.samples.count >= 8)
        for frame in Self.samples {
            let whole = try frame.ip.view { try IPPacket(parsing: $0) }
            for cut in 0..<frame.ip.count {
                let prefix = Array(frame.ip[0..<cut])
                let at = "\(frame.file) frame \(frame.number) cut at \(cut)"
                do {
                    let ip = try prefix.view { try IPPacket(parsing: $0) }
                    #expect(cut >= whole.payload.upperBound, "\(at): a strict parse of a cut packet must fail")
                    #expect(ip == whole, "\(at)")
                } catch let error as PacketError {
                    #expect(cut < whole.payload.upperBound, "\(at): \(error)")
                    #expect(error.code == .truncated || error.code == .badLength, "\(at): \(error)")
                }
                // Tolerant parse (capture with snap length): the upper layers see what is left, and fail typed.
                guard let ip = try? prefix.view({ try IPPacket(parsing: $0, options: .capture(snapLengthCut: true)) }) else { continue }
                let payload = Array(prefix[ip.payload])
                switch ip.upperProtocol {
                case .udp: Self.typed { _ = try payload.view { try UDPHeader.parse($0) } }
                case .sctp: Self.typed { _ = try Self.rebuildSCTP(payload) }
                case .icmp, .icmpv6: Self.typed { _ = try payload.view { try ICMPEcho.parse($0, icmpv6: ip.upperProtocol == .icmpv6) } }
                default: break
                }
            }
        }
    }

    /// Runs `body`; any error it throws must be a `PacketError`.
    static func typed(_ body: () throws -> Void) {
        do { try body() } catch {
            #expect(error is PacketError, "untyped error \(error)")
        }
    }
}
