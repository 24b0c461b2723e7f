import Reporting
import Testing

/// `report merge`: shards add up to the whole run, exactly.
@Suite struct MergeTests {
    static let options = SyntheticRun.Options(ues: 6_000, seconds: 900, seed: 7, registrationFailure: 0.01)

    func shard(_ i: Int, of n: Int) -> RunResults {
        var o = Self.options
        o.shard = ShardInfo(index: i, of: n)
        return SyntheticRun.make(o)
    }

    @Test("merging N shards (through their JSON files) equals the run of the union", arguments: [2, 3, 5])
    func shardsAddUpToTheUnion(_ n: Int) throws {
        let union = SyntheticRun.make(Self.options)
        var parts: [RunResults] = []
        for i in (1...n).reversed() { parts.append(try ResultsJSON.decode(ResultsJSON.encode(shard(i, of: n)))) }
        let merged = try ResultsMerge.merge(parts)

        #expect(merged.procedures.keys.sorted() == union.procedures.keys.sorted())
        for (name, stats) in union.procedures {
            let m = try #require(merged.procedures[name])
            #expect(m.count == stats.count && m.success == stats.success && m.failure == stats.failure, "\(name)")
            #expect(m.latency == stats.latency, "\(name): histograms merge bucket for bucket")
            #expect(m.latency.percentileMicroseconds(99) == stats.latency.percentileMicroseconds(99))
            #expect(m.failureCauses == stats.failureCauses)
        }
        #expect(merged.messages == union.messages)
        #expect(merged.timeSeries == union.timeSeries, "aligned by wall time, interval for interval")
        #expect(merged.timeSeries.intervalSeconds == 2, "900 s span: coarsened from 1 s to stay within 600 points")
        #expect(merged.userPlane == union.userPlane)
        #expect(merged.failures.totalFailedUEs == union.failures.totalFailedUEs)
        #expect(merged.failures.ues.count == min(FailureLog.defaultMaxUEs, union.failures.totalFailedUEs))
        #expect(merged.thresholds == union.thresholds, "thresholds evaluated again on the merged data")
        #expect(merged.run.shard == ShardInfo(count: n, indices: Array(1...n)))
        #expect(merged.run.shard?.isComplete == true)
    }

    @Test("the same shard twice, other plans, or other shard counts are refused") func conflictsRefused() {
        #expect(throws: ReportingError.self) { try ResultsMerge.merge([shard(1, of: 2), shard(1, of: 2)]) }
        #expect(throws: ReportingError.self) { try ResultsMerge.merge([shard(1, of: 2), shard(2, of: 3)]) }
        var other = shard(2, of: 2)
        other.run.plan.name = "another plan"
        #expect(throws: ReportingError.self) { try ResultsMerge.merge([shard(1, of: 2), other]) }
        #expect(throws: ReportingError.self) { try ResultsMerge.merge([]) }
    }

    @Test("the merged run spans all shards, is interrupted if one was, and combines steps by their worst outcome")
    func runInfoAndSteps() throws {
        var a = Fixtures.passing(), b = Fixtures.failing()
        a.run.shard = ShardInfo(index: 1, of: 2)
        b.run.shard = ShardInfo(index: 2, of: 2)
        b.run.environment.start = a.run.environment.start.adding(microseconds: 1_000_000)
        b.run.environment.end = a.run.environment.end.adding(microseconds: 3_000_000)
        b.run.environment.host = "other-host"
        b.run.environment.interrupted = true
        b.run.environment.interruptionReason = "SIGTERM"
        let m = try ResultsMerge.merge([a, b])
        #expect(m.run.environment.start == a.run.environment.start)
        #expect(m.run.environment.end == b.run.environment.end)
        #expect(m.run.environment.host == "ci-runner, other-host")
        #expect(m.run.environment.interrupted)
        #expect(m.run.environment.interruptionReason == "shard 2/2: SIGTERM")
        #expect(m.steps.map(\.name) == ["NG Setup", "Register", "Reject unknown SUCI", "Driver crashed"])
        #expect(m.steps[2].outcome == .failed && m.steps[2].message == "shard 2: cause #7 instead of #9")
        #expect(m.procedures["registration"]?.count == 400)
        #expect(m.verdict.passed == false)
    }
}
