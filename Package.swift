// swift-tools-version:6.1
// CoreGate: conformance and load test harness for 5G standalone cores.
// Targets are layered; a target imports only targets listed above it here.
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
/// Release builds of the capture and analysis layers skip the run-time exclusivity checks on class properties
/// (the compile-time checks stay): their readers are single-threaded classes touched once per packet, where
/// the checks cost about 3 % of a `coregate decode` run.
let uncheckedExclusivity: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "CoreGate",
    products: [
        .executable(name: "coregate", targets: ["coregate"]),
        .executable(name: "asn1gen", targets: ["asn1gen"]),
        .library(name: "Bytes", targets: ["Bytes"]),
        .library(name: "ASN1PER", targets: ["ASN1PER"]),
        .library(name: "ASN1JER", targets: ["ASN1JER"]),
        .library(name: "NGAP", targets: ["NGAP"]),
        .library(name: "NGAPRandom", targets: ["NGAPRandom"]),
        .library(name: "NAS5GS", targets: ["NAS5GS"]),
        .library(name: "FiveGSecurity", targets: ["FiveGSecurity"]),
        .library(name: "Packets", targets: ["Packets"]),
        .library(name: "GTPU", targets: ["GTPU"]),
        .library(name: "Capture", targets: ["Capture"]),
        .library(name: "Analysis", targets: ["Analysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
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
        // Generated and large: release builds compile it file by file on every core instead of
        // whole-module, which takes several times longer for no measured gain (see README).
        .target(
            name: "NGAP", dependencies: ["Bytes", "ASN1PER", "ASN1JER"],
            swiftSettings: [.unsafeFlags(["-no-whole-module-optimization"], .when(configuration: .release))]
        ),
        .target(name: "NGAPRandom", dependencies: ["NGAP", "ASN1PER"]),

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

        // IP, UDP, ICMP and SCTP packets (parse and build, checksums) and the GTP-U codec on top: no I/O,
        // no Foundation.
        .target(name: "Packets", dependencies: ["Bytes"]),
        .target(name: "GTPU", dependencies: ["Bytes", "Packets"]),

        // 4. Captures (libpcap reader: link layers, IP reassembly, SCTP; pcapng writer).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .target(name: "Capture", dependencies: ["CPcap", "Bytes", "Packets"], swiftSettings: uncheckedExclusivity),

        // 5. Decode pipeline and analysis.
        .target(
            name: "Analysis", dependencies: ["Bytes", "Capture", "Packets", "GTPU", "NGAP", "ASN1PER", "ASN1JER", "NAS5GS", "FiveGSecurity"],
            swiftSettings: uncheckedExclusivity
        ),

        // 7. The command-line tool.
        .executableTarget(
            name: "coregate",
            dependencies: ["Bytes", "Analysis", "NGAP", "NAS5GS", "FiveGSecurity", "Capture", argumentParser]
        ),

        // Tests, one target per module, and what they share (locating captures and oracle output).
        .target(name: "TestSupport", dependencies: ["Bytes"], path: "Tests/TestSupport"),
        .testTarget(name: "BytesTests", dependencies: ["Bytes"]),
        .testTarget(name: "ASN1PERTests", dependencies: ["Bytes", "ASN1PER", "ASN1JER", "TestSupport"]),
        .testTarget(name: "ASN1CompilerTests", dependencies: ["ASN1Compiler"]),
        .testTarget(name: "NGAPTests", dependencies: ["Bytes", "NGAP", "NGAPRandom", "ASN1PER", "ASN1JER", "TestSupport"]),
        .testTarget(name: "NAS5GSTests", dependencies: ["Bytes", "NAS5GS", "TestSupport"], resources: [.copy("Resources")]),
        .testTarget(name: "FiveGSecurityTests", dependencies: ["Bytes", "FiveGSecurity"], resources: [.copy("Resources")]),
        .testTarget(name: "PacketsTests", dependencies: ["Bytes", "Packets", "Capture", "TestSupport"]),
        .testTarget(name: "GTPUTests", dependencies: ["Bytes", "Packets", "GTPU", "Capture", "TestSupport"],
                    exclude: ["FuzzRegressions/SOURCE.md", "FuzzRegressions/minimized-corpus.hex"]),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "Packets", "GTPU", "TestSupport"],
                    exclude: ["FuzzRegressions/SOURCE.md", "FuzzRegressions/minimized-corpus.hex"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Bytes", "Analysis", "NGAP", "Capture", "TestSupport"]),
    ]
)
