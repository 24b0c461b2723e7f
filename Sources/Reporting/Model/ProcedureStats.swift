/// Names of procedures as results key them (snake case); an open set, so any procedure can be counted.
public struct ProcedureName: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let ngSetup: ProcedureName = "ng_setup"
    public static let registration: ProcedureName = "registration"
    public static let pduSessionEstablishment: ProcedureName = "pdu_session_establishment"
    public static let serviceRequest: ProcedureName = "service_request"
    public static let handover: ProcedureName = "handover"
    public static let pduSessionRelease: ProcedureName = "pdu_session_release"
    public static let deregistration: ProcedureName = "deregistration"

    /// The order of a UE's life; reports list these first, then others alphabetically.
    public static let lifecycleOrder: [ProcedureName] = [
        .ngSetup, .registration, .pduSessionEstablishment, .serviceRequest, .handover, .pduSessionRelease, .deregistration,
    ]

    /// `names` sorted in lifecycle order, unknown names after, alphabetically.
    public static func ordered<S: Sequence>(_ names: S) -> [String] where S.Element == String {
        let rank = Dictionary(uniqueKeysWithValues: lifecycleOrder.enumerated().map { ($1.rawValue, $0) })
        return names.sorted { a, b in
            let ra = rank[a] ?? Int.max, rb = rank[b] ?? Int.max
            return ra != rb ? ra < rb : a < b
        }
    }
}

/// The totals of one procedure over a run.
public struct ProcedureStats: Sendable, Equatable {
    /// Attempts started.
    public var count: UInt64
    public var success: UInt64
    /// Attempts that failed (rejected, timed out, aborted). `count - success - failure` were still running.
    public var failure: UInt64
    /// Latency of successful attempts, in microseconds.
    public var latency: LatencyHistogram
    /// Failures by cause (`5GMM cause #7 (5GS services not allowed)`, `timeout T3510`).
    public var failureCauses: [String: UInt64]

    public init(count: UInt64 = 0, success: UInt64 = 0, failure: UInt64 = 0, latency: LatencyHistogram = LatencyHistogram(),
                failureCauses: [String: UInt64] = [:]) {
        self.count = count
        self.success = success
        self.failure = failure
        self.latency = latency
        self.failureCauses = failureCauses
    }

    /// Successful attempts per second of `durationSeconds` (0 for a zero duration).
    public func ratePerSecond(durationSeconds: Double) -> Double {
        durationSeconds > 0 ? Double(success) / durationSeconds : 0
    }

    /// `success / count`, 0...1; nil when nothing was attempted.
    public var successRatio: Double? { count > 0 ? Double(success) / Double(count) : nil }

    public mutating func add(_ other: ProcedureStats) throws(ReportingError) {
        count = try checkedSum(count, other.count, "procedure count")
        success = try checkedSum(success, other.success, "procedure successes")
        failure = try checkedSum(failure, other.failure, "procedure failures")
        try latency.add(other.latency)
        for (cause, n) in other.failureCauses {
            failureCauses[cause] = try checkedSum(failureCauses[cause] ?? 0, n, "failure cause count")
        }
    }
}

/// Messages of one type (`RegistrationRequest`, `InitialUEMessage`) sent and received.
public struct MessageCount: Hashable, Sendable {
    public var sent: UInt64
    public var received: UInt64

    public init(sent: UInt64 = 0, received: UInt64 = 0) {
        self.sent = sent
        self.received = received
    }
}

/// User-plane (GTP-U over N3) traffic: packets sent toward the UPF, echoed back, and their round trips.
public struct UserPlaneStats: Sendable, Equatable {
    public var packetsSent: UInt64
    public var packetsReceived: UInt64
    public var bytesSent: UInt64
    public var bytesReceived: UInt64
    /// Round-trip times of the packets that came back, in microseconds.
    public var rtt: LatencyHistogram

    public init(packetsSent: UInt64 = 0, packetsReceived: UInt64 = 0, bytesSent: UInt64 = 0, bytesReceived: UInt64 = 0,
                rtt: LatencyHistogram = LatencyHistogram()) {
        self.packetsSent = packetsSent
        self.packetsReceived = packetsReceived
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.rtt = rtt
    }

    /// Packets lost, 0...1: `(sent - received) / sent` (0 when nothing was sent; duplicates do not make it negative).
    public var loss: Double {
        packetsSent > 0 && packetsReceived < packetsSent ? Double(packetsSent - packetsReceived) / Double(packetsSent) : 0
    }

    public mutating func add(_ other: UserPlaneStats) throws(ReportingError) {
        packetsSent = try checkedSum(packetsSent, other.packetsSent, "packets sent")
        packetsReceived = try checkedSum(packetsReceived, other.packetsReceived, "packets received")
        bytesSent = try checkedSum(bytesSent, other.bytesSent, "bytes sent")
        bytesReceived = try checkedSum(bytesReceived, other.bytesReceived, "bytes received")
        try rtt.add(other.rtt)
    }
}

/// `a + b`, or an error naming `what` when the sum does not fit.
func checkedSum<T: FixedWidthInteger>(_ a: T, _ b: T, _ what: String) throws(ReportingError) -> T {
    let (sum, overflow) = a.addingReportingOverflow(b)
    guard !overflow else { throw ReportingError(.mergeConflict, "\(what): the sum of \(a) and \(b) overflows") }
    return sum
}
