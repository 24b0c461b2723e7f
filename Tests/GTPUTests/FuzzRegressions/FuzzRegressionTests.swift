import Bytes
import Foundation
import GTPU
import Packets
import Testing

/// The checks of the GTP-U fuzz target (Fuzz/Sources/GTPUFuzz), replayed over the minimized corpus of a
/// 10-minute run: whatever decodes re-encodes to a fixed point, strict and tolerant decodes agree, the
/// borrowed parse agrees with the owned one, a G-PDU's inner IP packet rebuilds the same.
@Suite struct FuzzRegressionTests {
    static let corpus: [[UInt8]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("minimized-corpus.hex")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? Hex.decode(String($0)) }
    }()

    /// The fuzz target's checks; returns whether the input decoded.
    static func check(_ bytes: [UInt8]) throws -> Bool {
        try bytes.withUnsafeBytes { raw in
            let view = ByteView(raw)
            if let packet = try? GTPUPacket(parsing: view, options: .tolerant) {
                var seen = 0
                try packet.forEachExtensionHeader(in: view) { _, range in
                    #expect(range.lowerBound >= 12 && range.upperBound <= packet.body.lowerBound)
                    seen += 1
                }
                #expect(seen == packet.extensionHeaderCount)
                if packet.messageType == .gPDU, let ip = try? packet.innerPacket(in: view), let tpdu = view.slice(packet.body.lowerBound, packet.body.count) {
                    let payload = Array(tpdu.bytes[ip.payload])
                    if let rebuilt = try? [UInt8].packet({ (w: inout PacketWriter) throws(PacketError) in
                        switch ip.header {
                        case .v4(let h): let m = try w.beginIPv4(h); try w.write(payload); try w.endIPv4(m)
                        case .v6(let h): let m = try w.beginIPv6(h); try w.write(payload); try w.endIPv6(m)
                        }
                    }) {
                        let again = try rebuilt.withUnsafeBytes { try IPPacket(parsing: ByteView($0)) }
                        #expect(again.source == ip.source && Array(rebuilt[again.payload]) == payload)
                    }
                }
            }
            guard let tolerant = try? GTPUMessage(decoding: view, options: .tolerant) else { return false }
            let encoded = try tolerant.encoded()
            let again = try GTPUMessage(decoding: encoded)
            #expect(again == tolerant)
            #expect(try again.encoded() == encoded)
            if let strict = try? GTPUMessage(decoding: view) { #expect(strict == tolerant) }
            let packet = try encoded.withUnsafeBytes { try GTPUPacket(parsing: ByteView($0)) }
            #expect(packet.teid == tolerant.header.teid && packet.pduSession == tolerant.header.pduSession)
            return true
        }
    }

    @Test func theMinimizedCorpusKeepsTheFixedPoint() throws {
        #expect(Self.corpus.count == 391)
        var decoded = 0
        for input in Self.corpus where try Self.check(input) { decoded += 1 }
        // Both kinds are there: inputs that decode and inputs each parser must refuse.
        #expect(decoded > 50 && decoded < Self.corpus.count)
    }
}
