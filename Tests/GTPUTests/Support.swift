import Bytes
import Capture
import GTPU
import Packets
import TestSupport

extension Array where Element == UInt8 {
    func view<R>(_ body: (ByteView) throws -> R) rethrows -> R {
        try withUnsafeBytes { try body(ByteView($0)) }
    }
}

enum GTPUSamples {
    /// Every UDP datagram to or from port 2152 in a shared capture, as our reader delivers it.
    static func datagrams(_ name: String) throws -> [UDPDatagram] {
        var options = CaptureOptions()
        options.includeUDP = true
        return try CaptureReader.readAll(path: SharedCaptures.path(name), options: options).udpDatagrams
            .filter { $0.source.port == 2152 || $0.destination.port == 2152 }
    }

    /// The GTP-U messages of the oracle, all captures.
    static let oracle: [OracleGTPU] = {
        guard let byFile = try? OracleGTPU.shared.get() else { return [] }
        return byFile.keys.sorted().flatMap { byFile[$0] ?? [] }
    }()
}
