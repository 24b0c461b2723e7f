import Bytes

/// S-NSSAI value (TS 24.501 §9.11.2.8): SST, then optionally SD, mapped HPLMN SST and
/// mapped HPLMN SD. Length 1 (SST), 2 (SST, mapped SST), 4 (SST, SD), 5 (SST, SD,
/// mapped SST) or 8 (all four).
public struct SNSSAI: NASValue, Hashable {
    public var sst: UInt8
    /// 24-bit slice differentiator.
    public var sd: UInt32?
    public var mappedHPLMNSST: UInt8?
    public var mappedHPLMNSD: UInt32?

    public init(sst: UInt8, sd: UInt32? = nil, mappedHPLMNSST: UInt8? = nil, mappedHPLMNSD: UInt32? = nil) {
        self.sst = sst
        self.sd = sd
        self.mappedHPLMNSST = mappedHPLMNSST
        self.mappedHPLMNSD = mappedHPLMNSD
    }

    static func u24(_ v: ArraySlice<UInt8>, _ i: Int) -> UInt32 {
        UInt32(v[i]) << 16 | UInt32(v[i &+ 1]) << 8 | UInt32(v[i &+ 2])
    }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        try self.init(v, at: v.startIndex, count: v.count)
    }

    /// Whether an S-NSSAI value may be `count` octets long.
    static func isValidLength(_ count: Int) -> Bool {
        count == 1 || count == 2 || count == 4 || count == 5 || count == 8
    }

    /// Decodes the `count` value octets at `s` in `v` (the caller has checked they are there).
    init(_ v: ArraySlice<UInt8>, at s: Int, count: Int) throws(NASDecodingError) {
        switch count {
        case 1: self.init(sst: v[s])
        case 2: self.init(sst: v[s], mappedHPLMNSST: v[s &+ 1])
        case 4: self.init(sst: v[s], sd: Self.u24(v, s &+ 1))
        case 5: self.init(sst: v[s], sd: Self.u24(v, s &+ 1), mappedHPLMNSST: v[s &+ 4])
        case 8: self.init(sst: v[s], sd: Self.u24(v, s &+ 1), mappedHPLMNSST: v[s &+ 4], mappedHPLMNSD: Self.u24(v, s &+ 5))
        default: throw .invalidValue(at: s)
        }
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        out.append(sst)
        if let sd { out.append(UInt8(truncatingIfNeeded: sd >> 16)); out.append(UInt8(truncatingIfNeeded: sd >> 8)); out.append(UInt8(truncatingIfNeeded: sd)) }
        if let m = mappedHPLMNSST { out.append(m) }
        if let m = mappedHPLMNSD, sd != nil { out.append(UInt8(truncatingIfNeeded: m >> 16)); out.append(UInt8(truncatingIfNeeded: m >> 8)); out.append(UInt8(truncatingIfNeeded: m)) }
    }

    /// `{"sst": n, "sd": n?, "mapped_hplmn_sst": n?, "mapped_hplmn_sd": n?}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("sst"); json.int(Int(sst))
        if let sd { json.key("sd"); json.int(Int(sd)) }
        if let m = mappedHPLMNSST { json.key("mapped_hplmn_sst"); json.int(Int(m)) }
        if let m = mappedHPLMNSD { json.key("mapped_hplmn_sd"); json.int(Int(m)) }
        json.endObject()
    }
}

/// NSSAI (TS 24.501 §9.11.3.37): a list of S-NSSAI values, each as length + value.
/// Used for requested, allowed, configured and pending NSSAI.
///
/// Holds the value octets (a slice of the input when decoded, checked then), so decoding
/// allocates nothing; `sNSSAIs` reads them into values on access.
public struct NSSAI: NASBytesValue, Hashable {
    /// The value octets.
    public private(set) var bytes: ArraySlice<UInt8>

    public init(_ sNSSAIs: [SNSSAI]) {
        var out: [UInt8] = []
        for s in sNSSAIs { out.appendLV(s) }
        bytes = out[...]
    }

    public init(validatedBytes bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Each S-NSSAI's length must fit and be one TS 24.501 §9.11.2.8 allows.
    public static func validate(_ v: ArraySlice<UInt8>, _ start: Int, _ end: Int) throws(NASDecodingError) {
        var i = start
        while i < end {
            let n = Int(v[i])
            guard n >= 1, n < end &- i else { throw .invalidValue(at: i) }
            guard SNSSAI.isValidLength(n) else { throw .invalidValue(at: i &+ 1) }
            i &+= 1 &+ n
        }
    }

    public var sNSSAIs: [SNSSAI] {
        get {
            var list: [SNSSAI] = []
            forEach { list.append($0) }
            return list
        }
        set { self = NSSAI(newValue) }
    }

    /// Calls `body` with each S-NSSAI, in order.
    func forEach(_ body: (SNSSAI) -> Void) {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let n = Int(bytes[i])
            guard n < bytes.endIndex &- i, let s = try? SNSSAI(bytes, at: i &+ 1, count: n) else { return }
            body(s)
            i &+= 1 &+ n
        }
    }

    /// An array of S-NSSAI objects.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginArray()
        forEach { $0.writeJSON(to: &json) }
        json.endArray()
    }
}

/// Rejected NSSAI (TS 24.501 §9.11.3.46): entries of (length, cause, S-NSSAI).
///
/// Holds the value octets (checked when decoded); `entries` reads them on access.
public struct RejectedNSSAI: NASBytesValue, Hashable {
    public struct Entry: Sendable, Hashable {
        /// 0 not available in the current PLMN/SNPN, 1 not available in the registration
        /// area, 2 not available due to failed or revoked NSSAA, 3 maximum number of UEs reached.
        public var cause: UInt8
        public var sNSSAI: SNSSAI
        public init(cause: UInt8, sNSSAI: SNSSAI) { self.cause = cause; self.sNSSAI = sNSSAI }
    }

    /// The value octets.
    public private(set) var bytes: ArraySlice<UInt8>

    public init(_ entries: [Entry]) {
        var out: [UInt8] = []
        for e in entries {
            let at = out.count
            out.append(0)
            e.sNSSAI.nasEncodeValue(into: &out)
            out[at] = UInt8(truncatingIfNeeded: (out.count - at - 1) << 4) | (e.cause & 0x0F)
        }
        bytes = out[...]
    }

    public init(validatedBytes bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Each entry's S-NSSAI length (bits 8-5 of its first octet) must fit and be one TS 24.501 allows.
    public static func validate(_ v: ArraySlice<UInt8>, _ start: Int, _ end: Int) throws(NASDecodingError) {
        var i = start
        while i < end {
            let n = Int(v[i] >> 4)
            guard n >= 1, n < end &- i else { throw .invalidValue(at: i) }
            guard SNSSAI.isValidLength(n) else { throw .invalidValue(at: i &+ 1) }
            i &+= 1 &+ n
        }
    }

    public var entries: [Entry] {
        get {
            var list: [Entry] = []
            forEach { list.append($0) }
            return list
        }
        set { self = RejectedNSSAI(newValue) }
    }

    /// Calls `body` with each entry, in order.
    func forEach(_ body: (Entry) -> Void) {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let n = Int(bytes[i] >> 4)
            guard n < bytes.endIndex &- i, let s = try? SNSSAI(bytes, at: i &+ 1, count: n) else { return }
            body(Entry(cause: bytes[i] & 0x0F, sNSSAI: s))
            i &+= 1 &+ n
        }
    }

    /// `[{"cause": n, "s_nssai": {...}}]`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginArray()
        forEach { e in
            json.beginObject()
            json.key("cause"); json.int(Int(e.cause))
            json.key("s_nssai"); e.sNSSAI.writeJSON(to: &json)
            json.endObject()
        }
        json.endArray()
    }
}
