import Foundation
import Reporting
import TestSupport

/// Results values the tests render, and the external tools they check reports with.
enum Fixtures {
    static let start = Timestamp(rfc3339: "2026-12-07T10:00:00.000000Z") ?? Timestamp(microseconds: 0)

    static func run(_ name: String = "attach-detach", interrupted: Bool = false, shard: ShardInfo? = nil) -> RunInfo {
        var env = EnvironmentInfo(coregateVersion: "0.1.0-test", host: "ci-runner", os: "Debian GNU/Linux 12 (bookworm)", cpuCount: 2,
                                  start: start, end: start.adding(microseconds: 12_500_000))
        env.interrupted = interrupted
        env.interruptionReason = interrupted ? "SIGINT after 12.5 s" : nil
        return RunInfo(plan: PlanInfo(name: name, description: "Attach, PDU session, detach", tags: ["smoke"]),
                       target: TargetInfo(name: "open5gs", amf: "127.0.0.5:38412", upf: nil), environment: env, shard: shard)
    }

    /// Two procedures with latencies, counters, a user plane, a time series.
    static func loaded(_ info: RunInfo) -> RunResults {
        var r = RunResults(run: info)
        for i in 0..<200 {
            let t = start.adding(microseconds: Int64(i) * 50_000)
            r.recordAttempt(.registration, at: t)
            if i % 50 == 7 {
                r.recordFailure(.registration, at: t.adding(microseconds: 9_000), cause: "5GMM cause #22 (congestion)")
            } else {
                r.recordSuccess(.registration, at: t.adding(microseconds: 12_000 + Int64(i) * 37), latencyMicroseconds: 12_000 + UInt64(i) * 37)
            }
            r.recordMessage("RegistrationRequest", .sent)
        }
        r.userPlane = UserPlaneStats(packetsSent: 1000, packetsReceived: 998, bytesSent: 100_000, bytesReceived: 99_800)
        for v in [900, 950, 1_200, 4_000] { r.userPlane?.rtt.record(microseconds: UInt64(v)) }
        return r
    }

    static func passing() -> RunResults {
        var r = loaded(run())
        r.steps = [StepResult(name: "NG Setup", kind: "procedure", outcome: .passed, durationSeconds: 0.012),
                   StepResult(name: "Register", kind: "procedure", outcome: .passed, durationSeconds: 10.2, output: "200 UEs\n")]
        r.thresholds = [ThresholdResult(expression: "p(95) registration < 200ms",
                                        spec: ThresholdSpec(metric: .latencyPercentile(procedure: "registration", percentile: 95), comparison: .less, limit: 200),
                                        evaluatedOn: r)]
        return r
    }

    static let expectedJER = #"{"id":85,"criticality":"reject","value":{"cause":9}}"#
    static let receivedJER = #"{"id":85,"criticality":"reject","value":{"cause":7},"extra":true}"#

    static func failing() -> RunResults {
        var r = passing()
        r.steps.append(StepResult(name: "Reject unknown SUCI", kind: "expect", outcome: .failed, durationSeconds: 0.04,
                                  message: "cause #7 instead of #9", expected: MessageText(expectedJER), received: MessageText(receivedJER),
                                  diagnostics: [ProtocolDiagnostic(clause: "10.3.4.2", category: .abstractSyntax, procedureCode: 15, ieID: 85,
                                                                   criticality: "reject", typeOfError: "not-understood", text: "IE not comprehended")]))
        r.steps.append(StepResult(name: "Driver crashed", kind: "send", outcome: .error, durationSeconds: 0, message: "SCTP association lost"))
        r.thresholds.append(ThresholdResult(expression: "failures registration == 0",
                                            spec: ThresholdSpec(metric: .failures(procedure: "registration"), comparison: .equal, limit: 0), evaluatedOn: r))
        r.failures.add(UEFailure(ue: "imsi-001010000000001", procedure: "registration", reason: "RegistrationReject #22", time: start.adding(microseconds: 9_000),
                                 ladder: [LadderEntry(time: start, direction: .sent, from: "gNB-1", to: "AMF", message: "InitialUEMessage", summary: "RegistrationRequest"),
                                          LadderEntry(time: start.adding(microseconds: 9_000), direction: .received, from: "AMF", to: "gNB-1",
                                                      message: "DownlinkNASTransport", summary: "RegistrationReject #22", flagged: true)]))
        return r
    }

    static func skipped() -> RunResults {
        var r = RunResults(run: run("skips"))
        r.steps = [StepResult(name: "Handover", kind: "procedure", outcome: .skipped, durationSeconds: 0, message: "one gNB only"),
                   StepResult(name: "Paging", kind: "expect", outcome: .skipped, durationSeconds: 0)]
        return r
    }

    static func interrupted() -> RunResults {
        var r = loaded(run(interrupted: true))
        r.steps = [StepResult(name: "Register", kind: "procedure", outcome: .passed, durationSeconds: 10.2)]
        return r
    }

    /// `<`, `&`, quotes, control characters and invalid UTF-8 everywhere text goes.
    static func hostile() -> RunResults {
        var r = RunResults(run: run("plan <&> \"quoted\" 'single' \u{1}\u{7}"))
        var bad = Array("{\"value\":\"<tag> & \u{0}\u{8}\u{1B} ]]> ".utf8)
        bad += [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80]  // invalid UTF-8: bad continuation, 0xFF, a surrogate
        bad += Array("\"}".utf8)
        r.steps = [StepResult(name: "step <1> & \"2\" \u{C}\u{FFFE}", kind: "expect<>", outcome: .failed, durationSeconds: 0.001,
                              message: "bad\u{0}message\r\nline 2 ]]> --> <!-- &amp;", expected: MessageText("{\"value\":\"<ok>\"}"),
                              received: MessageText(bytes: bad), output: "out \u{1} <x>")]
        r.thresholds = [ThresholdResult(expression: "p(95) a<b & c > 1ms \u{2}", observed: 2, unit: "ms", passed: false)]
        r.recordAttempt("proc <&\u{3}>", at: start)
        r.recordMessage("Msg \"<&>\"", .received)
        r.failures.add(UEFailure(ue: "ue<&>\u{4}", procedure: "p", reason: "why \u{5} <b>", time: start,
                                 ladder: [LadderEntry(time: start, direction: .sent, from: "UE<", to: "gNB&", message: "<script>alert(1)</script>", summary: "\u{6}")]))
        r.analysis = AnalysisResults(captures: ["a<b>.pcap"], ruleViolations: [RuleViolation(id: "rule&1", severity: .error, clause: "§<10>", count: 2,
                                                                                             examples: [.init(capture: "x&y", frame: 3, summary: "<bad>\u{7}")])])
        return r
    }

    static func analysis() -> RunResults {
        var r = RunResults(run: RunInfo(kind: .analysis, plan: PlanInfo(name: "captures"), target: TargetInfo(name: "free5gc"), environment: run().environment))
        r.analysis = AnalysisResults(captures: ["a.pcap"], ruleViolations: [
            RuleViolation(id: "ngap.ie-order", severity: .error, clause: "TS 38.413 §10.3.6", title: "IEs in the order of the message definition", count: 3,
                          examples: [.init(frame: 12, summary: "IE 85 before IE 10")]),
            RuleViolation(id: "nas.plain-after-smc", severity: .warning, clause: "TS 24.501 §4.4.4.1", count: 1),
        ])
        return r
    }

    // MARK: Files and tools

    /// A fresh temporary folder.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-reporting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The JUnit schema copied into the test resources.
    static func junitSchema() throws -> URL {
        guard let url = Bundle.module.url(forResource: "junit-10", withExtension: "xsd", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "junit-10", withExtension: "xsd") else {
            throw ToolMissing(description: "junit-10.xsd is missing from the ReportingTests resources")
        }
        return url
    }

    struct ToolMissing: Error, CustomStringConvertible { var description: String }

    /// The first of `candidates` that is an executable file, or on PATH.
    static func tool(_ candidates: [String]) -> String? {
        let fm = FileManager.default
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for c in candidates {
            if c.hasPrefix("/") || c.hasPrefix(".") {
                let full = c.hasPrefix(".") ? SharedCaptures.packageRoot.appendingPathComponent(c).path : c
                if fm.isExecutableFile(atPath: full) { return full }
            } else {
                for dir in path where fm.isExecutableFile(atPath: dir + "/" + c) { return dir + "/" + c }
            }
        }
        return nil
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    /// Runs a program to completion, with a time limit.
    static func execute(_ program: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cg-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("cg-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning { p.terminate(); p.waitUntilExit() }
        return Run(status: p.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

extension Fixtures {
    /// The parts of two results that differ (a short message instead of a dump of both values).
    static func differences(_ a: RunResults, _ b: RunResults) -> [String] {
        var out: [String] = []
        if a.run != b.run { out.append("run: \(a.run) vs \(b.run)") }
        if a.steps != b.steps {
            for (x, y) in zip(a.steps, b.steps) where x != y { out.append("step \(x.name): \(x) vs \(y)") }
            if a.steps.count != b.steps.count { out.append("steps: \(a.steps.count) vs \(b.steps.count)") }
        }
        if a.thresholds != b.thresholds { out.append("thresholds: \(a.thresholds) vs \(b.thresholds)") }
        for name in Set(a.procedures.keys).union(b.procedures.keys) where a.procedures[name] != b.procedures[name] {
            let x = a.procedures[name], y = b.procedures[name]
            out.append("procedure \(name): count \(x?.count ?? 0)/\(y?.count ?? 0) success \(x?.success ?? 0)/\(y?.success ?? 0) "
                       + "failure \(x?.failure ?? 0)/\(y?.failure ?? 0) latency equal \(x?.latency == y?.latency) causes \(x?.failureCauses ?? [:]) vs \(y?.failureCauses ?? [:])")
        }
        if a.messages != b.messages { out.append("messages differ") }
        if a.timeSeries != b.timeSeries {
            out.append("time series: interval \(a.timeSeries.intervalSeconds)/\(b.timeSeries.intervalSeconds)")
            for name in Set(a.timeSeries.procedures.keys).union(b.timeSeries.procedures.keys) {
                let x = a.timeSeries.procedures[name] ?? [], y = b.timeSeries.procedures[name] ?? []
                if x != y {
                    let firstDiff = zip(x, y).first { $0 != $1 }
                    out.append("  \(name): \(x.count) vs \(y.count) points; first difference at \(firstDiff.map { "\($0.0.second): \($0.0.attempts)/\($0.0.successes)/\($0.0.errors) lat \($0.0.latency.count) min \($0.0.latency.minMicroseconds) max \($0.0.latency.maxMicroseconds) vs \($0.1.attempts)/\($0.1.successes)/\($0.1.errors) lat \($0.1.latency.count) min \($0.1.latency.minMicroseconds) max \($0.1.latency.maxMicroseconds)" } ?? "-")")
                }
            }
        }
        if a.userPlane != b.userPlane { out.append("user plane differs") }
        if a.failures != b.failures { out.append("failures: \(a.failures.ues.count)/\(a.failures.totalFailedUEs) vs \(b.failures.ues.count)/\(b.failures.totalFailedUEs)") }
        if a.analysis != b.analysis { out.append("analysis differs") }
        return out
    }
}
