import Analysis
import ArgumentParser
import Reporting

/// `coregate analyze CAPTURE…`: every UE's procedures with their timing, and the conformance rules broken.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Rebuild the procedures of every UE in pcap/pcapng captures, time them and check conformance rules.",
        discussion: """
            Prints a summary (procedures with counts, failures and latency percentiles; rule violations by rule) \
            and writes the same reports as runs (--json, --junit, --html). --rules lists the rules.
            Exit codes: 0 no rule of error severity fired; 1 one did (or, with --strict, a warning did); 2 a \
            capture cannot be read.
            """
    )

    /// The version written into analysis results.
    static let coregateVersion = "0.1.0-dev"

    @Argument(help: "pcap or pcapng files, analysed in order as one capture.")
    var captures: [String] = []

    @Flag(help: "List the rules (id, severity, clause) and exit.")
    var rules = false

    @Option(name: .customLong("rules-off"), help: "Do not check this rule (its id; repeatable).")
    var rulesOff: [String] = []

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Flag(help: "Print the message ladders of failed UEs in the summary.")
    var ladders = false

    @OptionGroup var outputs: ReportOutputOptions

    func validate() throws {
        if !rules && captures.isEmpty { throw ValidationError("give at least one capture (or --rules)") }
        let unknown = RuleBook.unknownIDs(rulesOff)
        if !unknown.isEmpty { throw ValidationError("--rules-off: no rule \(unknown.joined(separator: ", ")) (see --rules)") }
    }

    func run() throws {
        if rules {
            for r in ConformanceRule.all {
                StandardOutput.line("\(r.id)  [\(r.severity.rawValue)]  \(r.clause)  \(r.title)")
            }
            return
        }
        let environment = EnvironmentInfo.current(coregateVersion: Self.coregateVersion)
        let outcome = CaptureAnalyzer.analyze(captures, environment: environment, rules: RuleBook(off: Set(rulesOff)))
        StandardOutput.write(Array(TextSummary.render(outcome.results, ladders: ladders).utf8))
        let c = outcome.counts
        StandardOutput.line("Messages: \(c.messages) NGAP in \(outcome.frames) frames; UEs alive at most \(c.peakUEs)"
            + "; NAS ciphered (not read) \(c.nasCiphered), undecodable \(c.nasUndecodable)")
        for e in outcome.unreadable { StandardOutput.error("error: \(e)") }
        let written = outputs.isEmpty || ReportCommand.write(outcome.results, outputs: outputs)
        if !outcome.unreadable.isEmpty || !written { throw ExitCode(2) }
        let violations = outcome.results.analysis?.ruleViolations ?? []
        let failing = violations.contains { $0.count > 0 && ($0.severity == .error || (strict && $0.severity == .warning)) }
        if failing { throw ExitCode(1) }
    }
}
