import Bytes
import NAS5GS

/// The JSON view of NAS-PDUs, for `coregate decode --format jer`: `NASJSON`'s object for a plain message,
/// and for a security-protected message `epd`, `sht`, `name` ("Security protected NAS message"), `mac`
/// (hex, 4 octets), `seq` (int), `plain`, and `inner`: the inner message object when readable (not
/// ciphered, or `nullDecipher`), else `ciphered` (hex of the ciphered bytes) and `plain: false`. A header
/// that does not parse gives the error object of `NASJSON`. Nested NAS-PDUs (NAS message containers,
/// N1 SM payload containers) are written the same way.
public enum NASPDUJSON {
    /// Writes one JSON object for the NAS-PDU `bytes`.
    public static func write(nasPDU bytes: ArraySlice<UInt8>, to json: inout JSONWriter, options: NASJSONOptions = NASJSONOptions()) {
        var options = options
        options.nestedPDUWriter = nested
        writePDU(bytes, to: &json, options: options, depth: 0)
    }

    /// The JSON text of one NAS-PDU.
    public static func jsonText(nasPDU bytes: [UInt8], options: NASJSONOptions = NASJSONOptions()) -> String {
        var json = JSONWriter(reservingCapacity: 512)
        write(nasPDU: bytes[...], to: &json, options: options)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// The writer `NASJSON` calls for nested NAS-PDUs.
    static let nested = NASNestedPDUWriter { bytes, json, options, depth in
        writePDU(bytes, to: &json, options: options, depth: depth)
    }

    static func writePDU(_ bytes: ArraySlice<UInt8>, to json: inout JSONWriter, options: NASJSONOptions, depth: Int) {
        let header: NASSecurityHeader?
        do {
            header = try NASSecurityHeader.read(bytes)
        } catch {
            json.beginObject()
            if NASJSON.writeHeaderStart(bytes, to: &json, depth: depth) {
                NASJSON.writePlainHeader(bytes, &json)
                NASJSON.writeError(error, bytes, &json)
            }
            json.endObject()
            return
        }
        guard let header else {
            NASJSON.writePlainPDU(bytes, to: &json, options: options, depth: depth)
            return
        }
        json.beginObject()
        defer { json.endObject() }
        guard NASJSON.writeHeaderStart(bytes, to: &json, depth: depth) else { return }
        json.key("name"); json.string("Security protected NAS message")
        let mac = header.mac
        json.key("mac"); json.hex([UInt8(truncatingIfNeeded: mac >> 24), UInt8(truncatingIfNeeded: mac >> 16),
                                   UInt8(truncatingIfNeeded: mac >> 8), UInt8(truncatingIfNeeded: mac)])
        json.key("seq"); json.int(Int(header.sequenceNumber))
        let payload = bytes[(bytes.startIndex + NASSecurityHeader.length)...]
        if header.headerType.isCiphered && !options.nullDecipher {
            json.key("plain"); json.bool(false)
            json.key("ciphered"); json.hex(payload)
        } else {
            json.key("plain"); json.bool(true)
            json.key("inner")
            writePDU(payload, to: &json, options: options, depth: depth + 1)
        }
    }
}
