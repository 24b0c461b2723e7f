// libFuzzer entry for the NAS-5GS decoder (plain messages, the security-protected framing, the JSON view).
// Whatever the input, decoding returns or throws. In strict and in tolerant mode, with null deciphering, what
// decodes re-encodes to a fixed point: encode(decode(x)) decodes again, to a message that encodes to the same
// bytes, and equals the first; a tolerant decode re-encodes to exactly the input (it keeps what it does not
// understand). The same holds for the inner message of a protected PDU and for the NAS-PDUs nested in NAS
// message containers and N1 SM payload containers. Any other outcome traps, which libFuzzer reports.
import NAS5GS
import NASSecurity

@_cdecl("LLVMFuzzerTestOneInput")
public func nasFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = NASPDUJSON.jsonText(nasPDU: bytes, options: NASJSONOptions(nullDecipher: true))
    checkFixedPoint(bytes[...], options: NASDecodingOptions(nullDecipher: true), depth: 0)
    checkFixedPoint(bytes[...], options: NASDecodingOptions(tolerant: true, nullDecipher: true), depth: 0)
    return 0
}

/// Decodes `bytes` as a NAS-PDU; if it decodes, checks the fixed point, then the inner and nested messages.
func checkFixedPoint(_ bytes: ArraySlice<UInt8>, options: NASDecodingOptions, depth: Int) {
    guard depth < 4, let pdu = try? NASPDU(nasEncoded: bytes, options: options) else { return }
    let encoded = pdu.nasEncoded
    guard let again = try? NASPDU(nasEncoded: encoded[...], options: options) else { fatalError("re-encoding does not decode") }
    precondition(again.nasEncoded == encoded, "encode(decode(encode(decode(x)))) != encode(decode(x))")
    precondition(again == pdu, "decode(encode(x)) != x")
    if options.tolerant { precondition(encoded.elementsEqual(bytes), "a tolerant decode does not re-encode to its input") }
    let message: NASMessage
    switch pdu {
    case .plain(let m): message = m
    case .protected(let p):
        guard let inner = try? p.decodeInner(options: options) else { return }
        let innerEncoded = inner.nasEncoded
        guard let innerAgain = try? NASMessage(nasEncoded: innerEncoded[...], options: options) else { fatalError("inner re-encoding does not decode") }
        precondition(innerAgain == inner && innerAgain.nasEncoded == innerEncoded, "inner message is not a fixed point")
        message = inner
    }
    for s in message.ieSummaries {
        guard let v = s.value else { continue }
        if s.key == "nas_message_container" || (s.key == "payload_container"
            && message.ieSummaries.first(where: { $0.key == "payload_container_type" })?.nibble == 1) {
            checkFixedPoint(v[...], options: options, depth: depth + 1)
        }
    }
}

// SwiftPM links an executable with `main` defined as `NASFuzz_main`; hand the run to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("NASFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, nasFuzzOne)
}
