// swift-tools-version:6.1
// The measurement behind EventLoop's design choice: the same UDP echo server on swift-nio (DatagramBootstrap
// with vector reads) as `transport-bench udp-echo-server` on CoreGate's EventLoop, both driven by the C
// client of Benchmarks/baselines. Kept apart so the main package does not depend on swift-nio.
// Run: scripts/bench/nio-comparison
import PackageDescription

let package = Package(
    name: "NIOComparison",
    dependencies: [.package(url: "https://github.com/apple/swift-nio", from: "2.101.2")],
    targets: [
        .executableTarget(
            name: "nio-udp-echo",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        )
    ]
)
