import Benchmark
import Foundation
import Reporting

// Report writing after a 100,000-UE run: the time from the results being complete to the JSON, JUnit and HTML
// files being on disk (the requirement: under 2 s). The results are built once, outside the measurement, by
// the same recording calls a runner makes (`SyntheticRun`: 100,000 UEs over 300 s, ~0.5 % failed with ladders).
private let results = SyntheticRun.make(.init(ues: 100_000, seconds: 300, registrationFailure: 0.005))
private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-report-bench")

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 20
    )
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

    Benchmark("Reports of a 100,000-UE run: JSON + JUnit + HTML written (ReportSet.finish)") { benchmark in
        let set = ReportSet([FileReportOutput.json(folder.appendingPathComponent("r.json").path),
                             FileReportOutput.junit(folder.appendingPathComponent("r.xml").path),
                             FileReportOutput.html(folder.appendingPathComponent("r.html").path)])
        _ = set.start(results.run)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let failures = set.finish(results)
            precondition(failures.isEmpty, "\(failures)")
        }
    }
    Benchmark("100,000-UE run: JSON rendering") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(ResultsJSON.encode(results).count) }
    }
    Benchmark("100,000-UE run: JUnit rendering") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(JUnitReport.render(results).utf8.count) }
    }
    Benchmark("100,000-UE run: HTML rendering") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(HTMLReport.render(results).utf8.count) }
    }
    Benchmark("100,000-UE run: JSON read back") { benchmark in
        let bytes = ResultsJSON.encode(results)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try ResultsJSON.decode(bytes).procedures.count) }
    }
}
