import Bytes
import Foundation
import NASSecurity
import Testing
@testable import NAS5GS

/// Every input libFuzzer found crashing, hanging or slow (`scripts/fuzz nas|nas-security`), kept as a data
/// file in FuzzRegressions/ (named for what it found; see FuzzRegressions/SOURCE.md), run through the fuzz
/// targets' checks: decoding returns or throws with the cause its code carries, and what decodes re-encodes
/// to a fixed point (strict and tolerant, inner and nested messages included).
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let directory: URL? = Bundle.module.url(forResource: "FuzzRegressions", withExtension: nil)

    /// The regression inputs (`*.hex`: hex text, whitespace ignored), by file name.
    static let cases: [String] = {
        guard let dir = directory, let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".hex") }.sorted()
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        let dir = try #require(directory)
        let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        return try Hex.decode(String(text.filter { !$0.isWhitespace }))
    }

    @Test("the regression folder is in the test bundle with its SOURCE.md, and every case file is hex")
    func folder() throws {
        let dir = try #require(Self.directory, "FuzzRegressions is not a resource of the test bundle")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("SOURCE.md").path))
        for name in Self.cases { #expect((try? Self.bytes(name)) != nil, "\(name) is not hex") }
    }

    @Test("a fuzz finding decodes or throws with its cause, and re-encodes to a fixed point", arguments: cases)
    func regression(_ name: String) throws {
        let input = try Self.bytes(name)
        _ = NASPDUJSON.jsonText(nasPDU: input, options: NASJSONOptions(nullDecipher: true))
        for options in [NASDecodingOptions(nullDecipher: true), NASDecodingOptions(tolerant: true, nullDecipher: true)] {
            var failures: [String] = []
            Self.checkFixedPoint(input[...], options: options, depth: 0, failures: &failures)
            #expect(failures.isEmpty, "\(name) \(options.tolerant ? "tolerant" : "strict"): \(failures)")
            if let f = MalformedInputTests.check(input, options) { Issue.record("\(name): \(f)") }
        }
    }

    /// The fuzz target's property (Fuzz/Sources/NASFuzz/main.swift), reporting instead of trapping.
    static func checkFixedPoint(_ bytes: ArraySlice<UInt8>, options: NASDecodingOptions, depth: Int, failures: inout [String]) {
        guard depth < 4, let pdu = try? NASPDU(nasEncoded: bytes, options: options) else { return }
        let encoded = pdu.nasEncoded
        guard let again = try? NASPDU(nasEncoded: encoded[...], options: options) else { failures.append("re-encoding does not decode"); return }
        if again.nasEncoded != encoded || again != pdu { failures.append("not a fixed point") }
        if options.tolerant && !encoded.elementsEqual(bytes) { failures.append("tolerant decode does not re-encode to its input") }
        let message: NASMessage
        switch pdu {
        case .plain(let m): message = m
        case .protected(let p):
            guard let inner = try? p.decodeInner(options: options) else { return }
            guard let innerAgain = try? NASMessage(nasEncoded: inner.nasEncoded[...], options: options),
                  innerAgain == inner, innerAgain.nasEncoded == inner.nasEncoded else { failures.append("inner message is not a fixed point"); return }
            message = inner
        }
        for s in message.ieSummaries {
            guard let v = s.value else { continue }
            if s.key == "nas_message_container" || (s.key == "payload_container"
                && message.ieSummaries.first(where: { $0.key == "payload_container_type" })?.nibble == 1) {
                checkFixedPoint(v[...], options: options, depth: depth + 1, failures: &failures)
            }
        }
    }
}
