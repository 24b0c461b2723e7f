// Loops NGAP decode (and optionally JER writing or encoding) over the shared captures'
// PDUs, for profiling with `valgrind --tool=callgrind`. Not a benchmark: use NGAPBenchmarks.
import Bytes
import ASN1JER
import ASN1PER
import Capture
import Foundation
import NGAP

let mode = CommandLine.arguments.dropFirst().first ?? "decode"
if mode == "sizes" {
    print("NGAPPDU", MemoryLayout<NGAPPDU>.stride)
    print("InitiatingMessage.Value", MemoryLayout<InitiatingMessage.Value>.stride)
    print("ProtocolIEField_InitialContextSetupRequestIEs", MemoryLayout<ProtocolIEField_InitialContextSetupRequestIEs>.stride)
    print("ProtocolIEField_DownlinkNASTransportIEs", MemoryLayout<ProtocolIEField_DownlinkNASTransportIEs>.stride)
    print("ProtocolIEField_UplinkNASTransportIEs", MemoryLayout<ProtocolIEField_UplinkNASTransportIEs>.stride)
    print("UserLocationInformation", MemoryLayout<UserLocationInformation>.stride)
    print("ASN1Bytes", MemoryLayout<ASN1Bytes>.stride, "ASN1BitString", MemoryLayout<ASN1BitString>.stride)
    exit(0)
}
let rounds = Int(CommandLine.arguments.dropFirst(2).first ?? "20") ?? 20
let folder = ProcessInfo.processInfo.environment["COREGATE_SHARED_DIR"].map { $0 + "/captures" } ?? "/work/shared/captures"
var pdus: [[UInt8]] = []
for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() where name.contains(".pcap") {
    guard let contents = try? CaptureReader.readAll(path: folder + "/" + name, options: .ngap) else { continue }
    for m in contents.messages where m.isNGAP && !m.isRetransmission { pdus.append(m.payload) }
}
let decoded = pdus.map { try! NGAPPDU.decode($0[...]).pdu }
var json = JSONWriter(reservingCapacity: 1 << 16)
var aper = APERWriter(reservingCapacity: 1 << 14)
var sink = 0
let start = DispatchTime.now()
for _ in 0..<rounds {
    switch mode {
    case "decode":
        for p in pdus { sink &+= (try! NGAPPDU.decode(p[...])).trailingBytes }
    case "jer":
        for p in decoded { json.removeAll(); p.jerEncode(into: &json); sink &+= json.count }
    case "encode":
        for p in decoded { aper.removeAll(); try! p.aperEncode(into: &aper); sink &+= aper.byteCount }
    default:
        fatalError("mode: decode | jer | encode")
    }
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
print("\(mode): \(pdus.count * rounds) PDUs in \(seconds) s = \(Int(Double(pdus.count * rounds) / seconds)) PDUs/s (\(sink))")

