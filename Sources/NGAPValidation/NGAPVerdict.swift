import NGAP

/// What TS 38.413 §10 asks the receiver of a message to do about its diagnostics: go on or not, and whether to
/// answer, with what message, cause and Criticality Diagnostics.
public struct NGAPVerdict: Hashable, Sendable, CustomStringConvertible {
    /// What happens to the message and its procedure.
    public enum Handling: String, Hashable, Sendable {
        /// The message is handled as usual: nothing wrong, or only IEs with criticality `ignore` to leave out
        /// (not comprehended ones are ignored, missing ones done without).
        case proceed
        /// The message is handled without the not comprehended IEs and without the missing ones, and the
        /// sender is told (`answer`): criticality `ignore and notify` (§10.3.4.2, §10.3.5).
        case proceedAndNotify
        /// None of the message's functional requests is executed; the procedure is rejected (`answer`):
        /// an initiating message with a `reject` IE not comprehended or missing, or falsely constructed
        /// (§10.3.4.2, §10.3.5, §10.3.6), or an unknown procedure with criticality `reject` (§10.3.4.1).
        case rejectProcedure
        /// The procedure is ignored: unknown procedure code with criticality `ignore` or `ignore and notify`
        /// (§10.3.4.1), or a type of message the procedure does not have (§10.3.4.1A).
        case ignoreProcedure
        /// A response with a `reject` IE not comprehended or missing, or falsely constructed: the procedure is
        /// considered unsuccessfully terminated and local error handling starts; nothing is sent. Also any
        /// error in an ERROR INDICATION (§10.5).
        case localErrorHandling
    }

    /// The message that carries the report to the sender.
    public enum Answer: String, Hashable, Sendable {
        case none
        /// The procedure's response message (successful or unsuccessful outcome, whichever the procedure
        /// sends) includes `criticalityDiagnostics` (class 1 procedure, `ignore and notify`).
        case responseMessage
        /// The procedure's unsuccessful outcome message (e.g. NG SETUP FAILURE) with `cause` and
        /// `criticalityDiagnostics`. When the initiating message does not give what that message needs (e.g.
        /// its UE NGAP IDs), the receiver sends ERROR INDICATION instead (§10.3.4.2, §10.3.5, §10.3.6).
        case failureMessage
        /// ERROR INDICATION with `cause` and `criticalityDiagnostics`.
        case errorIndication
    }

    public var handling: Handling
    public var answer: Answer
    /// The Cause (group protocol) for a failure message or ERROR INDICATION; nil otherwise.
    public var cause: CauseProtocol?
    /// The clause that decides this verdict.
    public var clause: String
    /// Every problem found, in order of appearance (procedure-level ones first); empty for a clean message.
    public var diagnostics: [NGAPDiagnostic]
    /// More problems than `NGAPValidator.diagnosticsLimit` were found; the rest are not listed.
    public var truncated: Bool
    /// The message's procedure code, type of message and the criticality its sender gave the procedure (nil
    /// when the type of message is not one this version knows).
    public var procedureCode: ProcedureCode?
    public var triggeringMessage: TriggeringMessage?
    public var procedureCriticality: Criticality?

    public init(
        handling: Handling, answer: Answer, cause: CauseProtocol? = nil, clause: String, diagnostics: [NGAPDiagnostic] = [],
        truncated: Bool = false, procedureCode: ProcedureCode? = nil, triggeringMessage: TriggeringMessage? = nil,
        procedureCriticality: Criticality? = nil
    ) {
        self.handling = handling
        self.answer = answer
        self.cause = cause
        self.clause = clause
        self.diagnostics = diagnostics
        self.truncated = truncated
        self.procedureCode = procedureCode
        self.triggeringMessage = triggeringMessage
        self.procedureCriticality = procedureCriticality
    }

    /// No problem found.
    public var isClean: Bool { diagnostics.isEmpty }

    /// `rejectProcedure, answer failureMessage (abstract-syntax-error-reject) [TS 38.413 §10.3.5]`
    public var description: String {
        var text = handling.rawValue
        if answer != .none { text += ", answer \(answer.rawValue)" }
        if let cause { text += " (\(cause.specName))" }
        return text + " [\(clause)]"
    }
}

extension CauseProtocol {
    /// The name the specification gives the value (`abstract-syntax-error-reject`).
    public var specName: String {
        switch self {
        case .transferSyntaxError: "transfer-syntax-error"
        case .abstractSyntaxErrorReject: "abstract-syntax-error-reject"
        case .abstractSyntaxErrorIgnoreAndNotify: "abstract-syntax-error-ignore-and-notify"
        case .messageNotCompatibleWithReceiverState: "message-not-compatible-with-receiver-state"
        case .semanticError: "semantic-error"
        case .abstractSyntaxErrorFalselyConstructedMessage: "abstract-syntax-error-falsely-constructed-message"
        case .unspecified: "unspecified"
        case .unknownExtension(let i): "extension \(i)"
        }
    }
}
