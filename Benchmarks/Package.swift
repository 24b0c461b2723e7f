// swift-tools-version:6.1
// CoreGate benchmarks (ordo-one/benchmark), kept apart so the main build stays light.
// Run: cd Benchmarks && swift package benchmark
import PackageDescription
import class Foundation.NSString

// A path dependency is identified by its folder name, which depends on where the project is cloned.
let coreGate = ((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
let coreGateIdentity = (coreGate as NSString).lastPathComponent.lowercased()

let benchmark: Target.Dependency = .product(name: "Benchmark", package: "benchmark")
let plugin: Target.PluginUsage = .plugin(name: "BenchmarkPlugin", package: "benchmark")

let package = Package(
    name: "CoreGateBenchmarks",
    dependencies: [
        .package(path: coreGate),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "NGAPProfile",
            dependencies: [
                .product(name: "NGAP", package: coreGateIdentity),
                .product(name: "ASN1PER", package: coreGateIdentity),
                .product(name: "Bytes", package: coreGateIdentity),
                .product(name: "ASN1JER", package: coreGateIdentity),
                .product(name: "Capture", package: coreGateIdentity),
            ],
            path: "Profile/NGAPProfile"
        ),
        .executableTarget(
            name: "NGAPBenchmarks",
            dependencies: [
                benchmark,
                .product(name: "NGAP", package: coreGateIdentity),
                .product(name: "ASN1PER", package: coreGateIdentity),
                .product(name: "Bytes", package: coreGateIdentity),
                .product(name: "ASN1JER", package: coreGateIdentity),
                .product(name: "Capture", package: coreGateIdentity),
                .product(name: "NGAPRandom", package: coreGateIdentity),
            ],
            path: "Benchmarks/NGAPBenchmarks",
            plugins: [plugin]
        ),
        .executableTarget(
            name: "SecurityBenchmarks",
            dependencies: [
                benchmark,
                .product(name: "FiveGSecurity", package: coreGateIdentity),
                .product(name: "NASSecurity", package: coreGateIdentity),
                .product(name: "NAS5GS", package: coreGateIdentity),
                .product(name: "Bytes", package: coreGateIdentity),
            ],
            path: "Benchmarks/SecurityBenchmarks",
            plugins: [plugin]
        ),
        .executableTarget(
            name: "ReportingBenchmarks",
            dependencies: [benchmark, .product(name: "Reporting", package: coreGateIdentity)],
            path: "Benchmarks/ReportingBenchmarks",
            plugins: [plugin]
        ),
        .executableTarget(
            name: "UserPlaneBenchmarks",
            dependencies: [
                benchmark,
                .product(name: "Packets", package: coreGateIdentity),
                .product(name: "GTPU", package: coreGateIdentity),
                .product(name: "Capture", package: coreGateIdentity),
                .product(name: "Bytes", package: coreGateIdentity),
            ],
            path: "Benchmarks/UserPlaneBenchmarks",
            plugins: [plugin]
        ),
        .executableTarget(
            name: "NASBenchmarks",
            dependencies: [benchmark, .product(name: "NAS5GS", package: coreGateIdentity), .product(name: "NASSecurity", package: coreGateIdentity)],
            path: "Benchmarks/NASBenchmarks",
            plugins: [plugin]
        ),
    ]
)
