import ArgumentParser
import Foundation
import Reporting

/// `coregate report`: work on results files (`coregate-results/1` JSON) after runs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Compare, merge and render CoreGate results files.",
        subcommands: [ReportDiffCommand.self, ReportMergeCommand.self, ReportDemoCommand.self]
    )

    /// Reads and checks a results file; errors name the file.
    static func load(_ path: String) throws(ReportingError) -> RunResults {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportingError(.io, "\(path): cannot read the file")
        }
        do {
            return try ResultsJSON.decode([UInt8](data))
        } catch {
            throw ReportingError(error.code, "\(path): \(error.description)")
        }
    }

    /// Writes `results` to every output given (a failing one does not stop the others); reports each
    /// failure and returns whether all were written.
    static func write(_ results: RunResults, outputs: ReportOutputOptions) -> Bool {
        let set = ReportSet(outputs.outputs)
        _ = set.start(results.run)  // a destination that cannot be written fails again, and is reported, below
        let failures = set.finish(results)
        let failed = Set(failures.map(\.output))
        for f in failures { StandardOutput.error("error: \(f)") }
        for o in set.outputs where !failed.contains(o.name) { StandardOutput.line("wrote \(o.name) report \(o.path)") }
        return failures.isEmpty
    }
}

/// `--json`, `--junit`, `--html` report paths.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "Write the results as coregate-results/1 JSON to this file.")
    var json: String?
    @Option(help: "Write a JUnit XML report to this file.")
    var junit: String?
    @Option(help: "Write a self-contained HTML report to this file.")
    var html: String?

    var outputs: [any ReportOutput] {
        var out: [any ReportOutput] = []
        if let json { out.append(FileReportOutput.json(json)) }
        if let junit { out.append(FileReportOutput.junit(junit)) }
        if let html { out.append(FileReportOutput.html(html)) }
        return out
    }

    var isEmpty: Bool { json == nil && junit == nil && html == nil }
}
