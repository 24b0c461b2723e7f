// libFuzzer entry for the NAS-5GS decoder (tolerant and strict, with null deciphering). Decoding returns or
// throws; a message that decodes strictly re-encodes to bytes that decode to the same message, and the JSON
// view never traps. Any other outcome traps, which libFuzzer reports.
import NAS5GS

@_cdecl("LLVMFuzzerTestOneInput")
public func nasFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = NASJSON.jsonText(nasPDU: bytes, options: NASJSONOptions(nullDecipher: true))
    var diagnostics: [NASDiagnostic] = []
    _ = try? NASPDU(nasEncoded: bytes[...], options: NASDecodingOptions(tolerant: true, nullDecipher: true), diagnostics: &diagnostics)
    guard let pdu = try? NASPDU(nasEncoded: bytes) else { return 0 }
    let encoded = pdu.nasEncoded
    guard let again = try? NASPDU(nasEncoded: encoded) else { fatalError("re-encoding does not decode") }
    precondition(again == pdu, "decode(encode(x)) != x")
    if case .protected(let p) = pdu, !p.isCiphered, let inner = try? p.decodeInner() {
        precondition((try? NASMessage(nasEncoded: inner.nasEncoded[...])) == inner, "inner message round trip")
    }
    return 0
}
