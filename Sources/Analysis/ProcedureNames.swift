import ASN1PER
import NGAP

/// Names of NGAP elementary procedures, read from the object set `NGAP-ELEMENTARY-PROCEDURES`
/// (TS 38.413 9.4.3): procedure code 21 → `NGSetup`.
public enum ProcedureNames {
    /// By procedure code; the object names with their first letter capitalised (`nGSetup` → `NGSetup`).
    public static let byCode: [Int64: String] = {
        var names: [Int64: String] = [:]
        for object in NGAPObjectSets.all["NGAP-ELEMENTARY-PROCEDURES"]?.objects ?? [] {
            guard let code = object["&procedureCode"]?.integer, let name = object.name, let first = name.first else { continue }
            names[code] = first.uppercased() + name.dropFirst()
        }
        return names
    }()

    /// The name of `code`, or `procedure(N)` for a code the specification does not define.
    public static func name(_ code: ProcedureCode) -> String {
        byCode[code.value] ?? "procedure(\(code.value))"
    }
}
