import Bytes

/// PDU session status (TS 24.501 §9.11.3.44), also the coding of uplink data status
/// (§9.11.3.57), allowed PDU session status (§9.11.3.13) and PDU session reactivation
/// result (§9.11.3.42): a bitmap of PSI 0-15 (octet 1 bit 1 = PSI 0), then spare octets.
public struct PDUSessionStatus: NASValue, Hashable {
    /// Bit n = PSI n.
    public var psiBits: UInt16
    /// Octets after the first two (spare), kept as received.
    public var extra: [UInt8] = []

    public init(psiBits: UInt16) { self.psiBits = psiBits }
    public init(psis: [Int]) { psiBits = psis.reduce(0) { $0 | (($1 >= 0 && $1 < 16) ? UInt16(1) << $1 : 0) } }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count >= 2, v.count <= 32 else { throw .invalidValue(at: v.startIndex) }
        psiBits = UInt16(v[v.startIndex]) | UInt16(v[v.startIndex + 1]) << 8
        if v.count > 2 { extra = Array(v.dropFirst(2)) }
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: psiBits)); out.append(UInt8(truncatingIfNeeded: psiBits >> 8))
        out.append(contentsOf: extra)
    }

    /// PSIs whose bit is set.
    public var psis: [Int] { (0..<16).filter { psiBits & (1 << $0) != 0 } }

    /// An array of the PSIs whose bit is 1.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginArray()
        for n in 0..<16 where psiBits & (1 << n) != 0 { json.int(n) }
        json.endArray()
    }
}

/// PDU session reactivation result error cause (TS 24.501 §9.11.3.43): (PSI, 5GMM cause) pairs.
public struct PDUSessionReactivationResultErrorCause: NASValue, Hashable {
    public struct Entry: Sendable, Hashable {
        public var psi: UInt8
        public var cause: FiveGMMCause
        public init(psi: UInt8, cause: FiveGMMCause) { self.psi = psi; self.cause = cause }
    }
    public var entries: [Entry]
    public init(_ entries: [Entry]) { self.entries = entries }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count % 2 == 0 else { throw .invalidValue(at: v.startIndex) }
        var list: [Entry] = []
        var i = v.startIndex
        while i < v.endIndex { list.append(Entry(psi: v[i], cause: FiveGMMCause(v[i + 1]))); i += 2 }
        entries = list
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        for e in entries { out.append(e.psi); out.append(e.cause.rawValue) }
    }

    /// `[{"psi": n, "cause": {"value": n, "name": "..."}}]`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginArray()
        for e in entries {
            json.beginObject()
            json.key("psi"); json.int(Int(e.psi))
            json.key("cause"); e.cause.writeJSON(to: &json)
            json.endObject()
        }
        json.endArray()
    }
}

/// PDU session identity 2 (TS 24.501 §9.11.3.41): one octet, the PSI.
public struct PDUSessionIdentity: NASValue, Hashable {
    public var value: UInt8
    public init(_ value: UInt8) { self.value = value }
    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count == 1 else { throw .invalidValue(at: v.startIndex) }
        value = v[v.startIndex]
    }
    public func nasEncodeValue(into out: inout [UInt8]) { out.append(value) }
    public func writeJSON(to json: inout JSONWriter) { json.int(Int(value)) }
}
