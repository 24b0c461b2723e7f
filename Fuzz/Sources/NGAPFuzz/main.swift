// libFuzzer entry for the NGAP decoder. Whatever the input, decoding returns or throws. A PDU that decodes
// strictly re-encodes, its canonical encoding decodes to the same value and is a fixed point (decode → encode
// → decode → encode gives the same bytes), and survives JER writing and reading back. Tolerant decoding
// agrees with strict decoding where that decodes (same value, no diagnostics); where it decodes alone, it
// reports why and its value re-encodes to a fixed point too. Any other outcome traps, which libFuzzer reports.
import ASN1JER
import ASN1PER
import NGAP
import NGAPJER

@_cdecl("LLVMFuzzerTestOneInput")
public func ngapFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let strict: APERDecodingError?
    do {
        let (pdu, _) = try NGAPPDU.decode(bytes[...])
        checkFixedPoint(pdu, mode: .strict)
        checkJER(pdu)
        let (tolerant, _, diagnostics) = mustDecode(bytes, "tolerant decoding fails where strict decoding works")
        require(tolerant == pdu, "tolerant decoding gives another value")
        require(diagnostics.isEmpty, "tolerant decoding reports \(diagnostics.count) diagnostics on a valid PDU")
        return 0
    } catch {
        strict = error
    }
    do {
        let (pdu, _, diagnostics) = try NGAPPDU.decode(bytes[...], mode: .tolerant)
        require(!diagnostics.isEmpty, "tolerant decoding reports nothing where strict decoding fails: \(strict.map(String.init(describing:)) ?? "")")
        require(strict?.container != nil, "tolerant decoding passes an error that is not tolerable: \(strict.map(String.init(describing:)) ?? "")")
        checkFixedPoint(pdu, mode: .tolerant)
    } catch {
        // Refused both ways: the expected outcome for most damaged input.
    }
    return 0
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

func mustDecode(_ bytes: [UInt8], _ message: String) -> (NGAPPDU, Int, [APERDecodingError]) {
    do {
        return try NGAPPDU.decode(bytes[...], mode: .tolerant)
    } catch {
        fatalError("\(message): \(error)")
    }
}

func encode(_ pdu: NGAPPDU, _ what: String) -> [UInt8] {
    do {
        return try pdu.aperEncoded()
    } catch {
        fatalError("\(what) does not encode: \(error)")
    }
}

/// Encode → decode → encode: the same value, then the same bytes, with nothing left over. (Contents kept as
/// bytes by tolerant decoding re-encode as they were, so only tolerant decoding reads them back.)
func checkFixedPoint(_ pdu: NGAPPDU, mode: APERDecodingMode) {
    let canonical = encode(pdu, "a decoded PDU")
    do {
        let (again, trailing, _) = try NGAPPDU.decode(canonical[...], mode: mode)
        require(trailing == 0, "the canonical encoding leaves \(trailing) trailing bytes")
        require(again == pdu, "the canonical encoding decodes to another value")
        require(encode(again, "the decoded canonical encoding") == canonical, "the canonical encoding is not a fixed point")
    } catch {
        fatalError("the canonical encoding does not decode: \(error)")
    }
}

/// The PDU's own JER reads back to a PDU with the same canonical encoding.
func checkJER(_ pdu: NGAPPDU) {
    do {
        let fromJER = try NGAPPDU(jerText: pdu.jerText)
        require(encode(fromJER, "the PDU read from JER") == encode(pdu, "the PDU"), "the JER round trip changes the PDU")
    } catch {
        fatalError("the PDU's own JER does not read back: \(error)")
    }
}

/// libFuzzer's driver, for debug builds: SwiftPM links a debug executable with its `main` renamed to
/// `NGAPFuzz_main` (for testable executables), so libFuzzer's own `main` is not used there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("NGAPFuzz_main")
public func ngapFuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, { data, size in ngapFuzzOne(data, size) })
}
