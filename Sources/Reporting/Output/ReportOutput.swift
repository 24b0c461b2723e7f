import Foundation

/// One report output (k6's output interface): told when the run starts, handed the results, stopped.
///
/// `start` checks early that the report can be written, so a bad path is known before a long run, not
/// after; `results` may be called more than once (the last results win); `stop` writes the report, also
/// when no results came (then the report says the run ended without results).
public protocol ReportOutput: AnyObject {
    /// `junit`, `json`, `html`.
    var name: String { get }
    /// Where the report goes.
    var path: String { get }
    func start(_ run: RunInfo) throws(ReportingError)
    func results(_ results: RunResults) throws(ReportingError)
    func stop() throws(ReportingError)
}

/// A report written to one file: renders on `stop`, writes atomically (a temporary file renamed into
/// place), so a failed write never leaves a half report where a previous one was.
public final class FileReportOutput: ReportOutput {
    public let name: String
    public let path: String
    let render: (RunResults) -> [UInt8]
    var run: RunInfo?
    var latest: RunResults?

    public init(name: String, path: String, render: @escaping (RunResults) -> [UInt8]) {
        self.name = name
        self.path = path
        self.render = render
    }

    /// JUnit XML at `path`.
    public static func junit(_ path: String) -> FileReportOutput {
        FileReportOutput(name: "junit", path: path) { Array(JUnitReport.render($0).utf8) }
    }

    /// `coregate-results/1` JSON at `path`.
    public static func json(_ path: String) -> FileReportOutput {
        FileReportOutput(name: "json", path: path) { ResultsJSON.encode($0) }
    }

    /// The self-contained HTML report at `path`.
    public static func html(_ path: String) -> FileReportOutput {
        FileReportOutput(name: "html", path: path) { Array(HTMLReport.render($0).utf8) }
    }

    public func start(_ run: RunInfo) throws(ReportingError) {
        self.run = run
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ReportingError(.io, "\(name) report \(path): folder \(folder) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw ReportingError(.io, "\(name) report \(path): folder \(folder) is not writable")
        }
    }

    public func results(_ results: RunResults) throws(ReportingError) {
        latest = results
    }

    public func stop() throws(ReportingError) {
        var results: RunResults
        if let latest {
            results = latest
        } else if let run {
            results = RunResults(run: run)
            results.run.environment.interrupted = true
            results.run.environment.interruptionReason = "the run ended without handing over results"
        } else {
            throw ReportingError(.io, "\(name) report \(path): stopped before it was started")
        }
        try Self.write(render(results), to: path, name: name)
    }

    /// Writes `bytes` to `path` through a temporary file in the same folder.
    static func write(_ bytes: [UInt8], to path: String, name: String) throws(ReportingError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReportingError(.io, "\(name) report \(path): \(error.localizedDescription)")
        }
    }
}

/// Several outputs driven together. A failing output never stops the others: every output is started,
/// handed the results and stopped, and the failures are returned, one per output and stage.
public struct ReportSet {
    public var outputs: [any ReportOutput]

    public init(_ outputs: [any ReportOutput]) { self.outputs = outputs }

    /// An output that failed, and at which stage.
    public struct Failure: Error, CustomStringConvertible {
        public var output: String
        public var path: String
        public var stage: String
        public var error: ReportingError
        public var description: String { "\(output) report \(path) (\(stage)): \(error.message)" }
    }

    /// Starts every output; returns those that cannot be written (they are still tried at `finish`).
    public func start(_ run: RunInfo) -> [Failure] {
        var failures: [Failure] = []
        for o in outputs {
            do throws(ReportingError) { try o.start(run) } catch {
                failures.append(Failure(output: o.name, path: o.path, stage: "start", error: error))
            }
        }
        return failures
    }

    /// Hands `results` to every output and stops each; returns the outputs that failed.
    public func finish(_ results: RunResults) -> [Failure] {
        var failures: [Failure] = []
        for o in outputs {
            do throws(ReportingError) {
                try o.results(results)
                try o.stop()
            } catch {
                failures.append(Failure(output: o.name, path: o.path, stage: "write", error: error))
            }
        }
        return failures
    }
}
