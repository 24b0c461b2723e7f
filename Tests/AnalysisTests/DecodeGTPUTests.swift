import Bytes
import Foundation
import TestSupport
import Testing

/// `coregate decode --gtpu`: GTP-U lines in frame order among the NGAP lines, with tshark's fields; without
/// the flag the output has no GTP-U line.
@Suite struct DecodeGTPUTests {
    @Test(arguments: ["oai-my5grantester.pcap", "o5gs-testsuite-roaming-hr.pcapng", "oai-oaignb-montimage.pcap"])
    func jsonLinesCarryTsharkFieldsInFrameOrder(_ name: String) throws {
        let r = try BuiltTool.run("coregate", ["decode", "--gtpu", "--format", "jer", "--threads", "2", SharedCaptures.path(name)])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdoutText.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.allSatisfy { $0 != nil })
        let frames = lines.compactMap { $0?["frame"] as? Int }
        #expect(frames == frames.sorted(), "\(name): lines in frame order")
        let gtpu = lines.compactMap { line -> (Int, [String: Any])? in
            guard let l = line, let g = l["gtpu"] as? [String: Any], let f = l["frame"] as? Int else { return nil }
            return (f, g)
        }
        let oracle = try OracleGTPU.shared.get()[name] ?? []
        #expect(gtpu.map(\.0) == oracle.map(\.frame))
        for ((frame, g), o) in zip(gtpu, oracle) {
            #expect(g["type"] as? Int == o.messageType && (g["teid"] as? NSNumber)?.uint32Value == o.teid, "frame \(frame)")
            let session = g["pduSession"] as? [String: Any]
            let container = o.extensionHeaders.first { $0.type == 0x85 }
            #expect(session?["qfi"] as? Int == container?.qfi && session?["pduType"] as? Int == container?.pduType, "frame \(frame)")
            let inner = g["inner"] as? [String: Any]
            #expect(inner?["src"] as? String == o.inner?.src && inner?["dst"] as? String == o.inner?.dst, "frame \(frame)")
        }
        #expect(r.stderr.contains("\(oracle.count) GTP-U messages"), "\(r.stderr)")
        let plain = try BuiltTool.run("coregate", ["decode", "--format", "jer", SharedCaptures.path(name)])
        #expect(!plain.stdoutText.contains("\"gtpu\""))
        #expect(plain.stdoutText.split(separator: "\n") == r.stdoutText.split(separator: "\n").filter { !$0.contains("\"gtpu\"") },
                "the NGAP lines are the same with or without --gtpu")
    }

    @Test func textLinesNameTheTunnelAndTheInnerPacket() throws {
        let r = try BuiltTool.run("coregate", ["decode", "--gtpu", SharedCaptures.path("oai-my5grantester.pcap")])
        let lines = r.stdoutText.split(separator: "\n").filter { $0.contains("[GTP-U]") }
        #expect(lines.count == 10)
        #expect(lines.first?.hasSuffix("[GTP-U] Echo Request seq 0 recovery 0") == true, "\(lines.first ?? "")")
        #expect(lines.contains { $0.contains("G-PDU TEID 0x00000001 DL QFI 6  192.168.73.135 → 12.1.1.2 ICMP  length 100 runs 8 bytes past the datagram") })
    }
}
