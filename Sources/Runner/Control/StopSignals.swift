#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// SIGINT and SIGTERM as a stop request the run loop polls.
///
/// The first signal asks the run to stop cleanly: start nothing new, give running iterations a few seconds,
/// then write every report marked interrupted. The second ends the process at once with the shell's
/// convention, 128 + the signal number (130 for SIGINT, 143 for SIGTERM), as a user pressing Ctrl-C twice
/// expects. The handler only counts (an atomic increment; async-signal-safe) and, on the second signal,
/// calls `_exit`.
public enum StopSignals {
    /// What the second signal does.
    public enum SecondSignal: Int, Sendable {
        /// `_exit(128 + signal)`.
        case exitImmediately = 0
        /// Only count it (tests, and callers that handle a second request themselves).
        case count = 1
    }

    /// Signals received since `install`.
    private static let received = Atomic<Int>(0)
    /// The last signal number received.
    private static let lastSignal = Atomic<Int32>(0)
    private static let secondSignal = Atomic<Int>(SecondSignal.exitImmediately.rawValue)

    /// Installs the handler for SIGINT and SIGTERM, unblocks them in the calling thread and clears the
    /// count. Call it from the main thread before starting other threads (the metrics server).
    public static func install(second: SecondSignal = .exitImmediately) throws(RunnerError) {
        received.store(0, ordering: .sequentiallyConsistent)
        lastSignal.store(0, ordering: .sequentiallyConsistent)
        secondSignal.store(second.rawValue, ordering: .sequentiallyConsistent)
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                let count = StopSignals.received.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
                StopSignals.lastSignal.store(signal, ordering: .sequentiallyConsistent)
                if count >= 2, StopSignals.secondSignal.load(ordering: .sequentiallyConsistent) == SecondSignal.exitImmediately.rawValue {
                    _exit(128 + signal)
                }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            guard sigaction(signal, &action, nil) == 0 else {
                throw RunnerError(.invalidOption, "cannot install a handler for signal \(signal): errno \(errno)")
            }
        }
        // A parent may start us with these signals blocked (the mask is inherited across exec; test runners
        // and some CI agents block them): unblock them in this thread, and so in the threads it starts.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Restores the default action of SIGINT and SIGTERM.
    public static func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Signals received since `install`.
    public static var count: Int { received.load(ordering: .sequentiallyConsistent) }

    /// True once a stop was asked for.
    public static var stopRequested: Bool { count > 0 }

    /// `interrupted (SIGINT)`, `interrupted (SIGTERM)`: the reason the reports carry; nil before a signal.
    public static var reason: String? {
        guard stopRequested else { return nil }
        return switch lastSignal.load(ordering: .sequentiallyConsistent) {
        case SIGINT: "interrupted (SIGINT)"
        case SIGTERM: "interrupted (SIGTERM)"
        case let other: "interrupted (signal \(other))"
        }
    }
}
