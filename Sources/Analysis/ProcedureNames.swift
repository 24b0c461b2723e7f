import NGAP

/// Names of NGAP elementary procedures: the procedure code's ASN.1 name without `id-` (TS 38.413 9.4.7,
/// `id-NGSetup` → `NGSetup`), which is the elementary procedure object's name with its first letter capitalised.
public enum ProcedureNames {
    /// The name of `code`, or `procedure(N)` for a code the specification does not define.
    public static func name(_ code: ProcedureCode) -> String {
        guard let name = code.asn1Name else { return "procedure(\(code.rawValue))" }
        return name.hasPrefix("id-") ? String(name.dropFirst(3)) : name
    }
}
