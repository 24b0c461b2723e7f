import Capture
import Reporting

/// `coregate analyze`: reads captures one after the other, message by message, into a `ProcedureTracker`.
///
/// The results' run is of kind `.analysis`; its start and end are the times of the first and last NGAP
/// message, so rates are per second of capture.
public enum CaptureAnalyzer {
    /// What reading the captures gave: the results, and the captures that could not be read to the end.
    public struct Outcome: Sendable {
        public var results: RunResults
        public var counts: ProcedureTracker.Counts
        /// A capture that could not be opened, or that ended badly (everything before was analysed).
        public var unreadable: [CaptureError]
        public var frames: Int
    }

    /// Analyses `paths` in order; `environment` describes this host (its start and end are replaced).
    public static func analyze(_ paths: [String], environment: EnvironmentInfo, rules: RuleBook = RuleBook(),
                               configure: (ProcedureTracker) -> Void = { _ in }) -> Outcome {
        let plan = PlanInfo(name: paths.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: ", "),
                            description: "capture analysis")
        let tracker = ProcedureTracker(run: RunInfo(kind: .analysis, plan: plan, target: TargetInfo(name: "capture"),
                                                    environment: environment), rules: rules)
        configure(tracker)
        var unreadable: [CaptureError] = []
        var first: Timestamp?
        var last: Timestamp?
        var frames = 0
        for path in paths {
            tracker.addCapture(path)
            let decoder: NGAPCaptureDecoder
            do {
                decoder = try NGAPCaptureDecoder(path: path)
            } catch {
                unreadable.append(error)
                continue
            }
            let name = paths.count > 1 ? path : nil
            while let event = decoder.next() {
                guard case .message(let m) = event else { continue }
                let t = ProcedureTracker.timestamp(m.message.timestamp)
                if first == nil { first = t }
                last = t
                tracker.consume(m, capture: name)
            }
            frames += decoder.statistics.frames
            if let error = decoder.error { unreadable.append(error) }
        }
        var results = tracker.finish()
        results.run.environment.start = first ?? environment.start
        results.run.environment.end = last ?? first ?? environment.start
        return Outcome(results: results, counts: tracker.counts, unreadable: unreadable, frames: frames)
    }
}
