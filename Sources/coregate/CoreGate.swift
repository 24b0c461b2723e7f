import ArgumentParser

// Temporary root command on the `security` branch so `coregate keys derive` can be run;
// the lead merges the real root command (this replaces the former main.swift).
@main
struct CoreGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coregate",
        abstract: "Conformance and load-test harness for 5G standalone cores.",
        subcommands: [KeysCommand.self]
    )
}
