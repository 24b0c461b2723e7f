import Bytes

/// Options of the JSON view of NAS-PDUs.
public struct NASJSONOptions: Sendable, Equatable {
    /// Read ciphered content (security header type 2 or 4) as if NEA0 had been used,
    /// as tshark's `nas-5gs.null_decipher` does. When false, ciphered content is
    /// written as `"plain": false` with the ciphered bytes as hex.
    public var nullDecipher: Bool
    /// Decode tolerantly (TS 24.501 clause 7 deviations become `diagnostics`); default true,
    /// as capture analysis wants every message shown.
    public var tolerant: Bool

    public init(nullDecipher: Bool = false, tolerant: Bool = true) {
        self.nullDecipher = nullDecipher
        self.tolerant = tolerant
    }

    var decodingOptions: NASDecodingOptions { NASDecodingOptions(tolerant: tolerant, nullDecipher: nullDecipher) }
}

/// The JSON view of NAS-PDUs, for `coregate decode --format jer`.
///
/// `NASJSON.write(nasPDU:to:options:)` writes ONE JSON object per NAS-PDU. Its keys
/// are stable:
/// - `epd` (int: 126 5GMM, 46 5GSM), `sht` (int, 5GMM only: security header type),
///   `type` (int, message type), `name` (the TS 24.501 §8 message name, e.g.
///   "Registration request"), `plain` (true when the content could be read);
///   for 5GSM also `psi` and `pti`.
/// - Each IE present, under the snake_case form of its Swift property name (which is
///   the spec's IE name or role, e.g. `ngksi`, `mobile_identity`, `requested_nssai`,
///   `t3512_value`, `authorized_qos_rules`). Structured IEs are nested objects or
///   arrays (documented on each IE type's `writeJSON(to:)`); IEs kept as bytes are
///   lowercase hex strings; type 1 IEs without named structure are integers.
/// - `nas_message_container`: the NAS-PDU it carries, as a nested object of this same
///   shape; `payload_container`: with payload container type 1 (N1 SM information),
///   the 5GSM message as a nested object; otherwise hex.
/// - `raw_ies`: IEs kept as received (unknown, repeated, undecodable), each
///   `{"iei": n, "hex": "..."}`; `diagnostics`: tolerant-decoding deviations, each
///   `{"code": "...", "offset": n, "iei": n?}`.
/// - A security-protected message: `epd`, `sht`, `name` ("Security protected NAS
///   message"), `mac` (hex, 4 octets), `seq` (int), `plain`, and `inner`: the inner
///   message object when readable (not ciphered, or `nullDecipher`), else
///   `ciphered` (hex of the ciphered bytes) and `plain: false`.
/// - When decoding fails: `error` `{"code", "cause", "offset", "ie"}` and `hex` (the
///   whole PDU), with `plain: false`.
public enum NASJSON {
    /// Maximum nesting of NAS message containers (a container inside a container ...).
    public static let maximumDepth = 4

    /// Writes one JSON object for the NAS-PDU `bytes`.
    public static func write(nasPDU bytes: ArraySlice<UInt8>, to json: inout JSONWriter, options: NASJSONOptions = NASJSONOptions()) {
        writePDU(bytes, to: &json, options: options, depth: 0)
    }

    /// The JSON text of one NAS-PDU.
    public static func jsonText(nasPDU bytes: [UInt8], options: NASJSONOptions = NASJSONOptions()) -> String {
        var json = JSONWriter(reservingCapacity: 512)
        write(nasPDU: bytes[...], to: &json, options: options)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func writePDU(_ bytes: ArraySlice<UInt8>, to json: inout JSONWriter, options: NASJSONOptions, depth: Int) {
        json.beginObject()
        defer { json.endObject() }
        let s = bytes.startIndex
        guard let epd = bytes.first else {
            writeError(NASDecodingError(code: .truncated, cause: 96, offset: 0, ie: "Extended protocol discriminator"), bytes, &json)
            return
        }
        json.key("epd"); json.int(Int(epd))
        if epd == 0x7E, bytes.count >= 2 {
            json.key("sht"); json.int(Int(bytes[s + 1] & 0x0F))
        }
        guard depth <= maximumDepth else {
            writeError(NASDecodingError(code: .nestingTooDeep, cause: 111, offset: 0, ie: ""), bytes, &json)
            return
        }
        let decodingOptions = options.decodingOptions
        var diagnostics: [NASDiagnostic] = []
        let pdu: NASPDU
        do {
            pdu = try NASPDU(nasEncoded: bytes, options: decodingOptions, diagnostics: &diagnostics)
        } catch {
            writePlainHeader(bytes, &json)
            writeError(error, bytes, &json)
            return
        }
        switch pdu {
        case .plain(let m):
            writeMessage(m, diagnostics, to: &json, options: options, depth: depth)
        case .protected(let p):
            json.key("name"); json.string("Security protected NAS message")
            json.key("mac"); json.hex([UInt8(p.mac >> 24), UInt8(truncatingIfNeeded: p.mac >> 16), UInt8(truncatingIfNeeded: p.mac >> 8), UInt8(truncatingIfNeeded: p.mac)])
            json.key("seq"); json.int(Int(p.sequenceNumber))
            if p.isCiphered && !options.nullDecipher {
                json.key("plain"); json.bool(false)
                json.key("ciphered"); json.hex(p.payload)
            } else {
                json.key("plain"); json.bool(true)
                json.key("inner")
                writePDU(p.payload, to: &json, options: options, depth: depth + 1)
            }
        }
    }

    static func writePlainHeader(_ bytes: ArraySlice<UInt8>, _ json: inout JSONWriter) {
        let s = bytes.startIndex
        let typeIndex = bytes.first == 0x2E ? 3 : 2
        if bytes.first == 0x2E, bytes.count >= 3 {
            json.key("psi"); json.int(Int(bytes[s + 1]))
            json.key("pti"); json.int(Int(bytes[s + 2]))
        }
        if bytes.count > typeIndex {
            let t = NASMessageType(rawValue: bytes[s + typeIndex])
            json.key("type"); json.int(Int(t.rawValue))
            if let name = t.name { json.key("name"); json.string(name) }
        }
    }

    static func writeMessage(_ m: NASMessage, _ diagnostics: [NASDiagnostic], to json: inout JSONWriter, options: NASJSONOptions, depth: Int) {
        json.key("type"); json.int(Int(m.messageType.rawValue))
        json.key("name"); json.string(m.name)
        json.key("plain"); json.bool(true)
        m.writeJSONFields(to: &json, options: options, depth: depth)
        if !diagnostics.isEmpty {
            json.key("diagnostics")
            json.beginArray()
            for d in diagnostics {
                json.beginObject()
                json.key("code"); json.string(d.code.description)
                json.key("offset"); json.int(d.offset)
                if let iei = d.iei { json.key("iei"); json.int(Int(iei)) }
                json.endObject()
            }
            json.endArray()
        }
    }

    static func writeError(_ error: NASDecodingError, _ bytes: ArraySlice<UInt8>, _ json: inout JSONWriter) {
        json.key("plain"); json.bool(false)
        json.key("error")
        json.beginObject()
        json.key("code"); json.string(error.code.description)
        json.key("cause"); json.int(Int(error.cause))
        json.key("offset"); json.int(error.offset)
        json.key("ie"); json.string(error.ie)
        json.endObject()
        json.key("hex"); json.hex(bytes)
    }

    /// `raw_ies` member (omitted when there are none).
    public static func writeRawIEs(_ raws: [NASRawIE], to json: inout JSONWriter) {
        guard !raws.isEmpty else { return }
        json.key("raw_ies")
        json.beginArray()
        for r in raws {
            json.beginObject()
            json.key("iei"); json.int(Int(r.iei))
            json.key("hex"); json.hex(r.bytes)
            json.endObject()
        }
        json.endArray()
    }

    /// A NAS message container's value: the NAS-PDU it holds as a nested object.
    public static func writeNASMessageContainer(_ bytes: ArraySlice<UInt8>, to json: inout JSONWriter, options: NASJSONOptions, depth: Int) {
        writePDU(bytes, to: &json, options: options, depth: depth + 1)
    }

    /// A payload container's value: a nested 5GSM message object for N1 SM information, else hex.
    public static func writePayloadContainer(_ bytes: ArraySlice<UInt8>, type: UInt8?, to json: inout JSONWriter, options: NASJSONOptions, depth: Int) {
        if type == 1 {
            writePDU(bytes, to: &json, options: options, depth: depth + 1)
        } else {
            json.hex(bytes)
        }
    }
}
