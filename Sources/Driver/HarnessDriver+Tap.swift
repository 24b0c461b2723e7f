import Capture
import Glibc
import Packets
import Simulation
import Transport

extension HarnessDriver {
    /// Writes an NGAP message of a gNB's association to the tap (when there is one).
    func record(_ bytes: UnsafeRawBufferPointer, gnb g: GNBIndex, stream: UInt16, ppid: UInt32, sent: Bool) {
        guard let tap else { return }
        let local = endpoint(configuration.gnbs[g.int].n2, fallbackPort: 40_000 &+ UInt16(truncatingIfNeeded: g.int))
        let remote = endpoint(configuration.amf, fallbackPort: 38_412)
        do {
            try tap.sctp(bytes, from: sent ? local : remote, to: sent ? remote : local, stream: stream, ppid: ppid,
                         direction: sent ? .sent : .received, at: timestamp())
        } catch {
            tapFailed(error)
        }
    }

    /// Writes a GTP-U datagram of a gNB's N3 socket to the tap.
    func recordN3(_ bytes: UnsafeRawBufferPointer, gnb g: GNBIndex, peer: IPAddress, sent: Bool) {
        guard let tap else { return }
        let local = endpoint(configuration.gnbs[g.int].n3, fallbackPort: 2152)
        let remote = CaptureTap.Endpoint(peer, port: configuration.upfPort)
        do {
            try tap.udp(bytes, from: sent ? local : remote, to: sent ? remote : local, direction: sent ? .sent : .received, at: timestamp())
        } catch {
            tapFailed(error)
        }
    }

    func userPlaneDeviation(_ kind: String, _ clause: String, _ message: String, bytes: [UInt8], gnb: GNBIndex) {
        onEvent(.deviation(ProtocolDeviation(kind: kind, clause: clause, message: message, bytes: bytes), ue: nil, gnb: gnb, at: now))
    }

    func flushTap() {
        guard let tap else { return }
        do { try tap.flush() } catch { tapFailed(error) }
    }

    func closeTap() {
        guard let tap else { return }
        do { try tap.close() } catch { tapFailed(error) }
        self.tap = nil
    }

    /// A tap that cannot write stops (the run goes on; what was flushed stays readable).
    func tapFailed(_ error: CaptureError) {
        tap = nil
        onEvent(.transportError("capture tap: \(error.message)", gnb: nil, at: now))
    }

    func endpoint(_ address: SocketAddress, fallbackPort: UInt16) -> CaptureTap.Endpoint {
        CaptureTap.Endpoint(IPAddress(address.host) ?? .v4(0x7F00_0001), port: address.port == 0 ? fallbackPort : address.port)
    }

    /// Wall-clock time of the loop's current time.
    func timestamp() -> CaptureTimestamp {
        let total = Int64(wallClockOrigin.nanoseconds) + Int64(loop.now.nanoseconds &- origin.nanoseconds)
        return CaptureTimestamp(seconds: wallClockOrigin.seconds + total / 1_000_000_000, nanoseconds: Int32(total % 1_000_000_000))
    }
}

extension CaptureTimestamp {
    /// The wall clock now (CLOCK_REALTIME).
    static func wallClockNow() -> CaptureTimestamp {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return CaptureTimestamp(seconds: Int64(t.tv_sec), nanoseconds: Int32(t.tv_nsec))
    }
}
