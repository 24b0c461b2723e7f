import Foundation
import Reporting
import Testing

/// The HTML report: self-contained, complete, and free of script errors in a real browser.
@Suite struct HTMLReportTests {
    static let cases: [(String, RunResults)] = [
        ("failing", Fixtures.failing()), ("interrupted", Fixtures.interrupted()), ("hostile text", Fixtures.hostile()),
        ("analysis", Fixtures.analysis()), ("synthetic", SyntheticRun.make(.init(ues: 3_000, seconds: 200, registrationFailure: 0.02))),
        ("empty", RunResults(run: Fixtures.run())),
    ]

    @Test("fetches nothing: no external script, style, image or font") func selfContained() {
        for (name, r) in Self.cases {
            let html = HTMLReport.render(r)
            for needle in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import", "url(", "<link", "<img", "<iframe"] {
                #expect(!html.contains(needle), "\(name): \(needle)")
            }
        }
    }

    @Test("has the verdict, latency table and chart, time charts, thresholds, steps and ladders") func sections() {
        let html = HTMLReport.render(SyntheticRun.make(.init(ues: 3_000, seconds: 200, registrationFailure: 0.02)))
        for needle in ["<span class=\"badge\" id=\"verdict\">FAILED</span>", "<section id=\"latency\">", "aria-label=\"Latency percentiles\"",
                       "aria-label=\"Successful procedures\"", "aria-label=\"Errors\"", "aria-label=\"p95 latency\"", "<section id=\"thresholds\">",
                       "<section id=\"steps\">", "<section id=\"failures\">", "<svg class=\"ladder\"", "~ initiatingMessage.value.protocolIEs[2].value: expected \"7e004409\", received \"7e004407\"",
                       "§10.3.4.1 abstract-syntax", "ladders of the first 50 shown"] {
            #expect(html.contains(needle), "\(needle)")
        }
        #expect(!html.contains("id=\"interrupted\""))
    }

    @Test("an interrupted run says so in a banner") func interruptedBanner() {
        let html = HTMLReport.render(Fixtures.interrupted())
        #expect(html.contains("<div class=\"banner\" id=\"interrupted\">Interrupted: SIGINT after 12.5 s."))
    }

    @Test("hostile text cannot inject markup") func hostileTextEscaped() {
        let html = HTMLReport.render(Fixtures.hostile())
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    }

    /// Debian's chromium (scripts/setup installs it, so CI runs the browser checks).
    static let chromium = Fixtures.tool(["chromium", "chromium-browser", "google-chrome"])

    @Test("renders in headless Chromium with no script error", .enabled(if: chromium != nil, "chromium is not installed: run scripts/setup"),
          arguments: 0..<cases.count)
    func noConsoleErrorInChromium(_ index: Int) throws {
        let (name, results) = Self.cases[index]
        let chromium = try #require(Self.chromium)
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html")
        try Data(HTMLReport.render(results).utf8).write(to: file)
        let run = try Fixtures.execute(chromium, ["--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + dir.appendingPathComponent("profile").path,
                                                  "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--dump-dom", file.absoluteString], timeout: 120)
        #expect(run.status == 0, "\(name): chromium exited \(run.status): \(run.stderr.suffix(2000))")
        #expect(run.stdout.contains("data-cg-ready=\"1\""), "\(name): the page script did not finish\n\(run.stderr.suffix(2000))")
        #expect(!run.stdout.contains("data-cg-errors=\""), "\(name): script errors: \(Self.errorAttribute(run.stdout))")
        let console = run.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(console.isEmpty, "\(name): console: \(console.joined(separator: "\n"))")
    }

    @Test("the browser check sees a broken script", .enabled(if: chromium != nil, "chromium is not installed: run scripts/setup"))
    func browserCheckCatchesErrors() throws {
        let chromium = try #require(Self.chromium)
        let dir = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.html")
        let html = HTMLReport.render(Fixtures.passing()).replacingOccurrences(of: "document.documentElement.setAttribute('data-cg-ready', '1');",
                                                                              with: "undefinedFunction(); document.documentElement.setAttribute('data-cg-ready', '1');")
        try Data(html.utf8).write(to: file)
        let run = try Fixtures.execute(chromium, ["--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + dir.appendingPathComponent("profile").path,
                                                  "--virtual-time-budget=3000", "--dump-dom", file.absoluteString], timeout: 120)
        #expect(run.stdout.contains("data-cg-errors=\"error: Uncaught ReferenceError: undefinedFunction is not defined"), "\(run.stdout.prefix(400))")
        #expect(!run.stdout.contains("data-cg-ready=\""))
    }

    static func errorAttribute(_ dom: String) -> String {
        guard let r = dom.range(of: "data-cg-errors=\"") else { return "" }
        return String(dom[r.upperBound...].prefix { $0 != "\"" })
    }
}
