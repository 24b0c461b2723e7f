import Bytes
import Benchmark
import FiveGSecurity
import NAS5GS
import NASSecurity

// TS 35.208 test set 1 subscriber and challenge (AMF b9b9 has the separation bit set).
private let k: [UInt8] = try! Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc")
private let opc: [UInt8] = try! Hex.decode("cd63cb71954a9f4e48a5994e37a02baf")
private let rand: [UInt8] = try! Hex.decode("23553cbe9637a89d218ae64dae47bf35")
private let autn: [UInt8] = try! Hex.decode("55f328b43577b9b94a9ffac354dfafb3")
private let snn = "5G:mnc012.mcc274.3gppnetwork.org"
private let supi = SUPI.imsi("274012001002086")
private let kamf: [UInt8] = try! Hex.decode("d064957a394156a13ffe27c0fa78c9763afb9bb83bc740472efdf8007aded341")
/// A 100-byte plain 5GMM message (UL NAS Transport header and filler).
private let message100: [UInt8] = [0x7e, 0x00, 0x67] + (0..<97).map { UInt8(truncatingIfNeeded: $0 &* 37) }

private func nasRoundTrip(_ name: String, _ ia: IntegrityAlgorithm, _ ea: CipheringAlgorithm) {
    Benchmark(name) { benchmark in
        var ue = try NASSecurityContext(role: .ue, kamf: kamf, integrity: ia, ciphering: ea)
        var net = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
        var pdu = [UInt8]()
        pdu.reserveCapacity(128)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            pdu.removeAll(keepingCapacity: true)
            try message100.withUnsafeBytes { try ue.protect($0, headerType: .integrityProtectedAndCiphered, into: &pdu) }
            guard case .verified = try net.unprotect(&pdu) else { fatalError("unprotect failed") }
            blackHole(pdu.count)
        }
    }
}

/// The same work on one caller-owned buffer: protect in place, then verify and decipher in place.
private func nasInPlace(_ name: String, _ ia: IntegrityAlgorithm, _ ea: CipheringAlgorithm) {
    Benchmark(name) { benchmark in
        var ue = try NASSecurityContext(role: .ue, kamf: kamf, integrity: ia, ciphering: ea)
        var net = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 7 + message100.count, alignment: 8)
        defer { buffer.deallocate() }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            message100.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[7...]).copyMemory(from: $0) }
            try ue.protect(inPlace: buffer, headerType: .integrityProtectedAndCiphered)
            guard case .verified = try net.unprotect(buffer) else { fatalError("unprotect failed") }
            blackHole(buffer[7])
        }
    }
}

/// A UE sending a typed message and the network receiving it: encode after the header, protect, then
/// verify, decipher and decode (`receive`).
private func nasMessageRoundTrip(_ name: String, _ ia: IntegrityAlgorithm, _ ea: CipheringAlgorithm) {
    Benchmark(name) { benchmark in
        var ue = try NASSecurityContext(role: .ue, kamf: kamf, integrity: ia, ciphering: ea)
        var net = try NASSecurityContext(role: .network, kamf: kamf, integrity: ia, ciphering: ea)
        let message = try NASMessage(nasEncoded: ulNASTransport[...])
        var pdu = [UInt8]()
        pdu.reserveCapacity(128)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            pdu.removeAll(keepingCapacity: true)
            try ue.protect(message, headerType: .integrityProtectedAndCiphered, into: &pdu)
            guard case .integrityOK(let m, _) = try net.receive(&pdu) else { fatalError("receive failed") }
            blackHole(m.messageType)
        }
    }
}

/// A UL NAS transport carrying a PDU session establishment request (oai-gnbsim.pcap frame 94, 32 B).
private let ulNASTransport: [UInt8] = try! Hex.decode("7e00670100072e0101c1ffff911201812204de00007b25080764656661756c74")

let benchmarks: @Sendable () -> Void = {
    // Per-iteration figures (the "*" metrics) are averaged over 1000 iterations per sample so the
    // harness's own per-sample cost (clock reads, its allocations) does not swamp microsecond work.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )
    let single = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        scalingFactor: .one,
        maxDuration: .seconds(2)
    )

    Benchmark("UE 5G-AKA: MILENAGE + AUTN check + RES* + KAUSF + KSEAF + KAMF + KNASint/enc + KgNB") { benchmark in
        let usim = FiveGAKAUE(milenage: try Milenage(k: k, opc: opc))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var ue = usim  // fresh SQN_MS each time, so the same AUTN stays acceptable
            guard case .success(let r) = try ue.authenticate(rand: rand, autn: autn, servingNetworkName: snn) else {
                fatalError("AUTN rejected")
            }
            let kamf = try KeyHierarchy.kamf(kseaf: r.kseaf, supi: supi)
            blackHole(try KeyHierarchy.knasInt(kamf: kamf, algorithm: .nia2))
            blackHole(try KeyHierarchy.knasEnc(kamf: kamf, algorithm: .nea2))
            blackHole(try KeyHierarchy.kgnb(kamf: kamf, uplinkNASCount: 0))
        }
    }

    // NIA0+NEA0 shows the context's own cost (header, COUNT, replay check) and the harness baseline.
    nasRoundTrip("NAS protect+unprotect 100 B, NIA0+NEA0 (baseline)", .nia0, .nea0)
    nasRoundTrip("NAS protect+unprotect 100 B, NIA2+NEA2", .nia2, .nea2)
    nasRoundTrip("NAS protect+unprotect 100 B, NIA1+NEA1", .nia1, .nea1)
    nasRoundTrip("NAS protect+unprotect 100 B, NIA3+NEA3", .nia3, .nea3)
    nasInPlace("NAS protect+unprotect 100 B in place, NIA2+NEA2", .nia2, .nea2)
    nasMessageRoundTrip("NAS protect(message)+receive (verify, decipher, decode) UL NAS transport, NIA2+NEA2", .nia2, .nea2)

    let hnA = try! ECIES.publicKey(scheme: .profileA, privateKey: try! Hex.decode("c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d"))
    let hnB = try! ECIES.publicKey(scheme: .profileB, privateKey: try! Hex.decode("f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda"))
    let msin = try! TBCD.encode("001002086")
    Benchmark("SUCI conceal, ECIES Profile A (X25519)", configuration: single) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SUCI.conceal(schemeInput: msin, scheme: .profileA, homeNetworkPublicKey: hnA))
        }
    }
    Benchmark("SUCI conceal, ECIES Profile B (P-256)", configuration: single) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SUCI.conceal(schemeInput: msin, scheme: .profileB, homeNetworkPublicKey: hnB))
        }
    }
}
