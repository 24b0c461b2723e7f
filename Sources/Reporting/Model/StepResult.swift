/// One step of a test plan: a message sent, a message expected, a wait, a check.
public struct StepResult: Hashable, Sendable {
    public var name: String
    /// What kind of step (`send`, `expect`, `procedure`, `wait`, `check`); free text from the plan.
    public var kind: String
    public var outcome: Outcome
    public var durationSeconds: Double
    /// Why it failed, was skipped or errored; or a note on a pass.
    public var message: String?
    /// The message the plan expected, as JER (X.697 JSON) text.
    public var expected: MessageText?
    /// The message received, as JER text (kept as received, even if it is not valid UTF-8).
    public var received: MessageText?
    /// How `received` differs from `expected`, one line per difference (see `MessageDifference`).
    public var difference: [String]
    /// Protocol errors found in the received message (TS 38.413 §10).
    public var diagnostics: [ProtocolDiagnostic]
    /// Log lines of the step, for JUnit `system-out`.
    public var output: String?

    /// `difference` is computed from `expected` and `received` when both are given and it is nil.
    public init(name: String, kind: String, outcome: Outcome, durationSeconds: Double, message: String? = nil,
                expected: MessageText? = nil, received: MessageText? = nil, difference: [String]? = nil,
                diagnostics: [ProtocolDiagnostic] = [], output: String? = nil) {
        self.name = name
        self.kind = kind
        self.outcome = outcome
        self.durationSeconds = durationSeconds
        self.message = message
        self.expected = expected
        self.received = received
        if let difference {
            self.difference = difference
        } else if let expected, let received {
            self.difference = MessageDifference.lines(expected: expected, received: received)
        } else {
            self.difference = []
        }
        self.diagnostics = diagnostics
        self.output = output
    }

    /// The verdict of a step.
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        case passed, failed, skipped, error

        /// How bad, for merging shards: error > failed > passed > skipped.
        var severity: Int {
            switch self {
            case .skipped: 0
            case .passed: 1
            case .failed: 2
            case .error: 3
            }
        }
    }
}

/// Text as it was received: usually UTF-8 JER, but kept byte for byte so that a malformed message can
/// still be shown (writers replace what their format cannot carry, and say so).
public struct MessageText: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { bytes = Array(text.utf8) }
    public init(stringLiteral value: String) { self.init(value) }

    /// Whether the bytes are valid UTF-8.
    public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }

    /// The text, with each invalid UTF-8 sequence replaced by U+FFFD.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { text }
}

/// A protocol error found in a received message, in the terms of TS 38.413 §10 (transfer syntax errors
/// §10.2, abstract syntax errors §10.3, logical errors §10.4) and the Criticality Diagnostics IE (§9.3.1.3).
public struct ProtocolDiagnostic: Hashable, Sendable {
    /// The clause that applies, e.g. `10.3.4.2` (not comprehended IE with criticality reject).
    public var clause: String
    public var category: Category
    /// The procedure code of the message, if known.
    public var procedureCode: Int?
    /// The IE concerned, if any.
    public var ieID: Int?
    /// `reject`, `ignore` or `notify`.
    public var criticality: String?
    /// `not-understood` or `missing` (TypeOfError), or other text.
    public var typeOfError: String?
    /// For people.
    public var text: String

    public init(clause: String, category: Category, procedureCode: Int? = nil, ieID: Int? = nil,
                criticality: String? = nil, typeOfError: String? = nil, text: String) {
        self.clause = clause
        self.category = category
        self.procedureCode = procedureCode
        self.ieID = ieID
        self.criticality = criticality
        self.typeOfError = typeOfError
        self.text = text
    }

    /// The class of error (TS 38.413 §10.1); an open set.
    public struct Category: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let transferSyntax = Category(rawValue: "transfer-syntax")
        public static let abstractSyntax = Category(rawValue: "abstract-syntax")
        public static let logical = Category(rawValue: "logical")
    }
}
