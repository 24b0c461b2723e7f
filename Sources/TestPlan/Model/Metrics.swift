/// The metrics a threshold can name: a typed registry. A name outside it is an error in a plan.
///
/// Procedures (and `iteration`, one UE's whole scenario) each have `latency.<statistic>`, `count`,
/// `success`, `failure`, `success_rate` and `rate_per_s`; the user plane has `gtpu.rtt.<statistic>`,
/// `gtpu.loss`, `gtpu.sent` and `gtpu.received`; the load has `dropped_arrivals`; received NGAP has
/// `ngap.error_indications` and `ngap.invalid` (messages whose TS 38.413 §10 verdict is not valid).
public struct Metric: Hashable, Sendable, CustomStringConvertible {
    /// What a metric's values are, and so what a threshold compares them with.
    public enum Kind: String, Hashable, Sendable {
        /// A time (`200ms`); stored in seconds.
        case duration
        /// A whole number of events.
        case count
        /// A share of events (`99.9%`); stored as a fraction 0...1.
        case ratio
        /// Events per second (`500/s` or a number).
        case rate
    }

    /// Procedures measured from request to final answer.
    public enum Procedure: String, Hashable, Sendable, CaseIterable {
        case registration, authentication
        case securityMode = "security_mode"
        case pduSessionEstablishment = "pdu_session_establishment"
        case pduSessionModification = "pdu_session_modification"
        case pduSessionRelease = "pdu_session_release"
        case serviceRequest = "service_request"
        case deregistration, handover
        case ngSetup = "ng_setup"
        case paging
        /// One UE's run of `scenario.steps`.
        case iteration
    }

    /// Summary statistics of a latency distribution.
    public enum Statistic: String, Hashable, Sendable, CaseIterable {
        case p50, p75, p90, p95, p99, p999, min, max, mean

        /// The percentile as a fraction (0.95 for p95); nil for min, max, mean.
        public var quantile: Double? {
            switch self {
            case .p50: 0.5
            case .p75: 0.75
            case .p90: 0.9
            case .p95: 0.95
            case .p99: 0.99
            case .p999: 0.999
            case .min, .max, .mean: nil
            }
        }
    }

    /// What is measured.
    public enum Subject: Hashable, Sendable {
        case latency(Procedure, Statistic)
        case count(Procedure)
        case success(Procedure)
        case failure(Procedure)
        case successRate(Procedure)
        case ratePerSecond(Procedure)
        case gtpuRTT(Statistic)
        case gtpuLoss
        case gtpuSent
        case gtpuReceived
        case droppedArrivals
        case ngapErrorIndications
        case ngapInvalid
    }

    public let subject: Subject

    public init(_ subject: Subject) { self.subject = subject }

    public var kind: Kind {
        switch subject {
        case .latency, .gtpuRTT: .duration
        case .count, .success, .failure, .gtpuSent, .gtpuReceived, .droppedArrivals, .ngapErrorIndications, .ngapInvalid: .count
        case .successRate, .gtpuLoss: .ratio
        case .ratePerSecond: .rate
        }
    }

    /// The name plans write (`registration.latency.p95`).
    public var name: String {
        switch subject {
        case .latency(let p, let s): "\(p.rawValue).latency.\(s.rawValue)"
        case .count(let p): "\(p.rawValue).count"
        case .success(let p): "\(p.rawValue).success"
        case .failure(let p): "\(p.rawValue).failure"
        case .successRate(let p): "\(p.rawValue).success_rate"
        case .ratePerSecond(let p): "\(p.rawValue).rate_per_s"
        case .gtpuRTT(let s): "gtpu.rtt.\(s.rawValue)"
        case .gtpuLoss: "gtpu.loss"
        case .gtpuSent: "gtpu.sent"
        case .gtpuReceived: "gtpu.received"
        case .droppedArrivals: "dropped_arrivals"
        case .ngapErrorIndications: "ngap.error_indications"
        case .ngapInvalid: "ngap.invalid"
        }
    }

    public var description: String { name }

    /// Every metric, in a stable order.
    public static let all: [Metric] = {
        var all: [Metric] = []
        for p in Procedure.allCases {
            all += Statistic.allCases.map { Metric(.latency(p, $0)) }
            all += [Metric(.count(p)), Metric(.success(p)), Metric(.failure(p)), Metric(.successRate(p)), Metric(.ratePerSecond(p))]
        }
        all += Statistic.allCases.map { Metric(.gtpuRTT($0)) }
        all += [Metric(.gtpuLoss), Metric(.gtpuSent), Metric(.gtpuReceived), Metric(.droppedArrivals),
                Metric(.ngapErrorIndications), Metric(.ngapInvalid)]
        return all
    }()

    /// The metric called `name`, or nil.
    public static func named(_ name: String) -> Metric? { byName[name] }

    static let byName: [String: Metric] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
