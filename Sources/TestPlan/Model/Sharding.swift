/// `--shard I/N`: run part `I` (1-based) of `N` of a plan, so that N processes or machines together run it
/// whole. Each shard gets a contiguous, disjoint block of UE indexes and of gNBs (and so of gNB ids and
/// local addresses); the N blocks cover every UE and gNB exactly once.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// 1...count.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(TestPlanError) {
        guard count >= 1, (1...count).contains(index) else {
            throw TestPlanError(.invalidShard, "--shard \(index)/\(count): I must be in 1...N and N at least 1")
        }
        self.index = index
        self.count = count
    }

    /// The whole plan (1/1).
    public static let whole = Shard(unchecked: 1, 1)

    private init(unchecked index: Int, _ count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    public static func parse(_ text: String) throws(TestPlanError) -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw TestPlanError(.invalidShard, "--shard \(text): expected I/N, such as 2/4")
        }
        return try Shard(index: i, count: n)
    }

    /// This shard's block of `0..<total`: `[total·(I−1)/N, total·I/N)`; blocks differ in size by at most one.
    public func block(of total: Int) -> Range<Int> {
        Self.boundary(total, count, index - 1)..<Self.boundary(total, count, index)
    }

    /// floor(total·k/n), exact without overflow: (total/n)·k + (total mod n)·k/n.
    static func boundary(_ total: Int, _ n: Int, _ k: Int) -> Int { total / n * k + (total % n) * k / n }

    public var description: String { "\(index)/\(count)" }
}

/// The part of a plan one shard runs.
public struct PlanSlice: Hashable, Sendable {
    public var shard: Shard
    /// UE indexes (into `TestPlan.subscribers`).
    public var ues: Range<Int>
    /// gNB indexes (into `TestPlan.ran.gnbs`).
    public var gnbs: Range<Int>
    /// This shard's share of the UEs (0...1): the runner scales open-model rates and `max_concurrent` by it,
    /// as k6 execution segments do.
    public var share: Double

    /// The gNB (global index) UE `ue` attaches to: the shard's gNBs in turn, by the UE's position in the shard.
    /// Nil for a UE outside the shard.
    public func gnb(forUE ue: Int) -> Int? {
        guard ues.contains(ue), !gnbs.isEmpty else { return nil }
        return gnbs.lowerBound + (ue - ues.lowerBound) % gnbs.count
    }
}

extension TestPlan {
    /// The UEs and gNBs of `shard`. Throws when the plan has fewer gNBs or UEs than shards (a shard would
    /// have none to play).
    public func slice(_ shard: Shard) throws(TestPlanError) -> PlanSlice {
        let gnbCount = ran.gnbs.count, ueCount = subscribers.count
        guard gnbCount >= shard.count else {
            throw TestPlanError(.invalidShard, "--shard \(shard): the plan has \(gnbCount) gNB\(gnbCount == 1 ? "" : "s") for \(shard.count) shards; each shard needs its own (raise a ran.gnbs count)")
        }
        guard ueCount == 0 || ueCount >= shard.count else {
            throw TestPlanError(.invalidShard, "--shard \(shard): the plan has \(ueCount) UEs for \(shard.count) shards")
        }
        let ues = shard.block(of: ueCount)
        return PlanSlice(shard: shard, ues: ues, gnbs: shard.block(of: gnbCount),
                         share: ueCount == 0 ? 1 / Double(shard.count) : Double(ues.count) / Double(ueCount))
    }
}
