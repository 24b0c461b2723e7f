import ASN1JER

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
public struct TrackingAreaIdentityList: NASValue, Hashable {
    public enum PartialList: Sendable, Hashable {
        case nonConsecutive(plmn: PLMNIdentity, tacs: [UInt32])
        case consecutive(plmn: PLMNIdentity, firstTAC: UInt32, count: Int)
        case tais([TrackingAreaIdentity])
    }

    /// Octet 1 of each partial list keeps its spare bit 8.
    public var partialLists: [PartialList]
    @usableFromInline var spareBits: [UInt8] = []

    public init(_ partialLists: [PartialList]) { self.partialLists = partialLists }

    static func tac(_ v: ArraySlice<UInt8>, _ i: Int) -> UInt32 {
        UInt32(v[i]) << 16 | UInt32(v[i + 1]) << 8 | UInt32(v[i + 2])
    }

    public init(nasValue v: ArraySlice<UInt8>) throws(NASDecodingError) {
        var lists: [PartialList] = []
        var spares: [UInt8] = []
        var i = v.startIndex
        while i < v.endIndex {
            let head = v[i]
            let type = (head >> 5) & 0x03
            let n = Int(head & 0x1F) + 1
            switch type {
            case 0:
                guard i + 4 + 3 * n <= v.endIndex else { throw .invalidValue(at: i) }
                let plmn = PLMNIdentity(v, at: i + 1)
                var tacs: [UInt32] = []
                tacs.reserveCapacity(n)
                for k in 0..<n { tacs.append(Self.tac(v, i + 4 + 3 * k)) }
                lists.append(.nonConsecutive(plmn: plmn, tacs: tacs))
                i += 4 + 3 * n
            case 1:
                guard i + 7 <= v.endIndex else { throw .invalidValue(at: i) }
                lists.append(.consecutive(plmn: PLMNIdentity(v, at: i + 1), firstTAC: Self.tac(v, i + 4), count: n))
                i += 7
            case 2:
                guard i + 1 + 6 * n <= v.endIndex else { throw .invalidValue(at: i) }
                var tais: [TrackingAreaIdentity] = []
                for k in 0..<n {
                    let at = i + 1 + 6 * k
                    tais.append(TrackingAreaIdentity(plmn: PLMNIdentity(v, at: at), tac: Self.tac(v, at + 3)))
                }
                lists.append(.tais(tais))
                i += 1 + 6 * n
            default:
                throw .invalidValue(at: i)
            }
            spares.append(head & 0x80)
        }
        partialLists = lists
        spareBits = spares.contains(where: { $0 != 0 }) ? spares : []
    }

    public func nasEncodeValue(into out: inout [UInt8]) {
        for (k, list) in partialLists.enumerated() {
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

    func appendTAC(_ t: UInt32, _ out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: t >> 16)); out.append(UInt8(truncatingIfNeeded: t >> 8)); out.append(UInt8(truncatingIfNeeded: t))
    }

    /// `[{"type": 0|1|2, "mcc", "mnc", "tacs": [..]} | {"type":1, "mcc","mnc","first_tac","count"} | {"type":2, "tais":[...]}]`.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginArray()
        for list in partialLists {
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
