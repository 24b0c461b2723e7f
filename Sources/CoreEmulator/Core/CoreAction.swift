/// What the core asks the driver to do, appended to a caller-owned buffer in the order to perform them.
public enum CoreAction: Sendable {
    /// Send one NGAP-PDU on the association's stream (PPID 60).
    case send(AssociationID, stream: UInt16, bytes: [UInt8])
    /// Abort the association (SCTP ABORT); the driver then reports `associationLost`.
    case abort(AssociationID)
    /// Start (or restart) a timer; fire it with `CoreEvent.timerFired` after `after`.
    case startTimer(CoreTimerID, after: Duration)
    /// Cancel a timer (firing it anyway is harmless: the core ignores stale timers).
    case stopTimer(CoreTimerID)
    /// A command for the user plane (see `UPFCommand`).
    case userPlane(UPFCommand)
    /// A peer did something the specifications do not allow; the core answered as they require.
    case deviation(CoreDeviation)
    /// A procedure ended (for metrics, logs and tests).
    case notice(CoreNotice)
}

/// Something a peer (gNB or UE) did that the specifications do not allow, with the clause and the message.
public struct CoreDeviation: Hashable, Sendable, CustomStringConvertible {
    /// A short stable name: `transferSyntaxError`, `unexpectedMessage`, `macFailure`, `missingMandatoryIE`…
    public var kind: String
    /// The clause broken, e.g. `TS 24.501 §4.4.6`.
    public var clause: String
    /// For people: what was expected and what arrived.
    public var message: String
    /// The association it came on, when there is one.
    public var association: AssociationID?
    /// The SUPI concerned, when known.
    public var supi: String?
    /// The offending NGAP-PDU or NAS-PDU.
    public var bytes: [UInt8]

    public init(kind: String, clause: String, message: String, association: AssociationID? = nil, supi: String? = nil, bytes: [UInt8] = []) {
        self.kind = kind
        self.clause = clause
        self.message = message
        self.association = association
        self.supi = supi
        self.bytes = bytes
    }

    public var description: String { "\(kind) (\(clause)): \(message)" }
}

/// A procedure the core completed or gave up, for metrics and tests.
public enum CoreNotice: Hashable, Sendable {
    case ngSetup(AssociationID, accepted: Bool)
    case registered(supi: String)
    case registrationRejected(supi: String?, cause: UInt8)
    case authenticationFailed(supi: String)
    case deregistered(supi: String)
    case pduSessionEstablished(supi: String, pduSessionID: UInt8, addresses: [IPAddress])
    case pduSessionModified(supi: String, pduSessionID: UInt8, accepted: Bool)
    case pduSessionReleased(supi: String, pduSessionID: UInt8)
    case serviceAccepted(supi: String)
    case ueContextReleased(supi: String?)
    case paging(supi: String)
    case handoverCompleted(supi: String)
    case handoverFailed(supi: String)
    case configurationUpdated(supi: String)
    /// A NAS procedure timer ran out for the fifth time and the procedure was aborted.
    case procedureAborted(supi: String?, timer: CoreTimerKind)
}
