import ArgumentParser
import Foundation
import Reporting
import Runner
import TestPlan

/// `coregate run PLAN`: runs a test plan and writes its reports.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a test plan against the embedded core or a real core and write its reports.",
        discussion: """
        Shows a live progress line on a terminal (plain lines otherwise). Ctrl-C or SIGTERM stops cleanly: nothing new \
        starts, running iterations get a few seconds, and every report is written, marked interrupted; a second \
        Ctrl-C ends at once. Exit status: 0 passed, 1 a step or threshold failed (or the run was interrupted), \
        2 plan or usage error, 3 target unreachable.
        """
    )

    @Argument(help: "The plan file (YAML).")
    var plan: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value of the plan: key=value (target.amf=10.0.0.1).", valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Run part I of N of the plan's UEs and gNBs (--shard 2/4); merge with `coregate report merge`.", valueName: "I/N"))
    var shard: String?

    @OptionGroup var outputs: ReportOutputOptions

    @Option(help: ArgumentHelp("Serve live counters and latency histograms for Prometheus at http://ADDR:PORT/metrics.", valueName: "ADDR:PORT"))
    var metrics: String?

    @Flag(help: "Print no progress.")
    var quiet = false

    @Option(help: ArgumentHelp("TESTING ONLY: run with the fixed-delay test engine instead of the live path: every procedure succeeds after this simulated delay (5ms). Sends nothing anywhere.", visibility: .hidden))
    var testEngineDelay: String?

    @Option(help: ArgumentHelp("TESTING ONLY: with --test-engine-delay, fail every Nth procedure attempt.", visibility: .hidden))
    var testEngineFailEvery: Int?

    @Option(help: ArgumentHelp("Write every N2 and N3 message the simulated gNBs send and receive to this pcapng file.", valueName: "FILE"))
    var pcap: String?

    /// The version the reports carry.
    static let version = "0.1.0-dev"

    func run() throws {
        let usage = ExitCode(RunExitStatus.usageError.rawValue)
        var parsed: [PlanOverride] = []
        for text in overrides {
            switch PlanOverride.parse(text) {
            case .success(let o): parsed.append(o)
            case .failure(let e):
                StandardOutput.error("error: \(e.message)")
                throw usage
            }
        }
        let model: TestPlan
        let slice: PlanSlice
        do {
            model = try TestPlanLoader.load(contentsOf: plan, overrides: parsed)
            slice = try model.slice(shard.map { text throws(TestPlanError) in try Shard.parse(text) } ?? .whole)
        } catch {
            for d in error.diagnostics { StandardOutput.error(d.description) }
            if error.diagnostics.isEmpty { StandardOutput.error("error: \(error.message)") }
            throw usage
        }

        let engine: any RunEngine
        var clock: any RunClock = SystemRunClock()
        if let testEngineDelay {
            guard case .success(let delay) = DurationText.parse(testEngineDelay) else {
                StandardOutput.error("error: --test-engine-delay \(testEngineDelay): not a duration")
                throw usage
            }
            StandardOutput.error("warning: running with the fixed-delay TEST engine: nothing is sent to any core")
            engine = FixedDelayTestEngine(plan: model, delay: delay, failEvery: testEngineFailEvery)
        } else {
            do {
                let live = try LiveEngineFactory.make(plan: model, slice: slice, capturePath: pcap)
                engine = live
                clock = live.clock
            } catch {
                StandardOutput.error("error: \(error.message)")
                throw error.code == .invalidPlan ? usage : ExitCode(RunExitStatus.targetUnreachable.rawValue)
            }
        }

        // Reports that cannot be written are known before the run, not after it.
        let reports = ReportSet(outputs.outputs)
        let target = Self.targetName(model)
        let probe = RunInfo(plan: PlanInfo(name: model.metadata.name), target: TargetInfo(name: target),
                            environment: .current(coregateVersion: RunCommand.version))
        let unwritable = reports.start(probe)
        if !unwritable.isEmpty {
            for f in unwritable { StandardOutput.error("error: \(f)") }
            throw usage
        }

        // Before any thread starts, so that they inherit the unblocked signals.
        do {
            try StopSignals.install()
        } catch {
            StandardOutput.error("error: \(error.message)")
            throw usage
        }
        defer { StopSignals.uninstall() }

        var server: MetricsServer?
        let live = LiveMetrics()
        if let metrics {
            do {
                let started = try MetricsServer(endpoint: metrics, metrics: live)
                server = started
                let host = started.host.contains(":") ? "[\(started.host)]" : started.host
                StandardOutput.error("metrics at http://\(host):\(started.port)/metrics")
            } catch {
                StandardOutput.error("error: \(error.message)")
                throw usage
            }
        }
        defer { server?.stop() }


        let controller = RunController(plan: model, slice: slice, engine: engine, clock: clock,
                                       options: RunOptions(coregateVersion: RunCommand.version, targetName: target),
                                       progress: quiet ? nil : ProgressReporter.standardError(), metrics: live)
        let outcome = controller.run()
        let failures = reports.finish(outcome.results)
        for f in failures { StandardOutput.error("error: \(f)") }
        let failed = Set(failures.map(\.output))
        for o in reports.outputs where !failed.contains(o.name) { StandardOutput.line("wrote \(o.name) report \(o.path)") }
        let verdict = outcome.results.verdict
        StandardOutput.line("\(model.metadata.name): \(verdict.label)" + (verdict.reasons.isEmpty ? "" : " (\(verdict.reasons.joined(separator: "; ")))"))
        if outcome.status != .passed { throw ExitCode(outcome.status.rawValue) }
    }

    static func targetName(_ plan: TestPlan) -> String {
        switch plan.target.core {
        case .embedded: "embedded"
        case .external(let amf, _): amf.map(\.description).joined(separator: ", ")
        }
    }
}
