import Bytes
import ASN1JER
import ASN1PER
import CAllocationCounter
import Foundation
import NGAP
import NGAPRandom
import TestSupport
import Testing

/// The mutated-PDU study: 1,000 deterministic mutations of the shared captures' NGAP-PDUs (bit flips,
/// truncations, inflated lengths and counts, inserted bytes; `NGAPMutations` with `SeededGenerator`).
/// CoreGate's strict verdict on each is pinned in `MutationStudy/outcomes.tsv` (the error code, bit and
/// path, or decoded), and compared with pycrate 0.8.1's: the same refusal, or the same JER; the places
/// where pycrate is wrong by X.691 are listed in `MutationStudy/pycrate-disagreements.tsv` (see SOURCE.md).
@Suite(.serialized) struct MutationStudyTests {
    static let seed: UInt64 = 0x4E47_4150_4D55_54  // "NGAPMUT"
    static let count = 1000
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MutationStudy")

    struct Case {
        var mutation: NGAPMutation
        var source: OraclePDU
        var verdict: Verdict
    }

    /// CoreGate's strict verdict.
    enum Verdict: Equatable {
        case decoded(NGAPPDU)
        case refused(APERDecodingError)

        var columns: [String] {
            switch self {
            case .decoded: ["decoded", "", "", ""]
            case .refused(let e): ["refused", e.code.rawValue, String(e.bitOffset), e.path.fullDescription]
            }
        }
    }

    static func study() throws -> [Case] {
        let sources = try Oracle.orderedPDUs()
        let pdus = try sources.map { p in try #require(HexText.decode(p.hex), "oracle hex of \(p.file) frame \(p.frame)") }
        var g = SeededGenerator(seed: seed)
        return NGAPMutations.make(from: pdus, count: count, using: &g).map { m in
            let verdict: Verdict
            do throws(APERDecodingError) {
                verdict = .decoded(try NGAPPDU.decode(m.bytes[...]).pdu)
            } catch {
                verdict = .refused(error)
            }
            return Case(mutation: m, source: sources[m.source], verdict: verdict)
        }
    }

    /// FNV-1a (64 bits) of the mutated bytes: the outcomes file notices a change of sources or generator.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        let text = String(h, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    static func row(_ c: Case) -> String {
        let m = c.mutation
        let head = [String(m.number), "\(c.source.file) \(c.source.frame)#\(c.source.index)", "\(m.kind.rawValue): \(m.detail)",
                    fingerprint(m.bytes)]
        return (head + c.verdict.columns).joined(separator: "\t")
    }

    /// The rows of a TSV data file, comment lines and the header left out.
    static func rows(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    static let header = "number\tsource\tmutation\tfingerprint\tverdict\tcode\tbit\tpath"

    @Test("every mutated PDU has its recorded outcome: the error code, bit and path, or decoded")
    func recordedOutcomes() throws {
        let cases = try Self.study()
        let rows = cases.map(Self.row)
        if ProcessInfo.processInfo.environment["COREGATE_RECORD_MUTATIONS"] == "1" {
            let text = ([Self.header] + rows).joined(separator: "\n") + "\n"
            try text.write(to: Self.folder.appendingPathComponent("outcomes.tsv"), atomically: true, encoding: .utf8)
            Issue.record("wrote MutationStudy/outcomes.tsv: review the changes and commit them")
            return
        }
        let recorded = try Self.rows("outcomes.tsv").map { $0.joined(separator: "\t") }
        #expect(recorded.count == Self.count)
        var failures = Failures()
        for (ours, theirs) in zip(rows, recorded) where ours != theirs {
            failures.add("mutation", "now\n  \(ours)\nrecorded\n  \(theirs)")
        }
        #expect(failures.isEmpty, "\(failures.count) outcomes changed (COREGATE_RECORD_MUTATIONS=1 rewrites the file):\n\(failures.summary)")
        let refused = cases.filter { if case .refused = $0.verdict { true } else { false } }.count
        #expect(refused > 700 && refused < 1000, "\(refused) of \(Self.count) refused")
    }

    @Test("pycrate 0.8.1 agrees on every mutated PDU but the recorded ones: the same refusal, or the same JER")
    func pycrateAgreement() throws {
        let cases = try Self.study()
        let pycrate = try PycrateNGAP.run(cases.map { HexText.encode($0.mutation.bytes) })
        let record = ProcessInfo.processInfo.environment["COREGATE_RECORD_MUTATIONS"] == "1"
        var disagreements: [Int: String] = [:]
        for row in record ? [] : try Self.rows("pycrate-disagreements.tsv") {
            let number = try #require(Int(row[0]), "bad row \(row)")
            disagreements[number] = row[1]
        }
        var listed: [String] = []
        var failures = Failures()
        var agreed = 0
        for (c, theirs) in zip(cases, pycrate) {
            let n = c.mutation.number
            let found: String?
            switch (c.verdict, theirs.error) {
            case (.refused, _?):
                found = nil
            case (.decoded(let pdu), nil):
                var w = JSONWriter()
                w.pycrateBitStrings = true
                pdu.jerEncode(into: &w)
                found = String(decoding: w.bytes, as: UTF8.self) == theirs.jer ? nil : "jerDiffers"
            case (.decoded, _?):
                found = "pycrateRefuses"
            case (.refused, nil):
                found = "coreGateRefuses"
            }
            if let category = found {
                let detail = "\(c.mutation.kind.rawValue): \(c.mutation.detail)"
                let theirError = theirs.error.map { String($0.prefix(120)) } ?? "decoded"
                listed.append([String(n), category, c.verdict.columns.filter { !$0.isEmpty }.joined(separator: " "), theirError, detail].joined(separator: "\t"))
                if disagreements[n] != category { failures.add("mutation \(n) (\(detail))", category) }
            } else {
                agreed += 1
                if disagreements[n] != nil { failures.add("mutation \(n)", "listed as a disagreement but both now agree") }
            }
        }
        if record {
            let header = "number\tdisagreement\tcoregate\tpycrate\tmutation\tright\twhy"
            let text = ([header] + listed).joined(separator: "\n") + "\n"
            try text.write(to: Self.folder.appendingPathComponent("pycrate-disagreements.draft.tsv"), atomically: true, encoding: .utf8)
            Issue.record("wrote MutationStudy/pycrate-disagreements.draft.tsv: judge each by X.691 into pycrate-disagreements.tsv")
            return
        }
        #expect(failures.isEmpty, "\(failures.count) unexplained:\n\(failures.summary)")
        #expect(agreed + disagreements.count == Self.count, "\(agreed) agree, \(disagreements.count) recorded disagreements")
    }

    /// Most heap allocations one refused mutated PDU may cost (debug build; the partial value decoded before
    /// the error, the error's message and path).
    static let allocationBound = 96

    @Test("a refused mutated PDU costs a bounded number of heap allocations, whatever its lengths claim")
    func allocationsPerRefusedPDU() throws {
        var counts: [Int] = []
        for c in try Self.study() {
            guard case .refused = c.verdict else { continue }
            let bytes = c.mutation.bytes
            coregate_allocations_start()
            do {
                _ = try NGAPPDU.decode(bytes[...])
            } catch {
                _ = error.code
            }
            counts.append(coregate_allocations_stop())
        }
        let most = counts.max() ?? 0
        let mean = Double(counts.reduce(0, +)) / Double(max(counts.count, 1))
        print("allocations per refused PDU over \(counts.count): mean \(mean), most \(most)")
        #expect(!counts.isEmpty)
        #expect(most <= Self.allocationBound, "a refused PDU allocated \(most) times")
    }
}
