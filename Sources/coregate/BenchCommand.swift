import Analysis
import ArgumentParser

/// `coregate bench`: codec rates on this machine over the NGAP-PDUs of real captures (one core).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure NGAP/NAS decode, encode and JER rates over the PDUs of captures, on one core.",
        discussion: "Build with -c release for meaningful figures. Each operation runs over the whole mix, round after round."
    )

    @Argument(help: "Captures whose NGAP-PDUs form the mix (default: the bundled captures).")
    var captures: [String] = ["captures/o5gs-srsgnb-a56-reg.pcap", "captures/oai-oaignb-montimage.pcap"]

    @Option(help: "Seconds per operation.")
    var seconds: Double = 3

    func run() throws {
        let bench: CodecBenchmark
        do {
            bench = try CodecBenchmark(captures: captures)
        } catch {
            StandardOutput.error("error: \(error)")
            throw ExitCode(2)
        }
        guard !bench.ngapPDUs.isEmpty else {
            StandardOutput.error("error: no decodable NGAP-PDU in \(captures.joined(separator: ", "))")
            throw ExitCode(2)
        }
        StandardOutput.line("mix: \(bench.ngapPDUs.count) NGAP-PDUs, \(bench.nasPDUs.count) NAS-PDUs from \(captures.count) captures; \(seconds) s per operation")
        StandardOutput.line("| operation | items/s | ns/item |")
        StandardOutput.line("|---|---:|---:|")
        for r in bench.run(seconds: seconds) {
            StandardOutput.line("| \(r.name) | \(Self.grouped(r.perSecond)) | \(Int(r.nanosecondsPerItem.rounded())) |")
        }
    }

    /// `1234567.8` → `1,234,568`.
    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
