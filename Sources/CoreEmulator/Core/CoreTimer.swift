/// The timers the core runs (TS 24.501 §10.2 table 10.2.2 for the AMF's 5GMM timers, table 10.3.2 for the SMF's
/// 5GSM timers), plus its own.
public enum CoreTimerKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Paging (network side; implementation specific): repeat, then give up.
    case t3513
    /// Network-initiated deregistration (§5.5.2.3.4).
    case t3522
    /// Registration Accept retransmission (§5.5.1.2.8).
    case t3550
    /// Configuration Update Command retransmission (§5.4.4.5).
    case t3555
    /// Authentication Request and Security Mode Command retransmission (§5.4.1.3.7, §5.4.2.7).
    case t3560
    /// Identity Request retransmission (§5.4.3.5).
    case t3570
    /// PDU Session Modification Command retransmission (§6.3.2.5).
    case t3591
    /// PDU Session Release Command retransmission (§6.3.3.5).
    case t3592
    /// A send held back by a `delay` fault.
    case delayedSend

    public var description: String {
        switch self {
        case .t3513: "T3513"
        case .t3522: "T3522"
        case .t3550: "T3550"
        case .t3555: "T3555"
        case .t3560: "T3560"
        case .t3570: "T3570"
        case .t3591: "T3591"
        case .t3592: "T3592"
        case .delayedSend: "delayed send"
        }
    }
}

/// One running timer: its kind, the UE slot (or pending send) it belongs to, the PDU session for the 5GSM timers,
/// and a generation token the core checks when it fires, so a timer that was stopped or restarted is ignored.
public struct CoreTimerID: Hashable, Sendable, CustomStringConvertible {
    public var kind: CoreTimerKind
    public var slot: UInt32
    public var pduSessionID: UInt8
    public var token: UInt32

    public init(kind: CoreTimerKind, slot: UInt32, pduSessionID: UInt8 = 0, token: UInt32) {
        self.kind = kind
        self.slot = slot
        self.pduSessionID = pduSessionID
        self.token = token
    }

    public var description: String { "\(kind)[\(slot)\(pduSessionID == 0 ? "" : "/\(pduSessionID)")#\(token)]" }
}
