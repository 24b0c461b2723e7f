import Runner
import Testing
import TestPlan

/// A fake clock driving a scheduler: every iteration lasts `iteration`; time moves by `tick`.
struct Simulation {
    var scheduler: LoadScheduler
    var iteration: Duration
    var tick: Duration
    var now = Duration.zero
    /// (start time, UE) of every iteration started.
    var starts: [(Duration, Int)] = []
    /// Most iterations running at once, and most at once per UE (must stay 1).
    var peakRunning = 0
    private var endsAt: [(Duration, Int)] = []

    init(_ scheduler: LoadScheduler, iteration: Duration, tick: Duration = .milliseconds(1)) {
        self.scheduler = scheduler
        self.iteration = iteration
        self.tick = tick
    }

    /// Runs until the scheduler finishes or `limit` of simulated time passes; returns whether it finished.
    @discardableResult
    mutating func run(until limit: Duration = .seconds(3600)) -> Bool {
        var started: [Int] = []
        while now <= limit {
            endsAt.sort { $0.0 < $1.0 }
            while let first = endsAt.first, first.0 <= now {
                scheduler.iterationEnded(ue: first.1)
                endsAt.removeFirst()
            }
            started.removeAll(keepingCapacity: true)
            scheduler.advance(to: now, starting: &started)
            for ue in started {
                starts.append((now, ue))
                endsAt.append((now + iteration, ue))
            }
            peakRunning = max(peakRunning, scheduler.runningCount)
            if scheduler.isFinished { return true }
            now += tick
        }
        return false
    }

    func startsBetween(_ a: Duration, _ b: Duration) -> Int { starts.filter { $0.0 >= a && $0.0 < b }.count }
}

let here = SourcePosition(file: "test.yaml", line: 1, column: 1)

func closed(start: Int = 0, _ stages: [(Int, LoadProfile.Stage.End)], ues: Int, grace: Duration = .seconds(30)) -> LoadProfile {
    LoadProfile(model: .closed, start: .ues(start), stages: stages.map { LoadProfile.Stage(target: .ues($0.0), end: $0.1, position: here) },
                maxConcurrent: ues, gracefulStop: grace, position: here)
}

func open(start: Double = 0, _ stages: [(Double, LoadProfile.Stage.End)], maxConcurrent: Int, grace: Duration = .seconds(30)) -> LoadProfile {
    LoadProfile(model: .open, start: .rate(Rate(perSecond: start)),
                stages: stages.map { LoadProfile.Stage(target: .rate(Rate(perSecond: $0.0)), end: $0.1, position: here) },
                maxConcurrent: maxConcurrent, gracefulStop: grace, position: here)
}

@Suite("Load scheduler: closed model")
struct ClosedModelTests {
    @Test("the default profile starts every UE once, at once, in index order, and finishes when they end")
    func once() {
        var sim = Simulation(LoadScheduler(profile: .once(ues: 10, position: here), ues: 0..<10), iteration: .milliseconds(50))
        let finished = sim.run()
        #expect(finished)
        #expect(sim.starts.map(\.1) == Array(0..<10))
        #expect(sim.starts.allSatisfy { $0.0 == .zero })
        #expect(sim.scheduler.plannedIterations == 10 && sim.scheduler.endedIterations == 10)
        #expect(sim.now == .milliseconds(50), "finishes as soon as the last iteration ends, not at the graceful-stop deadline")
    }

    @Test("a ramp from 0 to 10 over 10 s adds one slot per second, truncated toward the previous target")
    func rampUp() {
        var sim = Simulation(LoadScheduler(profile: closed([(10, .duration(.seconds(10)))], ues: 10, grace: .seconds(1)), ues: 0..<10),
                             iteration: .seconds(100), tick: .milliseconds(100))
        let finished = sim.run(until: .seconds(12))
        #expect(finished)
        // At 10 s the stage (and the run) ends: the 10th slot would get no time.
        #expect(sim.starts.map(\.0) == (1...9).map { Duration.seconds($0) })
        #expect(sim.scheduler.runningUEs == Array(0..<9), "cut at the end of the graceful stop")
    }

    @Test("a ramp down starts nothing new above the target and cuts nothing")
    func rampDown() {
        // Hold 4 for 2 s with 0.5 s iterations (4 loop), then ramp 4 → 0 over 4 s: one slot less per second.
        let profile = closed(start: 4, [(4, .duration(.seconds(2))), (0, .duration(.seconds(4)))], ues: 8, grace: .seconds(1))
        var sim = Simulation(LoadScheduler(profile: profile, ues: 0..<8), iteration: .milliseconds(500), tick: .milliseconds(10))
        let finished = sim.run()
        #expect(finished)
        #expect(sim.peakRunning == 4)
        #expect(sim.startsBetween(.zero, .seconds(2)) == 16, "4 slots × 4 iterations in the hold")
        // Ramp: slots 4,3,2,1 during seconds 2-3, 3-4, 4-5, 5-6 → 8+6+4+2 starts.
        #expect(sim.startsBetween(.seconds(2), .seconds(3)) == 8)
        #expect(sim.startsBetween(.seconds(3), .seconds(4)) == 6)
        #expect(sim.startsBetween(.seconds(4), .seconds(5)) == 4)
        #expect(sim.startsBetween(.seconds(5), .seconds(6)) == 2)
        #expect(sim.startsBetween(.seconds(6), .seconds(100)) == 0)
        #expect(sim.scheduler.endedIterations == sim.scheduler.startedIterations)
    }

    @Test("stage boundaries: a stage ends exactly at its duration and the next starts from its target")
    func boundaries() {
        // 2 slots for 1 s, then 6 slots held from the start of stage 2 (a ramp from 2 → 6 over 1 ms is instant).
        let profile = closed(start: 2, [(2, .duration(.seconds(1))), (6, .duration(.milliseconds(1))), (6, .duration(.seconds(1)))], ues: 6)
        var sched = LoadScheduler(profile: profile, ues: 0..<6)
        var started: [Int] = []
        sched.advance(to: .zero, starting: &started)
        #expect(started == [0, 1] && sched.stageIndex == 0)
        sched.advance(to: .milliseconds(999), starting: &started)
        #expect(started.count == 2 && sched.stageIndex == 0)
        sched.advance(to: .seconds(1), starting: &started)
        #expect(sched.stageIndex == 1)
        sched.advance(to: .milliseconds(1001), starting: &started)
        #expect(sched.stageIndex == 2 && started == [0, 1, 2, 3, 4, 5])
        sched.advance(to: .seconds(10), starting: &started)
        #expect(sched.phase == .gracefulStop(until: .milliseconds(32_001)))
        sched.advance(to: .milliseconds(32_001), starting: &started)
        #expect(sched.isFinished && sched.runningUEs == Array(0..<6), "the iterations to cut")
    }

    @Test("an iterations stage holds its target until that many iterations started, reusing the longest-idle UE")
    func iterationsStage() {
        var sim = Simulation(LoadScheduler(profile: closed(start: 3, [(3, .iterations(10))], ues: 5), ues: 0..<5),
                             iteration: .milliseconds(10))
        let finished = sim.run()
        #expect(finished)
        #expect(sim.starts.count == 10 && sim.peakRunning == 3)
        // 0,1,2 start; then 3,4 (never run, idle longest), then 0,1,2 (idle since their end) …
        #expect(sim.starts.map(\.1) == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4])
    }

    @Test("a stage with 0 slots and an iteration count ends at once instead of waiting forever")
    func zeroTarget() {
        var sim = Simulation(LoadScheduler(profile: closed([(0, .iterations(5)), (2, .iterations(2))], ues: 2), ues: 0..<2),
                             iteration: .milliseconds(1))
        let finished = sim.run(until: .seconds(1))
        #expect(finished)
        #expect(sim.starts.count == 2)
    }

    @Test("a UE never runs two iterations at once")
    func oneIterationPerUE() {
        var sim = Simulation(LoadScheduler(profile: closed(start: 5, [(5, .duration(.seconds(3)))], ues: 5), ues: 0..<5),
                             iteration: .milliseconds(333), tick: .milliseconds(7))
        let finished = sim.run()
        #expect(finished)
        var busyUntil: [Int: Duration] = [:]
        for (t, ue) in sim.starts {
            #expect(busyUntil[ue].map { $0 <= t } ?? true, "UE \(ue) restarted at \(t)")
            busyUntil[ue] = t + .milliseconds(333)
        }
    }
}

@Suite("Load scheduler: open model")
struct OpenModelTests {
    @Test("a constant rate gives its exact count over any whole span of simulated time", arguments: [1.0, 7.5, 100, 2_000])
    func constantRate(rate: Double) {
        var sim = Simulation(LoadScheduler(profile: open(start: rate, [(rate, .duration(.seconds(10)))], maxConcurrent: 1_000), ues: 0..<1_000),
                             iteration: .milliseconds(1), tick: .milliseconds(3))
        let finished = sim.run()
        #expect(finished)
        #expect(sim.starts.count == Int(rate * 10))
        #expect(sim.scheduler.droppedArrivals == 0)
        // At every tick, the arrivals so far are floor(rate × t): a second's count is off only by what one
        // 3 ms tick batches.
        for s in 0..<10 {
            let n = sim.startsBetween(.seconds(s), .seconds(s + 1))
            #expect(abs(Double(n) - rate) <= rate * 0.003 + 1, "second \(s): \(n)")
        }
        var perMillisecond = [Int](repeating: 0, count: 11_000)
        for (t, _) in sim.starts { perMillisecond[Int(t.components.seconds) * 1000 + Int(t.components.attoseconds / 1_000_000_000_000_000)] += 1 }
        var seen = 0
        for k in stride(from: 0, through: 10_000, by: 3) {
            seen += perMillisecond[k]
            #expect(seen == Int((rate * Double(k) / 1000 + 1e-9).rounded(.down)), "at \(k) ms")
        }
    }

    @Test("a linear ramp from 0 to 100/s over 10 s gives 500 arrivals, its integral, growing as t²")
    func ramp() {
        var sim = Simulation(LoadScheduler(profile: open([(100, .duration(.seconds(10)))], maxConcurrent: 1_000), ues: 0..<1_000),
                             iteration: .milliseconds(1), tick: .milliseconds(1))
        let finished = sim.run()
        #expect(finished)
        #expect(sim.starts.count == 500)
        for s in 1...10 {
            let expected = 5.0 * Double(s * s)    // ∫0^s 10t dt
            #expect(abs(Double(sim.startsBetween(.zero, .seconds(s))) - expected) <= 1)
        }
    }

    @Test("arrivals that find no idle UE are dropped and counted, never delayed")
    func dropped() {
        // 10 UEs, 100/s for 2 s, each iteration lasts 1 s: 10 start in the first 0.1 s, then every arrival
        // until the first ends at 1.0 s is dropped, and so on.
        var sim = Simulation(LoadScheduler(profile: open(start: 100, [(100, .duration(.seconds(2)))], maxConcurrent: 10), ues: 0..<10),
                             iteration: .seconds(1), tick: .milliseconds(1))
        let finished = sim.run()
        #expect(finished)
        #expect(sim.scheduler.startedIterations + sim.scheduler.droppedArrivals == 200)
        #expect(sim.scheduler.startedIterations == 20)
        #expect(sim.scheduler.droppedArrivals == 180)
        #expect(sim.peakRunning == 10)
    }

    @Test("max_concurrent bounds running iterations below the number of UEs")
    func maxConcurrent() {
        var sim = Simulation(LoadScheduler(profile: open(start: 50, [(50, .duration(.seconds(1)))], maxConcurrent: 3), ues: 0..<10),
                             iteration: .milliseconds(100), tick: .milliseconds(1))
        let finished = sim.run()
        #expect(finished)
        #expect(sim.peakRunning == 3)
        #expect(sim.scheduler.startedIterations + sim.scheduler.droppedArrivals == 50)
        #expect(sim.scheduler.droppedArrivals > 0)
    }

    @Test("an iterations stage holds its rate until exactly that many arrivals, then the next stage goes on from there")
    func iterationsStage() {
        // 10/s until 15 arrivals (1.5 s), then 20/s for 1 s: 20 more.
        let profile = open(start: 10, [(10, .iterations(15)), (20, .duration(.seconds(1)))], maxConcurrent: 100)
        var sim = Simulation(LoadScheduler(profile: profile, ues: 0..<100), iteration: .milliseconds(1), tick: .milliseconds(1))
        let finished = sim.run()
        #expect(finished)
        #expect(sim.startsBetween(.zero, .milliseconds(1_500)) == 14, "the 15th at 1.5 s")
        #expect(sim.startsBetween(.milliseconds(1_500), .milliseconds(1_501)) == 1)
        // Stage 2 ramps 10 → 20/s over 1 s from 1.5 s: 15 arrivals, the last at 2.5 s.
        #expect(sim.starts.count == 15 + 15)
        #expect(sim.starts.last?.0 == .milliseconds(2_500))
    }

    @Test("an iterations stage at rate 0 ends at once")
    func zeroRate() {
        var sim = Simulation(LoadScheduler(profile: open([(0, .iterations(5)), (10, .iterations(2))], maxConcurrent: 4), ues: 0..<4),
                             iteration: .milliseconds(1))
        let finished = sim.run(until: .seconds(5))
        #expect(finished)
        #expect(sim.starts.count == 2)
    }

    @Test("many stages crossed in one coarse step give the same arrivals as fine steps")
    func coarseSteps() {
        let profile = open(start: 5, [(50, .duration(.seconds(2))), (50, .duration(.seconds(1))), (0, .duration(.seconds(2)))], maxConcurrent: 1_000)
        var fine = Simulation(LoadScheduler(profile: profile, ues: 0..<1_000), iteration: .zero, tick: .milliseconds(1))
        var coarse = Simulation(LoadScheduler(profile: profile, ues: 0..<1_000), iteration: .zero, tick: .milliseconds(2_500))
        let fineDone = fine.run(), coarseDone = coarse.run()
        #expect(fineDone && coarseDone)
        // ∫: (5+50)/2·2 + 50 + 50/2·2 = 55 + 50 + 50.
        #expect(fine.starts.count == 155 && coarse.starts.count == 155)
    }
}

@Suite("Load scheduler: stopping")
struct StoppingTests {
    @Test("stop starts nothing new and finishes when the running iterations end or the grace runs out")
    func stop() {
        var sched = LoadScheduler(profile: closed(start: 2, [(2, .duration(.seconds(60)))], ues: 4), ues: 0..<4)
        var started: [Int] = []
        sched.advance(to: .zero, starting: &started)
        #expect(started == [0, 1])
        sched.stop(at: .seconds(1), grace: .seconds(2), reason: "interrupted (SIGINT)")
        sched.iterationEnded(ue: 0)
        sched.advance(to: .seconds(1), starting: &started)
        #expect(started == [0, 1], "no restart after stop")
        #expect(sched.phase == .gracefulStop(until: .seconds(3)))
        sched.advance(to: .seconds(3), starting: &started)
        #expect(sched.isFinished && sched.runningUEs == [1])
        #expect(sched.stopReason == "interrupted (SIGINT)")
    }

    @Test("finishNow ends at once; iterationEnded for an unknown or idle UE is ignored")
    func finishNow() {
        var sched = LoadScheduler(profile: .once(ues: 3, position: here), ues: 10..<13)
        var started: [Int] = []
        sched.advance(to: .zero, starting: &started)
        #expect(started == [10, 11, 12])
        sched.iterationEnded(ue: 9)
        sched.iterationEnded(ue: 13)
        sched.iterationEnded(ue: 10)
        sched.iterationEnded(ue: 10)
        #expect(sched.runningCount == 2 && sched.endedIterations == 1)
        sched.finishNow(reason: "second signal")
        #expect(sched.isFinished && sched.runningUEs == [11, 12])
    }
}
