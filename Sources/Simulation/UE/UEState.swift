import NAS5GS
import NASSecurity

/// The UE's 5G NAS security contexts (TS 24.501 §4.4.2, TS 33.501 §6.3): the current (full native) context
/// in use, and the partial native context a fresh authentication made, waiting for its Security Mode Command.
struct UESecurityState: Sendable {
    /// The context that protects messages; nil before the first Security Mode Command or after it was deleted.
    var current: NASSecurityContext?
    /// ngKSI of `current` (7: no key).
    var currentKSI: UInt8 = 7
    /// KAMF of `current`.
    var currentKAMF: [UInt8] = []
    /// A partial native context from the last authentication: ngKSI and KAMF (TS 24.501 §5.4.1.3.2).
    var pendingKSI: UInt8 = 7
    var pendingKAMF: [UInt8] = []
    /// The EAP-AKA' keys of a challenge answered, waiting for EAP-Success (TS 33.501 §6.1.3.1).
    var eapKAUSF: [UInt8] = []

    var hasCurrent: Bool { current != nil }

    /// Forgets every context and key (TS 24.501 §5.4.1.3.5 Authentication Reject, §5.5.1.2.5 rejects).
    mutating func deleteAll() {
        current = nil
        currentKSI = 7
        currentKAMF = []
        pendingKSI = 7
        pendingKAMF = []
        eapKAUSF = []
    }
}

/// A registration procedure in progress (TS 24.501 §5.5.1).
struct PendingRegistration: Sendable {
    var kind: RegistrationKind
    /// When the first Registration Request of this attempt went out.
    var started: Duration
    /// The entire plain Registration Request (cleartext and non-cleartext IEs), for the NAS message container
    /// of the Security Mode Complete when the network asks for it (RINMR, TS 24.501 §4.4.6).
    var fullRequest: [UInt8]
}

/// A service request in progress (TS 24.501 §5.6.1).
struct PendingService: Sendable {
    var started: Duration
    /// The entire plain Service Request, for the Security Mode Complete (RINMR).
    var fullRequest: [UInt8]
    /// PSIs whose user-plane resources were asked for.
    var requested: UInt16
}

/// A UE-initiated de-registration in progress (TS 24.501 §5.5.2.2).
struct PendingDeregistration: Sendable {
    var started: Duration
    var switchOff: Bool
    /// Deregistration Requests sent again on T3521 expiry.
    var retransmissions: Int
}

/// A PDU session as the UE's 5GSM entity keeps it (TS 24.501 §6.1.3.2: PDU session states).
struct PDUSessionState: Sendable {
    enum Phase: Sendable, Equatable {
        /// PDU SESSION ACTIVE PENDING: Establishment Request sent, T3580 running.
        case establishing
        case active
        /// PDU SESSION MODIFICATION PENDING: Modification Request sent, T3581 running.
        case modifying
        /// PDU SESSION INACTIVE PENDING: Release Request sent, T3582 running.
        case releasing
    }

    var id: UInt8
    var phase: Phase
    /// The PTI of the UE-requested procedure in progress, 0 when none.
    var pti: UInt8
    var request: PDUSessionRequest
    var info: PDUSessionInfo?
    /// The plain UL NAS Transport of the procedure in progress, sent again on timer expiry.
    var pendingUplink: [UInt8]
    var retransmissions: Int
    var started: Duration
}
