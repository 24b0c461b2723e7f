import Reporting

/// One conformance rule `coregate analyze` checks: an id, a severity and the clause it enforces.
public struct ConformanceRule: Hashable, Sendable {
    public var id: String
    public var severity: RuleViolation.Severity
    public var clause: String
    public var title: String

    public init(id: String, severity: RuleViolation.Severity, clause: String, title: String) {
        self.id = id
        self.severity = severity
        self.clause = clause
        self.title = title
    }

    public static let undecodable = ConformanceRule(
        id: "ngap.transfer-syntax", severity: .error, clause: "TS 38.413 §9.4, ITU-T X.691",
        title: "NGAP-PDU that does not decode")
    public static let trailingBytes = ConformanceRule(
        id: "ngap.trailing-bytes", severity: .warning, clause: "TS 38.413 §9.4, ITU-T X.691 §11.1",
        title: "bytes after a complete NGAP-PDU in the SCTP message")
    public static let ppid = ConformanceRule(
        id: "sctp.ppid", severity: .error, clause: "TS 38.412 §7",
        title: "SCTP payload protocol identifier other than 60 (NGAP) on the NGAP port")
    public static let ueOnStream0 = ConformanceRule(
        id: "ngap.ue-stream-0", severity: .error, clause: "TS 38.412 §7",
        title: "UE-associated NGAP signalling on stream 0 (reserved for non-UE-associated signalling)")
    public static let amfIDChanged = ConformanceRule(
        id: "ngap.amf-ue-id-changed", severity: .error, clause: "TS 38.413 §9.3.3.1, §10.6",
        title: "AMF UE NGAP ID different from the one the UE association already has")
    public static let ranIDReused = ConformanceRule(
        id: "ngap.ran-ue-id-reused", severity: .error, clause: "TS 38.413 §9.3.3.2",
        title: "RAN UE NGAP ID of a new UE association still in use on the same NG association")
    public static let nasWrongState = ConformanceRule(
        id: "nas.wrong-state", severity: .warning, clause: "TS 24.501 §5.4, §6.3–§6.4",
        title: "NAS message that answers a procedure not running (e.g. Security Mode Complete without a command)")
    public static let nasCount = ConformanceRule(
        id: "nas.count-monotonic", severity: .error, clause: "TS 33.501 §6.4.3.1, TS 24.501 §4.4.3.1",
        title: "NAS sequence number that does not increase in its direction within a security context")
    public static let retransmission = ConformanceRule(
        id: "nas.retransmission", severity: .info, clause: "TS 24.501 §5.4.1.3.7 (T3560), §5.5.1.2.8 (T3550)",
        title: "NAS message sent again while its procedure runs (timer expiry: T3560, T3550)")
    /// The hook for the abstract-syntax rules of TS 38.413 §10 (criticality, missing and repeated IEs):
    /// fed by an `AbstractSyntaxCheck` given to the analyser.
    public static let abstractSyntax = ConformanceRule(
        id: "ngap.abstract-syntax", severity: .error, clause: "TS 38.413 §10.3",
        title: "NGAP abstract syntax error (IE missing, not comprehended, repeated or out of order)")

    /// Every rule, in the order `coregate analyze --rules` lists them.
    public static let all: [ConformanceRule] = [
        .undecodable, .trailingBytes, .ppid, .ueOnStream0, .amfIDChanged, .ranIDReused, .nasWrongState, .nasCount,
        .retransmission, .abstractSyntax,
    ]
}

/// Counts what each rule found, with the first examples, for the rules not switched off.
public struct RuleBook: Sendable {
    private var enabled: Set<String>
    private var found: [String: RuleViolation] = [:]

    /// All rules but those in `off` (ids). Throws nothing: unknown ids are reported by `unknownIDs`.
    public init(off: Set<String> = []) {
        enabled = Set(ConformanceRule.all.map(\.id)).subtracting(off)
    }

    /// The ids of `ids` that name no rule.
    public static func unknownIDs(_ ids: [String]) -> [String] {
        let known = Set(ConformanceRule.all.map(\.id))
        return ids.filter { !known.contains($0) }
    }

    public func isOn(_ rule: ConformanceRule) -> Bool { enabled.contains(rule.id) }

    /// Records that `rule` fired at `frame`.
    public mutating func fire(_ rule: ConformanceRule, capture: String?, frame: Int, _ summary: @autoclosure () -> String) {
        guard enabled.contains(rule.id) else { return }
        var v = found[rule.id] ?? RuleViolation(id: rule.id, severity: rule.severity, clause: rule.clause, title: rule.title, count: 0)
        v.count += 1
        if v.examples.count < RuleViolation.maxExamples {
            v.examples.append(RuleViolation.Example(capture: capture, frame: frame, summary: summary()))
        }
        found[rule.id] = v
    }

    /// How often `id` fired.
    public func count(_ id: String) -> Int { found[id]?.count ?? 0 }

    /// What fired, in catalogue order.
    public var violations: [RuleViolation] {
        ConformanceRule.all.compactMap { found[$0.id] }
    }
}
