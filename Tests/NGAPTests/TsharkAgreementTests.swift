import Bytes
import ASN1JER
import ASN1PER
import NGAP
import TestSupport
import Testing

/// Procedure codes, IE ids and NAS-PDUs of every NGAP-PDU in the shared captures,
/// compared with what tshark dissects.
@Suite struct TsharkAgreementTests {
    /// Ids of every ProtocolIE-Field and ProtocolExtensionField in a JER value
    /// (objects with `id`, `criticality` and `value` or `extensionValue`).
    static func fieldIds(_ json: JSONValue, into ids: inout [Int]) {
        switch json {
        case .object(let members):
            let keys = Set(members.map(\.key))
            if keys == ["id", "criticality", "value"] || keys == ["id", "criticality", "extensionValue"],
                case .number(let n)? = json["id"], let id = Int(n)
            {
                ids.append(id)
            }
            for m in members { fieldIds(m.value, into: &ids) }
        case .array(let items):
            for i in items { fieldIds(i, into: &ids) }
        default:
            break
        }
    }

    @Test(arguments: SharedCaptures.names)
    func procedureCodesIEIdsAndNASPDUsAgreeWithTshark(file: String) throws {
        var failures = Failures()
        let pdus = try Oracle.shared.get().pdus[file] ?? []
        for p in pdus {
            let place = "\(file) frame \(p.frame)#\(p.index)"
            guard let bytes = HexText.decode(p.hex), let (pdu, _) = try? NGAPPDU.decode(bytes[...]) else {
                failures.add(place, "does not decode")
                continue
            }
            if pdu.procedureCode.map({ Int($0.rawValue) }) != p.procedureCode {
                failures.add(place, "procedure code \(String(describing: pdu.procedureCode)) but tshark \(String(describing: p.procedureCode))")
            }
            var ours: [Int] = []
            Self.fieldIds(try JSONValue(parsing: pdu.jerText), into: &ours)
            if ours.sorted() != (p.ieIds ?? []).sorted() {
                failures.add(place, "IE ids \(ours.sorted()) but tshark \((p.ieIds ?? []).sorted())")
            }
            var nas: [NASPDU] = []
            pdu.collectNASPDU(into: &nas)
            let ourNAS = nas.map { $0.value.hex }
            if ourNAS != (p.nasPdus ?? []) {
                failures.add(place, "NAS-PDUs \(ourNAS) but tshark \(p.nasPdus ?? [])")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) disagreements over \(pdus.count) PDUs:\n\(failures.summary)")
    }
}
