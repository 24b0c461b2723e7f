import ArgumentParser
import Reporting

/// `coregate report diff A.json B.json`: regressions of B against the baseline A.
struct ReportDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the regressions of a run (B) against a baseline (A); exit 1 when there are any.",
        discussion: """
        Compared per procedure: latency p50/p95/p99 (regression when up by more than the latency tolerance), \
        successes per second (down by more than the rate tolerance), success rate (down by more than the success \
        tolerance, in percentage points); also steps and thresholds that passed in A and fail in B, and procedures \
        that A has and B lacks. Exit status: 0 no regression, 1 regressions, 2 unreadable input.
        """
    )

    @Argument(help: "Baseline results (coregate-results/1 JSON).")
    var baseline: String
    @Argument(help: "Results to check against the baseline.")
    var candidate: String
    @Option(name: .customLong("threshold"), help: "Tolerance NAME=PERCENT, repeatable: latency=10% (default), rate=5% (default), success=1% (default, points).")
    var thresholds: [String] = []

    func run() throws {
        var tolerances = ResultsDiff.Tolerances()
        let a: RunResults, b: RunResults
        do {
            for t in thresholds { try tolerances.apply(t) }
            a = try ReportCommand.load(baseline)
            b = try ReportCommand.load(candidate)
        } catch {
            StandardOutput.error("error: \(error.message)")
            throw ExitCode(2)
        }
        let changes = ResultsDiff.compare(baseline: a, candidate: b, tolerances: tolerances)
        StandardOutput.line("baseline  \(baseline): \(a.run.plan.name), \(a.run.environment.start.display)")
        StandardOutput.line("candidate \(candidate): \(b.run.plan.name), \(b.run.environment.start.display)\n")
        StandardOutput.write(Array(ResultsDiff.render(changes, tolerances: tolerances).utf8))
        if changes.contains(where: \.regression) { throw ExitCode(1) }
    }
}
