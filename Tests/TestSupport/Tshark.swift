import Foundation

/// Runs tshark (installed by `scripts/setup`) on a file and returns its standard output.
public enum Tshark {
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tshark"] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        let stderr = String(decoding: errData, as: UTF8.self)
            .split(separator: "\n").filter { !$0.hasPrefix("Running as user") }.joined(separator: "\n")
        guard p.terminationStatus == 0 else {
            throw Failed(description: "tshark \(arguments.joined(separator: " ")) exited \(p.terminationStatus): \(stderr)")
        }
        return String(decoding: o, as: UTF8.self) + (stderr.isEmpty ? "" : "\nstderr: " + stderr)
    }
}
