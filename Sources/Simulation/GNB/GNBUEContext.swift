import NGAP

/// One UE-associated logical NG-connection of a gNB (TS 38.413 §3.1), stored by value in the gNB's flat
/// context array. Its slot in that array is the low 20 bits of its RAN UE NGAP ID.
struct GNBUEContext: Sendable {
    enum State: String, Sendable {
        /// The slot is unused.
        case free
        /// Initial UE Message sent; the AMF has not sent its AMF UE NGAP ID yet.
        case waitingForAMF
        case connected
        /// UE Context Release Request sent, waiting for the Command.
        case releaseRequested
        /// Source of an N2 handover: Handover Required sent, waiting for the Command.
        case handoverPreparing
        /// Source: Handover Cancel sent, waiting for its acknowledge.
        case handoverCancelling
        /// Source: Handover Command received, the UE left; waiting for UE Context Release Command.
        case handoverExecuting
        /// Target of an N2 handover: resources allocated, waiting for the UE (no UE index yet).
        case handoverTarget
        /// Target of an Xn handover: Path Switch Request sent.
        case pathSwitching
        /// Source of an Xn handover: context handed to the target, waiting for the driver's release.
        case xnSource
    }

    var state: State = .free
    /// The UE, `GNB.unbound` for a handover target context before the UE arrives.
    var ue: UEIndex = GNB.unbound
    /// Generation (12 bits) and slot (20 bits).
    var ranID: UInt32 = 0
    /// -1 until the AMF sends one.
    var amfID: Int64 = -1
    var stream: UInt16 = 0
    /// Initial Context Setup done (AS security active).
    var contextSetUp = false
    var sessions: [GNBSession] = []
    var securityCapabilities: UESecurityCapabilities?
    /// When the procedure the gNB times for this UE started (release request, handover).
    var procedureStarted: Duration = .zero
    /// When the UE Context Release Request was sent (for the ue_context_release report).
    var releaseRequestedAt: Duration?
    /// Xn target: the source's AMF UE NGAP ID, until Path Switch Request Acknowledge gives the new one.
    var sourceAMFID: Int64 = -1
    /// The UE left for another gNB (handover executed): releasing the context does not make it idle.
    var ueMoved = false

    func session(_ id: UInt8) -> Int? { sessions.firstIndex { $0.pduSessionID == id } }
}

/// The interface's NG Setup state (TS 38.413 §8.7.1).
enum GNBInterfaceState: Sendable, Equatable {
    /// No SCTP association.
    case down
    /// NG Setup Request sent (attempt 1…).
    case settingUp(attempt: Int, started: Duration)
    /// NG Setup failed with Time to Wait (or went unanswered); the next attempt waits for the timer.
    case waitingToRetry(attempt: Int, started: Duration)
    case ready
    /// NG Setup failed for good; `GNBCommand.ngSetup` tries again.
    case failed
}

/// What the gNB learnt from the AMF (NG Setup Response, AMF Configuration Update).
public struct GNBAMFInfo: Hashable, Sendable {
    public var amfName: String = ""
    public var servedGUAMIs: [GUAMI] = []
    public var relativeCapacity: Int64 = 0
    public var plmnSupport: [PLMNSupportItem] = []
}

/// A read-only view of a UE context, for drivers and tests.
public struct GNBUEInfo: Hashable, Sendable {
    public var ranUENGAPID: UInt32
    public var amfUENGAPID: Int64?
    public var stream: UInt16
    /// The context's state, as named in `GNBUEContext.State` (`connected`, `handoverPreparing` …).
    public var state: String
    public var contextSetUp: Bool
    public var sessions: [GNBSession]
}
