import Bytes

/// Options of the JSON view of NAS messages.
public struct NASJSONOptions: Sendable {
    /// Read ciphered content (security header type 2 or 4) as if NEA0 had been used,
    /// as tshark's `nas-5gs.null_decipher` does. When false, ciphered content is
    /// written as `"plain": false` with the ciphered bytes as hex.
    public var nullDecipher: Bool
    /// Decode tolerantly (TS 24.501 clause 7 deviations become `diagnostics`); default true,
    /// as capture analysis wants every message shown.
    public var tolerant: Bool

    /// Writes the NAS-PDU found in a NAS message container or an N1 SM payload container. The default
    /// (`.plain`) reads plain messages only; NASSecurity's `NASPDUJSON` puts in its own writer, which also
    /// shows security-protected messages.
    public var nestedPDUWriter: NASNestedPDUWriter

    public init(nullDecipher: Bool = false, tolerant: Bool = true, nestedPDUWriter: NASNestedPDUWriter = .plain) {
        self.nullDecipher = nullDecipher
        self.tolerant = tolerant
        self.nestedPDUWriter = nestedPDUWriter
    }

    public var decodingOptions: NASDecodingOptions { NASDecodingOptions(tolerant: tolerant, nullDecipher: nullDecipher) }
}

/// How the JSON view writes a NAS-PDU nested in a container: `write(bytes, &json, options, depth)` appends
/// one JSON object.
public struct NASNestedPDUWriter: Sendable {
    public let write: @Sendable (ArraySlice<UInt8>, inout JSONWriter, NASJSONOptions, Int) -> Void

    public init(_ write: @escaping @Sendable (ArraySlice<UInt8>, inout JSONWriter, NASJSONOptions, Int) -> Void) {
        self.write = write
    }

    /// Plain 5GMM/5GSM messages; anything else is written as an error object.
    public static let plain = NASNestedPDUWriter { bytes, json, options, depth in
        NASJSON.writePlainPDU(bytes, to: &json, options: options, depth: depth)
    }
}

/// The JSON view of plain NAS messages (NASSecurity's `NASPDUJSON` adds security-protected ones and is what
/// `coregate decode --format jer` writes).
///
/// One JSON object per message. Its keys are stable:
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
/// - When decoding fails: `error` `{"code", "cause", "offset", "ie"}` and `hex` (the
///   whole PDU), with `plain: false`.
public enum NASJSON {
    /// Maximum nesting of NAS message containers (a container inside a container ...).
    public static let maximumDepth = 4

    /// Writes one JSON object for the plain NAS message `bytes` (an error object for anything else).
    public static func write(plainNAS bytes: ArraySlice<UInt8>, to json: inout JSONWriter, options: NASJSONOptions = NASJSONOptions()) {
        writePlainPDU(bytes, to: &json, options: options, depth: 0)
    }

    /// The object's members before the message: `epd` and, for 5GMM, `sht`. False (and an error object's
    /// members written) when `bytes` is empty or nested deeper than `maximumDepth`.
    public static func writeHeaderStart(_ bytes: ArraySlice<UInt8>, to json: inout JSONWriter, depth: Int) -> Bool {
        guard let epd = bytes.first else {
            writeError(NASDecodingError(code: .truncated, cause: 96, offset: 0, ie: "Extended protocol discriminator"), bytes, &json)
            return false
        }
        json.key("epd"); json.int(Int(epd))
        if epd == 0x7E, bytes.count >= 2 {
            json.key("sht"); json.int(Int(bytes[bytes.startIndex + 1] & 0x0F))
        }
        guard depth <= maximumDepth else {
            writeError(NASDecodingError(code: .nestingTooDeep, cause: 111, offset: 0, ie: ""), bytes, &json)
            return false
        }
        return true
    }

    /// One object for a plain message at nesting `depth`.
    public static func writePlainPDU(_ bytes: ArraySlice<UInt8>, to json: inout JSONWriter, options: NASJSONOptions, depth: Int) {
        json.beginObject()
        defer { json.endObject() }
        guard writeHeaderStart(bytes, to: &json, depth: depth) else { return }
        var diagnostics: [NASDiagnostic] = []
        do {
            let m = try NASMessage(nasEncoded: bytes, options: options.decodingOptions, diagnostics: &diagnostics)
            writeMessage(m, diagnostics, to: &json, options: options, depth: depth)
        } catch {
            writePlainHeader(bytes, &json)
            writeError(error, bytes, &json)
        }
    }

    /// `psi`, `pti` (5GSM), `type` and `name` read from the header octets of a message that did not decode.
    public static func writePlainHeader(_ bytes: ArraySlice<UInt8>, _ json: inout JSONWriter) {
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

    /// The members of a decoded plain message.
    public static func writeMessage(_ m: NASMessage, _ diagnostics: [NASDiagnostic], to json: inout JSONWriter, options: NASJSONOptions, depth: Int) {
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

    /// `plain: false`, `error` and `hex`.
    public static func writeError(_ error: NASDecodingError, _ bytes: ArraySlice<UInt8>, _ json: inout JSONWriter) {
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
        options.nestedPDUWriter.write(bytes, &json, options, depth + 1)
    }

    /// A payload container's value: a nested 5GSM message object for N1 SM information, else hex.
    public static func writePayloadContainer(_ bytes: ArraySlice<UInt8>, type: UInt8?, to json: inout JSONWriter, options: NASJSONOptions, depth: Int) {
        if type == 1 {
            options.nestedPDUWriter.write(bytes, &json, options, depth + 1)
        } else {
            json.hex(bytes)
        }
    }
}
