import Capture
import CoreEmulator
import Glibc
import Packets
import Transport

/// The core's side of the capture tap: every NGAP message the driver sends and receives ("N2") and every N3
/// datagram ("N3"), written by `CaptureTap` (the harness driver writes its side with the same tap). Addresses
/// come from the core's sockets; timestamps are the wall clock at start plus the loop's time. Write errors
/// end the tap and are kept in `failure`.
final class N2Tap {
    let tap: CaptureTap
    /// Wall-clock time when the driver started, for the packets' timestamps (the loop's clock is monotonic).
    let epoch: (seconds: Int64, nanoseconds: Int64)
    private(set) var failure: String?

    init(path: String) throws(CoreDriverError) {
        do {
            tap = try CaptureTap(path: path)
        } catch {
            throw CoreDriverError(.tap, "\(path): \(error.message)")
        }
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        epoch = (Int64(t.tv_sec), Int64(t.tv_nsec))
    }

    /// Records one NGAP message; `inbound` when the core received it.
    func record(_ bytes: [UInt8], stream: UInt16, association: UInt32, peer: SocketAddress?, local: SocketAddress?, inbound: Bool, at now: Duration) {
        guard failure == nil else { return }
        let remote = Self.endpoint(peer, defaultPort: 38412), me = Self.endpoint(local, defaultPort: 38412)
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(CaptureError) in
                try tap.sctp(raw, from: inbound ? remote : me, to: inbound ? me : remote, stream: stream, ppid: 60,
                             direction: inbound ? .received : .sent, at: timestamp(now))
            }
        }
        if case .failure(let error) = result { failure = error.message }
    }

    /// Records one N3 datagram.
    func recordN3(_ bytes: UnsafeRawBufferPointer, peer: IPv4Address, peerPort: UInt16, local: IPv4Address, localPort: UInt16, inbound: Bool, at now: Duration) {
        guard failure == nil else { return }
        let remote = CaptureTap.Endpoint(.v4(peer.rawValue), port: peerPort), me = CaptureTap.Endpoint(.v4(local.rawValue), port: localPort)
        do {
            try tap.udp(bytes, from: inbound ? remote : me, to: inbound ? me : remote, direction: inbound ? .received : .sent, at: timestamp(now))
        } catch {
            failure = error.message
        }
    }

    static func endpoint(_ address: SocketAddress?, defaultPort: UInt16) -> CaptureTap.Endpoint {
        CaptureTap.Endpoint(address.flatMap { Packets.IPAddress($0.host) } ?? .v4(0x7F00_0001), port: address?.port ?? defaultPort)
    }

    func timestamp(_ now: Duration) -> CaptureTimestamp {
        let total = epoch.nanoseconds + Int64(now.components.attoseconds / 1_000_000_000)
        return CaptureTimestamp(seconds: epoch.seconds + now.components.seconds + total / 1_000_000_000, nanoseconds: Int32(total % 1_000_000_000))
    }

    func flush() {
        guard failure == nil else { return }
        do { try tap.flush() } catch { failure = error.message }
    }

    func close() {
        do { try tap.close() } catch { failure = error.message }
    }
}
