import NAS5GS
import NASSecurity
import NGAP

/// The NAS-PDUs an NGAP-PDU carries, and a one-phrase name for each (for readable output).
public enum NASSummary {
    /// Every NAS-PDU of `pdu` in order of appearance, PDU session resource lists included.
    public static func nasPDUs(of pdu: NGAPPDU) -> [ArraySlice<UInt8>] {
        var found: [NGAP.NASPDU] = []
        pdu.collectNASPDU(into: &found)
        return found.map(\.value.slice)
    }

    /// `Registration request`, `Protected: Security mode complete`, `Protected (ciphered)`,
    /// or `undecodable (reason)`.
    public static func name(of bytes: ArraySlice<UInt8>, nullDecipher: Bool) -> String {
        let options = NASDecodingOptions(tolerant: true, nullDecipher: nullDecipher)
        var diagnostics: [NASDiagnostic] = []
        do {
            switch try NASSecurity.NASPDU(nasEncoded: bytes, options: options, diagnostics: &diagnostics) {
            case .plain(let m):
                return m.name
            case .protected(let p):
                if p.isCiphered && !nullDecipher { return "Protected (ciphered)" }
                do {
                    return "Protected: " + (try p.decodeInner(options: options, diagnostics: &diagnostics)).name
                } catch {
                    return "Protected: undecodable (\(error.code))"
                }
            }
        } catch {
            return "undecodable (\(error.code))"
        }
    }
}
