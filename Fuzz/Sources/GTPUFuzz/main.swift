// libFuzzer entry for the GTP-U codec and the IP parser under it. Parsing returns or throws a GTPUError;
// a message that decodes re-encodes to bytes that decode to the same message and encode to the same bytes
// (fixed point); tolerant decoding agrees with strict decoding after re-encoding; a G-PDU's inner IP
// packet that parses rebuilds to a packet that parses the same. Any other outcome traps.
import Bytes
import FuzzDriver
import GTPU
import Packets

@_cdecl("LLVMFuzzerTestOneInput")
public func gtpuFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let view = ByteView(UnsafeRawBufferPointer(start: data, count: size))
    if let packet = try? GTPUPacket(parsing: view, options: .tolerant) {
        precondition(packet.body.upperBound <= size && packet.extensionHeaders.upperBound <= packet.body.lowerBound)
        var seen = 0
        try? packet.forEachExtensionHeader(in: view) { _, range in
            precondition(range.lowerBound >= 12 && range.upperBound <= packet.body.lowerBound)
            seen += 1
        }
        precondition(seen == packet.extensionHeaderCount, "extension header walk")
        if packet.messageType == .gPDU, let ip = try? packet.innerPacket(in: view) {
            checkIP(ip, UnsafeRawBufferPointer(rebasing: view.bytes[packet.body]))
        }
    }
    if let tolerant = try? GTPUMessage(decoding: view, options: .tolerant) {
        guard let encoded = try? tolerant.encoded() else { fatalError("a decoded message does not encode") }
        guard let again = try? GTPUMessage(decoding: encoded) else { fatalError("re-encoding does not decode strictly") }
        precondition(again == tolerant, "decode(encode(x)) != x")
        precondition((try? again.encoded()) == encoded, "encoding is not a fixed point")
        let strict = try? GTPUMessage(decoding: view)
        precondition(strict == nil || strict == tolerant, "strict and tolerant decodes differ")
        let packet = encoded.withUnsafeBytes { try? GTPUPacket(parsing: ByteView($0)) }
        precondition(packet?.teid == tolerant.header.teid && packet?.pduSession == tolerant.header.pduSession, "borrowed parse")
    }
    return 0
}

/// An IP packet rebuilt from its parsed header and payload parses to the same header and payload.
func checkIP(_ ip: IPPacket, _ bytes: UnsafeRawBufferPointer) {
    let payload = Array(bytes[ip.payload])
    let rebuilt = try? [UInt8].packet { (w: inout PacketWriter) throws(PacketError) in
        switch ip.header {
        case .v4(let h):
            let m = try w.beginIPv4(h)
            try w.write(payload)
            try w.endIPv4(m)
        case .v6(let h):
            let m = try w.beginIPv6(h)
            try w.write(payload)
            try w.endIPv6(m)
        }
    }
    guard let rebuilt else { return }  // a header the builder refuses (odd options length, jumbo): fine
    guard let again = rebuilt.withUnsafeBytes({ try? IPPacket(parsing: ByteView($0)) }) else { fatalError("rebuilt IP does not parse") }
    precondition(again.source == ip.source && again.destination == ip.destination && again.upperProtocol == ip.upperProtocol)
    precondition(Array(rebuilt[again.payload]) == payload, "rebuilt IP payload")
}

/// The program's entry (SwiftPM links `main` to `GTPUFuzz_main`): libFuzzer's driver with this target's callback.
@_cdecl("GTPUFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, gtpuFuzzOne)
}
