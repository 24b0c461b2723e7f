import Driver
import EventLoop
import Packets
import Simulation
import TestPlan

/// What one UE's running iteration is waiting for: one entry per step under way (several in a parallel
/// group). The iteration moves on when none is left.
struct StepWait {
    enum Kind {
        /// A procedure the UE or its gNB reports (session procedures also match the PDU session id).
        case procedure(ProcedureKind, pduSessionID: UInt8?)
        /// The UE's NAS connection must be released (UE Context Release) before `step` can start (a register
        /// step that rebuilds the USIM of a UE the network has not released yet).
        case releaseThen(Step)
        case sleep
        case traffic(TrafficRun)
    }

    var slot: Int
    var kind: Kind
    var expect: Expectation.Outcome
    var started: Duration
    var deadline: Duration
    var continueOnFailure: Bool
}

/// Pings a UE sends through one PDU session at a fixed rate, and what came back.
struct TrafficRun {
    var pduSessionID: UInt8
    var destination: Packets.IPAddress
    var interval: Duration
    var size: Int
    /// Packets to send; nil: until `sendUntil`.
    var total: Int?
    var sendUntil: Duration?
    var sent = 0
    var received = 0
    var maxLossPercent: Double
    var nextSequence: UInt16 = 1

    var doneSending: Bool {
        if let total { return sent >= total }
        return false
    }
}

/// One UE's iteration: where it is in the program, what it waits for, and how it went.
struct IterationState {
    var pc = 0
    var started: Duration
    var waits: [StepWait] = []
    /// Loop counters by the loop's start instruction: iterations done and when the loop began.
    var loops: [Int: (done: Int, began: Duration)] = [:]
    var failed = false
    /// Bumped when the iteration ends, so timers armed for it are ignored.
    var generation: UInt32
}
