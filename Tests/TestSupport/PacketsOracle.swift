import Foundation

/// tshark's checksum verdicts for one frame (a line of `packet_checksums.jsonl`): Wireshark's
/// `*.checksum.status` values (0 bad, 1 good, 2 unverified, 3 not present, 4 illegal), outer layer first.
public struct OracleChecksums: Decodable, Sendable {
    public var file: String
    public var frame: Int
    public var ip: [Int]?
    public var udp: [Int]?
    public var sctp: [Int]?
    public var icmp: [Int]?
    public var icmpv6: [Int]?

    /// By file, then frame.
    public static let shared: Result<[String: [Int: OracleChecksums]], Error> = Result {
        let all = try PacketsOracle.lines("packet_checksums.jsonl", OracleChecksums.self)
        return Dictionary(grouping: all, by: \.file).mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.frame, $0) }) }
    }
}

/// One GTP-U message as tshark dissects it (a line of `gtpu_packets.jsonl`).
public struct OracleGTPU: Decodable, Sendable {
    public struct ExtensionHeader: Decodable, Sendable, Equatable {
        public var type: Int
        public var length: Int
        public var pduType: Int?
        public var qfi: Int?
        public var ppp: Int?
        public var rqi: Int?
        public var ppi: Int?
        public var udpPort: Int?
        public var pdcpSN: Int?
        public var longPDCPSN: Int?
    }

    public struct Inner: Decodable, Sendable {
        public var version: Int
        public var src: String
        public var dst: String
        public var proto: Int?
    }

    public var file: String
    public var frame: Int
    /// The UDP payload: the GTP-U message and whatever follows it in the datagram.
    public var hex: String
    public var src: String
    public var dst: String
    public var sport: UInt16
    public var dport: UInt16
    public var flags: Int
    public var messageType: Int
    public var length: Int
    public var teid: UInt32
    public var sequenceNumber: Int?
    public var nPDUNumber: Int?
    public var extensionHeaders: [ExtensionHeader]
    public var recovery: Int?
    public var teidDataI: UInt32?
    public var peerAddress: String?
    public var extensionHeaderTypeList: [Int]?
    public var expert: Bool?
    public var inner: Inner?

    /// By file, in frame order.
    public static let shared: Result<[String: [OracleGTPU]], Error> = Result {
        Dictionary(grouping: try PacketsOracle.lines("gtpu_packets.jsonl", OracleGTPU.self), by: \.file)
    }
}

enum PacketsOracle {
    static func lines<T: Decodable>(_ name: String, _ type: T.Type) throws -> [T] {
        let url = SharedCaptures.oracleDirectory.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: url.path) {
            let run = Process()
            run.executableURL = SharedCaptures.packageRoot.appendingPathComponent("scripts/oracles/run")
            try run.run()
            run.waitUntilExit()
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Oracle.Missing(description: "oracle file \(url.path) missing: run scripts/oracles/run")
        }
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(T.self, from: Data($0.utf8))
        }
    }
}
