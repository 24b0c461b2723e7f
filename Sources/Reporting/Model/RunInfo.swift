/// What was run, against what, where and when: the part of the results that identifies a run, so that
/// dashboards can compare runs and `report merge` can check that shards belong together.
public struct RunInfo: Hashable, Sendable {
    /// A run of a test plan (`coregate run`) or an analysis of captures (`coregate analyze`).
    public var kind: RunKind
    public var plan: PlanInfo
    public var target: TargetInfo
    public var environment: EnvironmentInfo
    /// The shards these results cover; nil for a run that was not sharded.
    public var shard: ShardInfo?

    public init(kind: RunKind = .run, plan: PlanInfo, target: TargetInfo, environment: EnvironmentInfo, shard: ShardInfo? = nil) {
        self.kind = kind
        self.plan = plan
        self.target = target
        self.environment = environment
        self.shard = shard
    }
}

/// The producer of results; an open set.
public struct RunKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// `coregate run PLAN`.
    public static let run = RunKind(rawValue: "run")
    /// `coregate analyze CAPTURE`.
    public static let analysis = RunKind(rawValue: "analysis")
}

/// The test plan (for an analysis: the capture or rule set analysed).
public struct PlanInfo: Hashable, Sendable {
    public var name: String
    public var description: String
    public var tags: [String]

    public init(name: String, description: String = "", tags: [String] = []) {
        self.name = name
        self.description = description
        self.tags = tags
    }
}

/// The core under test.
public struct TargetInfo: Hashable, Sendable {
    /// A name for people (`open5gs-lab`, `free5gc 3.4`).
    public var name: String
    /// The AMF's N2 address (`10.0.0.5:38412`), if any.
    public var amf: String?
    /// The UPF's N3 address, if any.
    public var upf: String?

    public init(name: String, amf: String? = nil, upf: String? = nil) {
        self.name = name
        self.amf = amf
        self.upf = upf
    }
}

/// Where and when the run took place.
public struct EnvironmentInfo: Hashable, Sendable {
    public var coregateVersion: String
    /// The host name (for merged shards: the distinct host names, comma-separated).
    public var host: String
    /// The operating system, e.g. `Debian GNU/Linux 12 (bookworm); Linux 6.1.0 x86_64`.
    public var os: String
    /// Processors online on the (first) host.
    public var cpuCount: Int
    public var start: Timestamp
    public var end: Timestamp
    /// The run stopped before the plan finished (a signal, an abort threshold, a crash of the driver).
    public var interrupted: Bool
    /// Why it stopped early, when known.
    public var interruptionReason: String?

    public init(coregateVersion: String, host: String, os: String, cpuCount: Int, start: Timestamp, end: Timestamp,
                interrupted: Bool = false, interruptionReason: String? = nil) {
        self.coregateVersion = coregateVersion
        self.host = host
        self.os = os
        self.cpuCount = cpuCount
        self.start = start
        self.end = end
        self.interrupted = interrupted
        self.interruptionReason = interruptionReason
    }

    /// Seconds from start to end (never negative).
    public var durationSeconds: Double { max(0, start.seconds(to: end)) }
}

/// Which of N shards of one run these results cover (1-based indices).
public struct ShardInfo: Hashable, Sendable {
    /// N: how many shards the run was split into.
    public var count: Int
    /// The shards covered: one for a shard's own results, several after `report merge`.
    public var indices: [Int]

    public init(count: Int, indices: [Int]) {
        self.count = count
        self.indices = indices
    }

    /// The most shards a run is split into (a bound for files read back).
    public static let maxCount = 65_535

    /// Shard `index` of `count`.
    public init(index: Int, of count: Int) { self.init(count: count, indices: [index]) }

    /// `2/4` or `1,2,3/4`.
    public var description: String { indices.map(String.init).joined(separator: ",") + "/\(count)" }

    /// Every shard of the run is covered.
    public var isComplete: Bool {
        indices.count == count && Set(indices).count == count && indices.allSatisfy { (1...max(1, count)).contains($0) }
    }
}
