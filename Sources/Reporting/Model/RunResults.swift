/// Everything a run (or an analysis) found: the one value the runner and the analyser fill in and every
/// report output renders. Bounded whatever the number of UEs: totals and histograms, a time series of at
/// most `TimeSeries.maxPoints` intervals, and at most `FailureLog.maxUEs` message ladders.
public struct RunResults: Sendable, Equatable {
    /// The schema identifier written into and required from JSON results.
    public static let schema = "coregate-results/1"

    public var run: RunInfo
    public var steps: [StepResult]
    public var thresholds: [ThresholdResult]
    /// Totals per procedure, keyed by `ProcedureName` raw values.
    public var procedures: [String: ProcedureStats]
    /// Messages per type.
    public var messages: [String: MessageCount]
    public var timeSeries: TimeSeries
    public var userPlane: UserPlaneStats?
    public var failures: FailureLog
    /// What `coregate analyze` adds; nil for runs.
    public var analysis: AnalysisResults?

    public init(run: RunInfo, steps: [StepResult] = [], thresholds: [ThresholdResult] = [],
                procedures: [String: ProcedureStats] = [:], messages: [String: MessageCount] = [:],
                timeSeries: TimeSeries = TimeSeries(), userPlane: UserPlaneStats? = nil,
                failures: FailureLog = FailureLog(), analysis: AnalysisResults? = nil) {
        self.run = run
        self.steps = steps
        self.thresholds = thresholds
        self.procedures = procedures
        self.messages = messages
        self.timeSeries = timeSeries
        self.userPlane = userPlane
        self.failures = failures
        self.analysis = analysis
    }

    // MARK: Recording

    /// Counts an attempt of `procedure` started at `start`.
    public mutating func recordAttempt(_ procedure: ProcedureName, at start: Timestamp) {
        procedures[procedure.rawValue, default: ProcedureStats()].count &+= 1
        timeSeries.recordAttempt(procedure.rawValue, at: start)
    }

    /// Counts a successful attempt that ended at `end` after `latencyMicroseconds`.
    public mutating func recordSuccess(_ procedure: ProcedureName, at end: Timestamp, latencyMicroseconds: UInt64) {
        var stats = procedures.removeValue(forKey: procedure.rawValue) ?? ProcedureStats()
        stats.success &+= 1
        stats.latency.record(microseconds: latencyMicroseconds)
        procedures[procedure.rawValue] = stats
        timeSeries.recordOutcome(procedure.rawValue, at: end, succeeded: true, latencyMicroseconds: latencyMicroseconds)
    }

    /// Counts a failed attempt that ended at `end`, by cause.
    public mutating func recordFailure(_ procedure: ProcedureName, at end: Timestamp, cause: String) {
        var stats = procedures.removeValue(forKey: procedure.rawValue) ?? ProcedureStats()
        stats.failure &+= 1
        stats.failureCauses[cause, default: 0] &+= 1
        procedures[procedure.rawValue] = stats
        timeSeries.recordOutcome(procedure.rawValue, at: end, succeeded: false, latencyMicroseconds: nil)
    }

    /// Counts a message of type `name`.
    public mutating func recordMessage(_ name: String, _ direction: LadderEntry.Direction, count: UInt64 = 1) {
        switch direction {
        case .sent: messages[name, default: MessageCount()].sent &+= count
        case .received: messages[name, default: MessageCount()].received &+= count
        }
    }

    // MARK: Verdict

    /// Passed when no step failed or errored, every threshold held, no error-severity rule was broken and
    /// the run was not interrupted (procedure failures count only through thresholds, as in k6).
    public var verdict: Verdict {
        var reasons: [String] = []
        if run.environment.interrupted {
            reasons.append("interrupted" + (run.environment.interruptionReason.map { ": " + $0 } ?? ""))
        }
        let s = stepCounts
        if s.failed > 0 { reasons.append("\(s.failed) step\(s.failed == 1 ? "" : "s") failed") }
        if s.error > 0 { reasons.append("\(s.error) step\(s.error == 1 ? "" : "s") in error") }
        let failedThresholds = thresholds.filter { !$0.passed }.count
        if failedThresholds > 0 { reasons.append("\(failedThresholds) threshold\(failedThresholds == 1 ? "" : "s") crossed") }
        let errors = analysis?.ruleViolations.filter { $0.severity == .error && $0.count > 0 }.count ?? 0
        if errors > 0 { reasons.append("\(errors) rule\(errors == 1 ? "" : "s") broken") }
        return Verdict(passed: reasons.isEmpty, reasons: reasons)
    }

    /// Steps by outcome.
    public var stepCounts: StepCounts {
        var c = StepCounts()
        for step in steps {
            switch step.outcome {
            case .passed: c.passed += 1
            case .failed: c.failed += 1
            case .skipped: c.skipped += 1
            case .error: c.error += 1
            }
        }
        return c
    }

    /// Procedure names in report order.
    public var orderedProcedureNames: [String] { ProcedureName.ordered(procedures.keys) }
}

/// The overall verdict and why.
public struct Verdict: Hashable, Sendable {
    public var passed: Bool
    /// Why it failed (empty when passed).
    public var reasons: [String]
    public var label: String { passed ? "PASSED" : "FAILED" }
}

/// Steps by outcome.
public struct StepCounts: Hashable, Sendable {
    public var passed = 0, failed = 0, skipped = 0, error = 0
    public var total: Int { passed + failed + skipped + error }
}
