import Foundation

/// Runs `scripts/oracles/pycrate_ngap.py` (pycrate 0.8.1 in the project's `.venv`) over many
/// inputs in one process: APER hex in → JER and canonical APER out; JER in → APER out.
public enum PycrateNGAP {
    public struct Result: Decodable, Sendable {
        public var line: Int
        public var aper: String?
        public var jer: String?
        public var consumedBits: Int?
        public var error: String?
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// One result per input line, in order.
    public static func run(_ lines: [String]) throws -> [Result] {
        let root = SharedCaptures.packageRoot
        let python = root.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "\(python.path) missing: run ./scripts/setup")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-pycrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.txt")
        let output = dir.appendingPathComponent("out.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let p = Process()
        p.executableURL = python
        p.arguments = [root.appendingPathComponent("scripts/oracles/pycrate_ngap.py").path, "--batch"]
        p.standardInput = try FileHandle(forReadingFrom: input)
        p.standardOutput = try FileHandle(forWritingTo: output)
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(description: "pycrate_ngap.py exited with \(p.terminationStatus)") }
        let decoder = JSONDecoder()
        let results = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(Result.self, from: Data($0.utf8))
        }
        guard results.count == lines.count else {
            throw Failure(description: "pycrate answered \(results.count) of \(lines.count) lines")
        }
        return results
    }
}

/// A small seeded generator (SplitMix64), so random tests are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
