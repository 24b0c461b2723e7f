import Runner
import Testing

@Suite("Progress reporter")
struct ProgressReporterTests {
    final class Sink: @unchecked Sendable {
        var pieces: [String] = []
    }

    static let snapshot = ProgressSnapshot(stage: "ramp-up", done: 412, total: 1000, running: 35, errors: 2, p95Milliseconds: 41.25)

    @Test("the line shows stage, elapsed time, done/total, running, rate, errors and p95")
    func format() {
        let line = ProgressReporter.format(Self.snapshot, elapsed: .seconds(72), rate: 82)
        #expect(line == "[01:12] ramp-up  412/1000 done  35 running  82.0/s  2 errors  p95 41.3ms")
        var open = ProgressSnapshot(stage: "hold", done: 5, errors: 1, dropped: 17)
        open.running = 0
        #expect(ProgressReporter.format(open, elapsed: .seconds(3_725), rate: 0.25)
                == "[1:02:05] hold  5 done  0 running  0.3/s  1 error  17 dropped  p95 -")
    }

    @Test("on a terminal: redrawn in place with \\r, at most 4 times a second, and ended with a newline")
    func live() {
        let sink = Sink()
        let reporter = ProgressReporter(style: .live) { sink.pieces.append($0) }
        var s = Self.snapshot
        // 100 updates 10 ms apart: 1 s of run.
        for i in 0..<100 {
            s.done = i
            reporter.update(s, now: .milliseconds(10 * i))
        }
        #expect(sink.pieces.count == 4, "drawn at 0, 250, 500, 750 ms")
        #expect(sink.pieces.allSatisfy { $0.hasPrefix("\r") && $0.hasSuffix("\u{1B}[K") && !$0.contains("\n") })
        reporter.finish(s, now: .seconds(1))
        #expect(sink.pieces.last == "\n")
        #expect(sink.pieces.dropLast().last?.contains("99/1000 done") == true)
        #expect(sink.pieces.dropLast().last?.contains("99.0/s") == true, "99 done in the first second")
    }

    @Test("not a terminal: plain newline-terminated lines every interval, no control characters")
    func plain() {
        let sink = Sink()
        let reporter = ProgressReporter(style: .plain, plainInterval: .seconds(10)) { sink.pieces.append($0) }
        for t in 0..<60 { reporter.update(Self.snapshot, now: .seconds(t)) }
        reporter.finish(Self.snapshot, now: .seconds(60))
        #expect(sink.pieces.count == 7, "0, 10 … 50 s and the final line")
        #expect(sink.pieces.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") && !$0.contains("\u{1B}") })
    }
}
