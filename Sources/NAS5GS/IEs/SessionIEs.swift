import Bytes

/// PDU address (TS 24.501 §9.11.4.10): SMF IPv6 link local address flag (bit 4), PDU
/// session type (bits 3-1: 1 IPv4, 2 IPv6 interface identifier, 3 IPv4v6), the address
/// information, then the SMF's IPv6 link local address (16 octets) when the flag is set.
public struct PDUAddress: NASValue, Hashable {
    public var octet1: UInt8
    /// The address information and link local address octets, as received.
    public var addressBytes: [UInt8]

    public init(octet1: UInt8, addressBytes: [UInt8]) { self.octet1 = octet1; self.addressBytes = addressBytes }
    public static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> PDUAddress {
        PDUAddress(octet1: 1, addressBytes: [a, b, c, d])
    }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard let f = v.first else { throw .invalidValue(at: v.startIndex) }
        octet1 = f
        addressBytes = Array(v.dropFirst())
        let need: Int
        switch f & 7 {
        case 1: need = 4
        case 2: need = 8
        case 3: need = 12
        default: need = 0
        }
        guard addressBytes.count >= need + (f & 8 != 0 ? 16 : 0) else { throw .invalidValue(at: v.startIndex) }
    }

    public func nasEncodeValue(into out: inout [UInt8]) { out.append(octet1); out.append(contentsOf: addressBytes) }

    public var pduSessionType: UInt8 { octet1 & 7 }
    public var hasSMFIPv6LinkLocalAddress: Bool { octet1 & 8 != 0 }
    public var ipv4: [UInt8]? {
        switch pduSessionType {
        case 1: Array(addressBytes.prefix(4))
        case 3: Array(addressBytes[8..<12])
        default: nil
        }
    }
    public var ipv6InterfaceIdentifier: [UInt8]? {
        pduSessionType == 2 || pduSessionType == 3 ? Array(addressBytes.prefix(8)) : nil
    }
    public var smfIPv6LinkLocalAddress: [UInt8]? {
        guard hasSMFIPv6LinkLocalAddress else { return nil }
        let start = pduSessionType == 1 ? 4 : pduSessionType == 2 ? 8 : pduSessionType == 3 ? 12 : 0
        return Array(addressBytes[start..<(start + 16)])
    }

    /// `{"type": n, "si6lla": b, "ipv4": "a.b.c.d"?, "ipv6_interface_identifier": hex?, "smf_ipv6_link_local": hex?}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("type"); json.int(Int(pduSessionType))
        json.key("si6lla"); json.bool(hasSMFIPv6LinkLocalAddress)
        if let v4 = ipv4 { json.key("ipv4"); json.string(v4.map { String($0) }.joined(separator: ".")) }
        if let v6 = ipv6InterfaceIdentifier { json.key("ipv6_interface_identifier"); json.hex(v6) }
        if let ll = smfIPv6LinkLocalAddress { json.key("smf_ipv6_link_local"); json.hex(ll) }
        if pduSessionType < 1 || pduSessionType > 3 { json.key("hex"); json.hex(addressBytes) }
        json.endObject()
    }
}

/// DNN (TS 24.501 §9.11.2.1B): an APN-style name, length-prefixed labels (TS 23.003 §9.1).
/// The octets are kept; `name` joins the labels with dots (nil when they are not well formed).
public struct DNN: NASBytesValue, Hashable {
    /// The value octets (length-prefixed labels), as a slice of the input when decoded.
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public init(bytes: [UInt8]) { self.bytes = bytes[...] }
    /// Label-encodes a dotted name.
    public init(_ name: String) {
        var out: [UInt8] = []
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            out.append(UInt8(truncatingIfNeeded: label.utf8.count))
            out.append(contentsOf: label.utf8)
        }
        bytes = out[...]
    }

    public init(validatedBytes bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    public static func validate(_ bytes: ArraySlice<UInt8>, _ start: Int, _ end: Int) throws(NASDecodingError) {
        guard end > start else { throw .invalidValue(at: start) }
    }

    public var name: String? {
        var labels: [String] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let n = Int(bytes[i])
            guard n > 0, n < bytes.endIndex - i else { return nil }
            labels.append(String(decoding: bytes[(i + 1)..<(i + 1 + n)], as: UTF8.self))
            i += 1 + n
        }
        return labels.joined(separator: ".")
    }

    /// `{"name": "internet"}`, or `{"hex": "..."}` when the labels are not well formed.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        if let name { json.key("name"); json.string(name) } else { json.key("hex"); json.hex(bytes) }
        json.endObject()
    }
}

/// Session-AMBR (TS 24.501 §9.11.4.14): unit and 16-bit value for downlink then uplink.
public struct SessionAMBR: NASValue, Hashable {
    public var downlinkUnit: UInt8
    public var downlink: UInt16
    public var uplinkUnit: UInt8
    public var uplink: UInt16

    public init(downlinkUnit: UInt8, downlink: UInt16, uplinkUnit: UInt8, uplink: UInt16) {
        self.downlinkUnit = downlinkUnit; self.downlink = downlink; self.uplinkUnit = uplinkUnit; self.uplink = uplink
    }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count == 6 else { throw .invalidValue(at: v.startIndex) }
        let s = v.startIndex
        downlinkUnit = v[s]; downlink = UInt16(v[s + 1]) << 8 | UInt16(v[s + 2])
        uplinkUnit = v[s + 3]; uplink = UInt16(v[s + 4]) << 8 | UInt16(v[s + 5])
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        out.append(downlinkUnit); out.append(UInt8(downlink >> 8)); out.append(UInt8(truncatingIfNeeded: downlink))
        out.append(uplinkUnit); out.append(UInt8(uplink >> 8)); out.append(UInt8(truncatingIfNeeded: uplink))
    }

    /// Bits per second of a unit (§9.11.4.14: 1 = 1 kbps, ×4 per step, 6 = 1 Mbps, 11 = 1 Gbps, ...); nil for 0 or > 25.
    public static func bitsPerSecond(unit: UInt8, value: UInt16) -> UInt64? {
        guard unit >= 1, unit <= 25 else { return nil }
        let k = Int(unit) - 1
        var base: UInt64 = 1000
        for _ in 0..<(k / 5) { base *= 1000 }
        let factor = UInt64(1) << UInt64(2 * (k % 5))
        let (r, o) = (base * factor).multipliedReportingOverflow(by: UInt64(value))
        return o ? nil : r
    }

    /// `{"downlink": {"unit": n, "value": n, "bps": n|null}, "uplink": {...}}`.
    public func writeJSON(to json: inout JSONWriter) {
        func one(_ u: UInt8, _ v: UInt16) {
            json.beginObject()
            json.key("unit"); json.int(Int(u))
            json.key("value"); json.int(Int(v))
            json.key("bps")
            if let b = Self.bitsPerSecond(unit: u, value: v) { json.uint(b) } else { json.null() }
            json.endObject()
        }
        json.beginObject()
        json.key("downlink"); one(downlinkUnit, downlink)
        json.key("uplink"); one(uplinkUnit, uplink)
        json.endObject()
    }
}

/// Extended protocol configuration options (TS 24.501 §9.11.4.6, coded as TS 24.008
/// §10.5.6.3): octet 1 (extension bit, configuration protocol) then containers of
/// (2-octet identifier, 1-octet length, contents). The octets are kept; `containers`
/// parses them (nil when they are not well formed).
public struct ExtendedProtocolConfigurationOptions: NASOpaqueValue, Hashable {
    public var bytes: ArraySlice<UInt8>
    public init(bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    public struct Container: Sendable, Hashable {
        public var id: UInt16
        public var contents: ArraySlice<UInt8>
        public static func == (a: Self, b: Self) -> Bool { a.id == b.id && a.contents.elementsEqual(b.contents) }
        public func hash(into h: inout Hasher) { h.combine(id); for b in contents { h.combine(b) } }
    }

    public var configurationProtocol: UInt8? { bytes.first.map { $0 & 7 } }

    public var containers: [Container]? {
        guard !bytes.isEmpty else { return nil }
        var list: [Container] = []
        var i = bytes.startIndex + 1
        while i < bytes.endIndex {
            guard i + 3 <= bytes.endIndex else { return nil }
            let id = UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
            let n = Int(bytes[i + 2])
            guard i + 3 + n <= bytes.endIndex else { return nil }
            list.append(Container(id: id, contents: bytes[(i + 3)..<(i + 3 + n)]))
            i += 3 + n
        }
        return list
    }

    /// `{"config_protocol": n, "containers": [{"id": n, "contents": hex}]}`, or `{"hex": ...}` when malformed.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        if let p = configurationProtocol, let list = containers {
            json.key("config_protocol"); json.int(Int(p))
            json.key("containers")
            json.beginArray()
            for c in list {
                json.beginObject()
                json.key("id"); json.int(Int(c.id))
                json.key("contents"); json.hex(c.contents)
                json.endObject()
            }
            json.endArray()
        } else {
            json.key("hex"); json.hex(bytes)
        }
        json.endObject()
    }

    public static func == (a: Self, b: Self) -> Bool { a.bytes.elementsEqual(b.bytes) }
    public func hash(into h: inout Hasher) { for b in bytes { h.combine(b) } }
}

/// PDU session type (TS 24.501 §9.11.4.11): 1 IPv4, 2 IPv6, 3 IPv4v6, 4 unstructured, 5 Ethernet.
public struct PDUSessionType: NASPlainHalfOctet, Hashable {
    public var nibble: UInt8
    public init(nibble: UInt8) { self.nibble = nibble & 0xF }
    public static let ipv4 = Self(nibble: 1), ipv6 = Self(nibble: 2), ipv4v6 = Self(nibble: 3)
    public static let unstructured = Self(nibble: 4), ethernet = Self(nibble: 5)
}

/// SSC mode (TS 24.501 §9.11.4.16): 1, 2 or 3.
public struct SSCMode: NASPlainHalfOctet, Hashable {
    public var nibble: UInt8
    public init(nibble: UInt8) { self.nibble = nibble & 0xF }
}
