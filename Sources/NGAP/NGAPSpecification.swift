/// The NGAP specification the generated code implements.
public enum NGAPSpecification {
    /// 3GPP TS 38.413, Release 18: the ASN.1 of clause 9.4 compiled into `Generated/` by asn1gen.
    public static let reference = "3GPP TS 38.413 Release 18"
}
