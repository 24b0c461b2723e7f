/// A PLMN identity: 3-digit MCC and 2- or 3-digit MNC, kept as the digits written (`"001"`, `"01"`).
public struct PLMN: Hashable, Sendable, CustomStringConvertible {
    public var mcc: String
    public var mnc: String

    public init(mcc: String, mnc: String) {
        self.mcc = mcc
        self.mnc = mnc
    }

    /// The test PLMN 001/01 (TS 23.003), the default.
    public static let test = PLMN(mcc: "001", mnc: "01")

    /// The 3-byte PLMN identity of TS 38.413 §9.3.3.5 / TS 24.008 §10.5.1.13 (`00f110` for 001/01).
    public var encoded: [UInt8] {
        let c = mcc.compactMap(\.wholeNumberValue).map(UInt8.init)
        let n = mnc.compactMap(\.wholeNumberValue).map(UInt8.init)
        guard c.count == 3, n.count == 2 || n.count == 3 else { return [] }
        let mnc3: UInt8 = n.count == 3 ? n[2] : 0xF
        return [c[1] << 4 | c[0], mnc3 << 4 | c[2], n[1] << 4 | n[0]]
    }

    public var description: String { "\(mcc)/\(mnc)" }
}

/// An S-NSSAI: slice/service type and optional slice differentiator (24 bits).
public struct SNSSAI: Hashable, Sendable, CustomStringConvertible {
    public var sst: UInt8
    public var sd: UInt32?

    public init(sst: UInt8, sd: UInt32? = nil) {
        self.sst = sst
        self.sd = sd
    }

    public var description: String {
        guard let sd else { return "sst \(sst)" }
        let hex = String(sd, radix: 16)
        return "sst \(sst) sd \(String(repeating: "0", count: max(0, 6 - hex.count)) + hex)"
    }
}

/// One `ran.gnbs` entry: a gNB, or `count` gNBs whose ids, names and local addresses are derived from it.
public struct GNBGroup: Hashable, Sendable {
    public var name: String
    public var plmn: PLMN
    /// Tracking area code (24 bits).
    public var tac: UInt32
    /// Slices the gNB announces in NG Setup (supported TA list).
    public var slices: [SNSSAI]
    /// The first gNB id; gNB `i` of the group has id `id + i`.
    public var id: UInt32
    /// gNB id length in bits (22...32, TS 38.413 §9.3.1.6).
    public var idLength: Int
    public var count: Int
    /// Local N2 (SCTP) address of the first gNB; gNB `i` binds `n2Address + i`. nil: `target.n2_bind`.
    public var n2Address: IPAddress?
    /// Local N3 (GTP-U) address of the first gNB; gNB `i` binds `n3Address + i`. nil: `target.n3_bind`.
    public var n3Address: IPAddress?
    public var position: SourcePosition

    public init(name: String = "gnb", plmn: PLMN = .test, tac: UInt32 = 1, slices: [SNSSAI] = [SNSSAI(sst: 1)], id: UInt32 = 1,
                idLength: Int = 22, count: Int = 1, n2Address: IPAddress? = nil, n3Address: IPAddress? = nil, position: SourcePosition) {
        self.name = name
        self.plmn = plmn
        self.tac = tac
        self.slices = slices
        self.id = id
        self.idLength = idLength
        self.count = count
        self.n2Address = n2Address
        self.n3Address = n3Address
        self.position = position
    }

    /// Member `i` (0-based) of the group: name `name-i` when the group has more than one gNB.
    public func member(_ i: Int, index: Int, group: Int) -> GNB {
        GNB(index: index, group: group, name: count == 1 ? name : "\(name)-\(i)", plmn: plmn, tac: tac, slices: slices,
            id: id &+ UInt32(truncatingIfNeeded: i), idLength: idLength, n2Address: n2Address?.advanced(by: i), n3Address: n3Address?.advanced(by: i),
            position: position)
    }
}

/// One gNB the runner plays, after expanding groups.
public struct GNB: Hashable, Sendable {
    /// Position in `RANConfiguration.gnbs`.
    public var index: Int
    /// Index of the `ran.gnbs` entry it comes from.
    public var group: Int
    public var name: String
    public var plmn: PLMN
    public var tac: UInt32
    public var slices: [SNSSAI]
    public var id: UInt32
    public var idLength: Int
    public var n2Address: IPAddress?
    public var n3Address: IPAddress?
    public var position: SourcePosition

    /// The 36-bit NR cell identity of cell `cell` of this gNB: the gNB id in the leading `idLength` bits.
    public func nrCellIdentity(cell: UInt64 = 1) -> UInt64 {
        let cellBits = UInt64(max(0, min(36, 36 - idLength)))
        return UInt64(id) << cellBits | (cell & ((1 << cellBits) - 1))
    }
}

/// The gNBs of a plan.
public struct RANConfiguration: Hashable, Sendable {
    /// The `ran.gnbs` entries as written.
    public var groups: [GNBGroup]
    /// Every gNB, groups expanded in order.
    public var gnbs: [GNB]

    public init(groups: [GNBGroup]) {
        self.groups = groups
        var all: [GNB] = []
        for (g, group) in groups.enumerated() {
            for i in 0..<max(0, group.count) { all.append(group.member(i, index: all.count, group: g)) }
        }
        gnbs = all
    }

    /// The gNB named `name`, if any.
    public func gnb(named name: String) -> GNB? { gnbs.first { $0.name == name } }
}
