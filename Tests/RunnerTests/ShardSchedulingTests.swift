import Runner
import Testing
import TestPlan

@Suite("Load scheduler: shards")
struct ShardSchedulingTests {
    static func plan(ues: Int, gnbs: Int, load: String) throws -> TestPlan {
        let text = """
            version: 1
            metadata: {name: shard-test}
            ran:
              gnbs: [{name: g, count: \(gnbs)}]
            subscribers:
              - {supi_first: imsi-001010000000001, count: \(ues), k: 465B5CE8B199B49FAA5F0A2EE238A6BC, opc: E8ED289DEBA952E4283B54E88E6183CA}
            scenario:
              steps: [register, deregister]
            \(load)
            """
        return try TestPlanLoader.load(text: text, file: "shard-test.yaml")
    }

    /// Runs every shard of `plan` on its own scheduler; returns the UE indexes each started.
    static func runShards(_ plan: TestPlan, count: Int, iteration: Duration) throws -> [(scheduler: LoadScheduler, ues: [Int])] {
        try (1...count).map { i in
            let slice = try plan.slice(Shard(index: i, count: count))
            var sim = Simulation(LoadScheduler(plan: plan, slice: slice), iteration: iteration, tick: .milliseconds(5))
            let finished = sim.run(until: .seconds(600))
            #expect(finished)
            return (sim.scheduler, sim.starts.map(\.1))
        }
    }

    @Test("the default profile: shards start disjoint UEs whose union is every UE once, with identities from the plan",
          arguments: [1, 2, 3, 7])
    func defaultProfile(shards: Int) throws {
        let plan = try Self.plan(ues: 50, gnbs: 7, load: "")
        let runs = try Self.runShards(plan, count: shards, iteration: .milliseconds(20))
        let all = runs.flatMap(\.ues)
        #expect(all.sorted() == Array(0..<50))
        #expect(Set(all).count == all.count)
        for (i, run) in runs.enumerated() {
            let slice = try plan.slice(Shard(index: i + 1, count: shards))
            #expect(run.ues.allSatisfy { slice.ues.contains($0) })
            #expect(run.scheduler.plannedIterations == slice.ues.count)
        }
        // Identities are a pure function of the plan: shard 2/3's first UE is the whole run's UE of that index.
        let slice = try plan.slice(Shard(index: 2, count: 3))
        #expect(plan.subscribers.identity(ue: slice.ues.lowerBound)?.imsi == "001010000000017")
    }

    @Test("closed model: the shards' iteration counts and concurrency add up to the whole run's")
    func closedTotals() throws {
        let load = "load: {model: closed, start: 3, stages: [{target: 3, duration: 2s}, {target: 10, iterations: 101}]}"
        let plan = try Self.plan(ues: 40, gnbs: 4, load: load)
        let whole = try Self.runShards(plan, count: 1, iteration: .milliseconds(100))
        let parts = try Self.runShards(plan, count: 4, iteration: .milliseconds(100))
        // Stage 1 runs 3 slots (0+1+1+1) for 2 s, 20 iterations each; stage 2 splits 101 iterations as 25+25+25+26.
        let wholeStarts = whole[0].ues.count
        let partStarts = parts.map(\.ues.count).reduce(0, +)
        #expect(wholeStarts == 3 * 20 + 101)
        #expect(partStarts == wholeStarts)
    }

    @Test("open model: rates scale by the shard's share, so the shards' arrivals add up to the whole run's within one per shard")
    func openTotals() throws {
        let load = "load: {model: open, start: 0/s, stages: [{target: 300/s, duration: 4s}, {target: 300/s, duration: 3s}], max_concurrent: 60}"
        let plan = try Self.plan(ues: 90, gnbs: 3, load: load)
        let whole = try Self.runShards(plan, count: 1, iteration: .milliseconds(150))
        let parts = try Self.runShards(plan, count: 3, iteration: .milliseconds(150))
        let arrivals = { (s: LoadScheduler) in s.startedIterations + s.droppedArrivals }
        #expect(arrivals(whole[0].scheduler) == 600 + 900)
        let partArrivals = parts.map { arrivals($0.scheduler) }.reduce(0, +)
        #expect(abs(partArrivals - 1500) <= 3)
        // max_concurrent 60 splits 20 per shard: each shard's UEs are its own; no UE is started by two shards.
        let all = parts.flatMap(\.ues)
        for (i, p) in parts.enumerated() {
            let slice = try plan.slice(Shard(index: i + 1, count: 3))
            #expect(p.ues.allSatisfy { slice.ues.contains($0) })
        }
        #expect(Set(all).isSubset(of: Set(0..<90)))
    }
}
