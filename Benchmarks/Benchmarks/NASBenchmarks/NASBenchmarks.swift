import Benchmark
import NAS5GS
import NASSecurity

/// The mix: every real NAS-PDU of the MIT/Apache captures (RealMessages.swift), as bytes.
let mix: [[UInt8]] = realNASPDUs.map { entry in
    var out: [UInt8] = []
    var high: UInt8? = nil
    for c in entry.2.utf8 {
        let v = c <= 57 ? c - 48 : c - 87
        if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
    }
    return out
}

let options = NASDecodingOptions(tolerant: true, nullDecipher: true)

/// Full decode of one NAS-PDU: the PDU, and the inner message of a protected PDU (NEA0).
@inline(never)
func decodeFully(_ bytes: [UInt8]) -> Int {
    guard let pdu = try? NASPDU(nasEncoded: bytes[...], options: options) else { return 0 }
    switch pdu {
    case .plain(let m): return Int(m.messageType.rawValue)
    case .protected(let p): return (try? p.decodeInner(options: options)).map { Int($0.messageType.rawValue) } ?? 1
    }
}

let decoded: [NASPDU] = mix.map { try! NASPDU(nasEncoded: $0[...], options: options) }
let decodedInner: [NASMessage] = decoded.compactMap {
    switch $0 {
    case .plain(let m): m
    case .protected(let p): try? p.decodeInner(options: options)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(3)
    )

    // One operation = decoding one NAS-PDU of the mix (round robin), inner message included.
    Benchmark("NAS decode (real mix, per message)") { benchmark in
        var i = 0
        for _ in benchmark.scaledIterations {
            blackHole(decodeFully(mix[i]))
            i += 1
            if i == mix.count { i = 0 }
        }
    }

    // One operation = encoding one decoded message of the mix into a reused buffer.
    Benchmark("NAS encode (real mix, per message)") { benchmark in
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        var i = 0
        for _ in benchmark.scaledIterations {
            buffer.removeAll(keepingCapacity: true)
            decodedInner[i].nasEncode(into: &buffer)
            blackHole(buffer.count)
            i += 1
            if i == decodedInner.count { i = 0 }
        }
    }
}
