// libFuzzer entry for the NGAP decoder. Whatever the input, decoding returns or throws; a PDU that decodes
// re-encodes, and its canonical encoding is a fixed point (decode → encode → decode → encode gives the same
// bytes) that also survives JER writing and reading back. Any other outcome traps, which libFuzzer reports.
import ASN1JER
import ASN1PER
import NGAP
import NGAPJER

@_cdecl("LLVMFuzzerTestOneInput")
public func ngapFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let (pdu, _) = try? NGAPPDU.decode(bytes[...]) else { return 0 }
    guard let canonical = try? pdu.aperEncoded() else { fatalError("decoded PDU does not re-encode") }
    guard let (again, trailing) = try? NGAPPDU.decode(canonical[...]) else { fatalError("canonical encoding does not decode") }
    precondition(trailing == 0, "canonical encoding leaves \(trailing) trailing bytes")
    guard let fixed = try? again.aperEncoded() else { fatalError("second re-encoding fails") }
    precondition(fixed == canonical, "canonical encoding is not a fixed point")
    guard let fromJER = try? NGAPPDU(jerText: again.jerText) else { fatalError("own JER does not read back") }
    precondition((try? fromJER.aperEncoded()) == canonical, "JER round trip changes the PDU")
    return 0
}
