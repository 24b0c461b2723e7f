import Foundation

/// The plan steps and failed-UE ladders of the synthetic run.
extension SyntheticRun {
    static func steps() -> [StepResult] {
        let expected = #"{"initiatingMessage":{"procedureCode":15,"criticality":"ignore","value":{"protocolIEs":[{"id":10,"criticality":"reject","value":1},{"id":85,"criticality":"reject","value":7},{"id":38,"criticality":"reject","value":"7e005c00"}]}}}"#
        let received = #"{"initiatingMessage":{"procedureCode":15,"criticality":"ignore","value":{"protocolIEs":[{"id":10,"criticality":"reject","value":1},{"id":85,"criticality":"reject","value":9},{"id":38,"criticality":"reject","value":"7e0044"},{"id":121,"criticality":"ignore","value":"00f110"}]}}}"#
        return [
            StepResult(name: "NG Setup with 8 gNBs", kind: "procedure", outcome: .passed, durationSeconds: 0.184),
            StepResult(name: "Register all UEs", kind: "procedure", outcome: .passed, durationSeconds: 255.2,
                       message: "99.6 % registered; rejections counted under thresholds"),
            StepResult(name: "Establish one PDU session per UE (SST 1, internet)", kind: "procedure", outcome: .passed, durationSeconds: 255.9),
            StepResult(name: "Ping the UPF through every session", kind: "user-plane", outcome: .passed, durationSeconds: 41.0),
            StepResult(name: "Handover of 30 % of UEs to a neighbour gNB", kind: "procedure", outcome: .passed, durationSeconds: 120.4),
            StepResult(name: "Registration with an unknown SUCI is rejected (cause #9)", kind: "expect", outcome: .failed, durationSeconds: 0.042,
                       message: "DownlinkNASTransport carried 5GMM cause #7 instead of #9, and a NAS message of the wrong type",
                       expected: MessageText(expected), received: MessageText(received),
                       diagnostics: [ProtocolDiagnostic(clause: "10.3.4.1", category: .abstractSyntax, procedureCode: 15, ieID: 121, criticality: "ignore",
                                                        typeOfError: "not-understood", text: "IE 121 is not defined for DownlinkNASTransport; ignored")]),
            StepResult(name: "Service request after idle", kind: "procedure", outcome: .passed, durationSeconds: 90.3),
            StepResult(name: "AMF overload start is honoured", kind: "expect", outcome: .skipped, durationSeconds: 0,
                       message: "the target does not send Overload Start under this load"),
            StepResult(name: "Deregister all UEs", kind: "procedure", outcome: .passed, durationSeconds: 44.7),
        ]
    }

    /// A rejected (cause #22) or timed-out registration, seen from the UE's gNB.
    static func failedLadder(ue: String, gnb: String, start: Timestamp, end: Timestamp, congestion: Bool) -> UEFailure {
        var ladder: [LadderEntry] = []
        var t = start
        func add(_ dt: Int64, _ from: String, _ to: String, _ message: String, _ summary: String = "", flagged: Bool = false) {
            t = t.adding(microseconds: dt)
            ladder.append(LadderEntry(time: t, direction: from == "AMF" ? .received : .sent, from: from, to: to, message: message,
                                      summary: summary, flagged: flagged))
        }
        add(0, "UE", gnb, "RRCSetupRequest", "mo-Signalling")
        add(400, gnb, "AMF", "InitialUEMessage", "RegistrationRequest, initial, SUCI")
        add(2_100, "AMF", gnb, "DownlinkNASTransport", "AuthenticationRequest, ngKSI 0")
        add(300, gnb, "UE", "AuthenticationRequest", "RAND, AUTN")
        add(900, "UE", gnb, "AuthenticationResponse", "RES*")
        add(250, gnb, "AMF", "UplinkNASTransport", "AuthenticationResponse")
        if congestion {
            add(max(1, end.microseconds - t.microseconds - 300), "AMF", gnb, "DownlinkNASTransport", "RegistrationReject, 5GMM cause #22 (congestion), T3346 60 s", flagged: true)
            add(300, gnb, "UE", "RegistrationReject", "5GMM cause #22", flagged: true)
        } else {
            add(max(1, end.microseconds - t.microseconds), "UE", "UE", "T3510 expired", "no SecurityModeCommand", flagged: true)
        }
        return UEFailure(ue: ue, procedure: "registration", reason: congestion ? "RegistrationReject, 5GMM cause #22 (congestion)" : "timeout T3510: no Security Mode Command",
                         time: end, ladder: ladder)
    }
}

/// A small deterministic generator (SplitMix64) for synthetic data.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Log-normal with the given median and shape.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        let u1 = max(uniform(), 1e-12), u2 = uniform()
        let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return median * exp(sigma * z)
    }
}
