import ASN1JER
import ASN1PER
import Bytes
import NGAP
import NGAPJER

/// Whether a JER payload is an NGAP-PDU our codec can encode: it decodes from JER and encodes to APER.
enum NGAPPayloadCheck {
    /// nil when it is; else the codec's reason, with the path inside the PDU.
    static func problem(_ json: JSONValue) -> String? {
        let pdu: NGAPPDU
        do {
            pdu = try NGAPPDU(jerDecoding: json)
        } catch {
            return error.description
        }
        do {
            var writer = APERWriter()
            try pdu.aperEncode(into: &writer)
        } catch {
            return error.description
        }
        return nil
    }
}
