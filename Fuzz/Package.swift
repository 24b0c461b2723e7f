// swift-tools-version:6.1
// libFuzzer targets for CoreGate's decoders (not built by CI). Run: scripts/fuzz ngap|nas|nas-security|gtpu|capture [SECONDS]
import PackageDescription
import class Foundation.NSString

// A path dependency is identified by its folder name, which depends on where the project is cloned.
let coreGate = ((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
let coreGateIdentity = (coreGate as NSString).lastPathComponent.lowercased()

let package = Package(
    name: "CoreGateFuzz",
    dependencies: [.package(path: coreGate)],
    targets: [
        .executableTarget(
            name: "NGAPFuzz",
            dependencies: [
                .product(name: "NGAP", package: coreGateIdentity),
                .product(name: "NGAPJER", package: coreGateIdentity),
                .product(name: "ASN1PER", package: coreGateIdentity),
                .product(name: "Bytes", package: coreGateIdentity),
                .product(name: "ASN1JER", package: coreGateIdentity),
            ]
        ),
        .executableTarget(
            name: "NASFuzz",
            dependencies: [.product(name: "NAS5GS", package: coreGateIdentity), .product(name: "NASSecurity", package: coreGateIdentity)]
        ),
        .executableTarget(
            name: "NASSecurityFuzz",
            dependencies: [
                .product(name: "NAS5GS", package: coreGateIdentity),
                .product(name: "NASSecurity", package: coreGateIdentity),
                .product(name: "FiveGSecurity", package: coreGateIdentity),
            ]
        ),
        // libFuzzer's driver, called from `<Module>_main` (SwiftPM maps `main` to it).
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "GTPUFuzz",
            dependencies: [
                "FuzzDriver",
                .product(name: "GTPU", package: coreGateIdentity),
                .product(name: "Packets", package: coreGateIdentity),
                .product(name: "Bytes", package: coreGateIdentity),
            ]
        ),
        .executableTarget(
            name: "CaptureFuzz",
            dependencies: [
                "FuzzDriver",
                .product(name: "Capture", package: coreGateIdentity),
                .product(name: "GTPU", package: coreGateIdentity),
                .product(name: "Bytes", package: coreGateIdentity),
            ]
        ),
    ]
)
