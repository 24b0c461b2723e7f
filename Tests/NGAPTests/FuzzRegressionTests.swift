import ASN1JER
import ASN1PER
import Foundation
import NGAP
import TestSupport
import Testing

/// Every input in `FuzzRegressions/` (a crasher, hang or slow input of `scripts/fuzz ngap`, or a hand-made
/// hostile PDU; see its SOURCE.md): it decodes or is refused with the recorded error, never traps, and what
/// decodes re-encodes to a fixed point, as the fuzz target checks.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzRegressions")

    /// The `.hex` files, by name.
    static let names: [String] = {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return items.filter { $0.hasSuffix(".hex") }.sorted()
    }()

    /// The input, and the first line's expectation: `decodes`, or `refused CODE`.
    static func load(_ name: String) throws -> (bytes: [UInt8], expected: String) {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let expected = lines.isEmpty ? "" : lines.removeFirst()
        let hex = lines.filter { !$0.hasPrefix("#") }.joined().filter { !$0.isWhitespace }
        return (try #require(HexText.decode(hex), "\(name): not hex"), expected)
    }

    @Test func theFolderHoldsInputs() {
        #expect(Self.names.count >= 4, "inputs in \(Self.folder.path)")
    }

    @Test(arguments: names)
    func decodesOrIsRefusedAsRecorded(name: String) throws {
        let (bytes, expected) = try Self.load(name)
        let pdu: NGAPPDU
        do throws(APERDecodingError) {
            pdu = try NGAPPDU.decode(bytes[...]).pdu
        } catch {
            #expect(expected == "refused \(error.code)", "\(name): \(error)")
            return
        }
        #expect(expected == "decodes", "\(name) decodes")
        let canonical = try pdu.aperEncoded()
        let (again, trailing) = try NGAPPDU.decode(canonical[...])
        let fixed = try again.aperEncoded()
        #expect(trailing == 0 && again == pdu && fixed == canonical, "\(name): not a fixed point")
    }
}
