import Bytes

/// NAS key set identifier (TS 24.501 §9.11.3.32): type of security context flag (bit 4)
/// and the 3-bit key set identifier (7 = no key available).
public struct NASKeySetIdentifier: NASHalfOctetValue, Hashable {
    public var nibble: UInt8
    public init(nibble: UInt8) { self.nibble = nibble & 0x0F }
    public init(mapped: Bool = false, value: UInt8) { nibble = (mapped ? 8 : 0) | (value & 7) }

    public static let noKeyAvailable = NASKeySetIdentifier(value: 7)
    /// TSC: true for a mapped security context, false for native.
    public var isMapped: Bool { nibble & 8 != 0 }
    public var value: UInt8 { nibble & 7 }

    /// `{"tsc": 0|1, "value": n}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("tsc"); json.int(Int(nibble >> 3))
        json.key("value"); json.int(Int(value))
        json.endObject()
    }
}

/// UE security capability (TS 24.501 §9.11.3.54): 5G-EA and 5G-IA bitmaps (EA0 in bit 8),
/// optionally EEA and EIA, then spare octets.
public struct UESecurityCapability: NASValue, Hashable {
    public var ea: UInt8
    public var ia: UInt8
    public var eea: UInt8?
    public var eia: UInt8?
    /// Octets after EIA (spare), kept as received.
    public var extra: [UInt8]

    public init(ea: UInt8, ia: UInt8, eea: UInt8? = nil, eia: UInt8? = nil, extra: [UInt8] = []) {
        self.ea = ea; self.ia = ia; self.eea = eea; self.eia = eia; self.extra = extra
    }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count >= 2, v.count <= 8 else { throw .invalidValue(at: v.startIndex) }
        let s = v.startIndex
        ea = v[s]; ia = v[s + 1]
        eea = v.count > 2 ? v[s + 2] : nil
        eia = v.count > 3 ? v[s + 3] : nil
        extra = v.count > 4 ? Array(v[(s + 4)...]) : []
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        out.append(ea); out.append(ia)
        if let eea { out.append(eea); if let eia { out.append(eia) } }
        out.append(contentsOf: extra)
    }

    /// Whether 5G-EA`n` (0...7) is supported.
    public func supportsEA(_ n: Int) -> Bool { n >= 0 && n < 8 && ea & (0x80 >> n) != 0 }
    public func supportsIA(_ n: Int) -> Bool { n >= 0 && n < 8 && ia & (0x80 >> n) != 0 }

    /// `{"ea": [0,1,2,3], "ia": [...], "eea": [...]?, "eia": [...]?}`: supported algorithm numbers.
    public func writeJSON(to json: inout JSONWriter) {
        func bits(_ b: UInt8) { json.beginArray(); for n in 0..<8 where b & (0x80 >> n) != 0 { json.int(n) }; json.endArray() }
        json.beginObject()
        json.key("ea"); bits(ea)
        json.key("ia"); bits(ia)
        if let eea { json.key("eea"); bits(eea) }
        if let eia { json.key("eia"); bits(eia) }
        json.endObject()
    }
}

/// NAS security algorithms (TS 24.501 §9.11.3.34): ciphering (bits 8-5) and integrity (bits 4-1).
public struct NASSecurityAlgorithms: NASValue, Hashable {
    public var ciphering: UInt8
    public var integrity: UInt8
    public init(ciphering: UInt8, integrity: UInt8) { self.ciphering = ciphering & 0xF; self.integrity = integrity & 0xF }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count == 1 else { throw .invalidValue(at: v.startIndex) }
        ciphering = v[v.startIndex] >> 4
        integrity = v[v.startIndex] & 0xF
    }

    public func nasEncodeValue(into out: inout [UInt8]) { out.append(ciphering << 4 | integrity) }

    /// `{"ciphering": n, "integrity": n}` (n of 5G-EAn / 5G-IAn).
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("ciphering"); json.int(Int(ciphering))
        json.key("integrity"); json.int(Int(integrity))
        json.endObject()
    }
}

/// ABBA (TS 24.501 §9.11.3.10), at least 2 octets.
public struct ABBA: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}

/// Authentication parameter RAND (TS 24.501 §9.11.3.16): 16 octets.
public struct AuthenticationParameterRAND: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public static func validate(_ bytes: ArraySlice<UInt8>, _ start: Int, _ end: Int) throws(NASDecodingError) {
        guard end &- start == 16 else { throw .invalidValue(at: start) }
    }
    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}

/// Authentication parameter AUTN (TS 24.501 §9.11.3.15): 16 octets (SQN⊕AK, AMF, MAC).
public struct AuthenticationParameterAUTN: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}

/// Authentication response parameter (TS 24.501 §9.11.3.17): RES* (16 octets).
public struct AuthenticationResponseParameter: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}

/// Authentication failure parameter (TS 24.501 §9.11.3.14): AUTS (14 octets).
public struct AuthenticationFailureParameter: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}

/// EAP message (TS 24.501 §9.11.2.2): the EAP packet (RFC 3748) as bytes.
public struct EAPMessage: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    /// EAP code (1 request, 2 response, 3 success, 4 failure).
    public var code: UInt8? { bytes.first }
    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}
