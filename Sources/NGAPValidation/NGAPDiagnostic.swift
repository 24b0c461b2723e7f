import ASN1PER
import NGAP

/// One abstract-syntax problem of a received NGAP-PDU (TS 38.413 §10.3), or a transfer-level problem that the
/// message type itself cannot be read (§10.3.4.1A): what, which IE or procedure, the criticality that decides
/// its handling, the clause, and where in the message.
public struct NGAPDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// What is wrong; an open set, so new kinds do not break callers' switches.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A mandatory IE of the object set is absent (§10.3.5).
        public static let missingIE = Kind(rawValue: "missingIE")
        /// A conditional IE is absent although its condition holds (§10.3.3, handled as §10.3.5).
        public static let missingConditionalIE = Kind(rawValue: "missingConditionalIE")
        /// An IE id NGAP does not define at all: not comprehended (§10.3.4.2), handled by the sender's criticality.
        public static let unknownIE = Kind(rawValue: "unknownIE")
        /// An IE id NGAP defines, but not in this container's object set: not comprehended in this message
        /// (§10.3.1 case 1, §10.3.4.2), handled by the sender's criticality.
        public static let ieNotInMessage = Kind(rawValue: "ieNotInMessage")
        /// An IE of the object set present more than once (§10.3.6, too many occurrences).
        public static let repeatedIE = Kind(rawValue: "repeatedIE")
        /// An IE of the object set after one that the set puts after it (§10.3.6, wrong order; only IEs this
        /// version of the specification defines count).
        public static let outOfOrderIE = Kind(rawValue: "outOfOrderIE")
        /// A conditional IE present although its condition does not hold (§10.3.3, §10.3.6 erroneously present).
        public static let erroneouslyPresentIE = Kind(rawValue: "erroneouslyPresentIE")
        /// A procedure code NGAP does not define (§10.3.4.1), handled by the sender's procedure criticality.
        public static let unknownProcedure = Kind(rawValue: "unknownProcedure")
        /// A type of message the procedure does not have, e.g. a successful outcome of a class 2 procedure,
        /// or an NGAP-PDU alternative this version does not know (§10.3.4.1A).
        public static let unexpectedMessageType = Kind(rawValue: "unexpectedMessageType")
        /// A comprehended IE sent with another criticality than the object set assigns it. Not a §10 error (the
        /// receiver acts on its own table for comprehended IEs): reported in tolerant mode only, no verdict.
        public static let criticalityDiffers = Kind(rawValue: "criticalityDiffers")
    }

    /// Which kind of container the IE was met in (or missing from).
    public enum Container: String, Hashable, Sendable {
        /// A `ProtocolIE-Container`: a message's IEs, or a transfer's (`PDUSessionResourceSetupRequestTransfer`).
        case protocolIEs
        /// A `ProtocolExtensionContainer` (`iE-Extensions` of a SEQUENCE).
        case extensions
        /// A `ProtocolIE-SingleContainer` (`choice-Extensions` of a CHOICE).
        case single
        /// The message itself (procedure code, type of message).
        case message
    }

    public var kind: Kind
    /// The IE's id (for IEs of extension containers, the extension id); nil for a procedure-level diagnostic.
    public var ie: UInt16?
    /// The procedure code, for procedure-level diagnostics.
    public var procedureCode: ProcedureCode?
    /// The criticality that decides the handling: the sender's for an IE or procedure that was received, the
    /// one the receiver's object set assigns for a missing IE (§10.3.5); nil when the message type cannot be read.
    public var criticality: Criticality?
    /// The clause of TS 38.413 that covers it, e.g. `TS 38.413 §10.3.5`.
    public var clause: String
    /// Where: the IE (`NGSetupRequest.protocolIEs[2]`) or, for a missing IE, its container.
    public var path: ASN1Path
    public var container: Container
    /// For `criticalityDiffers`: the criticality the object set assigns.
    public var expectedCriticality: Criticality?

    public init(
        kind: Kind, ie: UInt16? = nil, procedureCode: ProcedureCode? = nil, criticality: Criticality?, clause: String,
        path: ASN1Path, container: Container, expectedCriticality: Criticality? = nil
    ) {
        self.kind = kind
        self.ie = ie
        self.procedureCode = procedureCode
        self.criticality = criticality
        self.clause = clause
        self.path = path
        self.container = container
        self.expectedCriticality = expectedCriticality
    }

    /// The IE's name in the specification (`id-GlobalRANNodeID`), nil for an id NGAP does not define.
    public var ieName: String? { ie.flatMap { ProtocolIEID(rawValue: $0).asn1Name } }

    /// Whether the kind is one §10.3.6 handles (falsely constructed message), regardless of criticality.
    public var isFalselyConstructed: Bool {
        kind == .repeatedIE || kind == .outOfOrderIE || kind == .erroneouslyPresentIE
    }

    /// Whether the kind is a not comprehended IE (reported with type of error `not-understood`).
    public var isNotComprehended: Bool { kind == .unknownIE || kind == .ieNotInMessage }

    /// Whether the kind is a missing IE (reported with type of error `missing`).
    public var isMissing: Bool { kind == .missingIE || kind == .missingConditionalIE }

    /// `missing IE 27 id-GlobalRANNodeID (reject)`, for people.
    public var summary: String {
        let what: String
        switch kind {
        case .missingIE: what = "missing IE"
        case .missingConditionalIE: what = "missing conditional IE"
        case .unknownIE: what = "unknown IE"
        case .ieNotInMessage: what = "IE not in this message"
        case .repeatedIE: what = "repeated IE"
        case .outOfOrderIE: what = "IE out of order"
        case .erroneouslyPresentIE: what = "erroneously present IE"
        case .unknownProcedure: what = "unknown procedure"
        case .unexpectedMessageType: what = "unexpected type of message"
        case .criticalityDiffers: what = "criticality differs for IE"
        default: what = kind.rawValue
        }
        var text = what
        if let ie { text += " \(ie)" + (ieName.map { " " + $0 } ?? "") }
        if let procedureCode { text += " \(procedureCode.rawValue)" + (procedureCode.asn1Name.map { " " + $0 } ?? "") }
        if let criticality { text += " (\(criticality.specName)" + (expectedCriticality.map { ", table: \($0.specName)" } ?? "") + ")" }
        return text
    }

    /// `NGSetupRequest.protocolIEs: missing IE 27 id-GlobalRANNodeID (reject) [TS 38.413 §10.3.5]`
    public var description: String { "\(path): \(summary) [\(clause)]" }
}

extension Criticality {
    /// The name the specification gives the value (`reject`, `ignore`, `notify`).
    public var specName: String {
        switch self {
        case .reject: "reject"
        case .ignore: "ignore"
        case .notify: "notify"
        }
    }
}

/// The clauses of TS 38.413 diagnostics name.
public enum NGAPClause {
    public static let general = "TS 38.413 §10.3"
    public static let transferSyntax = "TS 38.413 §10.2"
    public static let procedureCode = "TS 38.413 §10.3.4.1"
    public static let typeOfMessage = "TS 38.413 §10.3.4.1A"
    public static let notComprehended = "TS 38.413 §10.3.4.2"
    public static let missing = "TS 38.413 §10.3.5"
    public static let wrongOrderOrRepeated = "TS 38.413 §10.3.6"
    public static let conditionalPresence = "TS 38.413 §10.3.3"
    public static let assignedCriticality = "TS 38.413 §9.2"
    public static let exceptions = "TS 38.413 §10.5"
}
