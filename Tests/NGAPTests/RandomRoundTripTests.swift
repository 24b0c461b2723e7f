import Bytes
import ASN1JER
import ASN1PER
import NGAP
import NGAPJER
import NGAPRandom
import TestSupport
import Testing

/// Random valid NGAP-PDUs of every message type, checked against pycrate in both directions:
/// CoreGate encodes and pycrate decodes (same JER, same canonical APER); pycrate encodes from
/// JER and CoreGate decodes (same value).
@Suite(.serialized) struct RandomRoundTripTests {
    /// Every (message kind, message type) the elementary procedures define.
    static func allMessageTypes() -> Set<String> {
        var out: Set<String> = []
        for p in NGAPObjectSets.ngapELEMENTARYPROCEDURES.rows {
            out.insert("initiatingMessage " + p.initiatingMessage)
            if let t = p.successfulOutcome { out.insert("successfulOutcome " + t) }
            if let t = p.unsuccessfulOutcome { out.insert("unsuccessfulOutcome " + t) }
        }
        return out
    }

    static func jer(_ pdu: NGAPPDU, pycrateForm: Bool) -> String {
        var w = JSONWriter()
        w.pycrateBitStrings = pycrateForm
        pdu.jerEncode(into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Random PDUs until every message type has `perType` of them.
    static func corpus(seed: UInt64, perType: Int) -> [NGAPPDU] {
        var g = SeededGenerator(seed: seed)
        let wanted = allMessageTypes()
        var counts: [String: Int] = [:]
        var pdus: [NGAPPDU] = []
        var attempts = 0
        while attempts < 40_000, wanted.contains(where: { counts[$0, default: 0] < perType }) {
            attempts += 1
            let pdu = NGAPPDU.random(using: &g, depth: 0)
            let key = pdu.messageKind.rawValue + " " + pdu.messageName
            guard counts[key, default: 0] < perType else { continue }
            counts[key, default: 0] += 1
            pdus.append(pdu)
        }
        return pdus
    }

    static let pdus = corpus(seed: 0x5EED_C0DE, perType: 6)

    @Test func theCorpusCoversEveryMessageType() {
        let covered = Set(Self.pdus.map { $0.messageKind.rawValue + " " + $0.messageName })
        let wanted = Self.allMessageTypes()
        #expect(wanted.count == 131, "the procedures define \(wanted.count) message types")
        #expect(wanted.subtracting(covered).isEmpty, "not generated: \(wanted.subtracting(covered).sorted())")
    }

    @Test func pycrateDecodesWhatCoreGateEncodes() throws {
        var failures = Failures()
        let encodings = try Self.pdus.map { try $0.aperEncoded() }
        let results = try PycrateNGAP.run(encodings.map { HexText.encode($0) })
        for (i, (pdu, r)) in zip(Self.pdus, results).enumerated() {
            let place = "random PDU \(i) (\(pdu.messageName))"
            if let e = r.error {
                failures.add(place, "pycrate: \(e)")
                continue
            }
            failures.compare(place, "JER", Self.jer(pdu, pycrateForm: true), r.jer ?? "")
            failures.compare(place, "APER", HexText.encode(encodings[i]), r.aper ?? "")
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.pdus.count) disagree:\n\(failures.summary)")
    }

    @Test func coreGateDecodesWhatPycrateEncodes() throws {
        var failures = Failures()
        var knownDeviation = 0
        let results = try PycrateNGAP.run(Self.pdus.map { Self.jer($0, pycrateForm: true) })
        for (i, (pdu, r)) in zip(Self.pdus, results).enumerated() {
            let place = "random PDU \(i) (\(pdu.messageName))"
            guard let hex = r.aper, let bytes = HexText.decode(hex) else {
                failures.add(place, "pycrate: \(r.error ?? "no output")")
                continue
            }
            let theirs: NGAPPDU
            do {
                theirs = try NGAPPDU(aperEncoded: bytes)
            } catch {
                failures.add(place, "CoreGate cannot decode pycrate's encoding: \(error)")
                continue
            }
            if theirs == pdu { continue }
            let ours = try JSONValue(parsing: pdu.jerText), back = try JSONValue(parsing: theirs.jerText)
            if JERDifference.onlyShortenedBitStrings(ours, back) {
                knownDeviation += 1  // pycrate's from_jer reads extensible fixed-size BIT STRINGs at the root size
            } else {
                failures.compare(place, "value", pdu.jerText, theirs.jerText)
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.pdus.count) disagree:\n\(failures.summary)")
        #expect(knownDeviation * 50 < Self.pdus.count, "\(knownDeviation) PDUs hit pycrate's BIT STRING deviation")
    }

    @Test func coreGateReadsBackItsOwnJER() throws {
        var failures = Failures()
        for (i, pdu) in Self.pdus.enumerated() {
            do {
                let back = try NGAPPDU(jerText: pdu.jerText)
                if back != pdu { failures.compare("random PDU \(i)", "JER round trip", back.jerText, pdu.jerText) }
            } catch {
                failures.add("random PDU \(i)", "\(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.pdus.count) disagree:\n\(failures.summary)")
    }
}

/// Compares two JER trees for pycrate's one known from_jer defect.
enum JERDifference {
    /// True when the trees differ, and only where a `{"length","value"}` BIT STRING came back shorter.
    static func onlyShortenedBitStrings(_ a: JSONValue, _ b: JSONValue) -> Bool {
        var sawDifference = false
        return walk(a, b, &sawDifference) && sawDifference
    }

    static func walk(_ a: JSONValue, _ b: JSONValue, _ saw: inout Bool) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            if Set(x.map(\.key)) == ["length", "value"], Set(y.map(\.key)) == ["length", "value"],
                case .number(let la)? = a["length"], case .number(let lb)? = b["length"],
                let na = Int(la), let nb = Int(lb), nb < na
            {
                saw = true
                return true
            }
            guard x.map(\.key) == y.map(\.key) else { return false }
            return zip(x, y).allSatisfy { walk($0.value, $1.value, &saw) }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { walk($0, $1, &saw) }
        default:
            return false
        }
    }
}
