import Foundation
import Testing
import TestPlan
import TestSupport

@Suite("Robustness")
struct RobustnessTests {
    /// Edits of every shipped plan (a character deleted, replaced by a YAML-significant one, or a line
    /// duplicated) are read without a crash, and each problem has a position inside the text.
    @Test("600 random edits of the shipped plans give diagnostics or a plan, never a crash")
    func randomEdits() throws {
        var random = SeededGenerator(seed: 0x5EED_7E57)
        let specials: [Character] = [":", "-", "[", "]", "{", "}", "\"", "'", "\t", "#", "&", "*", "!", "|", ">", " ", "\n", "0", "x", "%"]
        var invalid = 0
        for round in 0..<600 {
            let name = PlanFiles.shipped[round % PlanFiles.shipped.count]
            var chars = Array(try String(contentsOfFile: PlanFiles.shippedPath(name), encoding: .utf8))
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let at = Int(random.next() % UInt64(chars.count))
                switch random.next() % 3 {
                case 0: chars.remove(at: at)
                case 1: chars[at] = specials[Int(random.next() % UInt64(specials.count))]
                default: chars.insert(specials[Int(random.next() % UInt64(specials.count))], at: at)
                }
            }
            let text = String(chars)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            do {
                _ = try TestPlanLoader.load(text: text, file: name)
            } catch {
                invalid += 1
                #expect(!error.diagnostics.isEmpty)
                for d in error.diagnostics {
                    #expect((1...lines + 1).contains(d.position.line), "\(d)")
                }
            }
        }
        #expect(invalid > 150)
    }
}
