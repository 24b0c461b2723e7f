// swift-tools-version:6.1
// CoreGate: conformance and load test harness for 5G standalone cores.
// Targets are layered; a target imports only targets listed above it here.
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
/// Release builds of the capture and analysis layers skip the run-time exclusivity checks on class properties
/// (the compile-time checks stay): their readers are single-threaded classes touched once per packet, where
/// the checks cost about 3 % of a `coregate decode` run. The live I/O layers (EventLoop, Transport) are
/// single-threaded classes touched per datagram and per message in the same way.
let uncheckedExclusivity: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
/// Release builds of the large generated targets compile file by file instead of whole-module (which takes several
/// times longer for no measured gain), in batch mode: one compiler job per core, each reading the module's
/// declarations once, instead of one job per file that each read all of them again.
let generatedCode: [SwiftSetting] = [
    .unsafeFlags(["-no-whole-module-optimization", "-enable-batch-mode"], .when(configuration: .release))
]

let package = Package(
    name: "CoreGate",
    products: [
        .executable(name: "coregate", targets: ["coregate"]),
        .executable(name: "asn1gen", targets: ["asn1gen"]),
        .library(name: "Bytes", targets: ["Bytes"]),
        .library(name: "ASN1PER", targets: ["ASN1PER"]),
        .library(name: "ASN1JER", targets: ["ASN1JER"]),
        .library(name: "NGAP", targets: ["NGAP"]),
        .library(name: "NGAPJER", targets: ["NGAPJER"]),
        .library(name: "NGAPRandom", targets: ["NGAPRandom"]),
        .library(name: "NGAPValidation", targets: ["NGAPValidation"]),
        .library(name: "NAS5GS", targets: ["NAS5GS"]),
        .library(name: "FiveGSecurity", targets: ["FiveGSecurity"]),
        .library(name: "NASSecurity", targets: ["NASSecurity"]),
        .library(name: "Packets", targets: ["Packets"]),
        .library(name: "GTPU", targets: ["GTPU"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "CoreEmulator", targets: ["CoreEmulator"]),
        .library(name: "Capture", targets: ["Capture"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "TestPlan", targets: ["TestPlan"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "Runner", targets: ["Runner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // 1. Bytes, hex and JSON writing and parsing, and the error shape every module follows; the aligned
        //    PER runtime and the JSON (X.697 JER) runtime on top.
        .target(name: "Bytes"),
        .target(name: "ASN1PER", dependencies: ["Bytes"]),
        .target(name: "ASN1JER", dependencies: ["ASN1PER", "Bytes"]),

        // 2. The ASN.1 compiler and the NGAP code it generates.
        .target(name: "ASN1Compiler"),
        .executableTarget(name: "asn1gen", dependencies: ["ASN1Compiler", argumentParser]),
        // Generated and large (see generatedCode).
        .target(name: "NGAP", dependencies: ["Bytes", "ASN1PER", "ASN1JER"], swiftSettings: generatedCode),
        // Reading NGAP's JER back (tests, fuzzing): generated apart so that coregate, which only writes
        // JER, does not compile it.
        .target(name: "NGAPJER", dependencies: ["Bytes", "ASN1PER", "ASN1JER", "NGAP"], swiftSettings: generatedCode),
        .target(name: "NGAPRandom", dependencies: ["NGAP", "ASN1PER"], swiftSettings: generatedCode),
        // TS 38.413 §10 abstract-syntax validation of decoded PDUs: generated walks of every IE container
        // (asn1gen --walker-output) and the hand-written checks, verdict and Criticality Diagnostics.
        .target(name: "NGAPValidation", dependencies: ["NGAP", "ASN1PER"], swiftSettings: generatedCode),

        // 3. Hand-written codecs and 5G security.
        .target(name: "NAS5GS", dependencies: ["Bytes"]),
        .target(
            name: "FiveGSecurity",
            dependencies: [
                "Bytes",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),

        // NAS security: security header, protected framing, NAS security context (protect, verify, decipher).
        .target(name: "NASSecurity", dependencies: ["Bytes", "NAS5GS", "FiveGSecurity"]),

        // IP, UDP, ICMP and SCTP packets (parse and build, checksums) and the GTP-U codec on top: no I/O,
        // no Foundation.
        .target(name: "Packets", dependencies: ["Bytes"]),
        .target(name: "GTPU", dependencies: ["Bytes", "Packets"]),

        // 3. State machines of the harness side (gNB, UE): no sockets, clocks, threads or loggers.
        .target(name: "Simulation", dependencies: ["Bytes", "ASN1PER", "ASN1JER", "NGAP", "NAS5GS", "NASSecurity", "FiveGSecurity"]),
        // 3. The embedded core (AMF, SMF, UPF): sans-I/O state machines. Shares only the
        //    codecs with Simulation, never code.
        .target(name: "CoreEmulator", dependencies: ["Bytes", "ASN1PER", "NGAP", "NAS5GS", "NASSecurity", "FiveGSecurity", "Packets", "GTPU"]),

        // 4. Captures (libpcap reader: link layers, IP reassembly, SCTP; pcapng writer).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .target(name: "Capture", dependencies: ["CPcap", "Bytes", "Packets"], swiftSettings: uncheckedExclusivity),

        // 4b. Live I/O: one epoll event loop per thread (timers, cross-thread wake-ups), SCTP associations
        //     (usrsctp on hosts without kernel SCTP, the kernel through libsctp) and batched UDP for GTP-U.
        //     The C targets hold what Swift cannot reach cleanly: mmsghdr, the foreign-thread ready list,
        //     usrsctp and libsctp structures.
        .target(name: "CEventLoop"),
        .target(name: "EventLoop", dependencies: ["CEventLoop", "Bytes"], swiftSettings: uncheckedExclusivity),
        .target(name: "CUsrsctp", dependencies: ["CEventLoop"], linkerSettings: [.linkedLibrary("usrsctp")]),
        .target(name: "CSCTP", linkerSettings: [.linkedLibrary("sctp")]),
        .target(
            name: "Transport", dependencies: ["Bytes", "CEventLoop", "EventLoop", "CUsrsctp", "CSCTP"],
            swiftSettings: uncheckedExclusivity
        ),
        // The harness side's driver: simulated gNBs and UEs on real SCTP and UDP sockets, timers, the capture tap.
        .target(
            name: "Driver",
            dependencies: ["Bytes", "EventLoop", "Transport", "Capture", "Packets", "GTPU", "NGAP", "NAS5GS", "Simulation"],
            swiftSettings: uncheckedExclusivity
        ),
        // Echo workloads over Transport for the baselines comparison, and the peer process the tests spawn.
        .executableTarget(name: "transport-bench", dependencies: ["EventLoop", "Transport"], swiftSettings: uncheckedExclusivity),

        // 4. The embedded core on real sockets: CoreEmulator bound to the event loop, SCTP (N2) and a pcapng tap.
        .target(name: "CoreDriver", dependencies: ["Bytes", "CoreEmulator", "EventLoop", "Transport", "Capture", "Packets"]),

        // 5. Results of runs and analyses, and the reports written from them (JUnit, JSON, HTML); the
        //    analysis below fills them in.
        .target(name: "Reporting", dependencies: ["Bytes", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        // 5. Decode pipeline and analysis.
        .target(
            name: "Analysis", dependencies: ["Bytes", "Capture", "Packets", "GTPU", "NGAP", "NGAPValidation", "ASN1PER", "ASN1JER", "NAS5GS", "NASSecurity", "FiveGSecurity", "Reporting"],
            swiftSettings: uncheckedExclusivity
        ),

        // 6. Test plans: the YAML format, its typed model and its validation (Foundation and Yams at this edge).
        .target(
            name: "TestPlan",
            dependencies: ["Bytes", "ASN1JER", "NGAP", "NGAPJER", "NAS5GS", "FiveGSecurity", "CoreEmulator", .product(name: "Yams", package: "Yams")]
        ),

        // 6. Running plans: the load scheduler (a pure state machine over a fake or real clock), run control
        //    (signals, exit codes, thresholds), the progress line and the Prometheus metrics endpoint.
        .target(
            name: "Runner",
            dependencies: ["Bytes", "TestPlan", "Reporting", "Driver", "CoreDriver", "Simulation", "EventLoop", "Transport", "Packets",
                           "NAS5GS", "FiveGSecurity"]
        ),

        // 7. The command-line tool.
        .executableTarget(
            name: "coregate",
            dependencies: ["Bytes", "Analysis", "Reporting", "NGAP", "NGAPValidation", "NAS5GS", "NASSecurity", "FiveGSecurity", "Capture", "TestPlan",
                           "CoreEmulator", "CoreDriver", "Transport", "Runner", argumentParser]
        ),

        // Tests, one target per module, and what they share (locating captures and oracle output).
        .target(name: "TestSupport", dependencies: ["Bytes"], path: "Tests/TestSupport"),
        // Counts a test thread's heap allocations (it puts malloc, calloc and realloc in front of glibc's).
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(name: "BytesTests", dependencies: ["Bytes"]),
        .testTarget(name: "ASN1PERTests", dependencies: ["Bytes", "ASN1PER", "ASN1JER", "TestSupport"]),
        .testTarget(name: "ASN1CompilerTests", dependencies: ["ASN1Compiler"]),
        .testTarget(
            name: "NGAPTests",
            dependencies: ["Bytes", "NGAP", "NGAPJER", "NGAPRandom", "ASN1PER", "ASN1JER", "TestSupport", "CAllocationCounter"],
            exclude: ["MutationStudy", "FuzzRegressions"]
        ),
        .testTarget(name: "NGAPValidationTests", dependencies: ["Bytes", "NGAP", "NGAPValidation", "ASN1PER", "TestSupport", "CAllocationCounter"]),
        .testTarget(
            name: "NAS5GSTests", dependencies: ["Bytes", "NAS5GS", "NASSecurity", "TestSupport"],
            resources: [.copy("Resources"), .copy("FuzzRegressions")]
        ),
        .testTarget(name: "FiveGSecurityTests", dependencies: ["Bytes", "FiveGSecurity"], resources: [.copy("Resources")]),
        .testTarget(
            name: "NASSecurityTests",
            dependencies: ["Bytes", "NAS5GS", "FiveGSecurity", "NASSecurity", "Capture", "NGAP", "TestSupport"],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "PacketsTests", dependencies: ["Bytes", "Packets", "Capture", "TestSupport"]),
        .testTarget(name: "GTPUTests", dependencies: ["Bytes", "Packets", "GTPU", "Capture", "TestSupport"],
                    exclude: ["FuzzRegressions/SOURCE.md", "FuzzRegressions/minimized-corpus.hex"]),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "Packets", "GTPU", "TestSupport"],
                    exclude: ["FuzzRegressions/SOURCE.md", "FuzzRegressions/minimized-corpus.hex"]),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["Bytes", "Simulation", "NAS5GS", "NASSecurity", "FiveGSecurity", "NGAP", "ASN1PER", "Capture", "TestSupport"]
        ),
        .testTarget(name: "EventLoopTests", dependencies: ["EventLoop"]),
        .testTarget(
            name: "DriverTests",
            dependencies: ["Bytes", "Driver", "CoreDriver", "CoreEmulator", "EventLoop", "Transport", "Simulation", "NAS5GS", "FiveGSecurity",
                           "Capture", "TestSupport"]
        ),
        .testTarget(name: "TransportTests", dependencies: ["EventLoop", "Transport", "CSCTP"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Bytes", "Analysis", "NGAP", "NGAPValidation", "ASN1PER", "Capture", "Packets", "Reporting", "TestSupport"]),
        .testTarget(
            name: "TestPlanTests", dependencies: ["TestPlan", "Bytes", "NGAP", "NAS5GS", "TestSupport"],
            exclude: ["Invalid"]
        ),
        .testTarget(
            name: "CoreEmulatorTests",
            dependencies: ["CoreEmulator", "CoreDriver", "TestPlan", "Bytes", "ASN1PER", "NGAP", "NAS5GS", "NASSecurity",
                           "FiveGSecurity", "EventLoop", "Transport", "Capture", "Packets", "GTPU", "TestSupport"],
            exclude: ["Configs"]
        ),
        .testTarget(
            name: "ReportingTests",
            dependencies: ["Bytes", "Reporting", "TestSupport", .product(name: "Histogram", package: "hdrhistogram-swift")],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Runner", "TestPlan", "Reporting", "TestSupport", .product(name: "Yams", package: "Yams")]
        ),
    ]
)
