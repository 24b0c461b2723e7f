import ArgumentParser
import Reporting

/// `coregate report demo`: reports of a synthetic run, and how long writing them took.
struct ReportDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write the reports of a synthetic load run (to see the formats, and time report writing).",
        discussion: "Builds the results of a synthetic run of --ues UEs, then times writing each report from them."
    )

    @Option(help: "Simulated UEs.")
    var ues: Int = 10_000
    @Option(help: "Run length in seconds.")
    var seconds: Int = 300
    @Option(help: "Seed of the synthetic data.")
    var seed: UInt64 = 1
    @Option(help: "Fraction of registrations rejected (before the load factor).")
    var failureRate: Double = 0.004
    @Option(help: "Write shard I of N only (I/N), to try `report merge`.")
    var shard: String?
    @Flag(help: "Mark the run as interrupted.")
    var interrupted = false
    @OptionGroup var outputs: ReportOutputOptions

    func validate() throws {
        guard ues >= 0, seconds > 0 else { throw ValidationError("--ues must be at least 0 and --seconds at least 1") }
        guard !outputs.isEmpty else { throw ValidationError("give at least one of --json, --junit, --html") }
        if let shard { _ = try parsedShard(shard) }
    }

    func parsedShard(_ text: String) throws -> ShardInfo {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
            throw ValidationError("--shard takes I/N with 1 <= I <= N, e.g. 2/4")
        }
        return ShardInfo(index: parts[0], of: parts[1])
    }

    func run() throws {
        let clock = ContinuousClock()
        let buildStart = clock.now
        let results = SyntheticRun.make(.init(ues: ues, seconds: seconds, seed: seed, registrationFailure: failureRate,
                                              shard: try shard.map(parsedShard), interrupted: interrupted))
        let built = clock.now - buildStart
        StandardOutput.line("synthetic run: \(ues) UEs over \(seconds) s built in \(Self.ms(built)) ms")
        // The same path as ReportSet.finish, timed per output.
        let writeStart = clock.now
        var failed = false
        for o in outputs.outputs {
            let t = clock.now
            do throws(ReportingError) {
                try o.start(results.run)
                try o.results(results)
                try o.stop()
                StandardOutput.line("wrote \(o.name) report \(o.path) in \(Self.ms(clock.now - t)) ms")
            } catch {
                StandardOutput.error("error: \(o.name) report \(o.path): \(error.message)")
                failed = true
            }
        }
        StandardOutput.line("reports written in \(Self.ms(clock.now - writeStart)) ms")
        if failed { throw ExitCode(2) }
    }

    static func ms(_ d: Duration) -> String {
        let c = d.components
        return String(c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000)
    }
}
