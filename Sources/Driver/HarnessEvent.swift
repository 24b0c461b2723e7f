import Simulation
import Transport

/// What a harness driver reports to its owner (the runner, a test), on the loop's thread, in the order it
/// happened. Times are the driver's (`Duration` since it started).
public enum HarnessEvent: Sendable {
    /// A gNB's NG Setup succeeded: it can carry UEs.
    case gnbReady(GNBIndex, at: Duration)
    /// A gNB's association ended (the peer aborted or stopped answering, or it never came up).
    case gnbLost(GNBIndex, reason: String, at: Duration)
    /// A procedure ended, timed by the UE or the gNB that ran it.
    case procedure(ProcedureReport, ue: UEIndex?, gnb: GNBIndex?)
    /// The peer broke a rule; the UE or gNB that saw it carried on as the specifications say.
    case deviation(ProtocolDeviation, ue: UEIndex?, gnb: GNBIndex?, at: Duration)
    /// A UE's 5GMM state changed.
    case ueState(UEIndex, FiveGMMState, at: Duration)
    /// A PDU session came up, changed or went down at the UE.
    case pduSession(UEIndex, PDUSessionEvent, at: Duration)
    /// The gNB's user-plane tunnel of a session is up (uplink toward the UPF, downlink toward the gNB).
    case tunnelUp(GNBTunnel, at: Duration)
    /// An ICMP echo a UE sent through its tunnel came back after `rtt`.
    case echoReply(UEIndex, pduSessionID: UInt8, sequence: UInt16, rtt: Duration)
    /// The driver asked a gNB for something it could not do (no connection, busy, capacity, ...).
    case refused(ue: UEIndex?, gnb: GNBIndex, String)
    /// A message could not be sent or a transport failed (the run goes on with what remains).
    case transportError(String, gnb: GNBIndex?, at: Duration)
}
