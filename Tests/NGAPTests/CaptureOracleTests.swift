import Bytes
import ASN1JER
import ASN1PER
import NGAP
import NGAPJER
import TestSupport
import Testing

/// Every NGAP-PDU of the shared captures: decodes, re-encodes to pycrate's canonical
/// encoding, writes pycrate's JER, reads that JER back, and reports the stray bytes
/// pycrate leaves unread.
@Suite struct CaptureOracleTests {
    static let files: [String] = SharedCaptures.names

    static func pdus(_ file: String) throws -> [OraclePDU] {
        try Oracle.shared.get().pdus[file] ?? []
    }

    @Test func sharedCapturesAndOracleArePresent() throws {
        #expect(SharedCaptures.sharedDirectory != nil, "shared captures not found (set COREGATE_SHARED_DIR)")
        #expect(Self.files.count >= 15)
        let total = try Self.files.reduce(0) { $0 + (try Self.pdus($1).count) }
        #expect(total >= 1900, "the oracle lists \(total) NGAP-PDUs")
    }

    @Test(arguments: files)
    func everyPDUAgreesWithPycrate(file: String) throws {
        var failures = Failures()
        let pdus = try Self.pdus(file)
        for p in pdus {
            let place = "\(file) frame \(p.frame)#\(p.index)"
            guard let bytes = HexText.decode(p.hex) else {
                failures.add(place, "oracle hex unreadable")
                continue
            }
            let decoded: (pdu: NGAPPDU, trailingBytes: Int)
            do {
                decoded = try NGAPPDU.decode(bytes[...])
            } catch {
                failures.add(place, "decode failed: \(error)")
                continue
            }
            if let consumed = p.pycrate_consumed_bits {
                let expectedTrailing = bytes.count - (consumed + 7) / 8
                if decoded.trailingBytes != expectedTrailing {
                    failures.add(place, "\(decoded.trailingBytes) trailing bytes, pycrate leaves \(expectedTrailing)")
                }
            }
            var canonical: [UInt8] = []
            do {
                canonical = try decoded.pdu.aperEncoded()
                failures.compare(place, "re-encoding", HexText.encode(canonical), p.pycrate_aper ?? "")
            } catch {
                failures.add(place, "encode failed: \(error)")
            }
            var writer = JSONWriter()
            writer.pycrateBitStrings = true
            decoded.pdu.jerEncode(into: &writer)
            failures.compare(place, "JER", String(decoding: writer.bytes, as: UTF8.self), p.pycrate_jer ?? "")
            // Our own JER (X.697 form) reads back to the same PDU.
            do {
                let again = try NGAPPDU(jerText: decoded.pdu.jerText)
                failures.compare(place, "JER round trip", HexText.encode(try again.aperEncoded()), HexText.encode(canonical))
            } catch {
                failures.add(place, "JER read-back failed: \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) disagreements over \(pdus.count) PDUs:\n\(failures.summary)")
    }
}
