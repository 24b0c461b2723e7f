import Bytes
import Foundation
import Testing
@testable import NAS5GS

/// Every NAS-PDU of the shared captures (extracted by scripts/oracles/nas_reference with
/// tshark, decoded there by pycrate) against this decoder.
@Suite("Real captures against tshark and pycrate")
struct CaptureOracleTests {
    /// Reviewed disagreements with an oracle, by "file frame #index": each with its reason.
    static let knownDisagreements: [String: String] = [:]

    static let decodeOptions = NASDecodingOptions(tolerant: true, nullDecipher: true)

    @Test("the shared captures folder exists and the oracle covers every capture in it")
    func oracleCoversEveryCapture() throws {
        let shared = try #require(TestPaths.sharedDirectory, "no shared folder with captures/ (set COREGATE_SHARED_DIR)")
        guard let records = Oracle.load() else { return }
        let files = try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("captures").path)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
        #expect(!files.isEmpty)
        let covered = Set(records.map(\.file))
        for f in files {
            #expect(covered.contains(f), "oracle has no NAS-PDU of \(f): regenerate with `\(TestPaths.regenerate)`")
        }
        #expect(records.count >= 1000, "expected the ~1500 NAS-PDUs of the shared captures, found \(records.count)")
    }

    @Test("every capture NAS-PDU decodes and re-encodes byte for byte (also the inner and nested messages)")
    func everyMessageDecodesAndReencodes() throws {
        guard let records = Oracle.load() else { return }
        var failures: [String] = []
        var checkedInner = 0
        for r in records where Self.knownDisagreements[r.label] == nil {
            do {
                let pdu = try NASPDU(nasEncoded: r.bytes[...], options: Self.decodeOptions)
                if pdu.nasEncoded != r.bytes { failures.append("\(r.label): outer re-encoding differs") }
                if case .protected(let p) = pdu {
                    let inner: NASMessage
                    do {
                        inner = try p.decodeInner(options: Self.decodeOptions)
                    } catch {
                        // Ciphered with a real algorithm (NEA1): unreadable with null deciphering.
                        // pycrate must find it unreadable too, with the same cause.
                        if r.pycrate["err"]?.intValue != Int(error.cause) {
                            failures.append("\(r.label): inner fails (\(error)), pycrate err \(r.pycrate["err"]?.jsonText ?? "-")")
                        }
                        continue
                    }
                    checkedInner += 1
                    if !inner.nasEncoded.elementsEqual(p.payload) { failures.append("\(r.label): inner re-encoding differs") }
                    let again = try NASMessage(nasEncoded: inner.nasEncoded[...], options: Self.decodeOptions)
                    if again != inner { failures.append("\(r.label): inner decode(encode(x)) != x") }
                }
            } catch {
                failures.append("\(r.label): \(error)")
            }
        }
        #expect(checkedInner > 1000)
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) failures:\n" + failures.prefix(30).joined(separator: "\n")))
    }

    @Test("message types agree with tshark (outer, inner and nested messages)")
    func messageTypesAgreeWithTshark() throws {
        guard let records = Oracle.load() else { return }
        var failures: [String] = []
        var agreed = 0
        for r in records where Self.knownDisagreements[r.label] == nil {
            var ours: [(String, Int)] = []
            collectTypes(r.bytes[...], into: &ours, depth: 0)
            let theirs = r.tsharkTypes
            if ours.count == theirs.count && zip(ours, theirs).allSatisfy({ $0.0 == $1.pd && $0.1 == $1.type }) {
                agreed += 1
            } else {
                failures.append("\(r.label): ours \(ours) tshark \(theirs.map { ($0.pd, $0.type) })")
            }
        }
        print("NAS5GS oracle: \(agreed) of \(records.count) NAS-PDUs agree with tshark on message types")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) disagreements:\n" + failures.prefix(30).joined(separator: "\n")))
    }

    func collectTypes(_ bytes: ArraySlice<UInt8>, into out: inout [(String, Int)], depth: Int) {
        guard depth < 4, let pdu = try? NASPDU(nasEncoded: bytes, options: Self.decodeOptions) else { return }
        let message: NASMessage
        switch pdu {
        case .plain(let m): message = m
        case .protected(let p):
            guard let m = try? p.decodeInner(options: Self.decodeOptions) else { return }
            message = m
        }
        out.append((message.extendedProtocolDiscriminator == 0x7E ? "mm" : "sm", Int(message.messageType.rawValue)))
        for s in message.ieSummaries {
            if s.key == "nas_message_container", let v = s.value { collectTypes(v[...], into: &out, depth: depth + 1) }
            if s.key == "payload_container", let v = s.value,
               message.ieSummaries.first(where: { $0.key == "payload_container_type" })?.nibble == 1 {
                collectTypes(v[...], into: &out, depth: depth + 1)
            }
        }
    }

    @Test("every IE agrees with pycrate: presence, IEI, value octets, and the structured IEs' values")
    func iesAgreeWithPycrate() throws {
        guard let records = Oracle.load() else { return }
        var failures: [String] = []
        var agreed = 0, structured = 0, pycrateErrors = 0
        for r in records where Self.knownDisagreements[r.label] == nil {
            guard let err = r.pycrate["err"]?.intValue else { failures.append("\(r.label): no pycrate result"); continue }
            guard err == 0, let msg = r.pycrate["msg"] else {
                // pycrate could not decode it: this decoder must reject it too, with the same cause.
                pycrateErrors += 1
                do {
                    let pdu = try NASPDU(nasEncoded: r.bytes[...], options: .strict)
                    _ = try pdu.message(options: NASDecodingOptions(nullDecipher: true))
                    failures.append("\(r.label): pycrate error \(err) but this decoder accepts it")
                } catch {
                    if Int(error.cause) != err { failures.append("\(r.label): pycrate cause \(err), ours \(error.cause)") }
                }
                continue
            }
            var mismatches: [String] = []
            compare(msg, r.bytes[...], path: "", mismatches: &mismatches, structured: &structured)
            if mismatches.isEmpty { agreed += 1 } else { failures.append("\(r.label): " + mismatches.prefix(5).joined(separator: "; ")) }
        }
        print("NAS5GS oracle: \(agreed) of \(records.count) NAS-PDUs agree with pycrate IE by IE (\(structured) structured IE values compared; \(pycrateErrors) rejected by both)")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) disagreements:\n" + failures.prefix(40).joined(separator: "\n")))
    }

    /// Compares pycrate's message record with this decoder's view of `bytes`.
    func compare(_ py: JSONValue, _ bytes: ArraySlice<UInt8>, path: String, mismatches: inout [String], structured: inout Int) {
        let pdu: NASPDU
        do { pdu = try NASPDU(nasEncoded: bytes, options: Self.decodeOptions) } catch {
            mismatches.append("\(path): ours fails: \(error)"); return
        }
        if let mac = py["mac"]?.stringValue {
            guard case .protected(let p) = pdu else { mismatches.append("\(path): pycrate protected, ours plain"); return }
            let ourMAC = String(p.mac, radix: 16)
            if UInt32(mac, radix: 16) != p.mac { mismatches.append("\(path).mac: \(mac) vs \(ourMAC)") }
            if py["seq"]?.intValue != Int(p.sequenceNumber) { mismatches.append("\(path).seq") }
            if let inner = py["inner"] { compare(inner, p.payload, path: path + ".inner", mismatches: &mismatches, structured: &structured) }
            return
        }
        guard case .plain(let m) = pdu else { mismatches.append("\(path): pycrate plain, ours protected"); return }
        if py["type"]?.intValue != Int(m.messageType.rawValue) {
            mismatches.append("\(path).type: \(py["type"]?.jsonText ?? "-") vs \(m.messageType.rawValue)"); return
        }
        let json = parsedJSON { w in
            w.beginObject(); m.writeJSONFields(to: &w, options: NASJSONOptions(nullDecipher: true), depth: 0); w.endObject()
        }
        let ours = m.ieSummaries
        var ourMandatory = ours.filter { $0.iei == nil }[...]
        let pyIEs = (py["ies"]?.arrayValue ?? []).filter { $0["name"]?.stringValue != "spare" }
        var matchedOptional = 0
        for ie in pyIEs {
            let name = ie["name"]?.stringValue ?? "?"
            let summary: NASIESummary?
            if let iei = ie["iei"]?.intValue {
                summary = ours.first { $0.iei.map(Int.init) == iei }
                if summary != nil { matchedOptional += 1 }
            } else {
                summary = ourMandatory.popFirst()
            }
            guard let s = summary else { mismatches.append("\(path).\(name): absent in ours"); continue }
            if let nibble = ie["nibble"]?.intValue {
                if s.nibble.map(Int.init) != nibble { mismatches.append("\(path).\(name): nibble \(nibble) vs \(s.nibble.map(String.init) ?? "-")") }
            } else if let hex = ie["hex"]?.stringValue {
                if Hex.encode(s.value ?? []) != hex { mismatches.append("\(path).\(name): \(hex) vs \(Hex.encode(s.value ?? []))") }
            }
            if let norm = ie["norm"] {
                structured += 1
                if let mine = json?[s.key] {
                    jsonSubset(norm, mine, path: "\(path).\(s.key)", mismatches: &mismatches)
                } else {
                    mismatches.append("\(path).\(s.key): no JSON member")
                }
            }
            if let inner = ie["inner"], let v = s.value {
                compare(inner, v[...], path: "\(path).\(s.key)", mismatches: &mismatches, structured: &structured)
            }
        }
        let ourOptionalCount = ours.filter { $0.iei != nil }.count
        if ourOptionalCount != matchedOptional {
            mismatches.append("\(path): ours has \(ourOptionalCount) optional IEs, pycrate \(matchedOptional)")
        }
        if !m.rawIEs.isEmpty { mismatches.append("\(path): ours kept \(m.rawIEs.count) raw IEs \(m.rawIEs.map { String($0.iei, radix: 16) })") }
    }
}
