import Reporting
import Testing

/// The pieces of the results model.
@Suite struct ModelTests {
    @Test("timestamps print and parse RFC 3339 exactly", arguments: [
        ("1970-01-01T00:00:00.000000Z", Int64(0)), ("2026-12-07T15:59:24.123456Z", 1_796_659_164_123_456),
        ("2000-02-29T23:59:59.999999Z", 951_868_799_999_999), ("1969-12-31T23:59:59.500000Z", -500_000),
    ])
    func timestamps(_ text: String, _ micro: Int64) {
        #expect(Timestamp(microseconds: micro).rfc3339 == text)
        #expect(Timestamp(rfc3339: text)?.microseconds == micro)
    }

    @Test("timestamp parsing refuses what is not UTC RFC 3339") func timestampRefusals() {
        for bad in ["", "2026-12-07", "2026-12-07T15:59:24", "2026-12-07T15:59:24+01:00", "2026-13-07T15:59:24Z", "2026-12-07T15:59:24.Z",
                    "2026-12-07T15:59:24.1234567890Z", "2026-12-07 15:59:24Z"] {
            #expect(Timestamp(rfc3339: bad) == nil, "\(bad)")
        }
        #expect(Timestamp(rfc3339: "2026-12-07T15:59:24.5Z")?.microseconds == 1_796_659_164_500_000)
        #expect(Timestamp(rfc3339: "2026-12-07T15:59:24.123456789Z")?.microseconds == 1_796_659_164_123_456)
    }

    @Test("the time series doubles its interval to stay bounded, keeping every count") func timeSeriesBounded() {
        var ts = TimeSeries(maxPoints: 10)
        let t0 = Timestamp(microseconds: 1_000_000_000_000)
        for s in 0..<100 {
            ts.recordAttempt("registration", at: t0.adding(microseconds: Int64(s) * 1_000_000))
            ts.recordOutcome("registration", at: t0.adding(microseconds: Int64(s) * 1_000_000 + 5_000), succeeded: s % 10 != 0, latencyMicroseconds: 5_000)
        }
        #expect(ts.intervalSeconds == 16)
        let points = ts.procedures["registration"] ?? []
        #expect(points.count <= 10)
        #expect(points.reduce(0) { $0 + $1.attempts } == 100)
        #expect(points.reduce(0) { $0 + $1.successes } == 90)
        #expect(points.reduce(0) { $0 + $1.errors } == 10)
        #expect(points.allSatisfy { $0.second % 16 == 0 })
    }

    @Test("out-of-order events land in their interval") func timeSeriesOutOfOrder() {
        var ts = TimeSeries()
        let t0 = Timestamp(microseconds: 5_000_000_000)
        for s in [5, 1, 3, 1, 9] { ts.recordAttempt("x", at: t0.adding(microseconds: Int64(s) * 1_000_000)) }
        #expect(ts.procedures["x"]?.map(\.second) == [5001, 5003, 5005, 5009])
        #expect(ts.procedures["x"]?.map(\.attempts) == [2, 1, 1, 1])
    }

    @Test("ladders and failure logs are bounded and count what they drop") func failuresBounded() {
        let t = Timestamp(microseconds: 0)
        let ladder = (0..<100).map { LadderEntry(time: t.adding(microseconds: Int64($0)), direction: .sent, from: "UE", to: "gNB", message: "m\($0)") }
        let f = UEFailure(ue: "u", procedure: "p", reason: "r", time: t, ladder: ladder)
        #expect(f.ladder.count == UEFailure.maxLadderEntries)
        #expect(f.ladderOmitted == 100 - UEFailure.maxLadderEntries)
        #expect(f.ladder.last?.message == "m99", "the messages leading to the failure are kept")
        var log = FailureLog(maxUEs: 3)
        for _ in 0..<10 { log.add(f) }
        #expect(log.ues.count == 3 && log.totalFailedUEs == 10 && log.omitted == 7)
    }

    @Test("the verdict fails on failed steps, crossed thresholds, broken rules and interruptions") func verdict() {
        #expect(Fixtures.passing().verdict.passed)
        #expect(Fixtures.failing().verdict.reasons == ["1 step failed", "1 step in error", "1 threshold crossed"])
        #expect(Fixtures.interrupted().verdict.reasons == ["interrupted: SIGINT after 12.5 s"])
        #expect(Fixtures.analysis().verdict.reasons == ["1 rule broken"])
        #expect(Fixtures.skipped().verdict.passed)
    }

    @Test("the difference of two JER texts names each differing path; other text is diffed by line") func messageDifference() {
        let lines = MessageDifference.lines(expected: MessageText(Fixtures.expectedJER), received: MessageText(Fixtures.receivedJER))
        #expect(lines == ["~ value.cause: expected 9, received 7", "+ extra: unexpected true"])
        #expect(MessageDifference.lines(expected: "[1,2,3]", received: "[1,5]") == ["~ [1]: expected 2, received 5", "- [2]: missing (expected 3)"])
        #expect(MessageDifference.lines(expected: "{\"a\":1.0}", received: "{\"a\":1}").isEmpty)
        #expect(MessageDifference.lines(expected: "a\nb\nc", received: "a\nx\nc") == ["@ line 2", "- b", "+ x"])
    }
}
