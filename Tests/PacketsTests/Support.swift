import Bytes
import Capture
import Packets
import TestSupport

/// Frames of the shared captures, as the IP packets they carry (link header removed).
enum RealFrames {
    struct Frame {
        var file: String
        var number: Int
        var ip: [UInt8]
        var snapCut: Bool
    }

    /// Every IP frame of `name`.
    static func load(_ name: String) throws -> [Frame] {
        let file = try CaptureFile(path: SharedCaptures.path(name))
        guard let link = LinkLayer(dlt: file.linkType) else { return [] }
        var frames: [Frame] = []
        while let f = try file.next() {
            switch link.network(in: ByteView(f.bytes)) {
            case .ipv4(let offset), .ipv6(let offset):
                frames.append(Frame(file: name, number: f.number, ip: Array(f.bytes[offset...]),
                                    snapCut: f.bytes.count < f.originalLength))
            default:
                continue
            }
        }
        return frames
    }
}

extension Array where Element == UInt8 {
    /// Runs `body` over the bytes as a `ByteView`.
    func view<R>(_ body: (ByteView) throws -> R) rethrows -> R {
        try withUnsafeBytes { try body(ByteView($0)) }
    }
}
