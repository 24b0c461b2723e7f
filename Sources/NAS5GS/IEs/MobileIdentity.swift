import Bytes

/// 5GS mobile identity (TS 24.501 §9.11.3.4).
///
/// Each case keeps what re-encodes the received bytes exactly (first octet, raw
/// digit octets); digit strings are computed on demand.
public enum MobileIdentity: NASValue {
    case noIdentity(NoIdentity)
    case suci(SUCI)
    case guti(FiveGGUTI)
    case imei(IMEI)
    case sTMSI(FiveGSTMSI)
    case imeisv(IMEI)
    case macAddress(MACAddress)
    case eui64(EUI64)
    /// A type of identity this version does not know (type 0b111 reserved values etc.): the bytes as they are.
    case unknown(ArraySlice<UInt8>)

    /// Type of identity (bits 3-1 of octet 1).
    public var typeOfIdentity: UInt8 {
        switch self {
        case .noIdentity: 0
        case .suci: 1
        case .guti: 2
        case .imei: 3
        case .sTMSI: 4
        case .imeisv: 5
        case .macAddress: 6
        case .eui64: 7
        case .unknown(let b): b.first.map { $0 & 7 } ?? 0
        }
    }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard let first = v.first else { throw .invalidValue(at: v.startIndex) }
        let s = v.startIndex
        switch first & 0x07 {
        case 0: self = .noIdentity(NoIdentity(raw: v))
        case 1:
            let format = (first >> 4) & 0x07
            if format == 0 {
                guard v.count >= 8 else { throw .invalidValue(at: s) }
                self = .suci(SUCI(firstOctet: first, value: .imsi(SUCI.IMSIForm(
                    plmn: PLMNIdentity(v, at: s &+ 1),
                    routingIndicator: (v[s &+ 4], v[s &+ 5]),
                    protectionSchemeOctet: v[s &+ 6],
                    homeNetworkPublicKeyID: v[s &+ 7],
                    schemeOutput: v[(s &+ 8)...]))))
            } else {
                self = .suci(SUCI(firstOctet: first, value: .nai(v[(s &+ 1)...])))
            }
        case 2:
            guard v.count == 11 else { throw .invalidValue(at: s) }
            self = .guti(FiveGGUTI(
                firstOctet: first, plmn: PLMNIdentity(v, at: s &+ 1), amfRegionID: v[s &+ 4],
                amfSetID: UInt16(v[s &+ 5]) << 2 | UInt16(v[s &+ 6] >> 6), amfPointer: v[s &+ 6] & 0x3F,
                tmsi: UInt32(v[s &+ 7]) << 24 | UInt32(v[s &+ 8]) << 16 | UInt32(v[s &+ 9]) << 8 | UInt32(v[s &+ 10])))
        case 3: self = .imei(IMEI(raw: v))
        case 4:
            guard v.count == 7 else { throw .invalidValue(at: s) }
            self = .sTMSI(FiveGSTMSI(
                firstOctet: first, amfSetID: UInt16(v[s &+ 1]) << 2 | UInt16(v[s &+ 2] >> 6), amfPointer: v[s &+ 2] & 0x3F,
                tmsi: UInt32(v[s &+ 3]) << 24 | UInt32(v[s &+ 4]) << 16 | UInt32(v[s &+ 5]) << 8 | UInt32(v[s &+ 6])))
        case 5: self = .imeisv(IMEI(raw: v))
        case 6:
            guard v.count >= 7 else { throw .invalidValue(at: s) }
            self = .macAddress(MACAddress(firstOctet: first, address: v[(s &+ 1)...]))
        default:
            guard v.count >= 9 else { throw .invalidValue(at: s) }
            self = .eui64(EUI64(firstOctet: first, address: v[(s &+ 1)...]))
        }
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        switch self {
        case .noIdentity(let x): out.append(contentsOf: x.raw)
        case .suci(let x):
            out.append(x.firstOctet)
            switch x.value {
            case .imsi(let f):
                f.plmn.append(to: &out)
                out.append(f.routingIndicator.0); out.append(f.routingIndicator.1)
                out.append(f.protectionSchemeOctet); out.append(f.homeNetworkPublicKeyID)
                out.append(contentsOf: f.schemeOutput)
            case .nai(let n): out.append(contentsOf: n)
            }
        case .guti(let g):
            out.append(g.firstOctet); g.plmn.append(to: &out); out.append(g.amfRegionID)
            out.append(UInt8(truncatingIfNeeded: g.amfSetID >> 2))
            out.append(UInt8(truncatingIfNeeded: g.amfSetID << 6) | (g.amfPointer & 0x3F))
            appendUInt32(g.tmsi, &out)
        case .imei(let x), .imeisv(let x): out.append(contentsOf: x.raw)
        case .sTMSI(let t):
            out.append(t.firstOctet)
            out.append(UInt8(truncatingIfNeeded: t.amfSetID >> 2))
            out.append(UInt8(truncatingIfNeeded: t.amfSetID << 6) | (t.amfPointer & 0x3F))
            appendUInt32(t.tmsi, &out)
        case .macAddress(let m): out.append(m.firstOctet); out.append(contentsOf: m.address)
        case .eui64(let e): out.append(e.firstOctet); out.append(contentsOf: e.address)
        case .unknown(let b): out.append(contentsOf: b)
        }
    }

    /// `{"type": "suci"|"5g-guti"|"5g-s-tmsi"|"imei"|"imeisv"|"mac-address"|"eui-64"|"no-identity", ...}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("type")
        switch self {
        case .noIdentity: json.string("no-identity")
        case .suci(let x):
            json.string("suci")
            switch x.value {
            case .imsi(let f):
                json.key("supi_format"); json.string("imsi")
                f.plmn.writeJSONFields(to: &json)
                json.key("routing_indicator"); json.string(f.routingIndicatorDigits)
                json.key("protection_scheme_id"); json.int(Int(f.protectionSchemeID))
                json.key("home_network_public_key_id"); json.int(Int(f.homeNetworkPublicKeyID))
                if let msin = f.msin {
                    json.key("msin"); json.string(msin)
                } else {
                    json.key("scheme_output"); json.hex(f.schemeOutput)
                    if let e = f.eciesOutput {
                        json.key("ecc_ephemeral_public_key"); json.hex(e.ephemeralPublicKey)
                        json.key("ciphertext"); json.hex(e.ciphertext)
                        json.key("mac_tag"); json.hex(e.macTag)
                    }
                }
            case .nai(let n):
                json.key("supi_format"); json.string("nai")
                json.key("nai"); json.string(String(decoding: n, as: UTF8.self))
            }
        case .guti(let g):
            json.string("5g-guti")
            g.plmn.writeJSONFields(to: &json)
            json.key("amf_region_id"); json.int(Int(g.amfRegionID))
            json.key("amf_set_id"); json.int(Int(g.amfSetID))
            json.key("amf_pointer"); json.int(Int(g.amfPointer))
            json.key("tmsi"); json.int(Int(g.tmsi))
        case .imei(let x):
            json.string("imei"); json.key("digits"); json.string(x.digits)
        case .imeisv(let x):
            json.string("imeisv"); json.key("digits"); json.string(x.digits)
        case .sTMSI(let t):
            json.string("5g-s-tmsi")
            json.key("amf_set_id"); json.int(Int(t.amfSetID))
            json.key("amf_pointer"); json.int(Int(t.amfPointer))
            json.key("tmsi"); json.int(Int(t.tmsi))
        case .macAddress(let m):
            json.string("mac-address"); json.key("address"); json.hex(m.address)
        case .eui64(let e):
            json.string("eui-64"); json.key("address"); json.hex(e.address)
        case .unknown(let b):
            json.string("unknown"); json.key("hex"); json.hex(b)
        }
        json.endObject()
    }

    public static func == (a: MobileIdentity, b: MobileIdentity) -> Bool {
        var x: [UInt8] = [], y: [UInt8] = []
        a.nasEncodeValue(into: &x); b.nasEncodeValue(into: &y)
        return x == y
    }
}

func appendUInt32(_ v: UInt32, _ out: inout [UInt8]) {
    out.append(UInt8(truncatingIfNeeded: v >> 24)); out.append(UInt8(truncatingIfNeeded: v >> 16))
    out.append(UInt8(truncatingIfNeeded: v >> 8)); out.append(UInt8(truncatingIfNeeded: v))
}

/// "No identity" (type 0): the octets as received.
public struct NoIdentity: Sendable, Equatable {
    public var raw: ArraySlice<UInt8>
    public init(raw: ArraySlice<UInt8> = [0x00]) { self.raw = raw }
    public static func == (a: Self, b: Self) -> Bool { a.raw.elementsEqual(b.raw) }
}

/// SUCI (TS 24.501 §9.11.3.4, TS 23.003 §2.2B).
public struct SUCI: Sendable, Equatable {
    /// Octet 1: SUPI format in bits 7-5, type of identity 001 in bits 3-1.
    public var firstOctet: UInt8
    public var value: Value

    public enum Value: Sendable, Equatable {
        case imsi(IMSIForm)
        /// NAI form (SUPI format 1): the NAI octets (UTF-8).
        case nai(ArraySlice<UInt8>)
        public static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.imsi(let x), .imsi(let y)): x == y
            case (.nai(let x), .nai(let y)): x.elementsEqual(y)
            default: false
            }
        }
    }

    public init(firstOctet: UInt8, value: Value) {
        self.firstOctet = firstOctet
        self.value = value
    }

    /// SUCI of an IMSI-based SUPI with the null scheme (MSIN in clear).
    public static func null(plmn: PLMNIdentity, routingIndicator: String = "0", msin: String) -> SUCI {
        SUCI(firstOctet: 0x01, value: .imsi(IMSIForm(plmn: plmn, routingIndicator: IMSIForm.routingOctets(routingIndicator),
                                                       protectionSchemeOctet: 0, homeNetworkPublicKeyID: 0,
                                                       schemeOutput: BCD.octets(msin)[...])))
    }

    /// The IMSI form: MCC/MNC, routing indicator, protection scheme, home network key id, scheme output.
    public struct IMSIForm: Sendable, Equatable {
        public var plmn: PLMNIdentity
        /// Routing indicator digits 1-4 as two BCD octets (unused digits 0xF).
        public var routingIndicator: (UInt8, UInt8)
        /// Octet 7: spare bits 8-5, protection scheme identifier bits 4-1.
        public var protectionSchemeOctet: UInt8
        public var homeNetworkPublicKeyID: UInt8
        /// Scheme output: MSIN BCD digits for the null scheme, ECIES output otherwise.
        public var schemeOutput: ArraySlice<UInt8>

        public init(plmn: PLMNIdentity, routingIndicator: (UInt8, UInt8), protectionSchemeOctet: UInt8,
                    homeNetworkPublicKeyID: UInt8, schemeOutput: ArraySlice<UInt8>) {
            self.plmn = plmn
            self.routingIndicator = routingIndicator
            self.protectionSchemeOctet = protectionSchemeOctet
            self.homeNetworkPublicKeyID = homeNetworkPublicKeyID
            self.schemeOutput = schemeOutput
        }

        static func routingOctets(_ digits: String) -> (UInt8, UInt8) {
            var o = BCD.octets(digits)
            while o.count < 2 { o.append(0xFF) }
            return (o[0], o[1])
        }

        /// 0 null scheme, 1 ECIES profile A, 2 ECIES profile B.
        public var protectionSchemeID: UInt8 { protectionSchemeOctet & 0x0F }
        public var routingIndicatorDigits: String { BCD.digits(octets: [routingIndicator.0, routingIndicator.1]) }
        /// The MSIN digits when the null scheme is used.
        public var msin: String? { protectionSchemeID == 0 ? BCD.digits(octets: schemeOutput) : nil }

        /// ECIES scheme output split (TS 33.501 C.3.2): ephemeral public key (32 octets for
        /// profile A, 33 for profile B), ciphertext, 8-octet MAC tag.
        public var eciesOutput: (ephemeralPublicKey: ArraySlice<UInt8>, ciphertext: ArraySlice<UInt8>, macTag: ArraySlice<UInt8>)? {
            let keyLength: Int
            switch protectionSchemeID {
            case 1: keyLength = 32
            case 2: keyLength = 33
            default: return nil
            }
            guard schemeOutput.count >= keyLength + 8 else { return nil }
            let s = schemeOutput.startIndex, e = schemeOutput.endIndex
            return (schemeOutput[s..<(s + keyLength)], schemeOutput[(s + keyLength)..<(e - 8)], schemeOutput[(e - 8)...])
        }

        public static func == (a: Self, b: Self) -> Bool {
            a.plmn == b.plmn && a.routingIndicator == b.routingIndicator && a.protectionSchemeOctet == b.protectionSchemeOctet
                && a.homeNetworkPublicKeyID == b.homeNetworkPublicKeyID && a.schemeOutput.elementsEqual(b.schemeOutput)
        }
    }
}

/// 5G-GUTI (TS 23.003 §2.10.1).
public struct FiveGGUTI: Sendable, Equatable {
    /// Octet 1 (0xF2: bits 8-5 "1111", type 010).
    public var firstOctet: UInt8
    public var plmn: PLMNIdentity
    public var amfRegionID: UInt8
    /// 10 bits.
    public var amfSetID: UInt16
    /// 6 bits.
    public var amfPointer: UInt8
    public var tmsi: UInt32

    public init(firstOctet: UInt8 = 0xF2, plmn: PLMNIdentity, amfRegionID: UInt8, amfSetID: UInt16, amfPointer: UInt8, tmsi: UInt32) {
        self.firstOctet = firstOctet
        self.plmn = plmn
        self.amfRegionID = amfRegionID
        self.amfSetID = amfSetID
        self.amfPointer = amfPointer
        self.tmsi = tmsi
    }
}

/// 5G-S-TMSI (TS 23.003 §2.11).
public struct FiveGSTMSI: Sendable, Equatable {
    /// Octet 1 (0xF4).
    public var firstOctet: UInt8
    public var amfSetID: UInt16
    public var amfPointer: UInt8
    public var tmsi: UInt32

    public init(firstOctet: UInt8 = 0xF4, amfSetID: UInt16, amfPointer: UInt8, tmsi: UInt32) {
        self.firstOctet = firstOctet
        self.amfSetID = amfSetID
        self.amfPointer = amfPointer
        self.tmsi = tmsi
    }
}

/// IMEI or IMEISV: digit 1 in bits 8-5 of octet 1, odd/even flag in bit 4, further digits BCD.
public struct IMEI: Sendable, Equatable {
    public var raw: ArraySlice<UInt8>
    public init(raw: ArraySlice<UInt8>) { self.raw = raw }

    /// Builds an IMEI (type 3) or IMEISV (type 5) from its digits.
    public init(digits: String, type: UInt8) {
        let d = Array(digits.utf8).map { $0 &- 0x30 }
        let odd = d.count % 2 == 1
        var out: [UInt8] = [(d.first ?? 0) << 4 | (odd ? 0x08 : 0) | type]
        var i = 1
        while i < d.count {
            out.append((i + 1 < d.count ? d[i + 1] : 0xF) << 4 | d[i])
            i += 2
        }
        raw = out[...]
    }

    public var digits: String {
        guard let first = raw.first else { return "" }
        var nibbles: [UInt8] = [first >> 4]
        for b in raw.dropFirst() { nibbles.append(b & 0xF); nibbles.append(b >> 4) }
        if first & 0x08 == 0, nibbles.last == 0xF { nibbles.removeLast() }
        return String(decoding: nibbles.map { BCD.chars[Int($0)] }, as: UTF8.self)
    }

    public static func == (a: Self, b: Self) -> Bool { a.raw.elementsEqual(b.raw) }
}

/// MAC address identity (type 6): octet 1 then the 6-octet address (an extra octet may follow in later releases).
public struct MACAddress: Sendable, Equatable {
    public var firstOctet: UInt8
    public var address: ArraySlice<UInt8>
    public init(firstOctet: UInt8 = 0x06, address: ArraySlice<UInt8>) { self.firstOctet = firstOctet; self.address = address }
    public static func == (a: Self, b: Self) -> Bool { a.firstOctet == b.firstOctet && a.address.elementsEqual(b.address) }
}

/// EUI-64 identity (type 7).
public struct EUI64: Sendable, Equatable {
    public var firstOctet: UInt8
    public var address: ArraySlice<UInt8>
    public init(firstOctet: UInt8 = 0x07, address: ArraySlice<UInt8>) { self.firstOctet = firstOctet; self.address = address }
    public static func == (a: Self, b: Self) -> Bool { a.firstOctet == b.firstOctet && a.address.elementsEqual(b.address) }
}
