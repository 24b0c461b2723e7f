import ArgumentParser

/// The `coregate` command: one tool for decoding captures, validating test plans, writing reports and deriving keys.
@main
struct CoreGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coregate",
        abstract: "Conformance and load-test harness for 5G standalone cores.",
        subcommands: [DecodeCommand.self, AnalyzeCommand.self, ValidateCommand.self, RunCommand.self, CoreCommand.self, ReportCommand.self,
                      KeysCommand.self, BenchCommand.self]
    )
}
