import ASN1PER
import NGAP

/// Goes through every IE container of a decoded NGAP-PDU (the generated `walkTables(_:)`, `walkContainer`,
/// `walkSingle` call it, in order of appearance) and checks each against its object set: ids the set does not
/// define, repeated and misordered IEs, mandatory and conditional IEs missing (TS 38.413 §10.3).
///
/// Reused from message to message: its buffers (path, open containers, seen-row bits) keep their capacity,
/// so a clean message allocates nothing. Diagnostics are made (and allocate) only when something is wrong.
struct NGAPTableWalker {
    /// An object set prepared for checking: ids, criticalities and presence by row, the rows that must be
    /// present, the conditions this module can decide. Made once per set (`static let walkerTable`).
    final class Table: Sendable {
        let name: String
        let container: NGAPDiagnostic.Container
        let ids: [UInt16]
        let criticalities: [Criticality]
        /// Rows whose presence is mandatory.
        let mandatory: [Int]
        /// Conditional rows whose condition is another row's presence (`NGAPConditions`).
        let presenceConditions: [(row: Int, ifPresent: Int)]
        /// Words of seen-row bits a container of this set needs.
        let words: Int

        init(name: String, container: NGAPDiagnostic.Container, ids: [UInt16], criticalities: [Criticality], presences: [Presence]) {
            self.name = name
            self.container = container
            self.ids = ids
            self.criticalities = criticalities
            mandatory = presences.indices.filter { presences[$0] == .mandatory }
            var conditions: [(Int, Int)] = []
            for rule in NGAPConditions.presenceRules where rule.set == name {
                if let row = ids.firstIndex(of: rule.ie), let other = ids.firstIndex(of: rule.ifPresent) { conditions.append((row, other)) }
            }
            presenceConditions = conditions
            words = (ids.count + 63) / 64
        }

        convenience init(_ t: ASN1ObjectSetTable<NGAPProtocolIE>) {
            self.init(
                name: t.name, container: .protocolIEs, ids: t.rows.map(\.id.rawValue), criticalities: t.rows.map(\.criticality),
                presences: t.rows.map(\.presence))
        }

        convenience init(_ t: ASN1ObjectSetTable<NGAPProtocolExtension>) {
            self.init(
                name: t.name, container: .extensions, ids: t.rows.map(\.id.rawValue), criticalities: t.rows.map(\.criticality),
                presences: t.rows.map(\.presence))
        }

        convenience init(_ t: ASN1ObjectSetTable<NGAPElementaryProcedure>) {
            self.init(
                name: t.name, container: .message, ids: t.rows.map { UInt16($0.procedureCode.rawValue) },
                criticalities: t.rows.map(\.criticality), presences: t.rows.map { _ in .optional })
        }

        /// The set of a container whose object set has no object: every id is unknown to it.
        static let empty = Table(name: "", container: .extensions, ids: [], criticalities: [], presences: [])
    }

    /// One step of the path from the PDU to where the walk is.
    enum Step {
        case field(StaticString)
        case index(Int)
        case type(StaticString)
    }

    /// A container being walked.
    struct Frame {
        var table: Table
        /// Where its seen-row bits start in `bits`.
        var bitsStart: Int
        /// The highest row met so far (order check).
        var highestRow: Int
        /// The kind of container, from the ids its elements carry (an empty set's table does not know).
        var container: NGAPDiagnostic.Container
    }

    var mode: NGAPValidator.Mode = .strict

    private(set) var path: [Step] = []
    private var frames: [Frame] = []
    private var bits: [UInt64] = []
    private(set) var diagnostics: [NGAPDiagnostic] = []
    /// More diagnostics than `NGAPValidator.diagnosticsLimit` were found.
    private(set) var truncated = false
    /// The procedure met by `single(_:procedureCode:criticality:row:)`: code, sender's criticality, row (-1: none).
    private(set) var procedure: (code: ProcedureCode, criticality: Criticality, row: Int)?

    init() {
        path.reserveCapacity(64)
        frames.reserveCapacity(16)
        bits.reserveCapacity(32)
    }

    /// Ready for the next message; keeps the buffers' capacity.
    mutating func reset(mode: NGAPValidator.Mode) {
        self.mode = mode
        path.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        bits.removeAll(keepingCapacity: true)
        if !diagnostics.isEmpty { diagnostics = [] }
        truncated = false
        procedure = nil
    }

    /// Hands the diagnostics over (the walker keeps none).
    mutating func takeDiagnostics() -> [NGAPDiagnostic] {
        let d = diagnostics
        diagnostics = []
        return d
    }

    // MARK: Path

    mutating func enter(field: StaticString) { path.append(.field(field)) }
    mutating func enter(index: Int) { path.append(.index(index)) }
    mutating func enter(type: StaticString) { path.append(.type(type)) }
    mutating func leave() { path.removeLast() }

    /// The path walked so far, as decoding errors give it.
    var currentPath: ASN1Path {
        ASN1Path(path.map { step -> ASN1Path.Component in
            switch step {
            case .field(let s): .field(s.description)
            case .index(let i): .index(i)
            case .type(let s): .type(s.description)
            }
        })
    }

    // MARK: Containers (ProtocolIE-Container, ProtocolExtensionContainer)

    mutating func beginContainer(_ table: Table, count: Int) {
        let start = bits.count
        for _ in 0..<table.words { bits.append(0) }
        frames.append(Frame(table: table, bitsStart: start, highestRow: -1, container: table.container))
    }

    mutating func element(_ index: Int, id: ProtocolIEID, criticality: Criticality, row: Int) {
        path.append(.index(index))
        check(id: id.rawValue, criticality: criticality, row: row, container: .protocolIEs)
    }

    mutating func element(_ index: Int, id: ProtocolExtensionID, criticality: Criticality, row: Int) {
        path.append(.index(index))
        check(id: id.rawValue, criticality: criticality, row: row, container: .extensions)
    }

    mutating func endElement() { path.removeLast() }

    // Loops go over index ranges, not arrays: iterating an array allocates in debug builds (see `check`).
    mutating func endContainer() {
        guard !frames.isEmpty else { return }
        let frame = frames[frames.count - 1]
        let table = frame.table
        for i in 0..<table.mandatory.count {
            let row = table.mandatory[i]
            if !seen(row, frame) {
                report(.missingIE, ie: table.ids[row], criticality: table.criticalities[row], clause: NGAPClause.missing, container: frame.container)
            }
        }
        for i in 0..<table.presenceConditions.count {
            let c = table.presenceConditions[i]
            let condition = seen(c.ifPresent, frame)
            let present = seen(c.row, frame)
            if condition && !present {
                report(.missingConditionalIE, ie: table.ids[c.row], criticality: table.criticalities[c.row], clause: NGAPClause.missing, container: frame.container)
            } else if !condition && present {
                report(.erroneouslyPresentIE, ie: table.ids[c.row], criticality: table.criticalities[c.row], clause: NGAPClause.wrongOrderOrRepeated, container: frame.container)
            }
        }
        for _ in 0..<table.words { bits.removeLast() }
        frames.removeLast()
    }

    // MARK: Single fields (ProtocolIE-SingleContainer, the message of NGAP-PDU)

    /// A `ProtocolIE-SingleContainer` (a CHOICE's `choice-Extensions`): its id must be one of the set's.
    mutating func single(_ table: Table, id: ProtocolIEID, criticality: Criticality, row: Int) {
        if row < 0 || row >= table.ids.count || table.ids[row] != id.rawValue {
            notComprehended(id: id.rawValue, criticality: criticality, container: .single)
        }
    }

    /// The message of an `InitiatingMessage`, `SuccessfulOutcome` or `UnsuccessfulOutcome`: the validator decides
    /// what a procedure code without a message of this type means (§10.3.4.1, §10.3.4.1A).
    mutating func single(_ table: Table, procedureCode: ProcedureCode, criticality: Criticality, row: Int) {
        procedure = (procedureCode, criticality, row)
    }

    mutating func endSingle() {}

    // MARK: Checks

    private func seen(_ row: Int, _ frame: Frame) -> Bool {
        bits[frame.bitsStart + row &>> 6] & ((1 as UInt64) &<< UInt64(row & 63)) != 0
    }

    // Elements are read and written whole (get, then set) rather than changed in place, and no generic
    // collection helper is used: in debug builds those allocate, which would hide real allocations from tests.
    private mutating func check(id: UInt16, criticality: Criticality, row: Int, container: NGAPDiagnostic.Container) {
        guard !frames.isEmpty else { return }
        let f = frames.count - 1
        var frame = frames[f]
        frame.container = container
        let table = frame.table
        guard row >= 0, row < table.ids.count, table.ids[row] == id else {
            frames[f] = frame
            notComprehended(id: id, criticality: criticality, container: container)
            return
        }
        let word = frame.bitsStart + row &>> 6
        let bit = (1 as UInt64) &<< UInt64(row & 63)
        let seenBits = bits[word]
        if seenBits & bit != 0 {
            frames[f] = frame
            report(.repeatedIE, ie: id, criticality: criticality, clause: NGAPClause.wrongOrderOrRepeated, container: container)
        } else {
            bits[word] = seenBits | bit
            if row < frame.highestRow {
                frames[f] = frame
                report(.outOfOrderIE, ie: id, criticality: criticality, clause: NGAPClause.wrongOrderOrRepeated, container: container)
            } else {
                frame.highestRow = row
                frames[f] = frame
            }
        }
        if mode == .tolerant, table.criticalities[row] != criticality {
            report(.criticalityDiffers, ie: id, criticality: criticality, clause: NGAPClause.assignedCriticality, container: container,
                   expected: table.criticalities[row])
        }
    }

    private mutating func notComprehended(id: UInt16, criticality: Criticality, container: NGAPDiagnostic.Container) {
        let kind: NGAPDiagnostic.Kind = ProtocolIEID(rawValue: id).asn1Name == nil ? .unknownIE : .ieNotInMessage
        report(kind, ie: id, criticality: criticality, clause: NGAPClause.notComprehended, container: container)
    }

    /// Adds a diagnostic at the current path (not inlined: the clean path never gets here).
    @inline(never)
    mutating func report(
        _ kind: NGAPDiagnostic.Kind, ie: UInt16? = nil, procedureCode: ProcedureCode? = nil, criticality: Criticality?, clause: String,
        container: NGAPDiagnostic.Container, expected: Criticality? = nil
    ) {
        if diagnostics.count >= NGAPValidator.diagnosticsLimit {
            truncated = true
            return
        }
        diagnostics.append(
            NGAPDiagnostic(
                kind: kind, ie: ie, procedureCode: procedureCode, criticality: criticality, clause: clause, path: currentPath,
                container: container, expectedCriticality: expected))
    }
}
