import Bytes
import ASN1JER
import Analysis
import Foundation
import NAS5GS
import TestSupport
import Testing

/// `coregate decode --format jer` lines, built by the pipeline over every shared capture, against the oracles:
/// the same NGAP-PDUs as tshark (frame, index, bytes), pycrate's JER byte for byte, and per NAS-PDU the
/// message types tshark shows (null deciphering, nested messages included).
@Suite struct DecodePipelineTests {
    static let files = SharedCaptures.names

    /// The JSON lines of a capture (null deciphering, as the oracle's tshark runs).
    static func lines(_ file: String) throws -> [String] {
        let decoder = try NGAPCaptureDecoder(path: SharedCaptures.path(file))
        var json = JSONWriter()
        let line = DecodeJSONLine(nas: NASJSONOptions(nullDecipher: true))
        while let event = decoder.next() {
            if case .message(let m) = event { line.write(m, to: &json) }
        }
        #expect(decoder.error == nil)
        return String(decoding: json.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Plain message types in a `nas` object, depth first: the message, then inner and contained messages.
    static func messageTypes(_ object: Any?) -> [Int] {
        guard let o = object as? [String: Any] else { return [] }
        var types: [Int] = []
        if o["plain"] as? Bool == true, o["inner"] == nil, let t = o["type"] as? Int { types.append(t) }
        for key in ["inner", "nas_message_container", "payload_container"] { types += messageTypes(o[key]) }
        return types
    }

    @Test(arguments: files)
    func linesAgreeWithTsharkAndPycrate(file: String) throws {
        let oracle = try Oracle.shared.get().pdus[file] ?? []
        let nasOracle = try OracleNASMessage.shared.get()[file] ?? []
        let lines = try Self.lines(file)
        try #require(lines.count == oracle.count, "\(lines.count) lines, tshark dissects \(oracle.count) NGAP-PDUs")
        var nasIndex = 0
        var failures: [String] = []
        for (text, p) in zip(lines, oracle) {
            let place = "\(file) frame \(p.frame)#\(p.index)"
            let prefix = "{\"frame\":\(p.frame),\"index\":\(p.index),\"jer\":" + (p.pycrate_jer ?? "?") + ",\"nas\":["
            if !text.hasPrefix(prefix) { failures.append("\(place): line does not start with tshark's frame/index and pycrate's JER") }
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let nas = object?["nas"] as? [Any] ?? []
            let expected = p.nasPdus ?? []
            if nas.count != expected.count { failures.append("\(place): \(nas.count) NAS objects, tshark shows \(expected.count) NAS-PDUs") }
            for n in nas {
                guard nasIndex < nasOracle.count else { break }
                let reference = nasOracle[nasIndex]
                nasIndex += 1
                let theirs = reference.tshark.map(\.type)
                let ours = Self.messageTypes(n)
                // tshark shows nothing for NAS it cannot decipher (NEA1); ours is then "plain": false.
                if !theirs.isEmpty && ours != theirs { failures.append("\(place): NAS types \(ours), tshark \(theirs)") }
            }
            let hasTrailing = (p.pycrate_consumed_bits.map { ($0 + 7) / 8 } ?? 0) < p.hex.count / 2
            if hasTrailing != (object?["trailing"] != nil) { failures.append("\(place): trailing member \(hasTrailing ? "missing" : "unexpected")") }
        }
        #expect(nasIndex == nasOracle.count, "\(nasIndex) NAS objects, the NAS oracle lists \(nasOracle.count)")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) disagreements:\n" + failures.prefix(10).joined(separator: "\n")))
    }
}
