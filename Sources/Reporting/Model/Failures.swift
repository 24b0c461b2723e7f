/// The UEs that failed, each with its message ladder, bounded: at most `maxUEs` ladders are kept and the
/// others are only counted, so that a run where 50,000 UEs fail still reports in constant time and size.
public struct FailureLog: Sendable, Equatable {
    public static let defaultMaxUEs = 50

    public let maxUEs: Int
    /// The failures kept, in the order they were added.
    public private(set) var ues: [UEFailure]
    /// Every failed UE, kept or not.
    public private(set) var totalFailedUEs: Int

    public init(maxUEs: Int = FailureLog.defaultMaxUEs) {
        self.maxUEs = max(0, maxUEs)
        ues = []
        totalFailedUEs = 0
    }

    /// Builds a log from stored parts.
    public init(maxUEs: Int = FailureLog.defaultMaxUEs, ues: [UEFailure], totalFailedUEs: Int) throws(ReportingError) {
        guard totalFailedUEs >= ues.count else {
            throw ReportingError(.invalidResults, "failures: total \(totalFailedUEs) is below the \(ues.count) ladders listed")
        }
        self.maxUEs = max(maxUEs, ues.count)
        self.ues = ues
        self.totalFailedUEs = totalFailedUEs
    }

    /// Failed UEs whose ladder is not kept.
    public var omitted: Int { totalFailedUEs - ues.count }

    /// Counts a failed UE; keeps its ladder while fewer than `maxUEs` are kept.
    public mutating func add(_ failure: UEFailure) {
        totalFailedUEs += 1
        if ues.count < maxUEs { ues.append(failure) }
    }

    /// Counts failed UEs whose ladders were not gathered (a driver that only counts).
    public mutating func addOmitted(_ n: Int) { totalFailedUEs += max(0, n) }

    /// Appends another log (another shard's), keeping at most `maxUEs` ladders.
    public mutating func append(_ other: FailureLog) {
        totalFailedUEs += other.totalFailedUEs
        ues.append(contentsOf: other.ues.prefix(max(0, maxUEs - ues.count)))
    }
}

/// One failed UE: what failed, why, and the messages it exchanged up to the failure.
public struct UEFailure: Hashable, Sendable {
    /// Bounds a ladder: the last messages are kept (they lead to the failure), earlier ones counted.
    public static let maxLadderEntries = 64

    /// The UE (SUPI, `imsi-001010000000042`, or the harness's UE number).
    public var ue: String
    /// The procedure that failed.
    public var procedure: String
    public var reason: String
    /// When it failed.
    public var time: Timestamp
    /// Messages in order, at most `maxLadderEntries`.
    public private(set) var ladder: [LadderEntry]
    /// Messages before the first one kept.
    public private(set) var ladderOmitted: Int

    /// Keeps the last `maxLadderEntries` entries of `ladder`.
    public init(ue: String, procedure: String, reason: String, time: Timestamp, ladder: [LadderEntry], ladderOmitted: Int = 0) {
        self.ue = ue
        self.procedure = procedure
        self.reason = reason
        self.time = time
        let dropped = max(0, ladder.count - Self.maxLadderEntries)
        self.ladder = Array(ladder.dropFirst(dropped))
        self.ladderOmitted = max(0, ladderOmitted) + dropped
    }
}

/// One message of a UE's ladder.
public struct LadderEntry: Hashable, Sendable {
    public var time: Timestamp
    /// Sent by CoreGate (the simulated UE or gNB) or received from the core.
    public var direction: Direction
    /// Sending node (`UE`, `gNB-1`, `AMF`).
    public var from: String
    /// Receiving node.
    public var to: String
    /// The message (`RegistrationRequest`, `InitialContextSetupRequest`).
    public var message: String
    /// A short summary (`5GMM cause #7`, `PDU session 1, SST 1`).
    public var summary: String
    /// The message where things went wrong (drawn in red).
    public var flagged: Bool

    public init(time: Timestamp, direction: Direction, from: String, to: String, message: String, summary: String = "", flagged: Bool = false) {
        self.time = time
        self.direction = direction
        self.from = from
        self.to = to
        self.message = message
        self.summary = summary
        self.flagged = flagged
    }

    public enum Direction: String, Hashable, Sendable {
        case sent, received
    }
}
