import Reporting

/// The exit status of `coregate run`, as CI systems read it.
public enum RunExitStatus: Int32, Sendable, CaseIterable, CustomStringConvertible {
    /// Every step passed and every threshold held.
    case passed = 0
    /// A step or a threshold failed, or the run was interrupted (the reports say which).
    case failed = 1
    /// The plan does not validate or the command line is wrong; nothing ran.
    case usageError = 2
    /// The target could not be reached (no SCTP association to any AMF, or the peer died before any result).
    case targetUnreachable = 3

    /// The status of a run that produced `results`: passed exactly when the reports' verdict is PASSED.
    public init(results: RunResults) {
        self = results.verdict.passed ? .passed : .failed
    }

    public var description: String {
        switch self {
        case .passed: "0 (passed)"
        case .failed: "1 (a step or threshold failed)"
        case .usageError: "2 (plan or usage error)"
        case .targetUnreachable: "3 (target unreachable)"
        }
    }
}
