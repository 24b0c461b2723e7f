/// What the driver tells the core: an N2 association came up or went away, an NGAP message arrived, a timer the
/// core started fired, the user plane reported something, or an operator command.
public enum CoreEvent: Sendable {
    /// An SCTP association from a gNB is established; the core may send on streams `0..<outboundStreams`.
    case associationUp(AssociationID, outboundStreams: UInt16)
    /// The association is gone (shutdown, abort, lost): every UE-associated connection on it ends.
    case associationLost(AssociationID)
    /// One NGAP-PDU (SCTP PPID 60) received on `stream`.
    case ngapReceived(AssociationID, stream: UInt16, bytes: [UInt8])
    /// A timer started by `CoreAction.startTimer` ran out (stale timers are recognised and ignored).
    case timerFired(CoreTimerID)
    /// An event from the user plane (see `UPFEvent`).
    case userPlane(UPFEvent)
    /// An operator request for a network-initiated procedure.
    case command(CoreCommand)
}

/// Network-initiated procedures the driver (or a test) asks for. SUPIs are `imsi-DIGITS`.
public enum CoreCommand: Sendable, Hashable {
    /// Network-initiated deregistration (TS 24.501 §5.5.2.3), T3522 guarded.
    case deregister(supi: String, reregistrationRequired: Bool)
    /// Network-requested PDU session release (TS 24.501 §6.3.3), T3592 guarded.
    case releasePDUSession(supi: String, pduSessionID: UInt8)
    /// AMF-initiated UE context release (TS 38.413 §8.3.3): the UE goes to CM-IDLE.
    case releaseUEContext(supi: String)
    /// AMF Configuration Update to every gNB (TS 38.413 §8.7.3).
    case amfConfigurationUpdate
    /// AMF-initiated NG Reset of one association (TS 38.413 §8.7.4.2.2).
    case ngReset(AssociationID)
}
