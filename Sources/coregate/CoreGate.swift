import ArgumentParser

/// The `coregate` command: one tool for decoding captures, deriving keys and (later) running test plans.
@main
struct CoreGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coregate",
        abstract: "Conformance and load-test harness for 5G standalone cores.",
        subcommands: [DecodeCommand.self, BenchCommand.self, KeysCommand.self, ReportCommand.self]
    )
}
