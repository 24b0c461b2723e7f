import ASN1PER

/// The elementary procedures of NGAP (TS 38.413 8.1, 9.4.3) as typed data: the generated table of object set
/// `NGAP-ELEMENTARY-PROCEDURES`, with each procedure's class.
public enum NGAPProcedures {
    /// TS 38.413 8.1: a class 1 procedure has a response (successful and/or unsuccessful outcome), a class 2
    /// procedure none.
    public enum ProcedureClass: Int, Hashable, Sendable {
        case class1 = 1
        case class2 = 2
    }

    /// Every elementary procedure, in the order of the specification.
    public static var all: [NGAPElementaryProcedure] { NGAPObjectSets.ngapELEMENTARYPROCEDURES.rows }

    /// The procedure with `code`, nil for a code the specification does not define.
    public static func procedure(_ code: ProcedureCode) -> NGAPElementaryProcedure? {
        byCode[Int(code.rawValue)]
    }

    /// Procedures indexed by code (codes are 0...255).
    static let byCode: [NGAPElementaryProcedure?] = {
        var table = [NGAPElementaryProcedure?](repeating: nil, count: 256)
        for p in NGAPObjectSets.ngapELEMENTARYPROCEDURES.rows { table[Int(p.procedureCode.rawValue)] = p }
        return table
    }()
}

extension NGAPElementaryProcedure {
    /// Class 1 when the procedure has an outcome message, class 2 otherwise.
    public var procedureClass: NGAPProcedures.ProcedureClass {
        successfulOutcome != nil || unsuccessfulOutcome != nil ? .class1 : .class2
    }
}
