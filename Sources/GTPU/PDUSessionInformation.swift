import Bytes
import Packets

/// The content of a PDU Session Container extension header (TS 38.415 §5.5.2): DL PDU SESSION INFORMATION
/// (PDU type 0, UPF to gNB) or UL PDU SESSION INFORMATION (PDU type 1, gNB to UPF). Other PDU types are
/// kept as bytes by `GTPUExtensionHeader.other`. Spare bits are read as zero and written as zero;
/// padding is ignored and written as zeros.
public enum PDUSessionInformation: Hashable, Sendable {
    case downlink(DLPDUSessionInformation)
    case uplink(ULPDUSessionInformation)

    /// The QoS flow identifier (6 bits).
    @inlinable public var qfi: UInt8 {
        switch self {
        case .downlink(let d): d.qfi
        case .uplink(let u): u.qfi
        }
    }

    /// 0 downlink, 1 uplink.
    public var pduType: UInt8 {
        if case .downlink = self { return 0 }
        return 1
    }
}

/// DL PDU SESSION INFORMATION (TS 38.415 §5.5.2.1). Optional fields are present when their flag is set.
public struct DLPDUSessionInformation: Hashable, Sendable {
    /// QoS Flow Identifier (6 bits).
    public var qfi: UInt8
    /// RQI: reflective QoS applies to this packet.
    public var reflectiveQoSIndicator: Bool
    /// PPI (3 bits), present when PPP is set.
    public var pagingPolicyIndicator: UInt8?
    /// DL Sending Time Stamp (NTP format), present when QMP is set.
    public var sendingTimeStamp: UInt64?
    /// DL QFI Sequence Number (24 bits), present when SNP is set.
    public var qfiSequenceNumber: UInt32?
    /// DL MBS QFI Sequence Number (Rel-17), present when MSNP is set.
    public var mbsQFISequenceNumber: UInt32?

    @inlinable
    public init(qfi: UInt8, reflectiveQoSIndicator: Bool = false, pagingPolicyIndicator: UInt8? = nil,
                sendingTimeStamp: UInt64? = nil, qfiSequenceNumber: UInt32? = nil, mbsQFISequenceNumber: UInt32? = nil) {
        self.qfi = qfi
        self.reflectiveQoSIndicator = reflectiveQoSIndicator
        self.pagingPolicyIndicator = pagingPolicyIndicator
        self.sendingTimeStamp = sendingTimeStamp
        self.qfiSequenceNumber = qfiSequenceNumber
        self.mbsQFISequenceNumber = mbsQFISequenceNumber
    }
}

/// UL PDU SESSION INFORMATION (TS 38.415 §5.5.2.2). Optional fields are present when their flag is set.
public struct ULPDUSessionInformation: Hashable, Sendable {
    /// The three time stamps of QoS monitoring (QMP set), NTP format.
    public struct QoSMonitoring: Hashable, Sendable {
        public var dlSendingTimeStampRepeated: UInt64
        public var dlReceivedTimeStamp: UInt64
        public var ulSendingTimeStamp: UInt64

        public init(dlSendingTimeStampRepeated: UInt64, dlReceivedTimeStamp: UInt64, ulSendingTimeStamp: UInt64) {
            self.dlSendingTimeStampRepeated = dlSendingTimeStampRepeated
            self.dlReceivedTimeStamp = dlReceivedTimeStamp
            self.ulSendingTimeStamp = ulSendingTimeStamp
        }
    }

    /// QoS Flow Identifier (6 bits).
    public var qfi: UInt8
    public var qosMonitoring: QoSMonitoring?
    /// DL Delay Result (DL Delay Ind set).
    public var dlDelayResult: UInt32?
    /// UL Delay Result (UL Delay Ind set).
    public var ulDelayResult: UInt32?
    /// UL QFI Sequence Number (24 bits, SNP set).
    public var qfiSequenceNumber: UInt32?
    /// N3/N9 Delay Result (N3/N9 Delay Ind set).
    public var n3n9DelayResult: UInt32?
    /// The New IE Flags octet (New IE Flag set); bit 1 announces the D1 UL PDCP Delay Result.
    public var newIEFlags: UInt8?
    /// D1 UL PDCP Delay Result (Rel-17), present when bit 1 of `newIEFlags` is set.
    public var d1ULPDCPDelayResult: UInt32?

    @inlinable
    public init(qfi: UInt8, qosMonitoring: QoSMonitoring? = nil, dlDelayResult: UInt32? = nil, ulDelayResult: UInt32? = nil,
                qfiSequenceNumber: UInt32? = nil, n3n9DelayResult: UInt32? = nil, newIEFlags: UInt8? = nil,
                d1ULPDCPDelayResult: UInt32? = nil) {
        self.qfi = qfi
        self.qosMonitoring = qosMonitoring
        self.dlDelayResult = dlDelayResult
        self.ulDelayResult = ulDelayResult
        self.qfiSequenceNumber = qfiSequenceNumber
        self.n3n9DelayResult = n3n9DelayResult
        self.newIEFlags = newIEFlags
        self.d1ULPDCPDelayResult = d1ULPDCPDelayResult
    }
}

extension PDUSessionInformation {
    /// Reads the content of a PDU Session Container (the bytes between its length octet and its next-type
    /// octet); nil for a PDU type other than 0 and 1. `base` is the content's offset in the message.
    static func decode(_ content: ByteView, base: Int) throws(GTPUError) -> PDUSessionInformation? {
        var r = FieldReader(bytes: content, base: base, within: .pduSessionContainer)
        let first = try r.u8("pduType")
        let second = try r.u8("qfi")
        let qfi = second & 0x3F
        switch first >> 4 {
        case 0:
            var d = DLPDUSessionInformation(qfi: qfi, reflectiveQoSIndicator: second & 0x40 != 0)
            if second & 0x80 != 0 { d.pagingPolicyIndicator = try r.u8("PPI") >> 5 }
            if first & 0x08 != 0 { d.sendingTimeStamp = try r.u64("DLSendingTimeStamp") }
            if first & 0x04 != 0 { d.qfiSequenceNumber = try r.u24("DLQFISequenceNumber") }
            if first & 0x02 != 0 { d.mbsQFISequenceNumber = try r.u32("DLMBSQFISequenceNumber") }
            return .downlink(d)
        case 1:
            var u = ULPDUSessionInformation(qfi: qfi)
            if first & 0x08 != 0 {
                u.qosMonitoring = .init(dlSendingTimeStampRepeated: try r.u64("DLSendingTimeStampRepeated"),
                                        dlReceivedTimeStamp: try r.u64("DLReceivedTimeStamp"),
                                        ulSendingTimeStamp: try r.u64("ULSendingTimeStamp"))
            }
            if first & 0x04 != 0 { u.dlDelayResult = try r.u32("DLDelayResult") }
            if first & 0x02 != 0 { u.ulDelayResult = try r.u32("ULDelayResult") }
            if first & 0x01 != 0 { u.qfiSequenceNumber = try r.u24("ULQFISequenceNumber") }
            if second & 0x80 != 0 { u.n3n9DelayResult = try r.u32("N3N9DelayResult") }
            if second & 0x40 != 0 {
                let flags = try r.u8("NewIEFlags")
                u.newIEFlags = flags
                if flags & 0x01 != 0 { u.d1ULPDCPDelayResult = try r.u32("D1ULPDCPDelayResult") }
            }
            return .uplink(u)
        default:
            return nil
        }
    }

    /// Bytes of the content before padding.
    var contentLength: Int {
        switch self {
        case .downlink(let d):
            return 2 + (d.pagingPolicyIndicator == nil ? 0 : 1) + (d.sendingTimeStamp == nil ? 0 : 8)
                + (d.qfiSequenceNumber == nil ? 0 : 3) + (d.mbsQFISequenceNumber == nil ? 0 : 4)
        case .uplink(let u):
            return 2 + (u.qosMonitoring == nil ? 0 : 24) + (u.dlDelayResult == nil ? 0 : 4) + (u.ulDelayResult == nil ? 0 : 4)
                + (u.qfiSequenceNumber == nil ? 0 : 3) + (u.n3n9DelayResult == nil ? 0 : 4)
                + (u.newIEFlags == nil ? 0 : 1) + (u.newIEFlags.map { $0 & 1 != 0 } == true ? 4 : 0)
        }
    }

    /// Writes the content (without padding).
    func encode(into w: inout PacketWriter) throws(PacketError) {
        switch self {
        case .downlink(let d):
            var first: UInt8 = 0x00
            if d.sendingTimeStamp != nil { first |= 0x08 }
            if d.qfiSequenceNumber != nil { first |= 0x04 }
            if d.mbsQFISequenceNumber != nil { first |= 0x02 }
            try w.writeU8(first)
            try w.writeU8((d.pagingPolicyIndicator == nil ? 0 : 0x80) | (d.reflectiveQoSIndicator ? 0x40 : 0) | d.qfi & 0x3F)
            if let ppi = d.pagingPolicyIndicator { try w.writeU8(ppi << 5) }
            if let ts = d.sendingTimeStamp { try w.writeU64(ts) }
            if let sn = d.qfiSequenceNumber { try w.writeU24(sn) }
            if let sn = d.mbsQFISequenceNumber { try w.writeU32(sn) }
        case .uplink(let u):
            var first: UInt8 = 0x10
            if u.qosMonitoring != nil { first |= 0x08 }
            if u.dlDelayResult != nil { first |= 0x04 }
            if u.ulDelayResult != nil { first |= 0x02 }
            if u.qfiSequenceNumber != nil { first |= 0x01 }
            try w.writeU8(first)
            try w.writeU8((u.n3n9DelayResult == nil ? 0 : 0x80) | (u.newIEFlags == nil ? 0 : 0x40) | u.qfi & 0x3F)
            if let m = u.qosMonitoring {
                try w.writeU64(m.dlSendingTimeStampRepeated)
                try w.writeU64(m.dlReceivedTimeStamp)
                try w.writeU64(m.ulSendingTimeStamp)
            }
            if let v = u.dlDelayResult { try w.writeU32(v) }
            if let v = u.ulDelayResult { try w.writeU32(v) }
            if let v = u.qfiSequenceNumber { try w.writeU24(v) }
            if let v = u.n3n9DelayResult { try w.writeU32(v) }
            if let flags = u.newIEFlags {
                try w.writeU8(flags)
                if flags & 1 != 0 { try w.writeU32(u.d1ULPDCPDelayResult ?? 0) }
            }
        }
    }
}

extension PacketWriter {
    /// Writes the low 24 bits of `v`.
    mutating func writeU24(_ v: UInt32) throws(PacketError) {
        try writeU8(UInt8(truncatingIfNeeded: v >> 16))
        try writeU16(UInt16(truncatingIfNeeded: v))
    }
}

/// Bounds-checked reads that advance, throwing `truncated` with the field's name and offset. The error
/// path is built only when an error is thrown (no allocation on the way through).
struct FieldReader {
    /// What is being read: the first components of an error's path.
    enum Within {
        case pduSessionContainer
        case informationElements

        var path: [String] {
            switch self {
            case .pduSessionContainer: ["PDUSessionContainer"]
            case .informationElements: ["GTPU", "informationElements"]
            }
        }
    }

    let bytes: ByteView
    let base: Int
    let within: Within
    var offset = 0

    init(bytes: ByteView, base: Int, within: Within) {
        self.bytes = bytes
        self.base = base
        self.within = within
    }

    var remaining: Int { bytes.count - offset }

    @inline(never)
    func cut(_ field: String, _ size: Int) -> GTPUError {
        let path = within.path
        return .at(base + offset, path + [field], .truncated,
                   "\(field) (\(size) bytes) runs past the \(bytes.count) bytes of \(path.last ?? "the field")")
    }

    mutating func u8(_ field: String) throws(GTPUError) -> UInt8 {
        guard let v = bytes.u8(at: offset) else { throw cut(field, 1) }
        offset += 1
        return v
    }

    mutating func u16(_ field: String) throws(GTPUError) -> UInt16 {
        guard let v = bytes.u16(at: offset) else { throw cut(field, 2) }
        offset += 2
        return v
    }

    mutating func u24(_ field: String) throws(GTPUError) -> UInt32 {
        guard let high = bytes.u8(at: offset), let low = bytes.u16(at: offset + 1) else { throw cut(field, 3) }
        offset += 3
        return UInt32(high) << 16 | UInt32(low)
    }

    mutating func u32(_ field: String) throws(GTPUError) -> UInt32 {
        guard let v = bytes.u32(at: offset) else { throw cut(field, 4) }
        offset += 4
        return v
    }

    mutating func u64(_ field: String) throws(GTPUError) -> UInt64 {
        guard let v = bytes.u64(at: offset) else { throw cut(field, 8) }
        offset += 8
        return v
    }

    mutating func bytes(_ field: String, _ count: Int) throws(GTPUError) -> ByteView {
        guard let v = bytes.slice(offset, count) else { throw cut(field, count) }
        offset += count
        return v
    }
}
