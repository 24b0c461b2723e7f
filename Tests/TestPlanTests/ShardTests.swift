import Testing
import TestPlan

@Suite("Shards")
struct ShardTests {
    @Test("N shards cover 0..<total exactly and disjointly, blocks differing by at most one",
          arguments: [(0, 1), (1, 1), (7, 3), (10, 10), (20_000, 8), (200_000, 7), (101, 4), (Int.max / 2, 5)])
    func blocksPartition(total: Int, count: Int) throws {
        var next = 0
        var sizes: [Int] = []
        for i in 1...count {
            let block = try Shard(index: i, count: count).block(of: total)
            #expect(block.lowerBound == next)
            next = block.upperBound
            sizes.append(block.count)
        }
        #expect(next == total)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
    }

    @Test("a plan's slices give each UE to exactly one shard, attached to a gNB of that shard")
    func planSlices() throws {
        let plan = try PlanFiles.load(PlanFiles.shippedPath("registration-storm.yaml"))
        var owner = [Int](repeating: 0, count: plan.subscribers.count)
        var gnbOwner = [Int](repeating: 0, count: plan.ran.gnbs.count)
        var shares = 0.0
        for i in 1...4 {
            let slice = try plan.slice(Shard(index: i, count: 4))
            shares += slice.share
            for ue in slice.ues {
                owner[ue] += 1
                let gnb = try #require(slice.gnb(forUE: ue))
                #expect(slice.gnbs.contains(gnb))
            }
            for g in slice.gnbs { gnbOwner[g] += 1 }
            #expect(slice.gnb(forUE: slice.ues.upperBound) == nil || i == 4)
        }
        #expect(owner.allSatisfy { $0 == 1 })
        #expect(gnbOwner.allSatisfy { $0 == 1 })
        #expect(abs(shares - 1) < 1e-9)
        // gNB ids and addresses come with the gNBs: the slices' ids are disjoint and cover the plan's.
        let ids = try (1...4).flatMap { i in try plan.slice(Shard(index: i, count: 4)).gnbs.map { plan.ran.gnbs[$0].id } }
        #expect(ids == plan.ran.gnbs.map(\.id))
    }

    @Test("the whole plan is shard 1/1: UE i attaches to gNB i mod G")
    func whole() throws {
        let plan = try PlanFiles.load(PlanFiles.shippedPath("handover.yaml"))
        let slice = try plan.slice(.whole)
        #expect(slice.ues == 0..<40 && slice.gnbs == 0..<4)
        #expect((0..<8).map { slice.gnb(forUE: $0) } == [0, 1, 2, 3, 0, 1, 2, 3])
    }

    @Test("--shard text parses I/N and refuses the rest", arguments: ["0/4", "5/4", "1/0", "a/b", "1", "1/2/3", ""])
    func parse(text: String) {
        #expect(throws: TestPlanError.self) { try Shard.parse(text) }
    }

    @Test("more shards than gNBs is an error naming the counts")
    func tooManyShards() throws {
        let plan = try PlanFiles.load(PlanFiles.shippedPath("smoke.yaml"))
        do {
            _ = try plan.slice(Shard.parse("1/2"))
            Issue.record("sliced")
        } catch {
            #expect(error.code == .invalidShard)
            #expect(error.message.contains("1 gNB for 2 shards"))
        }
        #expect(try Shard.parse("3/8") == Shard(index: 3, count: 8))
    }
}
