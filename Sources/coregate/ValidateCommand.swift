import ArgumentParser
import TestPlan

/// `coregate validate PLAN…`: checks test plans against every rule of the format without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check test plans; print every error as file:line:column: error: message.",
        discussion: "Exits 0 when every plan is valid, 2 otherwise. --set applies to every plan, as `coregate run` would apply it."
    )

    @Argument(help: "Plan files (YAML).")
    var plans: [String]

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value before validating: key=value (target.amf=10.0.0.1).", valueName: "key=value"))
    var overrides: [String] = []

    @Flag(name: .shortAndLong, help: "Print nothing for valid plans.")
    var quiet = false

    @Flag(help: "Print each valid plan with every default spelled out (JSON, which is also a valid plan).")
    var resolved = false

    @Option(help: ArgumentHelp("Also check that the plan can run as shard I of N (--shard 2/4), and print its UEs and gNBs.", valueName: "I/N"))
    var shard: String?

    func run() throws {
        var parsed: [PlanOverride] = []
        var failed = false
        for text in overrides {
            switch PlanOverride.parse(text) {
            case .success(let o): parsed.append(o)
            case .failure(let e):
                StandardOutput.error("error: \(e.message)")
                failed = true
            }
        }
        var parsedShard: Shard?
        if let shard {
            do {
                parsedShard = try Shard.parse(shard)
            } catch {
                StandardOutput.error("error: \(error.message)")
                throw ExitCode(2)
            }
        }
        if failed { throw ExitCode(2) }
        for plan in plans {
            let diagnostics: [PlanDiagnostic]
            do {
                let model = try TestPlanLoader.load(contentsOf: plan, overrides: parsed)
                diagnostics = []
                if resolved { StandardOutput.line(CanonicalForm.document(model).jsonText) }
                if let parsedShard {
                    do {
                        let slice = try model.slice(parsedShard)
                        StandardOutput.line("\(plan): shard \(parsedShard): UEs \(slice.ues.lowerBound)..<\(slice.ues.upperBound), gNBs \(slice.gnbs.lowerBound)..<\(slice.gnbs.upperBound)")
                    } catch {
                        StandardOutput.error("\(plan): error: \(error.message)")
                        failed = true
                    }
                }
            } catch {
                diagnostics = error.diagnostics
            }
            for d in diagnostics { StandardOutput.error(d.description) }
            if diagnostics.isEmpty {
                if !quiet && !resolved { StandardOutput.line("\(plan): valid") }
            } else {
                failed = true
                StandardOutput.error("\(plan): \(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s")")
            }
        }
        if failed { throw ExitCode(2) }
    }
}
