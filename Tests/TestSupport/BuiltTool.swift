import Foundation

/// Runs an executable of this package from the build folder the tests run from (`coregate`).
public enum BuiltTool {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The build folder: where the test bundle (`CoreGatePackageTests.xctest`) lies.
    static var buildFolder: URL {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.appendingPathComponent("coregate").path) {
            return c
        }
        return SharedCaptures.packageRoot.appendingPathComponent(".build/debug")
    }

    /// Runs `name` with `arguments`; output is read in full.
    public static func run(_ name: String, _ arguments: [String]) throws -> Outcome {
        let url = buildFolder.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Missing(description: "\(url.path) not built (swift build --build-tests builds it)")
        }
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read stderr concurrently so neither pipe fills while the other is drained.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Outcome(status: p.terminationStatus, stdout: [UInt8](o), stderr: String(decoding: errData, as: UTF8.self))
    }
}
