import Bytes
import ASN1JER
import ASN1PER
import Benchmark
import Capture
import Foundation
import NGAP
import NGAPRandom

/// NGAP codec rates over the real NGAP-PDUs of the shared captures (one core, release build).
/// Each benchmark iteration handles 1,000 PDUs of the mix (scaling factor kilo), so the
/// reported throughput is in thousands of PDUs per second.
let benchmarks: @Sendable () -> Void = {
    let mix = CaptureMix.load()
    let decoded = mix.map { try! NGAPPDU.decode($0[...]).pdu }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(3)
    )

    Benchmark("NGAP decode (capture mix)", configuration: configuration) { benchmark in
        var i = 0
        for _ in benchmark.scaledIterations {
            blackHole(try! NGAPPDU.decode(mix[i][...]))
            i = i + 1 == mix.count ? 0 : i + 1
        }
    }

    // The mutated-PDU study's PDUs that a strict decode refuses (NGAPTests `MutationStudyTests`: the same
    // seed and generator), for time and allocations per refused PDU in a release build (the test bounds the
    // allocations of each one in the debug build).
    let rejected = RejectedMix.make(from: mix)
    Benchmark(
        "NGAP decode, refused mutated PDUs (\(rejected.count) of 1,000)",
        configuration: Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
            scalingFactor: .kilo,
            maxDuration: .seconds(3)
        )
    ) { benchmark in
        var i = 0
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try NGAPPDU.decode(rejected[i][...]))
            } catch {
                blackHole(error.bitOffset)
            }
            i = i + 1 == rejected.count ? 0 : i + 1
        }
    }

    Benchmark("NGAP encode (capture mix)", configuration: configuration) { benchmark in
        var writer = APERWriter(reservingCapacity: 4096)
        var i = 0
        for _ in benchmark.scaledIterations {
            writer.removeAll()
            try! decoded[i].aperEncode(into: &writer)
            blackHole(writer.byteCount)
            i = i + 1 == decoded.count ? 0 : i + 1
        }
    }

    Benchmark("NGAP JER write (capture mix)", configuration: configuration) { benchmark in
        var writer = JSONWriter(reservingCapacity: 16384)
        var i = 0
        for _ in benchmark.scaledIterations {
            writer.removeAll()
            decoded[i].jerEncode(into: &writer)
            blackHole(writer.count)
            i = i + 1 == decoded.count ? 0 : i + 1
        }
    }
}

/// The mutated PDUs of the study (`MutationStudyTests`) that a strict decode refuses.
enum RejectedMix {
    /// SplitMix64, as TestSupport's `SeededGenerator`, so the mutations are the study's.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func make(from mix: [[UInt8]]) -> [[UInt8]] {
        var g = SplitMix64(state: 0x4E47_4150_4D55_54)
        return NGAPMutations.make(from: mix, count: 1000, using: &g).map(\.bytes).filter { bytes in
            do {
                _ = try NGAPPDU.decode(bytes[...])
                return false
            } catch {
                return true
            }
        }
    }
}

/// The NGAP-PDUs (bytes as carried, trailing bytes included) of every shared capture,
/// retransmissions left out, as tshark shows them.
enum CaptureMix {
    static func sharedCaptures() -> String {
        if let env = ProcessInfo.processInfo.environment["COREGATE_SHARED_DIR"], !env.isEmpty { return env + "/captures" }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [root.deletingLastPathComponent().path + "/shared/captures", "/work/shared/captures"]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        fatalError("shared captures not found; set COREGATE_SHARED_DIR")
    }

    static func load() -> [[UInt8]] {
        let folder = sharedCaptures()
        var pdus: [[UInt8]] = []
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in files.sorted() where name.hasSuffix(".pcap") || name.hasSuffix(".pcapng") {
            guard let contents = try? CaptureReader.readAll(path: folder + "/" + name, options: .ngap) else { continue }
            for m in contents.messages where m.isNGAP && !m.isRetransmission { pdus.append(m.payload) }
        }
        precondition(pdus.count > 1000, "expected the shared captures' NGAP-PDUs, found \(pdus.count)")
        return pdus
    }
}
