import ASN1PER
import NGAP

/// What a simulated gNB is: its identities, what it serves, and how it behaves where real gNBs differ.
/// `GNB.init(config:)` checks every value against the constraints of TS 38.413, so nothing built from it later
/// can fail to encode.
public struct GNBConfig: Sendable {
    /// Global gNB ID (TS 38.413 9.3.1.6): the value and its length in bits (22…32).
    public var gnbID: UInt32
    public var gnbIDBitLength: Int
    /// The PLMN served, as MCC and MNC digits ("001", "01").
    public var mcc: String
    public var mnc: String
    /// Tracking area codes served (24 bits each); the first is the cell's TAC.
    public var tacs: [UInt32]
    /// Slices supported in every TA: SST and, optionally, a 24-bit SD.
    public var slices: [Slice]
    /// RAN Node Name IE of NG Setup (1…150 printable characters); nil leaves it out, as some gNBs do.
    public var ranNodeName: String?
    /// The cell's NR Cell Identity (36 bits, TS 38.413 9.3.1.7).
    public var nrCellIdentity: UInt64
    /// The gNB's N3 address, where it receives downlink G-PDUs: 4 (IPv4) or 16 (IPv6) bytes.
    public var n3Address: [UInt8]
    /// Default Paging DRX of NG Setup (TS 38.413 9.3.1.90).
    public var defaultPagingDRX: PagingDRX
    /// Downlink TEIDs are this byte followed by a 24-bit counter, so gNBs that share an N3 address in one
    /// process allocate disjoint TEIDs when they have different prefixes.
    public var dlTEIDPrefix: UInt8
    /// NG Setup attempts before giving up after failures with Time to Wait or unanswered requests.
    public var ngSetupMaxAttempts: Int
    /// How long an NG Setup Request, NG Reset or RAN Configuration Update waits for its answer before it is
    /// retried or reported failed (the specification leaves this to the implementation).
    public var responseTimeout: Duration
    /// TNGRELOCprep (TS 38.413 §8.4.1.2): how long the source waits for Handover Command.
    public var relocPrepTimeout: Duration
    /// TNGRELOCoverall (TS 38.413 §8.4.1.2): how long the source waits for its context release after
    /// Handover Command.
    public var relocOverallTimeout: Duration
    /// When the gNB sends UE Radio Capability Info Indication (TS 38.413 §8.14.1) after an Initial Context
    /// Setup Request without UE Radio Capability: real gNBs differ (srsRAN after the response, OAI and
    /// the Open5GS test gNB before it, UERANSIM never).
    public var radioCapabilityIndication: RadioCapabilityIndication
    /// The UE Radio Capability sent in that indication (a UERadioCapabilityInformation of TS 38.331).
    public var ueRadioCapability: [UInt8]
    /// Flags UE-associated messages received on stream 0 (TS 38.412 §7 reserves it for non-UE-associated
    /// signalling; OAI's AMF uses it anyway, so this is off by default).
    public var strictStreams: Bool
    /// At most this many UE contexts at once (at most 2^20: the RAN UE NGAP ID holds the context's slot).
    public var maxUEContexts: Int

    /// A slice: SST and an optional 24-bit SD.
    public struct Slice: Hashable, Sendable {
        public var sst: UInt8
        public var sd: UInt32?
        public init(sst: UInt8, sd: UInt32? = nil) {
            self.sst = sst
            self.sd = sd
        }
    }

    public enum RadioCapabilityIndication: Hashable, Sendable {
        case beforeInitialContextSetupResponse, afterInitialContextSetupResponse, never
    }

    public init(
        gnbID: UInt32, gnbIDBitLength: Int = 22, mcc: String, mnc: String, tacs: [UInt32], slices: [Slice],
        ranNodeName: String? = nil, nrCellIdentity: UInt64, n3Address: [UInt8], defaultPagingDRX: PagingDRX = .v128,
        dlTEIDPrefix: UInt8 = 0, ngSetupMaxAttempts: Int = 5, responseTimeout: Duration = .seconds(5),
        relocPrepTimeout: Duration = .seconds(5), relocOverallTimeout: Duration = .seconds(10),
        radioCapabilityIndication: RadioCapabilityIndication = .afterInitialContextSetupResponse,
        ueRadioCapability: [UInt8] = GNBConfig.cannedUERadioCapability, strictStreams: Bool = false,
        maxUEContexts: Int = 1 << 20
    ) {
        self.gnbID = gnbID
        self.gnbIDBitLength = gnbIDBitLength
        self.mcc = mcc
        self.mnc = mnc
        self.tacs = tacs
        self.slices = slices
        self.ranNodeName = ranNodeName
        self.nrCellIdentity = nrCellIdentity
        self.n3Address = n3Address
        self.defaultPagingDRX = defaultPagingDRX
        self.dlTEIDPrefix = dlTEIDPrefix
        self.ngSetupMaxAttempts = ngSetupMaxAttempts
        self.responseTimeout = responseTimeout
        self.relocPrepTimeout = relocPrepTimeout
        self.relocOverallTimeout = relocOverallTimeout
        self.radioCapabilityIndication = radioCapabilityIndication
        self.ueRadioCapability = ueRadioCapability
        self.strictStreams = strictStreams
        self.maxUEContexts = maxUEContexts
    }

    /// The first value outside its constraint, or nil.
    func problem() -> String? {
        if !(22...32).contains(gnbIDBitLength) { return "gNB ID length \(gnbIDBitLength) is not 22…32 bits" }
        if gnbIDBitLength < 32 && gnbID >> UInt32(gnbIDBitLength) != 0 { return "gNB ID \(gnbID) does not fit \(gnbIDBitLength) bits" }
        if !Self.isDigits(mcc, 3...3) { return "MCC \"\(mcc)\" is not 3 digits" }
        if !Self.isDigits(mnc, 2...3) { return "MNC \"\(mnc)\" is not 2 or 3 digits" }
        if tacs.isEmpty || tacs.count > 256 { return "\(tacs.count) TACs: 1…256 are allowed" }
        if let tac = tacs.first(where: { $0 > 0xFF_FFFF }) { return "TAC \(tac) is over 24 bits" }
        if slices.isEmpty || slices.count > 1024 { return "\(slices.count) slices: 1…1024 are allowed" }
        if let s = slices.first(where: { ($0.sd ?? 0) > 0xFF_FFFF }) { return "SD \(s.sd ?? 0) is over 24 bits" }
        if let name = ranNodeName, name.isEmpty || name.utf8.count > 150 || !name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return "RAN node name must be 1…150 printable ASCII characters"
        }
        if nrCellIdentity >> 36 != 0 { return "NR cell identity \(nrCellIdentity) is over 36 bits" }
        if n3Address.count != 4 && n3Address.count != 16 { return "N3 address of \(n3Address.count) bytes: 4 or 16 are allowed" }
        if ngSetupMaxAttempts < 1 { return "ngSetupMaxAttempts must be at least 1" }
        if !(1...(1 << 20)).contains(maxUEContexts) { return "maxUEContexts must be 1…2^20" }
        return nil
    }

    private static func isDigits(_ text: String, _ counts: ClosedRange<Int>) -> Bool {
        counts.contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// The NGAP values a gNB sends again and again, built once from its configuration.
struct GNBIdentity: Sendable {
    let plmn: PLMNIdentity
    let globalRANNodeID: GlobalRANNodeID
    let nrCGI: NRCGI
    let tai: TAI
    let location: UserLocationInformation
    let supportedTAs: SupportedTAList
    let n3Address: TransportLayerAddress
    /// The served TAIs as (PLMN bytes, TAC) pairs, for paging.
    let servedTACs: [UInt32]
    let plmnBytes: [UInt8]

    init(_ c: GNBConfig) {
        plmnBytes = Self.plmnOctets(mcc: c.mcc, mnc: c.mnc)
        plmn = PLMNIdentity(ASN1Bytes(plmnBytes))
        globalRANNodeID = .globalGNBID(GlobalGNBID(
            plmnIdentity: plmn, gnbID: .gnbID(ASN1BitString(value: UInt64(c.gnbID), bitCount: c.gnbIDBitLength))))
        nrCGI = NRCGI(plmnIdentity: plmn, nrCellIdentity: NRCellIdentity(ASN1BitString(value: c.nrCellIdentity, bitCount: 36)))
        tai = TAI(plmnIdentity: plmn, tac: Self.tac(c.tacs.first ?? 0))
        location = .userLocationInformationNR(UserLocationInformationNR(nrCGI: nrCGI, tai: tai))
        let slices = SliceSupportList(c.slices.map { s in
            SliceSupportItem(sNSSAI: SNSSAI(
                sst: SST(ASN1Bytes([s.sst])),
                sd: s.sd.map { SD(ASN1Bytes([UInt8(truncatingIfNeeded: $0 >> 16), UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)])) }))
        })
        let plmnItem = BroadcastPLMNItem(plmnIdentity: plmn, taiSliceSupportList: slices)
        supportedTAs = SupportedTAList(c.tacs.map { SupportedTAItem(tac: Self.tac($0), broadcastPLMNList: BroadcastPLMNList([plmnItem])) })
        n3Address = TransportLayerAddress(ASN1BitString(bytes: ASN1Bytes(c.n3Address), bitCount: c.n3Address.count * 8) ?? ASN1BitString())
        servedTACs = c.tacs
    }

    static func tac(_ v: UInt32) -> TAC {
        TAC(ASN1Bytes([UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]))
    }

    /// TS 24.008 §10.5.1.13 layout: MCC2|MCC1, MNC3|MCC3, MNC2|MNC1 (MNC3 = F for two digits).
    static func plmnOctets(mcc: String, mnc: String) -> [UInt8] {
        let c = Array(mcc.utf8).map { $0 &- 0x30 }, n = Array(mnc.utf8).map { $0 &- 0x30 }
        guard c.count == 3, n.count >= 2 else { return [0, 0, 0] }
        return [c[1] << 4 | c[0], (n.count == 3 ? n[2] : 0xF) << 4 | c[2], n[1] << 4 | n[0]]
    }

    /// Whether `tai` is one this gNB serves.
    func serves(_ tai: TAI) -> Bool {
        guard tai.plmnIdentity.value.slice.elementsEqual(plmnBytes), tai.tac.value.count == 3 else { return false }
        let b = tai.tac.value
        let v = UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2])
        return servedTACs.contains(v)
    }
}
