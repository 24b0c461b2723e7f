import Bytes

/// What a step must see to pass.
public struct Expectation: Hashable, Sendable {
    /// How the procedure must end.
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        /// The procedure completes (accept, complete, response).
        case success
        /// The network refuses it (reject, failure, an NGAP unsuccessful outcome).
        case failure
        /// No answer before the step's timeout.
        case timeout
        /// Any of these; only the message, matchers and time bound count.
        case any
    }

    public var outcome: Outcome
    /// A message that must be received (or, with `absent`, must not be) during the step.
    public var message: MessageType?
    /// True: `message` must not arrive within `within`.
    public var absent: Bool
    /// Conditions on the received message's JER (NGAP) or JSON (NAS) rendering.
    public var matchers: [Matcher]
    /// The step (or the message) must complete within this time.
    public var within: Duration?
    /// The TS 38.413 §10 verdict the received NGAP message must get; nil: not checked.
    public var verdict: ValidationVerdict?
    public var position: SourcePosition

    public init(outcome: Outcome = .success, message: MessageType? = nil, absent: Bool = false, matchers: [Matcher] = [],
                within: Duration? = nil, verdict: ValidationVerdict? = nil, position: SourcePosition) {
        self.outcome = outcome
        self.message = message
        self.absent = absent
        self.matchers = matchers
        self.within = within
        self.verdict = verdict
        self.position = position
    }
}

/// The verdict of TS 38.413 §10 error handling on a received NGAP message.
public enum ValidationVerdict: String, Hashable, Sendable, CaseIterable {
    /// No error.
    case valid
    /// §10.2: the message cannot be decoded.
    case transferSyntaxError = "transfer-syntax-error"
    /// §10.3 with any criticality.
    case abstractSyntaxError = "abstract-syntax-error"
    /// §10.3 with criticality reject.
    case abstractSyntaxErrorReject = "abstract-syntax-error-reject"
    /// §10.3 with criticality ignore and notify sender.
    case abstractSyntaxErrorIgnoreAndNotify = "abstract-syntax-error-ignore-and-notify"
    /// §10.3 with criticality ignore.
    case abstractSyntaxErrorIgnore = "abstract-syntax-error-ignore"
    /// §10.4: well-formed but not allowed in the receiver's state.
    case logicalError = "logical-error"
}

/// A condition on one value of a message: at `path`, the value equals, differs from, matches, is one of,
/// or exists.
public struct Matcher: Hashable, Sendable {
    public enum Test: Hashable, Sendable {
        case equals(JSONValue)
        case notEquals(JSONValue)
        /// A regular expression the whole string value must match.
        case matches(String)
        case oneOf([JSONValue])
        /// True: the path must lead to a value; false: it must not.
        case exists(Bool)
    }

    public var path: JERPath
    public var test: Test
    public var position: SourcePosition

    public init(path: JERPath, test: Test, position: SourcePosition) {
        self.path = path
        self.test = test
        self.position = position
    }
}

/// A path into a message's JSON: member names, `[N]` indexes, `[*]` for any element and `[key=value]` for
/// the element whose member `key` equals `value` (`initiatingMessage.value.protocolIEs[id=85].value`).
public struct JERPath: Hashable, Sendable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        case member(String)
        case index(Int)
        case anyElement
        case element(key: String, value: String)
    }

    public var components: [Component]
    public var text: String

    /// Parses `text`; on failure, the character offset and reason.
    public static func parse(_ text: String) -> Result<JERPath, QuantityParseFailure> {
        let chars = Array(text)
        var i = 0
        var components: [Component] = []
        func isName(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") }
        while i < chars.count {
            if !components.isEmpty {
                if chars[i] == "[" {
                    // handled below
                } else if chars[i] == "." {
                    i += 1
                } else {
                    return .failure(.init(offset: i, reason: "expected \".\" or \"[\""))
                }
            }
            if i < chars.count, chars[i] == "[" {
                guard let close = chars[i...].firstIndex(of: "]") else { return .failure(.init(offset: i, reason: "\"[\" without \"]\"")) }
                let inside = String(chars[(i + 1)..<close])
                if inside == "*" {
                    components.append(.anyElement)
                } else if let n = Int(inside), n >= 0, inside.allSatisfy(\.isNumber) {
                    components.append(.index(n))
                } else if let eq = inside.firstIndex(of: "="), !inside[..<eq].isEmpty, !inside[inside.index(after: eq)...].isEmpty,
                          inside[..<eq].allSatisfy(isName), inside[inside.index(after: eq)...].allSatisfy(isName) {
                    components.append(.element(key: String(inside[..<eq]), value: String(inside[inside.index(after: eq)...])))
                } else {
                    return .failure(.init(offset: i + 1, reason: "\"[\(inside)]\" is not [N], [*] or [key=value]"))
                }
                i = close + 1
                continue
            }
            let start = i
            while i < chars.count, isName(chars[i]) { i += 1 }
            guard i > start else {
                return .failure(.init(offset: start, reason: start < chars.count ? "unexpected \"\(chars[start])\"" : "ends after \".\""))
            }
            components.append(.member(String(chars[start..<i])))
        }
        guard !components.isEmpty else { return .failure(.init(offset: 0, reason: "empty path")) }
        return .success(JERPath(components: components, text: text))
    }

    public var description: String { text }
}
