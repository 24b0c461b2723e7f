import ASN1PER
import NGAP
import TestSupport
import Testing

/// Truncated, bit-flipped and length-inflated real NGAP-PDUs give typed errors (or
/// decode), never a crash, and never a large allocation from a length that lies.
@Suite struct MalformedInputTests {
    static func realPDUs() throws -> [[UInt8]] {
        try Oracle.shared.get().pdus.values.flatMap { $0 }.compactMap { HexText.decode($0.hex) }
    }

    /// Decodes, and when that works checks that the value re-encodes to a fixed point.
    static func check(_ bytes: [UInt8], _ failures: inout Failures, _ place: @autoclosure () -> String) -> Bool {
        do {
            let (pdu, _) = try NGAPPDU.decode(bytes[...])
            do {
                let again = try NGAPPDU(aperEncoded: try pdu.aperEncoded())
                if again != pdu { failures.add(place(), "re-encoding does not decode to the same value") }
            } catch {
                failures.add(place(), "a decoded value does not re-encode and decode: \(error)")
            }
            return true
        } catch {
            if error.description.isEmpty || error.bitOffset < 0 || error.bitOffset > bytes.count * 8 {
                failures.add(place(), "error without a usable place: \(error)")
            }
            return false
        }
    }

    @Test func everyTruncationOfEveryRealPDUFailsCleanlyOrDecodes() throws {
        var failures = Failures()
        var rejected = 0
        let pdus = try Self.realPDUs()
        #expect(pdus.count > 1900)
        for (n, pdu) in pdus.enumerated() {
            for length in 0..<pdu.count where !Self.check(Array(pdu.prefix(length)), &failures, "PDU \(n) cut to \(length)") {
                rejected += 1
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.summary)")
        #expect(rejected > pdus.count, "truncations should mostly be rejected; \(rejected) were")
    }

    @Test func bitFlipsInRealPDUsNeverCrash() throws {
        var failures = Failures()
        var g = SeededGenerator(seed: 0xF11F)
        for (n, pdu) in try Self.realPDUs().enumerated() {
            for _ in 0..<24 {
                var bytes = pdu
                let bit = Int.random(in: 0..<(bytes.count * 8), using: &g)
                bytes[bit / 8] ^= 0x80 >> UInt8(bit % 8)
                _ = Self.check(bytes, &failures, "PDU \(n) bit \(bit) flipped")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.summary)")
    }

    @Test func lengthsInflatedToTheirMaximumAreRefusedWithoutAllocating() throws {
        // Every byte of a real PDU replaced by 0xBF (a 16,000+ octet length) or 0xC4 (a 64K fragment)
        // in turn: decoding must refuse quickly with a typed error.
        var failures = Failures()
        var inflatedLengthsRejected = 0
        for (n, pdu) in try Self.realPDUs().prefix(400).enumerated() {
            for i in pdu.indices {
                for value: UInt8 in [0xBF, 0xC4, 0xFF] {
                    var bytes = pdu
                    bytes[i] = value
                    if !Self.check(bytes, &failures, "PDU \(n) byte \(i) = \(value)") { inflatedLengthsRejected += 1 }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.summary)")
        #expect(inflatedLengthsRejected > 0)
    }

    @Test func aLengthLongerThanTheMessageNamesTheOffset() throws {
        // NGSetupRequest whose open type claims 200 octets (80 c8) but carries 14.
        let error = #expect(throws: APERDecodingError.self) {
            _ = try NGAPPDU.decode(HexText.decode("00150080c8000003001b00080002f859000000")![...])
        }
        #expect(error?.code == .invalidLength)
        #expect(error?.bitOffset == 40)
        #expect(error?.description == "NGSetupRequest: length 200 octets exceeds the 112 bits left at bit 40")
        #expect(error?.path.fullDescription == "initiatingMessage.value.NGSetupRequest")
    }

    @Test func errorsInsideAMessageNameTheMessageAndTheIE() throws {
        // A real NGSetupRequest (oai-gnbsim frame 62) with the TAC's BroadcastPLMNList count made impossible.
        var bytes = HexText.decode("00150028000003001b00080002f85900000004006600100000 00a0000002f859000016f000007b0015400100".replacingOccurrences(of: " ", with: ""))!
        bytes[28] = 0xFF  // SliceSupportList count of the first broadcast PLMN
        do {
            _ = try NGAPPDU.decode(bytes[...])
            Issue.record("a broken slice list decoded")
        } catch {
            #expect(error.description.hasPrefix("NGSetupRequest.protocolIEs[1].value.SupportedTAList[0]"), "\(error)")
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
