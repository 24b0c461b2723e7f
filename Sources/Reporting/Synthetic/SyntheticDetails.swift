import Foundation

/// The plan steps and failed-UE ladders of the synthetic run.
extension SyntheticRun {
    /// The plan's steps; `registered` is the share of UEs registered, for the registration step's note.
    static func steps(registered: Double) -> [StepResult] {
        // DownlinkNASTransport (procedure code 4): AMF-UE-NGAP-ID (10), RAN-UE-NGAP-ID (85), NAS-PDU (38) carrying a
        // Registration Reject (0x44) whose 5GMM cause is the last octet; the received one adds an IE of an unknown id.
        let expected = #"{"initiatingMessage":{"procedureCode":4,"criticality":"ignore","value":{"protocolIEs":[{"id":10,"criticality":"reject","value":4101},{"id":85,"criticality":"reject","value":77},{"id":38,"criticality":"reject","value":"7e004409"}]}}}"#
        let received = #"{"initiatingMessage":{"procedureCode":4,"criticality":"ignore","value":{"protocolIEs":[{"id":10,"criticality":"reject","value":4101},{"id":85,"criticality":"reject","value":77},{"id":38,"criticality":"reject","value":"7e004407"},{"id":310,"criticality":"ignore","value":"00f110"}]}}}"#
        return [
            StepResult(name: "NG Setup with 8 gNBs", kind: "procedure", outcome: .passed, durationSeconds: 0.184),
            StepResult(name: "Register all UEs", kind: "procedure", outcome: .passed, durationSeconds: 255.2,
                       message: ReportNumber.percent(registered) + " registered; rejections are judged by the thresholds"),
            StepResult(name: "Establish one PDU session per UE (SST 1, internet)", kind: "procedure", outcome: .passed, durationSeconds: 255.9),
            StepResult(name: "Ping the UPF through every session", kind: "user-plane", outcome: .passed, durationSeconds: 41.0),
            StepResult(name: "Handover of 30 % of UEs to a neighbour gNB", kind: "procedure", outcome: .passed, durationSeconds: 120.4),
            StepResult(name: "Registration with an unknown SUCI is rejected (cause #9)", kind: "expect", outcome: .failed, durationSeconds: 0.042,
                       message: "Registration Reject carried 5GMM cause #7 (5GS services not allowed) instead of #9 (UE identity cannot be derived by the network)",
                       expected: MessageText(expected), received: MessageText(received),
                       diagnostics: [ProtocolDiagnostic(clause: "10.3.4.1", category: .abstractSyntax, procedureCode: 4, ieID: 310, criticality: "ignore",
                                                        typeOfError: "not-understood", text: "IE 310 is not comprehended; ignored, the rest of the message processed")]),
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
