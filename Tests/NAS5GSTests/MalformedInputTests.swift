import Bytes
import TestSupport
import Testing
@testable import NAS5GS
import NASSecurity

/// Malformed and truncated NAS (TS 24.501 clause 7): never a crash; either a decode that
/// re-encodes to exactly the input, or a typed error whose cause matches its code.
@Suite("Malformed and truncated NAS never crash")
struct MalformedInputTests {
    /// The cause each error code must carry.
    static let causeOfCode: [UInt16: Set<UInt8>] = [
        NASDecodingError.Code.truncated.rawValue: [96],
        NASDecodingError.Code.invalidMandatoryIE.rawValue: [96],
        NASDecodingError.Code.comprehensionRequiredIE.rawValue: [96],
        NASDecodingError.Code.unknownMessageType.rawValue: [97],
        NASDecodingError.Code.unknownProtocolDiscriminator.rawValue: [97],
        NASDecodingError.Code.invalidOptionalIE.rawValue: [100],
        NASDecodingError.Code.truncatedOptionalIE.rawValue: [100],
        NASDecodingError.Code.outOfSequenceIE.rawValue: [111],
        NASDecodingError.Code.repeatedIE.rawValue: [111],
        NASDecodingError.Code.invalidHeader.rawValue: [111],
        NASDecodingError.Code.ciphered.rawValue: [111],
    ]

    /// Decodes with `options` (inner message included); returns the failure description, nil if fine.
    static func check(_ bytes: [UInt8], _ options: NASDecodingOptions) -> String? {
        do {
            let pdu = try NASPDU(nasEncoded: bytes[...], options: options)
            guard pdu.nasEncoded == bytes else { return "accepted but re-encodes differently" }
            if case .protected(let p) = pdu {
                let inner = try p.decodeInner(options: options)
                guard inner.nasEncoded.elementsEqual(p.payload) else { return "inner accepted but re-encodes differently" }
                // JSON view too
                _ = NASPDUJSON.jsonText(nasPDU: bytes, options: NASJSONOptions(nullDecipher: true))
            }
            return nil
        } catch {
            guard let allowed = causeOfCode[error.code.rawValue], allowed.contains(error.cause) else {
                return "error \(error) has an unexpected cause"
            }
            guard error.offset >= 0, error.offset <= bytes.count else { return "error offset \(error.offset) outside the message" }
            return nil
        }
    }

    static func uniqueRealMessages() -> [[UInt8]] {
        guard let records = Oracle.load() else { return [] }
        var seen = Set<[UInt8]>()
        return records.map(\.bytes).filter { seen.insert($0).inserted }
    }

    @Test("every real message truncated at every length decodes or throws the typed error with its cause")
    func truncations() {
        let messages = Self.uniqueRealMessages()
        #expect(messages.count > 1000)
        var failures: [String] = []
        var rejected = 0, cases = 0
        for m in messages {
            for cut in 0..<m.count {
                let t = Array(m[..<cut])
                for options in [NASDecodingOptions(nullDecipher: true), NASDecodingOptions(tolerant: true, nullDecipher: true)] {
                    cases += 1
                    if let f = Self.check(t, options) { failures.append("\(Hex.encode(t)): \(f)") }
                    if (try? NASPDU(nasEncoded: t[...], options: options).message(options: options)) == nil { rejected += 1 }
                }
            }
        }
        print("NAS5GS malformed: \(cases) truncations, \(rejected) rejected with a typed error")
        #expect(rejected > 0)
        #expect(failures.isEmpty, Comment(rawValue: failures.prefix(20).joined(separator: "\n")))
    }

    @Test("every real message with random bit flips decodes or throws the typed error with its cause")
    func bitFlips() {
        let messages = Self.uniqueRealMessages()
        var rng = SeededGenerator(seed: 0x5EED_0501)
        var failures: [String] = []
        var cases = 0
        for m in messages where !m.isEmpty {
            for _ in 0..<24 {
                var f = m
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let bit = Int.random(in: 0..<(f.count * 8), using: &rng)
                    f[bit / 8] ^= UInt8(1 << (bit % 8))
                }
                for options in [NASDecodingOptions(nullDecipher: true), NASDecodingOptions(tolerant: true, nullDecipher: true)] {
                    cases += 1
                    if let e = Self.check(f, options) { failures.append("\(Hex.encode(f)): \(e)") }
                }
            }
        }
        print("NAS5GS malformed: \(cases) bit-flipped messages checked")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) failures\n" + failures.prefix(20).joined(separator: "\n")))
    }

    @Test("random bytes after a valid header never crash")
    func randomBodies() {
        var rng = SeededGenerator(seed: 42)
        var failures: [String] = []
        for definition in NASMessageDefinition.all {
            let header: [UInt8] = definition.epd == 0x2E ? [0x2E, 0x05, 0x01, definition.messageType] : [0x7E, 0x00, definition.messageType]
            for _ in 0..<200 {
                let body = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                for options in [NASDecodingOptions.strict, .tolerant] {
                    if let e = Self.check(header + body, options) { failures.append("\(Hex.encode(header + body)): \(e)") }
                }
            }
        }
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) failures\n" + failures.prefix(20).joined(separator: "\n")))
    }
}
