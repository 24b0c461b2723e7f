import Foundation

/// Realistic synthetic results for demos, tests and timing: N UEs that register, establish a PDU session,
/// sometimes hand over or come back with a service request, and deregister, against a core whose latency
/// rises under load, with a few rejected registrations. Deterministic: UE `i`'s events depend only on the
/// seed and `i`, so the shards of a run (UE `i` belongs to shard `i % count + 1`) add up to the whole run.
public enum SyntheticRun {
    public struct Options: Sendable {
        public var ues: Int
        public var seconds: Int
        public var seed: UInt64
        /// Fraction of registrations rejected.
        public var registrationFailure: Double
        public var shard: ShardInfo?
        public var interrupted: Bool
        public var start: Timestamp

        public init(ues: Int = 10_000, seconds: Int = 300, seed: UInt64 = 1, registrationFailure: Double = 0.004, shard: ShardInfo? = nil,
                    interrupted: Bool = false, start: Timestamp = Timestamp(microseconds: 1_796_000_000_000_000)) {
            self.ues = ues
            self.seconds = seconds
            self.seed = seed
            self.registrationFailure = registrationFailure
            self.shard = shard
            self.interrupted = interrupted
            self.start = start
        }
    }

    public static func make(_ o: Options) -> RunResults {
        let span = Int64(max(1, o.seconds)) * 1_000_000
        var env = EnvironmentInfo(coregateVersion: "0.1.0-dev", host: "lab-runner-1", os: "Debian GNU/Linux 12 (bookworm); Linux 6.1.0 x86_64",
                                  cpuCount: 2, start: o.start, end: o.start.adding(microseconds: span))
        env.interrupted = o.interrupted
        env.interruptionReason = o.interrupted ? "SIGINT received at \(o.seconds) s" : nil
        var r = RunResults(run: RunInfo(plan: PlanInfo(name: "registration-storm", description: "\(ReportNumber.grouped(o.ues)) UEs register, open a PDU session, move and leave",
                                                        tags: ["load", "nightly", "n2", "n3"]),
                                        target: TargetInfo(name: "open5gs-lab", amf: "10.45.0.2:38412", upf: "10.45.0.3:2152"),
                                        environment: env, shard: o.shard))
        let gnbs = 8
        for g in 0..<gnbs where belongs(g, o.shard) {
            let t = o.start.adding(microseconds: Int64(g) * 20_000)
            r.recordAttempt(.ngSetup, at: t)
            r.recordSuccess(.ngSetup, at: t.adding(microseconds: 2_400 + Int64(g) * 130), latencyMicroseconds: 2_400 + UInt64(g) * 130)
            r.recordMessage("NGSetupRequest", .sent)
            r.recordMessage("NGSetupResponse", .received)
        }
        var up = UserPlaneStats()
        for i in 0..<o.ues where belongs(i, o.shard) {
            var rng = SplitMix64(seed: o.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(i))
            // Arrivals spread over the first 85 % of the run; latency grows with the load in the middle.
            let arrival = Int64(Double(i) / Double(max(1, o.ues)) * 0.85 * Double(span)) + Int64(rng.uniform() * 50_000)
            let phase = Double(arrival) / Double(span)
            let load = 1 + 1.6 * exp(-pow((phase - 0.45) / 0.12, 2))
            var t = o.start.adding(microseconds: 300_000 + arrival)
            let ue = "imsi-0010100000\(String(100_000 + i).suffix(5))"
            let gnb = "gNB-\(i % gnbs + 1)"
            r.recordAttempt(.registration, at: t)
            r.recordMessage("InitialUEMessage", .sent)
            r.recordMessage("RegistrationRequest", .sent)
            if rng.uniform() < o.registrationFailure * load {
                let latency = UInt64(rng.logNormal(median: 9_000 * load, sigma: 0.3))
                let end = t.adding(microseconds: Int64(latency))
                let congestion = rng.uniform() < 0.7
                r.recordFailure(.registration, at: end, cause: congestion ? "5GMM cause #22 (congestion)" : "timeout T3510")
                r.recordMessage("AuthenticationRequest", .received)
                r.recordMessage("AuthenticationResponse", .sent)
                if congestion { r.recordMessage("RegistrationReject", .received) }
                r.failures.add(failedLadder(ue: ue, gnb: gnb, start: t, end: end, congestion: congestion))
                continue
            }
            let reg = UInt64(rng.logNormal(median: 16_000 * load, sigma: 0.35))
            t = t.adding(microseconds: Int64(reg))
            r.recordSuccess(.registration, at: t, latencyMicroseconds: reg)
            for m in ["AuthenticationResponse", "SecurityModeComplete", "RegistrationComplete"] { r.recordMessage(m, .sent) }
            for m in ["AuthenticationRequest", "SecurityModeCommand", "InitialContextSetupRequest", "RegistrationAccept"] { r.recordMessage(m, .received) }
            r.recordMessage("InitialContextSetupResponse", .sent)

            t = t.adding(microseconds: 5_000)
            r.recordAttempt(.pduSessionEstablishment, at: t)
            let pdu = UInt64(rng.logNormal(median: 22_000 * load, sigma: 0.3))
            t = t.adding(microseconds: Int64(pdu))
            r.recordSuccess(.pduSessionEstablishment, at: t, latencyMicroseconds: pdu)
            r.recordMessage("PDUSessionEstablishmentRequest", .sent)
            r.recordMessage("PDUSessionResourceSetupRequest", .received)
            r.recordMessage("PDUSessionResourceSetupResponse", .sent)
            r.recordMessage("PDUSessionEstablishmentAccept", .received)
            let packets = UInt64(40 + rng.next() % 40)
            up.packetsSent += packets
            up.bytesSent += packets * 1_200
            let lost: UInt64 = rng.uniform() < 0.02 ? 1 : 0
            up.packetsReceived += packets - lost
            up.bytesReceived += (packets - lost) * 1_200
            for _ in 0..<min(4, packets - lost) { up.rtt.record(microseconds: UInt64(rng.logNormal(median: 850 * load.squareRoot(), sigma: 0.25))) }

            if rng.uniform() < 0.3 {
                t = t.adding(microseconds: 2_000_000)
                r.recordAttempt(.handover, at: t)
                let ho = UInt64(rng.logNormal(median: 31_000 * load, sigma: 0.3))
                t = t.adding(microseconds: Int64(ho))
                r.recordSuccess(.handover, at: t, latencyMicroseconds: ho)
                r.recordMessage("HandoverRequired", .sent)
                r.recordMessage("HandoverCommand", .received)
            }
            if rng.uniform() < 0.4 {
                t = t.adding(microseconds: 3_000_000)
                r.recordAttempt(.serviceRequest, at: t)
                let sr = UInt64(rng.logNormal(median: 8_000 * load, sigma: 0.3))
                t = t.adding(microseconds: Int64(sr))
                r.recordSuccess(.serviceRequest, at: t, latencyMicroseconds: sr)
                r.recordMessage("ServiceRequest", .sent)
                r.recordMessage("ServiceAccept", .received)
            }
            t = t.adding(microseconds: 4_000_000)
            if t.microseconds - o.start.microseconds < span {
                r.recordAttempt(.deregistration, at: t)
                let dr = UInt64(rng.logNormal(median: 6_500 * load, sigma: 0.3))
                r.recordSuccess(.deregistration, at: t.adding(microseconds: Int64(dr)), latencyMicroseconds: dr)
                r.recordMessage("DeregistrationRequest", .sent)
                r.recordMessage("DeregistrationAccept", .received)
                r.recordMessage("UEContextReleaseCommand", .received)
            }
        }
        r.userPlane = up
        r.steps = steps(registered: r.procedures["registration"]?.successRatio ?? 0)
        r.thresholds = [
            ThresholdSpec(metric: .latencyPercentile(procedure: "registration", percentile: 95), comparison: .less, limit: 60),
            ThresholdSpec(metric: .successRate(procedure: "registration"), comparison: .greaterOrEqual, limit: 99.5),
            ThresholdSpec(metric: .latencyPercentile(procedure: "pdu_session_establishment", percentile: 99), comparison: .less, limit: 120),
            ThresholdSpec(metric: .userPlaneLoss, comparison: .less, limit: 0.1),
        ].map { ThresholdResult(expression: expression($0), spec: $0, evaluatedOn: r) }
        return r
    }

    static func belongs(_ i: Int, _ shard: ShardInfo?) -> Bool {
        guard let shard else { return true }
        return shard.indices.contains(i % max(1, shard.count) + 1)
    }

    /// `p(95) registration < 60 ms`.
    static func expression(_ s: ThresholdSpec) -> String {
        let limit = ReportNumber.json(s.limit, decimals: 3)
        switch s.metric {
        case .latencyPercentile(let p, let q): return "p(\(ReportNumber.json(q, decimals: 2))) \(p) \(s.comparison.rawValue) \(limit)ms"
        case .successRate(let p): return "success_rate \(p) \(s.comparison.rawValue) \(limit)%"
        case .userPlaneLoss: return "user_plane_loss \(s.comparison.rawValue) \(limit)%"
        default: return "\(ThresholdJSON.parts(s.metric).0) \(s.comparison.rawValue) \(limit)"
        }
    }
}
