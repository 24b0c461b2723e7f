import CoreDriver
import Driver
import EventLoop
import Packets
import Reporting
import Simulation
import TestPlan
import Transport

/// The live path as the runner's engine: simulated gNBs and UEs (`HarnessDriver`) on real sockets toward an
/// AMF and UPF, and, when the plan targets the embedded core, that core (`CoreDriver`) on the same event
/// loop in the same thread. Use `clock` as the run's clock: its waits run the loop.
public final class LiveRunEngine: RunEngine {
    public let engine: LiveEngine
    public let clock: EventLoopRunClock
    let core: CoreDriver?
    let setupTimeout: Duration
    let firstUE: Int

    /// - Parameters:
    ///   - amf: the AMF to connect to (ignored when `core` is given: its listening address is used).
    ///   - core: the embedded core, already configured (not started).
    ///   - defaultDestination: where traffic steps send when neither the step nor `target.dn_peer` says
    ///     (the embedded core's data network).
    public init(plan: TestPlan, slice: PlanSlice, amf: SocketAddress?, core: CoreDriver?, capturePath: String?,
                defaultDestination: String?, setupTimeout: Duration = .seconds(5)) throws(RunnerError) {
        self.core = core
        self.setupTimeout = setupTimeout
        firstUE = slice.ues.lowerBound
        let loop: EventLoop
        let target: SocketAddress
        var upfPort: UInt16 = 2152
        if let core {
            loop = core.loop
            do { target = try core.start() } catch { throw RunnerError(.targetUnreachable, "embedded core: \(error.message)") }
            upfPort = core.n3?.localAddress.port ?? 2152
        } else {
            do { loop = try EventLoop() } catch { throw RunnerError(.socket, "event loop: \(error.message)") }
            guard let amf else { throw RunnerError(.invalidPlan, "no AMF address to connect to") }
            target = amf
        }
        var setup: LivePlanSetup
        do {
            setup = try LivePlanSetup(plan: plan, slice: slice, amf: target, capturePath: capturePath)
        } catch {
            throw RunnerError(.invalidPlan, error.message)
        }
        setup.harness.upfPort = upfPort
        let driver: HarnessDriver
        do {
            driver = try HarnessDriver(loop: loop, configuration: setup.harness)
        } catch {
            throw RunnerError(error.code == .configuration ? .invalidPlan : .socket, error.message)
        }
        let register = plan.scenario.steps.firstRegisterStep
        for ue in slice.ues {
            guard let identity = plan.subscribers.identity(ue: ue) else { continue }
            let config: UEConfiguration
            do {
                config = try LivePlanSetup.ueConfiguration(identity, register: register, servingPLMN: plan.ran.gnbs[slice.gnbs.lowerBound].plmn)
            } catch {
                throw error
            }
            let g = slice.gnb(forUE: ue).flatMap { setup.gnbIndex[$0] } ?? GNBIndex(0)
            _ = driver.addUE(config, on: g)
        }
        engine = LiveEngine(driver: driver, plan: plan, firstUE: slice.ues.lowerBound, ueCount: slice.ues.count, gnbNames: setup.gnbNames,
                            defaultDestination: defaultDestination.flatMap { Packets.IPAddress($0) })
        clock = EventLoopRunClock(loop: loop, origin: driver.origin)
        if let core {
            core.onDeviation = { [unowned engine] d in engine.coreDeviation(d.kind, d.clause, d.message) }
        }
    }

    /// Connects every gNB and waits for NG Setup (the setup section's ng-setup step).
    public func setUp(now: Duration) throws(RunnerError) {
        let driver = engine.driver
        do { try driver.start() } catch { throw RunnerError(.targetUnreachable, error.message) }
        let deadline = driver.now + setupTimeout
        while engine.readyGNBs < driver.gnbCount && driver.now < deadline {
            clock.sleep(until: min(deadline, driver.now + .milliseconds(10)))
        }
        if engine.readyGNBs == 0 {
            driver.abort()
            throw RunnerError(.targetUnreachable, "no gNB completed NG Setup with \(driver.configuration.amf) within \(setupTimeout)")
        }
        let seconds = Double((driver.now - now).components.attoseconds) / 1e18 + Double((driver.now - now).components.seconds)
        setupSteps.append(StepResult(
            name: "ng-setup", kind: "ng-setup", outcome: engine.readyGNBs == driver.gnbCount ? .passed : .failed, durationSeconds: seconds,
            message: "\(engine.readyGNBs) of \(driver.gnbCount) gNBs completed NG Setup"))
    }

    var setupSteps: [StepResult] = []

    public func startIteration(ue: Int, now: Duration) {
        engine.startIteration(UEIndex(ue - firstUE))
    }

    public func poll(now: Duration, events: inout [RunEvent]) {
        clock.runReady()
        events += engine.events
        engine.events.removeAll(keepingCapacity: true)
    }

    public func cut(ues: [Int], now: Duration, events: inout [RunEvent]) {
        for ue in ues { engine.cut(UEIndex(ue - firstUE), reason: "the graceful stop ran out") }
        events += engine.events
        engine.events.removeAll(keepingCapacity: true)
    }

    public func tearDown(now: Duration, events: inout [RunEvent]) {
        engine.driver.stop()
        // Let the SHUTDOWNs and the tap's last blocks go out.
        clock.sleep(until: clock.now + .milliseconds(100))
        core?.close()
        events += engine.events
        engine.events.removeAll(keepingCapacity: true)
    }

    public func finish(_ results: inout RunResults) {
        results.steps += setupSteps + engine.stepResults
        results.steps.append(Self.deviationStep("protocol deviations seen by the harness", engine.deviations, engine.firstDeviation, prefix: ""))
        if core != nil {
            results.steps.append(Self.deviationStep("deviations the embedded core saw in what the harness sent", engine.coreDeviations,
                                                    engine.firstDeviation, prefix: "core."))
        }
        if engine.userPlane.packetsSent > 0 { results.userPlane = engine.userPlane }
        results.recordMessage("ngap", .sent, count: UInt64(engine.driver.ngapSent))
        results.recordMessage("ngap", .received, count: UInt64(engine.driver.ngapReceived))
    }
}

extension LiveRunEngine {
    /// One step per side: passed when no deviation was seen, failed with the count and first message of each kind.
    static func deviationStep(_ name: String, _ counts: [String: Int], _ first: [String: String], prefix: String) -> StepResult {
        guard !counts.isEmpty else {
            return StepResult(name: name, kind: "check", outcome: .passed, durationSeconds: 0, message: "none")
        }
        let lines = counts.keys.sorted().map { "\($0) ×\(counts[$0] ?? 0): \(first[prefix + $0] ?? "")" }
        return StepResult(name: name, kind: "check", outcome: .failed, durationSeconds: 0, message: lines.joined(separator: "\n"))
    }
}

/// The run's clock on an event loop: `now` is the loop's time since `origin`, and waiting runs the loop
/// (sockets and timers are served while the runner waits for its next tick).
public final class EventLoopRunClock: RunClock {
    let loop: EventLoop
    let origin: MonotonicTime

    public init(loop: EventLoop, origin: MonotonicTime) {
        self.loop = loop
        self.origin = origin
    }

    public var now: Duration { loop.refreshTime().duration(since: origin) }

    public func sleep(until deadline: Duration) {
        while true {
            let left = deadline - now
            if left <= .zero { return }
            let ms = Int32(clamping: max(0, (left.components.seconds * 1000) + left.components.attoseconds / 1_000_000_000_000_000))
            do { try loop.runOnce(timeoutMilliseconds: ms) } catch { return }
        }
    }

    /// Serves what is ready now without waiting.
    func runReady() {
        do { try loop.runOnce(timeoutMilliseconds: 0) } catch {}
    }
}
