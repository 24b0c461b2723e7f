import Foundation

/// Writes classic pcap files (nanosecond magic, little endian) for synthetic tests.
struct PcapWriter {
    var linkType: UInt32
    var snapLength: UInt32 = 262_144
    private(set) var bytes: [UInt8] = []

    init(linkType: UInt32) {
        self.linkType = linkType
        bytes = le32(0xA1B2_3C4D) + le16(2) + le16(4) + le32(0) + le32(0) + le32(snapLength) + le32(linkType)
    }

    private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }

    /// Appends a frame; `originalLength` > bytes.count models a snap-length cut.
    mutating func add(_ frame: [UInt8], seconds: UInt32 = 1_700_000_000, nanoseconds: UInt32 = 0, originalLength: Int? = nil) {
        bytes += le32(seconds) + le32(nanoseconds) + le32(UInt32(frame.count)) + le32(UInt32(originalLength ?? frame.count)) + frame
    }

    /// Writes to a fresh temporary file and returns its path.
    func write(name: String = "synthetic") throws -> String {
        try TemporaryFiles.write(bytes, name: name + ".pcap")
    }
}

enum TemporaryFiles {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-capture-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func write(_ bytes: [UInt8], name: String) throws -> String {
        let url = directory.appendingPathComponent(UUID().uuidString + "-" + name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
