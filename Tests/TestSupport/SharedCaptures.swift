import Bytes
import Foundation

/// The shared real captures and the oracle files made from them by `scripts/oracles/run`.
///
/// When the shared folder is missing, every suite that reads it fails with `Missing` (which says where it
/// looked and how to point to it) instead of passing with nothing checked: `names` then holds one
/// placeholder, so that parameterised tests run one case, which fails on `path(_:)` or `bytes(_:)`.
public enum SharedCaptures {
    /// The shared folder (or a capture in it) is not where the tests look.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where the shared folder is looked for, in order: `$COREGATE_SHARED_DIR` alone when set, else
    /// `<package root>/../shared` and `/work/shared`.
    public static let candidates: [URL] = {
        if let env = ProcessInfo.processInfo.environment["COREGATE_SHARED_DIR"], !env.isEmpty {
            return [URL(fileURLWithPath: env)]
        }
        return [packageRoot.deletingLastPathComponent().appendingPathComponent("shared"), URL(fileURLWithPath: "/work/shared")]
    }()

    /// The first candidate that has a `captures` folder; nil if none has.
    public static let sharedDirectory: URL? = candidates.first {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent("captures").path)
    }

    public static var capturesDirectory: URL? { sharedDirectory?.appendingPathComponent("captures") }

    /// Why the shared folder is not usable.
    public static var missing: Missing {
        Missing(description: "shared captures not found: looked for captures/ in \(candidates.map(\.path).joined(separator: " and ")); "
            + "set COREGATE_SHARED_DIR to the shared folder")
    }

    /// The shared folder, or `missing`.
    public static func requireDirectory() throws -> URL {
        guard let dir = sharedDirectory else { throw missing }
        return dir
    }

    /// Stands in for the capture names when the folder is missing (see the type's comment).
    public static let placeholder = "(shared captures not found)"

    /// File names of every capture (pcap/pcapng), sorted; `[placeholder]` if the folder is missing or empty.
    public static let names: [String] = {
        guard let dir = capturesDirectory,
              let items = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [placeholder] }
        let found = items.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
        return found.isEmpty ? [placeholder] : found
    }()

    /// The path of capture `name`; throws `Missing` when the folder or the file is not there.
    public static func path(_ name: String) throws -> String {
        guard let dir = capturesDirectory else { throw missing }
        let url = dir.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "capture \(name) not found in \(dir.path)")
        }
        return url.path
    }

    public static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: try path(name)))) }

    /// `$COREGATE_ORACLE_DIR`, else `<package root>/.build/oracles`.
    public static var oracleDirectory: URL {
        if let env = ProcessInfo.processInfo.environment["COREGATE_ORACLE_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.appendingPathComponent(".build/oracles")
    }
}

/// One NGAP-PDU as tshark dissects it (a line of `ngap_pdus.jsonl`).
public struct OraclePDU: Decodable, Sendable {
    public var file: String
    public var frame: Int
    public var index: Int
    public var time: String
    public var hex: String
    public var ppid: UInt32
    public var src: String
    public var dst: String
    public var sport: UInt16
    public var dport: UInt16
    public var tsn: UInt32
    public var sid: UInt16
    public var ssn: UInt16
    public var retransmission: Bool
    public var procedureCode: Int?
    public var pycrate_consumed_bits: Int?
    /// pycrate's canonical re-encoding (hex) and compact JER, or its error.
    public var pycrate_aper: String?
    public var pycrate_jer: String?
    public var pycrate_error: String?
    /// tshark's ngap.id values in this PDU (nested ones included) and NAS-PDUs (hex).
    public var ieIds: [Int]?
    public var nasPdus: [String]?
}

/// One DATA chunk tshark flags as a retransmitted TSN (a line of `sctp_retransmissions.jsonl`).
public struct OracleRetransmission: Decodable, Sendable {
    public var file: String
    public var frame: Int
    public var retransmissionOf: Int
    public var tsn: UInt32
    public var ppid: UInt32
    public var ngap: Bool
    public var hex: String
}

public enum Oracle {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public typealias Files = (pdus: [String: [OraclePDU]], retransmissions: [String: [OracleRetransmission]])

    /// Loads the oracle of `subfolder` ("" for the shared captures, "synthetic" for the synthetic ones);
    /// runs `scripts/oracles/run` once if the files are not there yet.
    public static func load(_ subfolder: String = "") throws -> Files {
        _ = try SharedCaptures.requireDirectory()
        let dir = subfolder.isEmpty ? SharedCaptures.oracleDirectory : SharedCaptures.oracleDirectory.appendingPathComponent(subfolder)
        let pdusURL = dir.appendingPathComponent("ngap_pdus.jsonl")
        let retxURL = dir.appendingPathComponent("sctp_retransmissions.jsonl")
        if !FileManager.default.fileExists(atPath: pdusURL.path) {
            let run = Process()
            run.executableURL = SharedCaptures.packageRoot.appendingPathComponent("scripts/oracles/run")
            try run.run()
            run.waitUntilExit()
        }
        guard FileManager.default.fileExists(atPath: pdusURL.path), FileManager.default.fileExists(atPath: retxURL.path) else {
            throw Missing(description: "oracle files missing in \(dir.path): run scripts/oracles/run")
        }
        return (Dictionary(grouping: try lines(pdusURL, OraclePDU.self), by: \.file),
                Dictionary(grouping: try lines(retxURL, OracleRetransmission.self), by: \.file))
    }

    /// Every NGAP-PDU of the shared captures' oracle in file order (captures by name, frames in order).
    public static func orderedPDUs() throws -> [OraclePDU] {
        _ = try load()
        return try lines(SharedCaptures.oracleDirectory.appendingPathComponent("ngap_pdus.jsonl"), OraclePDU.self)
    }

    private static func lines<T: Decodable>(_ url: URL, _ type: T.Type) throws -> [T] {
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(T.self, from: Data($0.utf8))
        }
    }

    public static let shared: Result<Files, Error> = Result { try load() }
    public static let synthetic: Result<Files, Error> = Result { try load("synthetic") }

    /// The synthetic captures written by `scripts/oracles/synthetic_captures.py` (into the oracle folder).
    public static let syntheticNames = ["sctp-fragments-end-first.pcap", "sctp-fragments-interleaved.pcap",
                                 "sctp-fragments-out-of-order.pcap", "sctp-fragments-unordered-bundled.pcap"]

    public static func syntheticPath(_ name: String) -> String {
        SharedCaptures.oracleDirectory.appendingPathComponent("synthetic").appendingPathComponent(name).path
    }
}

extension Array where Element == UInt8 {
    public var hex: String { Hex.encode(self) }
}

/// One NAS-PDU of the shared captures with tshark's message types (a line of `nas_messages.jsonl`,
/// written by `scripts/oracles/nas_reference`; the pycrate decode in it is read by NAS5GSTests).
public struct OracleNASMessage: Decodable, Sendable {
    public struct TsharkMessage: Decodable, Sendable {
        public var pd: String
        public var type: Int
    }

    /// The NGAP-PDU that carried a NAS-PDU: procedure code, UE NGAP IDs, and the frame's IP addresses and
    /// SCTP ports (tshark's fields).
    public struct Carrier: Decodable, Sendable {
        public var procedureCode: Int?
        public var ranUeNgapId: Int?
        public var amfUeNgapId: Int?
        public var src: String?
        public var dst: String?
        public var sport: Int?
        public var dport: Int?
    }

    public var file: String
    public var frame: Int
    public var index: Int
    public var hex: String
    public var ngap: Carrier?
    /// Every plain message tshark (null deciphering on) shows in the NAS-PDU, nested ones included, in order.
    public var tshark: [TsharkMessage]

    /// By file, in capture order (several per NGAP-PDU when it carries several NAS-PDUs).
    public static let shared: Result<[String: [OracleNASMessage]], Error> = Result {
        _ = try SharedCaptures.requireDirectory()
        let url = SharedCaptures.oracleDirectory.appendingPathComponent("nas_messages.jsonl")
        let decoder = JSONDecoder()
        let all = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(OracleNASMessage.self, from: Data($0.utf8))
        }
        return Dictionary(grouping: all, by: \.file)
    }
}
