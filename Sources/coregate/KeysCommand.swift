import Bytes
import ArgumentParser
import FiveGSecurity
import Foundation

/// `coregate keys ...`: 5G key derivations from subscriber data.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "5G AKA key derivations (TS 33.501 Annex A, MILENAGE TS 35.206).",
        subcommands: [Derive.self]
    )

    /// `coregate keys derive`: prints the whole 5G AKA key chain as one JSON object.
    struct Derive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Derive MILENAGE outputs, RES*, KAUSF, KSEAF, KAMF, KgNB and NAS keys; prints one JSON line.",
            discussion: "Hex values are 16-byte K, OP/OPc and RAND, 6-byte SQN, 2-byte AMF and ABBA. Invalid values exit with code 2."
        )

        @Option(name: .customLong("k"), help: "Subscriber key K (32 hex digits).")
        var k: String
        @Option(help: "Operator variant OPc (32 hex digits); give this or --op.")
        var opc: String?
        @Option(help: "Operator variant OP (32 hex digits); give this or --opc.")
        var op: String?
        @Option(help: "RAND (32 hex digits).")
        var rand: String
        @Option(help: "SQN (12 hex digits).")
        var sqn: String
        @Option(help: "AMF (4 hex digits).")
        var amf: String
        @Option(help: "SUPI: imsi-DIGITS or nai-USER@REALM.")
        var supi: String
        @Option(help: "Serving network name, e.g. 5G:mnc001.mcc001.3gppnetwork.org.")
        var snn: String
        @Option(help: "ABBA (hex, at least 2 bytes).")
        var abba: String = "0000"
        @Option(name: .customLong("ul-count"), help: "Uplink NAS COUNT for KgNB.")
        var ulCount: UInt32 = 0

        func run() throws {
            do {
                let keys = try derive()
                let body = keys.namedFields.map { "\"\($0.0)\":\"\(Hex.encode($0.1))\"" }.joined(separator: ",")
                print("{" + body + "}")
            } catch let failure as OptionFailure {
                FileHandle.standardError.write(Data("error: \(failure.option): \(failure.message)\n".utf8))
                throw ExitCode(2)
            }
        }

        func derive() throws -> DerivedKeySet {
            let kBytes = try bytes(k, "--k", count: 16)
            let operatorKey: DerivedKeySet.OperatorKey
            switch (opc, op) {
            case (let opc?, nil): operatorKey = .opc(try bytes(opc, "--opc", count: 16))
            case (nil, let op?): operatorKey = .op(try bytes(op, "--op", count: 16))
            case (nil, nil): throw OptionFailure(option: "--opc/--op", message: "give one of --opc or --op")
            case (_?, _?): throw OptionFailure(option: "--opc/--op", message: "give only one of --opc or --op")
            }
            let randBytes = try bytes(rand, "--rand", count: 16)
            let sqnBytes = try bytes(sqn, "--sqn", count: 6)
            let amfBytes = try bytes(amf, "--amf", count: 2)
            let abbaBytes = try bytes(abba, "--abba", count: nil)
            guard abbaBytes.count >= 2 else { throw OptionFailure(option: "--abba", message: "at least 2 bytes (4 hex digits), got \(abbaBytes.count)") }
            let parsedSUPI: SUPI
            do { parsedSUPI = try SUPI(supi) } catch let e { throw OptionFailure(option: "--supi", message: e.message) }
            guard snn.hasPrefix("5G:") else { throw OptionFailure(option: "--snn", message: "a serving network name starts with \"5G:\"") }
            do {
                return try DerivedKeySet.derive(k: kBytes, operatorKey: operatorKey, rand: randBytes, sqn: sqnBytes, amf: amfBytes,
                                                supi: parsedSUPI, servingNetworkName: snn, abba: abbaBytes, uplinkNASCount: ulCount)
            } catch let e {
                throw OptionFailure(option: "keys derive", message: e.description)
            }
        }

        func bytes(_ text: String, _ option: String, count: Int?) throws -> [UInt8] {
            let b: [UInt8]
            do { b = try Hex.decode(text) } catch let e { throw OptionFailure(option: option, message: e.message) }
            if let count, b.count != count {
                throw OptionFailure(option: option, message: "must be \(count) bytes (\(count * 2) hex digits), got \(b.count) bytes")
            }
            return b
        }
    }
}

/// A bad option value: reported on one line, exit code 2.
struct OptionFailure: Error {
    let option: String
    let message: String
}
