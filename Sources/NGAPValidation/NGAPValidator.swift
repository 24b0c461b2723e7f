import NGAP

/// Abstract-syntax validation of a decoded NGAP-PDU (TS 38.413 §10.3): finds every not comprehended, missing,
/// repeated, misordered and erroneously present IE in every IE container of the message (the message's own
/// IEs, transfers inside OCTET STRINGs, extension containers at any depth) and decides what the receiver does
/// about them (`NGAPVerdict`): go on, notify the sender, reject the procedure, or local error handling.
///
///     var validator = NGAPValidator()              // keep one per thread: its buffers are reused
///     let verdict = validator.validate(pdu)
///     if verdict.handling == .rejectProcedure, let cd = verdict.criticalityDiagnostics() { ... }
///
/// A clean message costs one walk over its IEs and allocates nothing; diagnostics allocate when made.
public struct NGAPValidator {
    /// How the verdict treats what real implementations commonly tolerate.
    public enum Mode: String, Hashable, Sendable {
        /// TS 38.413 §10 as written: IEs in wrong order or erroneously present make the message falsely
        /// constructed (§10.3.6).
        case strict
        /// Misordered IEs and conditional IEs present although their condition does not hold are reported but
        /// do not change the verdict (real cores send both: see the README's interoperability notes), and
        /// comprehended IEs sent with another criticality than the specification's are reported too
        /// (`criticalityDiffers`, never in the verdict).
        case tolerant
    }

    /// Most diagnostics listed for one message (the size of the Criticality Diagnostics IE list,
    /// `maxnoofErrors`): a hostile message cannot make the receiver build an unbounded list.
    public static let diagnosticsLimit = 256

    public var mode: Mode
    private var walker = NGAPTableWalker()

    public init(mode: Mode = .strict) {
        self.mode = mode
    }

    /// Validates `pdu` with a validator of its own (convenient; a kept validator reuses its buffers).
    public static func validate(_ pdu: NGAPPDU, mode: Mode = .strict) -> NGAPVerdict {
        var validator = NGAPValidator(mode: mode)
        return validator.validate(pdu)
    }

    /// The diagnostics of `pdu` and what §10 asks the receiver to do about them.
    public mutating func validate(_ pdu: NGAPPDU) -> NGAPVerdict {
        walker.reset(mode: mode)
        let triggering: TriggeringMessage
        switch pdu {
        case .initiatingMessage: triggering = .initiatingMessage
        case .successfulOutcome: triggering = .successfulOutcome
        case .unsuccessfulOutcome: triggering = .unsuccessfulOutcome
        case .unknownExtension:
            // §10.3.4.1A: the type of message cannot be read.
            walker.report(.unexpectedMessageType, criticality: nil, clause: NGAPClause.typeOfMessage, container: .message)
            return NGAPVerdict(
                handling: .ignoreProcedure, answer: .errorIndication, cause: .abstractSyntaxErrorReject, clause: NGAPClause.typeOfMessage,
                diagnostics: walker.takeDiagnostics())
        }
        pdu.walkTables(&walker)
        NGAPConditions.checkValueRules(pdu, &walker)
        guard let procedure = walker.procedure else {
            // Unreachable for the three known message types (each walks its procedure); kept total.
            return NGAPVerdict(handling: .proceed, answer: .none, clause: NGAPClause.general, triggeringMessage: triggering)
        }
        var verdict = NGAPVerdict(
            handling: .proceed, answer: .none, clause: NGAPClause.general, truncated: walker.truncated, procedureCode: procedure.code,
            triggeringMessage: triggering, procedureCriticality: procedure.criticality)
        if procedure.row < 0 {
            procedureLevel(&verdict, code: procedure.code, criticality: procedure.criticality, triggering: triggering)
            return verdict
        }
        verdict.diagnostics = walker.takeDiagnostics()
        guard !verdict.diagnostics.isEmpty else { return verdict }
        ieLevel(&verdict, triggering: triggering)
        return verdict
    }

    /// §10.3.4.1 and §10.3.4.1A: a procedure code NGAP does not define, or a type of message its procedure has not.
    private mutating func procedureLevel(_ verdict: inout NGAPVerdict, code: ProcedureCode, criticality: Criticality, triggering: TriggeringMessage) {
        if NGAPProcedures.procedure(code) == nil {
            walker.report(.unknownProcedure, procedureCode: code, criticality: criticality, clause: NGAPClause.procedureCode, container: .message)
            verdict.clause = NGAPClause.procedureCode
            switch criticality {
            case .reject: (verdict.handling, verdict.answer, verdict.cause) = (.rejectProcedure, .errorIndication, .abstractSyntaxErrorReject)
            case .notify: (verdict.handling, verdict.answer, verdict.cause) = (.ignoreProcedure, .errorIndication, .abstractSyntaxErrorIgnoreAndNotify)
            case .ignore: (verdict.handling, verdict.answer) = (.ignoreProcedure, .none)
            }
        } else {
            walker.report(.unexpectedMessageType, procedureCode: code, criticality: criticality, clause: NGAPClause.typeOfMessage, container: .message)
            verdict.clause = NGAPClause.typeOfMessage
            (verdict.handling, verdict.answer, verdict.cause) = (.ignoreProcedure, .errorIndication, .abstractSyntaxErrorReject)
        }
        verdict.diagnostics = walker.takeDiagnostics()
        if code == .errorIndication { localOnly(&verdict) }
    }

    /// §10.3.4.2, §10.3.5, §10.3.6: the most severe of the IE-level diagnostics decides.
    private func ieLevel(_ verdict: inout NGAPVerdict, triggering: TriggeringMessage) {
        var falselyConstructed: NGAPDiagnostic?
        var reject: NGAPDiagnostic?
        var notify: NGAPDiagnostic?
        for d in verdict.diagnostics {
            if d.isFalselyConstructed {
                if mode == .tolerant && (d.kind == .outOfOrderIE || d.kind == .erroneouslyPresentIE) { continue }
                if falselyConstructed == nil { falselyConstructed = d }
            } else if d.isNotComprehended || d.isMissing {
                if d.criticality == .reject, reject == nil { reject = d }
                if d.criticality == .notify, notify == nil { notify = d }
            }
        }
        let code = verdict.procedureCode ?? .errorIndication
        let procedure = NGAPProcedures.procedure(code)
        let initiating = triggering == .initiatingMessage
        let class1 = procedure?.procedureClass == .class1
        if let decisive = falselyConstructed ?? reject {
            verdict.clause = decisive.clause
            verdict.cause = falselyConstructed != nil ? .abstractSyntaxErrorFalselyConstructedMessage : .abstractSyntaxErrorReject
            if !initiating {
                (verdict.handling, verdict.answer, verdict.cause) = (.localErrorHandling, .none, nil)
            } else if class1 && procedure?.unsuccessfulOutcome != nil {
                (verdict.handling, verdict.answer) = (.rejectProcedure, .failureMessage)
            } else {
                (verdict.handling, verdict.answer) = (.rejectProcedure, .errorIndication)
            }
        } else if let decisive = notify {
            verdict.clause = decisive.clause
            verdict.handling = .proceedAndNotify
            if initiating && class1 {
                verdict.answer = .responseMessage
            } else {
                (verdict.answer, verdict.cause) = (.errorIndication, .abstractSyntaxErrorIgnoreAndNotify)
            }
        }
        if code == .errorIndication && verdict.handling != .proceed { localOnly(&verdict) }
    }

    /// §10.5: errors in an ERROR INDICATION never start the Error Indication procedure: local error handling.
    private func localOnly(_ verdict: inout NGAPVerdict) {
        (verdict.handling, verdict.answer, verdict.cause, verdict.clause) = (.localErrorHandling, .none, nil, NGAPClause.exceptions)
    }
}

extension NGAPVerdict {
    /// The Criticality Diagnostics IE the answer carries (TS 38.413 §9.3.1.3, Annex A): nil when nothing is sent.
    /// Procedure code and triggering message only in an ERROR INDICATION; the procedure criticality the sender
    /// gave; one item per not comprehended or missing IE with criticality `reject` or `notify` (never
    /// `ignore`), at most `maxnoofErrors`.
    public func criticalityDiagnostics() -> CriticalityDiagnostics? {
        guard answer != .none else { return nil }
        var items: [CriticalityDiagnosticsIEItem] = []
        for d in diagnostics where d.isNotComprehended || d.isMissing {
            guard let ie = d.ie, let criticality = d.criticality, criticality != .ignore else { continue }
            guard items.count < NGAPValidator.diagnosticsLimit else { break }
            items.append(CriticalityDiagnosticsIEItem(ieCriticality: criticality, ieID: ProtocolIEID(rawValue: ie), typeOfError: d.isMissing ? .missing : .notUnderstood))
        }
        let inErrorIndication = answer == .errorIndication
        return CriticalityDiagnostics(
            procedureCode: inErrorIndication ? procedureCode : nil, triggeringMessage: inErrorIndication ? triggeringMessage : nil,
            procedureCriticality: procedureCriticality, iesCriticalityDiagnostics: items.isEmpty ? nil : CriticalityDiagnosticsIEList(items))
    }
}
