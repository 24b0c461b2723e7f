import Foundation
import Reporting
import Testing

/// JUnit XML: valid against junit-10.xsd in every case, and carrying what CI tools show.
@Suite struct JUnitReportTests {
    static let cases: [(String, RunResults)] = [
        ("passing", Fixtures.passing()), ("failing", Fixtures.failing()), ("skipped", Fixtures.skipped()),
        ("interrupted", Fixtures.interrupted()), ("hostile text", Fixtures.hostile()), ("analysis", Fixtures.analysis()),
        ("empty", RunResults(run: Fixtures.run())),
    ]

    /// xmllint's verdict on `xml` against the schema.
    static func validate(_ xml: String) throws -> Fixtures.Run {
        guard let xmllint = Fixtures.tool(["xmllint"]) else {
            throw Fixtures.ToolMissing(description: "xmllint not found: install Debian's libxml2-utils (scripts/setup does)")
        }
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.xml")
        try Data(xml.utf8).write(to: file)
        return try Fixtures.execute(xmllint, ["--noout", "--schema", try Fixtures.junitSchema().path, file.path])
    }

    @Test("validates against junit-10.xsd", arguments: 0..<cases.count)
    func validatesAgainstSchema(_ index: Int) throws {
        let (name, results) = Self.cases[index]
        let xml = JUnitReport.render(results)
        let run = try Self.validate(xml)
        #expect(run.status == 0, "\(name): \(run.stderr)\n\(xml.prefix(3000))")
    }

    @Test("the schema check catches an invalid report") func schemaRejectsInvalidXML() throws {
        let bad = JUnitReport.render(Fixtures.passing()).replacingOccurrences(of: "<testcase name=", with: "<testcase bogus=\"1\" name=")
        #expect(try Self.validate(bad).status != 0)
    }

    @Test("a failed step carries the message, expected and received JER, the difference and the diagnostics")
    func failureCarriesExpectedReceivedAndDifference() throws {
        let xml = JUnitReport.render(Fixtures.failing())
        let start = try #require(xml.range(of: "<failure type=\"expect\" message=\"cause #7 instead of #9\">"))
        let body = xml[start.upperBound...].prefix { $0 != "<" }
        #expect(body.contains("Expected (JER):\n{&quot;id&quot;") == false, "text content does not escape quotes")
        #expect(body.contains("Expected (JER):\n{\"id\":85,\"criticality\":\"reject\",\"value\":{\"cause\":9}}"))
        #expect(body.contains("Received (JER):\n{\"id\":85,\"criticality\":\"reject\",\"value\":{\"cause\":7},\"extra\":true}"))
        #expect(body.contains("~ value.cause: expected 9, received 7"))
        #expect(body.contains("+ extra: unexpected true"))
        #expect(body.contains("§10.3.4.2 abstract-syntax, procedure code 15, IE 85, criticality reject, not-understood"))
        #expect(xml.contains("<error type=\"send\" message=\"SCTP association lost\">"))
    }

    @Test("counts, classnames, times in seconds and skipped elements follow Surefire")
    func suiteAttributesFollowSurefire() throws {
        let xml = JUnitReport.render(Fixtures.failing())
        // 4 steps + 2 thresholds; 1 failed step + 1 crossed threshold; 1 error.
        #expect(xml.contains("<testsuite name=\"attach-detach\" tests=\"6\" failures=\"2\" errors=\"1\" skipped=\"0\" time=\"12.500\" timestamp=\"2026-12-07T10:00:00\" hostname=\"ci-runner\">"))
        #expect(xml.contains("<testcase name=\"Register\" classname=\"coregate.attach-detach.steps\" time=\"10.200\">"))
        #expect(xml.contains("<testcase name=\"p(95) registration &lt; 200ms\" classname=\"coregate.attach-detach.thresholds\" time=\"0.000\">"))
        #expect(xml.contains("<system-out>200 UEs\n</system-out>"))
        let skipped = JUnitReport.render(Fixtures.skipped())
        #expect(skipped.contains("<skipped message=\"one gNB only\"/>"))
        #expect(skipped.contains("tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"2\""))
    }

    @Test("properties carry the key metrics") func propertiesCarryMetrics() {
        let xml = JUnitReport.render(Fixtures.passing())
        for needle in ["<property name=\"procedure.registration.count\" value=\"200\"/>", "<property name=\"procedure.registration.failure\" value=\"4\"/>",
                       "<property name=\"procedure.registration.p95_ms\" value=", "<property name=\"user_plane.loss\" value=\"0.002000\"/>",
                       "<property name=\"coregate.version\" value=\"0.1.0-test\"/>", "<property name=\"verdict\" value=\"passed\"/>",
                       "<property name=\"interrupted\" value=\"false\"/>"] {
            #expect(xml.contains(needle), "\(needle)")
        }
    }

    @Test("an interrupted run has an error testcase and a property saying so") func interruptedRunIsAnError() {
        let xml = JUnitReport.render(Fixtures.interrupted())
        #expect(xml.contains("<testcase name=\"run interrupted\" classname=\"coregate.attach-detach.run\""))
        #expect(xml.contains("<error type=\"interrupted\" message=\"SIGINT after 12.5 s\">"))
        #expect(xml.contains("<property name=\"interrupted\" value=\"true\"/>"))
        #expect(xml.contains("errors=\"1\""))
    }

    @Test("XML-hostile text is escaped, control characters shown, invalid UTF-8 replaced and noted")
    func hostileTextIsEscaped() throws {
        let xml = JUnitReport.render(Fixtures.hostile())
        #expect(xml.contains("name=\"step &lt;1&gt; &amp; &quot;2&quot; \\u{c}\\u{fffe}\""))
        #expect(xml.contains("bad\\u{0}message&#13;\nline 2 ]]&gt; --&gt; &lt;!-- &amp;amp;"))
        #expect(xml.contains("\u{FFFD}"), "invalid UTF-8 becomes U+FFFD")
        #expect(xml.contains("not valid UTF-8"))
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, "no raw control character")
    }

    @Test("a run with no step nor threshold still has one testcase (Jenkins refuses empty reports)")
    func emptyRunHasOneTestcase() {
        let xml = JUnitReport.render(RunResults(run: Fixtures.run()))
        #expect(xml.contains("tests=\"1\""))
        #expect(xml.contains("<testcase name=\"run\" classname=\"coregate.attach-detach.run\" time=\"12.500\"/>"))
    }

    @Test("analysis rules become testcases; broken error rules fail") func rulesBecomeTestcases() {
        let xml = JUnitReport.render(Fixtures.analysis())
        #expect(xml.contains("<testcase name=\"ngap.ie-order: IEs in the order of the message definition\" classname=\"coregate.captures.rules\""))
        #expect(xml.contains("<failure type=\"rule\" message=\"ngap.ie-order broken 3 times (TS 38.413 §10.3.6)\">"))
        #expect(xml.contains("tests=\"2\" failures=\"1\""))
    }
}
