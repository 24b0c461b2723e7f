import ArgumentParser
import Reporting

/// `coregate report merge A.json B.json …`: the shards of one run as one result.
struct ReportMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the results of the shards of a run into one result and write its reports.",
        discussion: """
        Histograms merge exactly, counters add, time series add by wall time, failures are concatenated, thresholds \
        given as data are evaluated again on the merged data. Shards must be of the same plan and none may appear \
        twice. With one input, re-renders its reports. Exit status: 0 written, 2 an input or an output failed \
        (the other outputs are still written).
        """
    )

    @Argument(help: "Results files (coregate-results/1 JSON) of the shards.")
    var inputs: [String]
    @OptionGroup var outputs: ReportOutputOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one results file") }
        guard !outputs.isEmpty else { throw ValidationError("give at least one of --json, --junit, --html") }
    }

    func run() throws {
        let merged: RunResults
        do {
            var parts: [RunResults] = []
            for path in inputs { parts.append(try ReportCommand.load(path)) }
            merged = try ResultsMerge.merge(parts)
        } catch {
            StandardOutput.error("error: \(error.message)")
            throw ExitCode(2)
        }
        StandardOutput.line("merged \(inputs.count) result\(inputs.count == 1 ? "" : "s"): \(merged.run.plan.name), \(merged.verdict.label)")
        guard ReportCommand.write(merged, outputs: outputs) else { throw ExitCode(2) }
    }
}
