import EventLoop
import Glibc
import Transport

/// Echoes every datagram of each recvmmsg batch with one sendmmsg.
func udpEchoServer(loop: EventLoop, local: SocketAddress, seconds: Int) throws {
    let endpoint = try UDPEndpoint(loop: loop, bind: local, batchSize: 64)
    endpoint.onReceive = { [unowned endpoint] batch in
        for i in 0..<batch.count {
            let datagram = batch[i]
            endpoint.stage(datagram.bytes, toSockAddr: datagram.sourcePointer, length: datagram.sourceLength)
        }
    }
    say("listening \(endpoint.localAddress.port)")
    try loop.run(until: loop.refreshTime().advanced(by: .seconds(seconds)))
}

/// Keeps `window` datagrams of `size` bytes in flight (each carries its send time) until `count` echoes came
/// back; prints the rate and round-trip percentiles (1 µs buckets, as the C baseline).
func udpEchoClient(loop: EventLoop, local: SocketAddress, remote: SocketAddress, count: Int, window: Int, size: Int) throws {
    guard size >= 16, size <= 2048, window >= 1, count >= window else { fail("bad sizes") }
    let endpoint = try UDPEndpoint(loop: loop, bind: local, batchSize: 64)
    var histogram = [UInt32](repeating: 0, count: 100_000)
    var sent = 0, received = 0, lost = 0, lastProgress = 0
    func sendOne() {
        var stamp = MonotonicTime.now().nanoseconds
        _ = remote.withSockAddr { address, length in
            endpoint.stage(toSockAddr: address, length: Int(length)) { buffer in
                UnsafeMutableRawBufferPointer(rebasing: buffer[8..<size]).initializeMemory(as: UInt8.self, repeating: 0x5a)
                withUnsafeBytes(of: &stamp) { buffer.copyMemory(from: $0) }
                return size
            }
        }
        sent += 1
    }
    endpoint.onReceive = { batch in
        let now = batch.receivedAt.nanoseconds
        for i in 0..<batch.count {
            let datagram = batch[i]
            guard datagram.bytes.count >= 8 else { continue }
            let then = datagram.bytes.loadUnaligned(as: UInt64.self)
            let microseconds = Int((now &- then) / 1000)
            histogram[min(microseconds, histogram.count - 1)] += 1
            received += 1
            if sent < count { sendOne() }
        }
        if received + lost >= count { loop.stop() }
    }
    // A datagram lost on loopback (buffer overrun) would stall the window: once a second without progress,
    // count what is in flight as lost and refill.
    func watchdog() {
        if received == lastProgress {
            let inflight = sent - received - lost
            lost += inflight
            if received + lost >= count { loop.stop(); return }
            for _ in 0..<min(window, count - sent) { sendOne() }
            endpoint.flush()
        }
        lastProgress = received
        loop.schedule(after: .seconds(1)) { watchdog() }
    }
    let start = loop.refreshTime()
    for _ in 0..<window { sendOne() }
    endpoint.flush()
    loop.schedule(after: .seconds(1)) { watchdog() }
    let stopped = try loop.run(until: start.advanced(by: .seconds(120)))
    guard stopped else { fail("timed out after \(received) echoes") }
    let seconds = Double(loop.refreshTime().nanoseconds - start.nanoseconds) / 1e9
    let p = { (q: Double) in percentile(histogram, total: received, q) }
    say("coregate-udp-echo echoes=\(count) window=\(window) size=\(size) seconds=\(formatted(seconds, 3)) rate=\(formatted(Double(received) / seconds, 0)) lost=\(lost) p50_us=\(p(0.5)) p90_us=\(p(0.9)) p99_us=\(p(0.99)) p999_us=\(p(0.999)) cpu_us=\(cpuMicroseconds(per: count)) wakeups=\(loop.wakeUps)")
}
