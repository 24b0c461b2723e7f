import ASN1PER
import CoreEmulator
import NGAP

/// The embedded core driven in memory: events in, sent NGAP decoded out, timers kept in a list the test fires.
struct CoreLoop {
    var core: CoreEmulator
    var now: Duration = .zero
    var actions: [CoreAction] = []
    /// Everything the core asked for, in order, since the last `take()`.
    var sent: [(association: AssociationID, stream: UInt16, pdu: NGAPPDU)] = []
    var deviations: [CoreDeviation] = []
    var notices: [CoreNotice] = []
    var userPlane: [UPFCommand] = []
    var timers: [CoreTimerID: Duration] = [:]
    var aborted: [AssociationID] = []
    /// The stream of every UE-associated message sent (everything but NG Setup, Paging and other
    /// non-UE-associated messages), and of the rest, in order.
    var sentStreams: [UInt16] = []

    init(_ configuration: CoreConfiguration) throws {
        core = try CoreEmulator(configuration: configuration)
    }

    mutating func handle(_ event: CoreEvent) {
        now += .milliseconds(1)
        actions.removeAll(keepingCapacity: true)
        core.handle(event, now: now, into: &actions)
        for action in actions {
            switch action {
            case .send(let a, let stream, let bytes):
                // The core must only send what decodes: recorded as a deviation the tests check for.
                do {
                    sent.append((a, stream, try NGAPPDU.decode(bytes[...]).0))
                    sentStreams.append(stream)
                } catch {
                    deviations.append(CoreDeviation(kind: "testUndecodableSend", clause: "", message: "the core sent undecodable NGAP: \(error)", bytes: bytes))
                }
            case .abort(let a): aborted.append(a)
            case .startTimer(let id, let after): timers[id] = now + after
            case .stopTimer(let id): timers[id] = nil
            case .userPlane(let c): userPlane.append(c)
            case .deviation(let d): deviations.append(d)
            case .notice(let n): notices.append(n)
            }
        }
    }

    mutating func receive(_ pdu: NGAPPDU, on a: AssociationID, stream: UInt16 = 0) throws {
        handle(.ngapReceived(a, stream: stream, bytes: try pdu.aperEncoded()))
    }

    /// Fires the earliest pending timer of `kind`.
    mutating func fire(_ kind: CoreTimerKind) -> Bool {
        guard let (id, _) = timers.filter({ $0.key.kind == kind }).min(by: { $0.value < $1.value }) else { return false }
        timers[id] = nil
        handle(.timerFired(id))
        return true
    }

    /// The messages sent since the last call.
    mutating func take() -> [NGAPPDU] {
        defer { sent.removeAll() }
        return sent.map(\.pdu)
    }
}
