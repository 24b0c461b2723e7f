#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where a run stands, as the progress line shows it.
public struct ProgressSnapshot: Hashable, Sendable {
    /// The stage's label (`ramp-up`, `stage 2/3`, `graceful stop`).
    public var stage: String
    /// Iterations (UE runs of the scenario) that ended, and how many the run will start when known.
    public var done: Int
    public var total: Int?
    /// Iterations running now.
    public var running: Int
    /// Failed iterations and procedures so far.
    public var errors: Int
    /// Open model: arrivals that could not start.
    public var dropped: Int
    /// p95 latency of the main procedure so far, in milliseconds; nil before the first success.
    public var p95Milliseconds: Double?

    public init(stage: String, done: Int, total: Int? = nil, running: Int = 0, errors: Int = 0, dropped: Int = 0,
                p95Milliseconds: Double? = nil) {
        self.stage = stage
        self.done = done
        self.total = total
        self.running = running
        self.errors = errors
        self.dropped = dropped
        self.p95Milliseconds = p95Milliseconds
    }
}

/// The run's progress for people: on a terminal one line redrawn in place (`\r`, at most every
/// `liveInterval`, 250 ms by default: 4 times a second); otherwise (a log file, CI) a plain line every
/// `plainInterval` (10 s by default). The rate is of iterations ended per second over the last second or so.
/// Time is passed in (`now` since the run began), so tests drive it with a fake clock.
public final class ProgressReporter {
    public enum Style: Sendable {
        /// A terminal: one line, redrawn with `\r` and cleared to its end.
        case live
        /// Not a terminal: one line per report, newline-terminated.
        case plain
    }

    public let style: Style
    private let write: (String) -> Void
    private let interval: Duration
    private var lastDraw: Duration?
    /// (time, done) at the start of the rate window.
    private var window: (time: Duration, done: Int) = (.zero, 0)
    private var rate = 0.0

    /// `write` receives each piece of text to print (without an added newline).
    public init(style: Style, liveInterval: Duration = .milliseconds(250), plainInterval: Duration = .seconds(10),
                write: @escaping (String) -> Void) {
        self.style = style
        self.write = write
        interval = style == .live ? liveInterval : plainInterval
    }

    /// A reporter on standard error: live on a terminal, plain otherwise.
    public static func standardError() -> ProgressReporter {
        ProgressReporter(style: isatty(STDERR_FILENO) == 1 ? .live : .plain) { text in
            var bytes = Array(text.utf8)[...]
            // Bounded: each pass writes at least one byte or stops.
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return }
                bytes = bytes.dropFirst(n)
            }
        }
    }

    /// Draws `snapshot` if the last draw is at least an interval old (the first always draws).
    public func update(_ snapshot: ProgressSnapshot, now: Duration) {
        updateRate(snapshot.done, now: now)
        if let lastDraw, now - lastDraw < interval { return }
        lastDraw = now
        draw(snapshot, now: now)
    }

    /// Draws the final state and ends the line. The rate is over the last window, however short.
    public func finish(_ snapshot: ProgressSnapshot, now: Duration) {
        let span = now - window.time
        if span > .zero {
            rate = Double(snapshot.done - window.done) / (Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18)
        }
        draw(snapshot, now: now)
        if style == .live { write("\n") }
    }

    private func draw(_ snapshot: ProgressSnapshot, now: Duration) {
        let line = Self.format(snapshot, elapsed: now, rate: rate)
        switch style {
        case .live:
            write("\r" + line + "\u{1B}[K")
        case .plain:
            write(line + "\n")
        }
    }

    private func updateRate(_ done: Int, now: Duration) {
        let span = now - window.time
        guard span >= .seconds(1) else { return }
        rate = Double(done - window.done) / (Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18)
        window = (now, done)
    }

    /// `[00:12] ramp-up  412/1000 done  35 running  82.0/s  2 errors  p95 41.3ms` (dropped arrivals when any).
    public static func format(_ s: ProgressSnapshot, elapsed: Duration, rate: Double) -> String {
        let seconds = max(0, elapsed.components.seconds)
        var line = "[\(clock(seconds))] \(s.stage)  "
        line += s.total.map { "\(s.done)/\($0) done" } ?? "\(s.done) done"
        line += "  \(s.running) running  \(fixed(rate, 1))/s  \(s.errors) error\(s.errors == 1 ? "" : "s")"
        if s.dropped > 0 { line += "  \(s.dropped) dropped" }
        line += "  p95 " + (s.p95Milliseconds.map { fixed($0, 1) + "ms" } ?? "-")
        return line
    }

    /// `mm:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Int64) -> String {
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        let mmss = (m < 10 ? "0" : "") + "\(m):" + (s < 10 ? "0" : "") + "\(s)"
        return h > 0 ? "\(h):" + mmss : mmss
    }

    /// `value` with `digits` decimals, without Foundation.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 1e15 else { return "\(value)" }
        let whole = Int64(scaled) / Int64(scale), fraction = Int64(scaled) % Int64(scale)
        var text = (value < 0 && scaled > 0 ? "-" : "") + "\(whole)"
        if digits > 0 {
            let f = "\(fraction)"
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }
}
