import Bytes

/// 5GS tracking area identity (TS 24.501 §9.11.3.8): PLMN (3 octets) + 24-bit TAC.
public struct TrackingAreaIdentity: NASValue, Hashable {
    public var plmn: PLMNIdentity
    public var tac: UInt32

    public init(plmn: PLMNIdentity, tac: UInt32) { self.plmn = plmn; self.tac = tac }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        guard v.count == 6 else { throw .invalidValue(at: v.startIndex) }
        let s = v.startIndex
        plmn = PLMNIdentity(v, at: s)
        tac = UInt32(v[s &+ 3]) << 16 | UInt32(v[s &+ 4]) << 8 | UInt32(v[s &+ 5])
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        plmn.append(to: &out)
        out.append(UInt8(truncatingIfNeeded: tac >> 16)); out.append(UInt8(truncatingIfNeeded: tac >> 8)); out.append(UInt8(truncatingIfNeeded: tac))
    }

    /// `{"mcc": "...", "mnc": "...", "tac": n}`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        plmn.writeJSONFields(to: &json)
        json.key("tac"); json.int(Int(tac))
        json.endObject()
    }
}

/// 5GS tracking area identity list (TS 24.501 §9.11.3.9): partial lists of type 00
/// (one PLMN, non-consecutive TACs), 01 (one PLMN, consecutive TACs from a first TAC)
/// and 10 (several TAIs, each with its PLMN).
///
/// Holds the value octets (a slice of the input when decoded, checked then), so decoding
/// allocates nothing; `partialLists` reads them into values on access. Octet 1 of each
/// partial list keeps its spare bit 8.
public struct TrackingAreaIdentityList: NASBytesValue, Hashable {
    public enum PartialList: Sendable, Hashable {
        case nonConsecutive(plmn: PLMNIdentity, tacs: [UInt32])
        case consecutive(plmn: PLMNIdentity, firstTAC: UInt32, count: Int)
        case tais([TrackingAreaIdentity])
    }

    /// The value octets.
    public private(set) var bytes: ArraySlice<UInt8>

    public init(_ partialLists: [PartialList]) {
        var out: [UInt8] = []
        Self.encode(partialLists, spareBits: [], into: &out)
        bytes = out[...]
    }

    public init(validatedBytes bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Each partial list must be of a defined type and fit.
    public static func validate(_ v: ArraySlice<UInt8>, _ start: Int, _ end: Int) throws(NASDecodingError) {
        var i = start
        while i < end {
            guard let length = partialListLength(head: v[i]), length <= end &- i else { throw .invalidValue(at: i) }
            i &+= length
        }
    }

    /// The partial lists; setting them keeps the spare bit of each position.
    public var partialLists: [PartialList] {
        get {
            var lists: [PartialList] = []
            forEachPartialList { _, list in lists.append(list) }
            return lists
        }
        set {
            var spares: [UInt8] = []
            forEachPartialList { head, _ in spares.append(head & 0x80) }
            var out: [UInt8] = []
            Self.encode(newValue, spareBits: spares, into: &out)
            bytes = out[...]
        }
    }

    /// Octets taken by a partial list with first octet `head`; nil for the reserved type 11.
    static func partialListLength(head: UInt8) -> Int? {
        let n = Int(head & 0x1F) &+ 1
        switch (head >> 5) & 0x03 {
        case 0: return 4 &+ 3 &* n
        case 1: return 7
        case 2: return 1 &+ 6 &* n
        default: return nil
        }
    }

    static func tac(_ v: ArraySlice<UInt8>, _ i: Int) -> UInt32 {
        UInt32(v[i]) << 16 | UInt32(v[i &+ 1]) << 8 | UInt32(v[i &+ 2])
    }

    /// Calls `body` with the first octet and the value of each partial list, in order.
    func forEachPartialList(_ body: (UInt8, PartialList) -> Void) {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let head = bytes[i]
            guard let length = Self.partialListLength(head: head), length <= bytes.endIndex &- i else { return }
            let n = Int(head & 0x1F) &+ 1
            switch (head >> 5) & 0x03 {
            case 0:
                body(head, .nonConsecutive(plmn: PLMNIdentity(bytes, at: i &+ 1),
                                           tacs: (0..<n).map { Self.tac(bytes, i &+ 4 &+ 3 &* $0) }))
            case 1:
                body(head, .consecutive(plmn: PLMNIdentity(bytes, at: i &+ 1), firstTAC: Self.tac(bytes, i &+ 4), count: n))
            default:
                body(head, .tais((0..<n).map {
                    let at = i &+ 1 &+ 6 &* $0
                    return TrackingAreaIdentity(plmn: PLMNIdentity(bytes, at: at), tac: Self.tac(bytes, at &+ 3))
                }))
            }
            i &+= length
        }
    }

    static func encode(_ lists: [PartialList], spareBits: [UInt8], into out: inout [UInt8]) {
        for (k, list) in lists.enumerated() {
            let spare: UInt8 = k < spareBits.count ? spareBits[k] : 0
            switch list {
            case .nonConsecutive(let plmn, let tacs):
                out.append(spare | UInt8(truncatingIfNeeded: max(tacs.count - 1, 0) & 0x1F))
                plmn.append(to: &out)
                for t in tacs { appendTAC(t, &out) }
            case .consecutive(let plmn, let first, let count):
                out.append(spare | 0x20 | UInt8(truncatingIfNeeded: max(count - 1, 0) & 0x1F))
                plmn.append(to: &out)
                appendTAC(first, &out)
            case .tais(let tais):
                out.append(spare | 0x40 | UInt8(truncatingIfNeeded: max(tais.count - 1, 0) & 0x1F))
                for t in tais { t.nasEncodeValue(into: &out) }
            }
        }
    }

    static func appendTAC(_ t: UInt32, _ out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: t >> 16)); out.append(UInt8(truncatingIfNeeded: t >> 8)); out.append(UInt8(truncatingIfNeeded: t))
    }

    /// `[{"type": 0|1|2, "mcc", "mnc", "tacs": [..]} | {"type":1, "mcc","mnc","first_tac","count"} | {"type":2, "tais":[...]}]`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginArray()
        forEachPartialList { _, list in
            json.beginObject()
            switch list {
            case .nonConsecutive(let plmn, let tacs):
                json.key("type"); json.int(0)
                plmn.writeJSONFields(to: &json)
                json.key("tacs"); json.beginArray(); for t in tacs { json.int(Int(t)) }; json.endArray()
            case .consecutive(let plmn, let first, let count):
                json.key("type"); json.int(1)
                plmn.writeJSONFields(to: &json)
                json.key("first_tac"); json.int(Int(first))
                json.key("count"); json.int(count)
            case .tais(let tais):
                json.key("type"); json.int(2)
                json.key("tais"); json.beginArray(); for t in tais { t.writeJSON(to: &json) }; json.endArray()
            }
            json.endObject()
        }
        json.endArray()
    }
}
