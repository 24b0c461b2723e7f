// libFuzzer entry for the capture reader: the input is a pcap or pcapng file held in memory, read through
// libpcap and CoreGate's link, IP, UDP and SCTP layers (reassembly, TSN analysis) with every event kind
// delivered, then the GTP-U on port 2152 decoded tolerantly. Reading returns events or ends with a
// CaptureError naming the frame after the last one read; anything else traps.
import Bytes
import FuzzDriver
import Capture
import GTPU

@_cdecl("LLVMFuzzerTestOneInput")
public func captureFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var options = CaptureOptions()
    options.includeUDP = true
    options.maxReassemblyBytes = 1 << 16
    options.maxPendingIPDatagrams = 8
    for o in [options, CaptureOptions.ngap] {
        guard let contents = try? CaptureReader.readAll(bytes: bytes, options: o) else { continue }
        if let error = contents.error { precondition(error.frame == contents.frameCount + 1, "error frame") }
        for d in contents.diagnostics { precondition(d.frame >= 1 && d.frame <= contents.frameCount, "diagnostic frame") }
        for m in contents.messages {
            precondition(m.frame >= 1 && m.frame <= contents.frameCount && !m.payload.isEmpty, "message frame")
            precondition(m.fragmentCount >= 1, "fragment count")
        }
        for u in contents.udpDatagrams where u.source.port == 2152 || u.destination.port == 2152 {
            _ = u.payload.withUnsafeBytes { try? GTPUMessage(decoding: ByteView($0), options: .tolerant) }
        }
    }
    return 0
}

/// The program's entry (SwiftPM links `main` to `CaptureFuzz_main`): libFuzzer's driver with this target's callback.
@_cdecl("CaptureFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, captureFuzzOne)
}
