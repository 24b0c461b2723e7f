// libFuzzer entry for the NAS security receive path, which parses the security header itself: whatever the
// bytes, `unprotect` and `receive` return an outcome (never trap, never throw: the keys are valid); a message
// that is not accepted leaves the context as it was; an accepted one moves the receive COUNT just past the
// COUNT it reports. And any input, protected as a plain message by the peer, is accepted and deciphered back
// to itself, with the sequence number the peer sent. The first three input bytes set the COUNT the receiver
// expects next, so the overflow estimation is exercised at every point of the COUNT range.
import FiveGSecurity
import NAS5GS
import NASSecurity

let kamf = [UInt8](repeating: 0x5A, count: 32)
let pairs: [(IntegrityAlgorithm, CipheringAlgorithm)] = [(.nia2, .nea2), (.nia1, .nea1), (.nia3, .nea3), (.nia0, .nea0)]
let contexts: [(ue: NASSecurityContext, network: NASSecurityContext)] = pairs.map { ia, ea in
    do {
        return (try NASSecurityContext(role: .ue, kamf: kamf, integrity: ia, ciphering: ea),
                try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea))
    } catch {
        fatalError("context: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func nasSecurityFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count >= 4 else { return 0 }
    let start = NASCount(value: UInt32(input[0]) << 16 | UInt32(input[1]) << 8 | UInt32(input[2]))
    let pair = contexts[Int(input[3] & 3)]
    let body = Array(input[4...])
    let keys = (pair.ue.integrityKey, pair.ue.cipheringKey)
    let before = NASSecurityContext(role: .network, integrityKey: keys.0, cipheringKey: keys.1, nextUplinkCount: start)
    do {
        var net = before
        var pdu = body
        switch try net.unprotect(&pdu) {
        case .verified(let v):
            precondition(v.count >= start, "accepted a COUNT below the one expected")
            precondition(net.nextReceiveCount == v.count.next, "receive COUNT not just past the accepted one")
        case .notProtected, .failed:
            precondition(net.nextReceiveCount == before.nextReceiveCount, "a message not accepted changed the context")
            precondition(pdu == body, "a message not accepted was changed")
        }
        var net2 = before
        _ = try net2.receive(body, options: NASDecodingOptions(tolerant: true))

        // The peer protects the input as a plain message with the COUNT the receiver expects.
        var ue = NASSecurityContext(role: .ue, integrityKey: keys.0, cipheringKey: keys.1, nextUplinkCount: start)
        var protected = try ue.protect(body, headerType: input[3] & 4 == 0 ? .integrityProtectedAndCiphered : .integrityProtected)
        precondition(protected[6] == start.sequenceNumber, "sequence number is not the COUNT's")
        var receiver = before
        guard case .verified(let v) = try receiver.unprotect(&protected) else { fatalError("own protected message rejected") }
        precondition(v.count == start && Array(protected[7...]) == body, "round trip changed the message or its COUNT")
    } catch {
        fatalError("threw with valid keys: \(error)")
    }
    return 0
}

// SwiftPM links an executable with `main` defined as `NASSecurityFuzz_main`; hand the run to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("NASSecurityFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, nasSecurityFuzzOne)
}
