/// What `coregate analyze` adds to results: the captures read and the rules they broke.
public struct AnalysisResults: Hashable, Sendable {
    /// The captures analysed (file names).
    public var captures: [String]
    public var ruleViolations: [RuleViolation]

    public init(captures: [String] = [], ruleViolations: [RuleViolation] = []) {
        self.captures = captures
        self.ruleViolations = ruleViolations
    }
}

/// One rule broken in a capture, with a few examples.
public struct RuleViolation: Hashable, Sendable {
    public static let maxExamples = 10

    /// The rule (`ngap.ie-order`, `nas.security-header`).
    public var id: String
    public var severity: Severity
    /// The specification clause the rule comes from (`TS 38.413 §10.3.6`).
    public var clause: String
    /// What the rule says, for people.
    public var title: String
    /// How many times it was broken.
    public var count: Int
    /// The first few occurrences (at most `maxExamples`).
    public var examples: [Example]

    public init(id: String, severity: Severity, clause: String, title: String = "", count: Int, examples: [Example] = []) {
        self.id = id
        self.severity = severity
        self.clause = clause
        self.title = title
        self.count = count
        self.examples = Array(examples.prefix(Self.maxExamples))
    }

    public enum Severity: String, Hashable, Sendable, CaseIterable {
        case error, warning, info
    }

    /// Where a rule was broken.
    public struct Example: Hashable, Sendable {
        /// The capture file, when several were analysed.
        public var capture: String?
        /// The 1-based frame number.
        public var frame: Int?
        public var summary: String

        public init(capture: String? = nil, frame: Int? = nil, summary: String) {
            self.capture = capture
            self.frame = frame
            self.summary = summary
        }
    }
}
