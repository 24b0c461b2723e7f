import Bytes
import Foundation
import Histogram
import Reporting
import TestSupport
import Testing

/// `coregate-results/1` JSON: what it holds, the reader that loads it back, and the published schema.
@Suite struct ResultsJSONTests {
    static let cases: [(String, RunResults)] = [
        ("passing", Fixtures.passing()), ("failing", Fixtures.failing()), ("skipped", Fixtures.skipped()),
        ("interrupted", Fixtures.interrupted()), ("hostile text", Fixtures.hostile()), ("analysis", Fixtures.analysis()),
        ("synthetic", SyntheticRun.make(.init(ues: 2_000, seconds: 120, shard: ShardInfo(index: 2, of: 3)))),
    ]

    @Test("reads back equal to what was written, and writes the same bytes again", arguments: 0..<cases.count)
    func roundTrip(_ index: Int) throws {
        let (name, results) = Self.cases[index]
        let bytes = ResultsJSON.encode(results)
        let back = try ResultsJSON.decode(bytes)
        let differences = Fixtures.differences(back, results)
        #expect(differences.isEmpty, "\(name): \(differences.joined(separator: "\n"))")
        #expect(ResultsJSON.encode(back) == bytes, "\(name)")
    }

    @Test("procedures carry count, success, failure, rate and latency percentiles in ms")
    func procedureFigures() throws {
        let json = try JSONValue(parsing: ResultsJSON.encode(Fixtures.passing()))
        let reg = try #require(json["procedures"]?["registration"])
        #expect(reg["count"] == .number("200"))
        #expect(reg["success"] == .number("196"))
        #expect(reg["failure"] == .number("4"))
        #expect(reg["rate_per_s"] == .number("15.68"), "196 successes over 12.5 s")
        let latency = try #require(reg["latency_ms"])
        for key in ["p50", "p90", "p95", "p99", "max", "mean"] {
            guard case .number(let text)? = latency[key], let v = Double(text) else { Issue.record("latency_ms.\(key)"); continue }
            #expect(v >= 12 && v <= 19.5, "\(key) = \(v)")
        }
        #expect(latency["max"] == .number("19.363"), "the exact maximum: 12,000 + 199 × 37 µs")
        for name in ["ng_setup", "pdu_session_establishment", "service_request", "handover", "pdu_session_release", "deregistration"] {
            #expect(json["procedures"]?[name]?["count"] == .number("0"), "every lifecycle procedure is listed: \(name)")
            #expect(json["procedures"]?[name]?["latency_ms"]?["p95"] == .null)
        }
        #expect(try ResultsJSON.decode(ResultsJSON.encode(Fixtures.passing())).procedures.keys.sorted() == ["registration"], "and dropped when read")
        #expect(json["environment"]?["interrupted"] == .bool(false))
        #expect(json["schema"] == .string("coregate-results/1"))
    }

    @Test("the received bytes survive even when they are not UTF-8") func invalidUTF8Survives() throws {
        let results = Fixtures.hostile()
        let back = try ResultsJSON.decode(ResultsJSON.encode(results))
        #expect(back.steps[0].received?.bytes == results.steps[0].received?.bytes)
        #expect(back.steps[0].received?.isValidUTF8 == false)
    }

    @Test("histograms come back bucket for bucket, with exact min and max") func histogramExact() throws {
        var h = LatencyHistogram()
        for v: UInt64 in [0, 1, 999, 1_000, 1_001, 2_047, 2_049, 123_456, 9_999_999] { h.record(microseconds: v, count: v % 3 + 1) }
        let back = try LatencyHistogram(significantDigits: h.significantDigits, min: h.minMicroseconds, max: h.maxMicroseconds, buckets: h.buckets)
        #expect(back == h)
        #expect(back.maxMicroseconds == 9_999_999 && back.minMicroseconds == 0)
    }

    @Test("percentiles, mean, min and max agree with hdrhistogram-swift's Histogram", arguments: [SignificantDigits.two, .three])
    func agreesWithHDRHistogram(_ digits: SignificantDigits) throws {
        var sparse = LatencyHistogram(significantDigits: digits)
        var hdr = Histogram<UInt64>(numberOfSignificantValueDigits: digits)
        var x: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<20_000 {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            let v = 3_000 + (x % 1_000) * (x >> 60 == 0 ? 900 : 7)  // a body near 3-10 ms and a tail to 900 ms
            sparse.record(microseconds: v)
            hdr.record(v)
        }
        for q in [0.0, 1, 25, 50, 90, 95, 99, 99.9, 99.99, 100] {
            #expect(sparse.percentileMicroseconds(q) == hdr.valueAtPercentile(q), "p\(q)")
        }
        #expect(sparse.meanMicroseconds == hdr.mean)
        #expect(sparse.minMicroseconds == hdr.min && sparse.maxMicroseconds == hdr.maxRecorded && sparse.count == hdr.totalCount)
        #expect(try LatencyHistogram(hdr) == sparse, "converting a live Histogram gives the same buckets")
        let rebuilt = sparse.hdrHistogram
        #expect(rebuilt.totalCount == hdr.totalCount && rebuilt.maxRecorded == hdr.maxRecorded && rebuilt.valueAtPercentile(99) == hdr.valueAtPercentile(99))
    }

    @Test("inconsistent histograms are refused, not rebuilt wrong") func badHistogramsRefused() {
        #expect(throws: ReportingError.self) {
            try LatencyHistogram(significantDigits: .three, min: 5, max: 9, buckets: [.init(value: 5, count: 1)])
        }
        #expect(throws: ReportingError.self) {
            try LatencyHistogram(significantDigits: .three, min: 3000, max: 3000, buckets: [.init(value: 3001, count: 1)])
        }
        #expect(throws: ReportingError.self) {
            try LatencyHistogram(significantDigits: .three, min: 1, max: 2, buckets: [.init(value: 2, count: 1), .init(value: 1, count: 1)])
        }
        #expect(throws: ReportingError.self) {
            try LatencyHistogram(significantDigits: .three, min: 1, max: 1 << 41, buckets: [.init(value: 1, count: 1), .init(value: 1 << 41, count: 1)])
        }
    }

    @Test("other schema versions are refused with a message naming both") func otherSchemaRefused() throws {
        var text = String(decoding: ResultsJSON.encode(Fixtures.passing()), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"coregate-results/1\"", with: "\"coregate-results/2\"")
        do {
            _ = try ResultsJSON.decode(Array(text.utf8))
            Issue.record("a version 2 file was read")
        } catch {
            #expect(error.code == .unsupportedSchema)
            #expect(error.message.contains("\"coregate-results/2\"") && error.message.contains("coregate-results/1"), "\(error.message)")
        }
        #expect(throws: ReportingError(.unsupportedSchema, "not CoreGate results: no \"schema\" member (expected \"coregate-results/1\")")) {
            try ResultsJSON.decode(Array("{\"name\":1}".utf8))
        }
    }

    @Test("a malformed member is named by its path") func malformedMemberNamed() throws {
        var text = String(decoding: ResultsJSON.encode(Fixtures.passing()), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"success\":196", with: "\"success\":-3")
        do {
            _ = try ResultsJSON.decode(Array(text.utf8))
            Issue.record("a negative count was read")
        } catch {
            #expect(error.code == .invalidResults)
            #expect(error.description.hasPrefix("procedures.registration.success: expected an integer from 0 to 2^53"), "\(error.description)")
        }
        #expect(throws: ReportingError.self) { try ResultsJSON.decode(Array("{\"schema\":".utf8)) }
    }

    @Test("the JSON Schema in docs/ accepts every results file written", arguments: 0..<cases.count)
    func schemaValidates(_ index: Int) throws {
        let (name, results) = Self.cases[index]
        let run = try Self.checkJSONSchema(ResultsJSON.encode(results))
        #expect(run.status == 0, "\(name): \(run.stdout)\(run.stderr)")
    }

    @Test("the JSON Schema rejects a file that breaks it") func schemaRejects() throws {
        var text = String(decoding: ResultsJSON.encode(Fixtures.passing()), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"outcome\":\"passed\"", with: "\"outcome\":\"fine\"")
        #expect(try Self.checkJSONSchema(Array(text.utf8)).status != 0)
    }

    static func checkJSONSchema(_ bytes: [UInt8]) throws -> Fixtures.Run {
        guard let tool = Fixtures.tool(["./.venv/bin/check-jsonschema", "check-jsonschema"]) else {
            throw Fixtures.ToolMissing(description: "check-jsonschema not found: scripts/setup installs it into .venv (PyPI check-jsonschema)")
        }
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("results.json")
        try Data(bytes).write(to: file)
        let schema = SharedCaptures.packageRoot.appendingPathComponent("docs/results.schema.json").path
        return try Fixtures.execute(tool, ["--schemafile", schema, file.path], timeout: 120)
    }
}

/// Files written by hand or by another tool: refused with a reason or read within bounds, never a crash.
@Suite struct HostileResultsTests {
    static func edited(_ edit: (String) -> String) -> [UInt8] {
        Array(edit(String(decoding: ResultsJSON.encode(SyntheticRun.make(.init(ues: 300, seconds: 60, shard: ShardInfo(index: 1, of: 2)))), as: UTF8.self)).utf8)
    }

    @Test("absurd shard counts and indices are refused") func shards() {
        #expect(throws: ReportingError.self) { try ResultsJSON.decode(Self.edited { $0.replacingOccurrences(of: "\"shard\":{\"count\":2", with: "\"shard\":{\"count\":9007199254740992") }) }
        #expect(throws: ReportingError.self) { try ResultsJSON.decode(Self.edited { $0.replacingOccurrences(of: "\"indices\":[1]", with: "\"indices\":[3]") }) }
        #expect(throws: ReportingError.self) { try ResultsJSON.decode(Self.edited { $0.replacingOccurrences(of: "\"indices\":[1]", with: "\"indices\":[1,1]") }) }
    }

    @Test("time-series points far apart coarsen the series instead of exploding it") func farApartPoints() throws {
        let bytes = Self.edited { text in
            guard let r = text.range(of: "\"t\":") else { return text }
            let digits = text[r.upperBound...].prefix { $0.isNumber }
            return text.replacingCharacters(in: r.upperBound..<text.index(r.upperBound, offsetBy: digits.count), with: "1")
        }
        let results = try ResultsJSON.decode(bytes)
        #expect(results.timeSeries.intervalSeconds > 1 << 20)
        #expect(results.timeSeries.procedures.values.allSatisfy { $0.count <= TimeSeries.defaultMaxPoints })
        #expect(HTMLReport.render(results).contains("<section id=\"time\">"))
    }

    @Test("counts beyond 2^53 and wrong types name their member") func badNumbers() {
        for (from, to, path) in [("\"packets_sent\":", "\"packets_sent\":9007199254740993,\"x\":", "user_plane.packets_sent"),
                                 ("\"interrupted\":false", "\"interrupted\":\"no\"", "environment.interrupted"),
                                 ("\"interval_s\":1", "\"interval_s\":3", "time_series")] {
            do {
                _ = try ResultsJSON.decode(Self.edited { $0.replacingOccurrences(of: from, with: to) })
                Issue.record("\(path) accepted")
            } catch {
                #expect(error.description.hasPrefix(path), "\(error.description)")
            }
        }
    }
}
