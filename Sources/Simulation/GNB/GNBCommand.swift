import NAS5GS
import NGAP

/// What the driver or the plan asks a gNB to do (events that do not come from the AMF).
public enum GNBCommand: Sendable {
    /// Try NG Setup again after it failed for good.
    case ngSetup
    /// gNB-initiated UE Context Release Request (TS 38.413 §8.3.2), e.g. the plan's "go idle" (cause
    /// user-inactivity) or a radio link failure (radio-connection-with-UE-lost).
    case releaseRequest(UEIndex, cause: CauseRadioNetwork)
    /// An idle UE camps on this gNB's cell with this 5G-S-TMSI: Paging for it reaches it here.
    case camp(UEIndex, fiveGSTMSI: NAS5GS.FiveGSTMSI)
    /// The idle UE left the cell (or registered elsewhere).
    case leave(UEIndex)
    /// N2 handover, source side (TS 38.413 §8.4.1): Handover Required toward `target`.
    case handover(UEIndex, to: GNBHandoverTarget, cause: CauseRadioNetwork)
    /// Handover Cancel (TS 38.413 §8.4.5) of a handover under preparation.
    case handoverCancel(UEIndex, cause: CauseRadioNetwork)
    /// N2 handover, target side: the UE arrived with the container of `GNBAction.handoverExecute`; the gNB
    /// sends Handover Notify (TS 38.413 §8.4.3).
    case handoverArrival(UEIndex, targetToSourceContainer: [UInt8])
    /// Xn handover, source side: give the UE's context to the driver (`GNBAction.xnHandoverPrepared`).
    case xnPrepare(UEIndex)
    /// Xn handover, target side: the UE arrived; the gNB sends Path Switch Request (TS 38.413 §8.4.4).
    case xnArrival(UEIndex, context: XnHandoverContext)
    /// Xn handover, source side: release the context locally after the path switch (XnAP UE Context
    /// Release; nothing is sent on NG).
    case xnRelease(UEIndex)
    /// gNB-initiated PDU Session Resource Notify (TS 38.413 §8.2.4) releasing a session's resources.
    case notifySessionReleased(UEIndex, pduSessionID: UInt8, cause: CauseRadioNetwork)
    /// gNB-initiated NG Reset (TS 38.413 §8.7.4.2.2): all contexts, or those of the listed UEs.
    case ngReset(cause: Cause, ues: [UEIndex]?)
    /// RAN Configuration Update (TS 38.413 §8.7.2) with the gNB's current TAs and name.
    case ranConfigurationUpdate
    /// Error Indication (TS 38.413 §8.7.5), about a UE or the interface.
    case errorIndication(UEIndex?, cause: Cause)
}

/// Where an N2 handover goes (TS 38.413 9.3.1.25 Target ID, and the target cell of the source-to-target
/// container): take it from the target's configuration with `GNB.handoverTarget`.
public struct GNBHandoverTarget: Hashable, Sendable {
    public var globalRANNodeID: GlobalRANNodeID
    public var selectedTAI: TAI
    public var cell: NRCGI
}

/// A PDU session as the gNB holds it.
public struct GNBSession: Hashable, Sendable {
    public var pduSessionID: UInt8
    public var slice: GNBConfig.Slice
    public var ulAddress: [UInt8]
    public var ulTEID: UInt32
    public var dlTEID: UInt32
    public var qfis: [UInt8]
}

/// What an Xn handover target needs from the source (the stand-in for XnAP Handover Request).
public struct XnHandoverContext: Hashable, Sendable {
    /// The source's AMF UE NGAP ID (Path Switch Request's Source AMF UE NGAP ID).
    public var sourceAMFUENGAPID: Int64
    public var ueSecurityCapabilities: UESecurityCapabilities
    public var sessions: [GNBSession]
}
