/// The procedures the harness times and counts. Raw values are the metric names of test plans
/// (`registration.latency.p95`) and of the JSON results (`procedures.registration`).
public enum ProcedureKind: String, Hashable, Sendable, CaseIterable {
    case ngSetup = "ng_setup"
    case registration
    case authentication
    case securityMode = "security_mode"
    case pduSessionEstablishment = "pdu_session_establishment"
    case pduSessionModification = "pdu_session_modification"
    case pduSessionRelease = "pdu_session_release"
    case serviceRequest = "service_request"
    case deregistration
    case handover
    case paging
    case ueContextRelease = "ue_context_release"
    /// NG Reset (TS 38.413 §8.7.4), either side initiating (added for the gNB).
    case ngReset = "ng_reset"
    /// RAN Configuration Update (TS 38.413 §8.7.2) (added for the gNB).
    case ranConfigurationUpdate = "ran_configuration_update"
}

/// How a procedure ended.
public enum ProcedureOutcome: Hashable, Sendable {
    case success
    /// The peer refused (a reject or failure message) or the procedure could not complete: the cause as the
    /// specification names it (`5GMM #22 congestion`, `NGAP radioNetwork/unknown-PLMN-or-SNPN`, `T3510 expired`).
    case failure(String)
}

/// A procedure that ended, with the times it started and ended (monotonic time since the driver started).
public struct ProcedureReport: Hashable, Sendable {
    public var kind: ProcedureKind
    public var outcome: ProcedureOutcome
    public var started: Duration
    public var ended: Duration
    /// The PDU session, for session procedures.
    public var pduSessionID: UInt8?

    public init(kind: ProcedureKind, outcome: ProcedureOutcome, started: Duration, ended: Duration, pduSessionID: UInt8? = nil) {
        self.kind = kind
        self.outcome = outcome
        self.started = started
        self.ended = ended
        self.pduSessionID = pduSessionID
    }

    public var latency: Duration { ended - started }
}

/// Something the peer did that the specifications do not allow, reported as a result (never a trap or only
/// a log line): what rule, which clause, and the message concerned.
public struct ProtocolDeviation: Hashable, Sendable {
    /// A short stable name, e.g. `unexpectedMessage`, `macFailure`, `missingMandatoryIE`.
    public var kind: String
    /// The clause broken, e.g. `TS 24.501 §5.4.2.2`.
    public var clause: String
    /// For people: what was expected and what arrived.
    public var message: String
    /// The offending message's bytes (NGAP-PDU or NAS-PDU), when there is one.
    public var bytes: [UInt8]

    public init(kind: String, clause: String, message: String, bytes: [UInt8] = []) {
        self.kind = kind
        self.clause = clause
        self.message = message
        self.bytes = bytes
    }
}
