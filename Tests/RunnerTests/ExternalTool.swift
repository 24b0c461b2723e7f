import Foundation
import TestSupport

/// Runs the tools the deployment tests use (kubectl, kubernetes-validate), found on PATH or in `.venv`.
enum ExternalTool {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The first candidate that is an executable: absolute, relative to the package root (`.venv/bin/x`), or
    /// a name on PATH.
    static func find(_ candidates: [String]) -> String? {
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

    /// Runs `program` to completion (at most `timeout` seconds), output through files so no pipe fills.
    static func execute(_ program: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        let tmp = FileManager.default.temporaryDirectory
        let out = tmp.appendingPathComponent("cg-runner-out-\(UUID().uuidString)")
        let err = tmp.appendingPathComponent("cg-runner-err-\(UUID().uuidString)")
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
        if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        return Run(status: p.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
