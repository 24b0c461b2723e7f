/// How many UEs run the scenario at once, as k6 executors do.
///
/// A UE runs one iteration at a time; an iteration takes the idle UE that has waited longest (lowest index
/// first). In the closed model, the stage targets are numbers of concurrent UEs, each looping iterations;
/// in the open model they are arrival rates of new iterations, and an arrival that finds no idle UE (or
/// `maxConcurrent` reached) is not started but counted in `dropped_arrivals`.
public struct LoadProfile: Hashable, Sendable {
    public enum Model: String, Hashable, Sendable, CaseIterable {
        /// N concurrent UEs (k6 ramping-vus).
        case closed
        /// Arrivals per second (k6 ramping-arrival-rate).
        case open
    }

    /// A stage: go from the previous stage's target (or `start`) to `target` linearly over `duration`,
    /// or hold `target` until `iterations` iterations have started.
    public struct Stage: Hashable, Sendable {
        public enum Target: Hashable, Sendable {
            case ues(Int)
            case rate(Rate)
        }
        public enum End: Hashable, Sendable {
            case duration(Duration)
            case iterations(Int)
        }
        public var name: String?
        public var target: Target
        public var end: End
        public var position: SourcePosition

        public init(name: String? = nil, target: Target, end: End, position: SourcePosition) {
            self.name = name
            self.target = target
            self.end = end
            self.position = position
        }
    }

    /// Find the arrival rate where the core stops keeping up (open model): evaluated over sliding windows,
    /// the knee is the rate of the first window where any condition of `when` holds.
    public struct KneeSearch: Hashable, Sendable {
        /// Conditions that mark the knee (`registration.latency.p95 > 200ms`).
        public var when: [Threshold]
        /// Window length (default 5s).
        public var window: Duration
        /// Stop the run at the knee (default true).
        public var stop: Bool
        public var position: SourcePosition

        public init(when: [Threshold], window: Duration = .seconds(5), stop: Bool = true, position: SourcePosition) {
            self.when = when
            self.window = window
            self.stop = stop
            self.position = position
        }
    }

    public var model: Model
    /// Where the first stage starts from (0 UEs or 0/s by default).
    public var start: Stage.Target
    public var stages: [Stage]
    /// Most iterations running at once (open model; default: every UE).
    public var maxConcurrent: Int
    /// Time given to running iterations after the last stage before they are cut (default 30s).
    public var gracefulStop: Duration
    public var knee: KneeSearch?
    public var position: SourcePosition

    public init(model: Model, start: Stage.Target, stages: [Stage], maxConcurrent: Int, gracefulStop: Duration = .seconds(30),
                knee: KneeSearch? = nil, position: SourcePosition) {
        self.model = model
        self.start = start
        self.stages = stages
        self.maxConcurrent = maxConcurrent
        self.gracefulStop = gracefulStop
        self.knee = knee
        self.position = position
    }

    /// The default: every UE runs the scenario once, all at once.
    public static func once(ues: Int, position: SourcePosition) -> LoadProfile {
        LoadProfile(model: .closed, start: .ues(ues), stages: [Stage(target: .ues(ues), end: .iterations(ues), position: position)],
                    maxConcurrent: ues, position: position)
    }

    /// The longest the stages can take when they all have durations; nil when a stage ends on iterations.
    public var plannedDuration: Duration? {
        var total = Duration.zero
        for s in stages {
            guard case .duration(let d) = s.end else { return nil }
            total += d
        }
        return total
    }
}
