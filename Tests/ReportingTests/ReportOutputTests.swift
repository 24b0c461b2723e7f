import Foundation
import Reporting
import Testing

/// The output interface: every output gets its chance, and nothing gathered is lost.
@Suite struct ReportOutputTests {
    final class Broken: ReportOutput {
        let name = "broken", path = "/nonexistent"
        func start(_ run: RunInfo) throws(ReportingError) {}
        func results(_ results: RunResults) throws(ReportingError) { throw ReportingError(.io, "disk full") }
        func stop() throws(ReportingError) {}
    }

    @Test("a failing output does not stop the others") func failingOutputDoesNotStopOthers() throws {
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json").path, html = dir.appendingPathComponent("r.html").path
        let set = ReportSet([Broken(), FileReportOutput.json(json), FileReportOutput.junit("/nonexistent-folder/r.xml"), FileReportOutput.html(html)])
        let results = Fixtures.failing()
        let atStart = set.start(results.run)
        #expect(atStart.map(\.output) == ["junit"], "the unwritable folder is known at start")
        let failures = set.finish(results)
        #expect(failures.map(\.output) == ["broken", "junit"])
        #expect(try ResultsJSON.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: json)))) == results)
        #expect(FileManager.default.fileExists(atPath: html))
    }

    @Test("an output stopped without results still writes a report that says the run was interrupted")
    func stopWithoutResultsSaysInterrupted() throws {
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.json").path
        let out = FileReportOutput.json(path)
        try out.start(Fixtures.run())
        try out.stop()
        let back = try ResultsJSON.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(back.run.environment.interrupted)
        #expect(back.verdict.passed == false)
    }

    @Test("the latest results handed over are the ones written") func latestResultsWin() throws {
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.xml").path
        let out = FileReportOutput.junit(path)
        try out.start(Fixtures.run())
        try out.results(Fixtures.interrupted())
        try out.results(Fixtures.passing())
        try out.stop()
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains("<property name=\"verdict\" value=\"passed\"/>"))
    }
}
