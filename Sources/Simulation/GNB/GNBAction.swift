import NAS5GS

/// What a gNB asks its driver to do. Appended, in order, to the buffer the caller passes to every entry point.
public enum GNBAction: Sendable, Equatable {
    /// Send an NGAP-PDU to the AMF on this SCTP stream (PPID 60).
    case send(stream: UInt16, bytes: [UInt8])
    /// Hand a downlink NAS-PDU to the UE (a slice of the received NGAP bytes: no copy).
    case deliverNAS(ue: UEIndex, nasPDU: ArraySlice<UInt8>)
    /// The UE's RRC connection is released: it is in CM-IDLE now (UE Context Release, NG Reset, lost
    /// association, Path Switch failure).
    case rrcReleased(ue: UEIndex)
    /// A Paging message matched this idle UE camped on the gNB: the driver wakes it (service request).
    case paged(ue: UEIndex, fiveGSTMSI: FiveGSTMSI)
    /// A user-plane tunnel is up: the driver starts forwarding G-PDUs of this session.
    case tunnelUp(GNBTunnel)
    /// The session's UPF endpoint or QoS flows changed.
    case tunnelModified(GNBTunnel)
    /// The session's tunnel is gone.
    case tunnelDown(ue: UEIndex, pduSessionID: UInt8, dlTEID: UInt32)
    /// Start (or restart) a timer; it comes back through `GNB.timerFired(_:now:into:)`.
    case startTimer(GNBTimer, after: Duration)
    case stopTimer(GNBTimer)
    /// A procedure the gNB times ended (NG Setup, NG Reset, handover, paging, UE context release …).
    case procedure(ProcedureReport, ue: UEIndex?)
    /// The AMF did something the specifications do not allow (or the gNB does not implement: kind
    /// `notImplemented`).
    case deviation(ProtocolDeviation, ue: UEIndex?)
    /// N2 handover, source side: the Handover Command arrived, the UE leaves. The driver hands the container
    /// (the target's RRC reconfiguration) to the target gNB: `GNBCommand.handoverArrival`.
    case handoverExecute(ue: UEIndex, targetToSourceContainer: [UInt8])
    /// Xn handover, source side: what the target needs, for the driver to pass in `GNBCommand.xnArrival`.
    case xnHandoverPrepared(ue: UEIndex, context: XnHandoverContext)
    /// A driver request the gNB could not carry out (nothing was sent).
    case refused(ue: UEIndex?, GNBRefusal)
}

/// Why a command or an uplink NAS message was not carried out.
public enum GNBRefusal: String, Hashable, Sendable {
    /// The NG interface is not set up.
    case notReady
    /// No RRC connection for the UE on this gNB (and the NAS message came without RRC setup values).
    case noConnection
    /// The UE already has a context on this gNB.
    case alreadyConnected
    /// The UE's context is in a procedure that does not allow this now (e.g. the AMF has not answered the
    /// Initial UE Message yet, a handover is under way).
    case busy
    /// The gNB has `maxUEContexts` contexts.
    case capacity
    /// A handover arrival whose container names no prepared context of this gNB.
    case unknownHandover
    /// The UE has no such PDU session here.
    case unknownPDUSession
    /// A handover needs at least one PDU session (TS 38.413: PDU Session Resource List of Handover Required
    /// and of Path Switch Request are mandatory, of size 1 or more).
    case noPDUSession
}

/// The gNB's timers. The driver keeps them in its timer structure and calls `timerFired` when one expires.
public enum GNBTimer: Hashable, Sendable {
    /// NG Setup: Time to Wait after a failure, or the wait for an answer.
    case ngSetup
    /// The wait for NG Reset Acknowledge.
    case ngReset
    /// RAN Configuration Update: Time to Wait after a failure, or the wait for an answer.
    case ranConfigurationUpdate
    /// TNGRELOCprep of a UE (source of an N2 handover).
    case relocPrep(UEIndex)
    /// TNGRELOCoverall of a UE (source of an N2 handover).
    case relocOverall(UEIndex)
}

/// A user-plane tunnel of a PDU session (TS 38.413 9.3.4.1 and 9.3.4.2): the UPF's uplink endpoint from the
/// request transfer, the gNB's downlink endpoint it allocated, and the QoS flows.
public struct GNBTunnel: Hashable, Sendable {
    public var ue: UEIndex
    public var pduSessionID: UInt8
    /// UPF address (4 or 16 bytes; 20 when the UPF gave both) and TEID for uplink G-PDUs.
    public var ulAddress: [UInt8]
    public var ulTEID: UInt32
    /// gNB address and TEID for downlink G-PDUs.
    public var dlAddress: [UInt8]
    public var dlTEID: UInt32
    /// QoS flow identifiers (QFI) of the session.
    public var qfis: [UInt8]

    public init(ue: UEIndex, pduSessionID: UInt8, ulAddress: [UInt8], ulTEID: UInt32, dlAddress: [UInt8], dlTEID: UInt32, qfis: [UInt8]) {
        self.ue = ue
        self.pduSessionID = pduSessionID
        self.ulAddress = ulAddress
        self.ulTEID = ulTEID
        self.dlAddress = dlAddress
        self.dlTEID = dlTEID
        self.qfis = qfis
    }
}
