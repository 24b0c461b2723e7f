import EventLoop
import Glibc
import Transport

/// Echoes every message back on its stream with its PPID, for every association accepted.
func sctpEchoServer(loop: EventLoop, local: SocketAddress, seconds: Int) throws {
    let transport = try SCTPTransport(loop: loop, backend: .auto)
    var failures = 0
    transport.onEvent = { [unowned transport] event in
        guard case .message(let message) = event else { return }
        do {
            try transport.send(message.bytes, on: message.association, stream: message.stream, ppid: message.ppid)
        } catch {
            failures += 1
        }
    }
    let listener = try transport.listen(on: local, options: benchOptions())
    say("listening \(transport.localAddress(of: listener)?.port ?? 0) \(transport.stack)")
    try loop.run(until: loop.refreshTime().advanced(by: .seconds(seconds)))
    if failures > 0 { writeLine("sctp-echo-server: \(failures) sends failed", to: 2) }
}

/// Keeps `window` messages of `size` bytes (stream 0, PPID 60) in flight until `count` echoes came back.
func sctpEchoClient(loop: EventLoop, local: SocketAddress, remote: SocketAddress, count: Int, window: Int, size: Int) throws {
    guard window >= 1, count >= window, size >= 8 else { fail("bad sizes") }
    let transport = try SCTPTransport(loop: loop, backend: .auto)
    var payload = [UInt8](repeating: 0x5a, count: size)
    var histogram = [UInt32](repeating: 0, count: 100_000)
    // Each message carries its send time (the loop's clock), as the C client's does.
    func sendStamped(_ now: MonotonicTime) {
        payload.withUnsafeMutableBytes { $0.storeBytes(of: now.nanoseconds, as: UInt64.self) }
        _ = try? transport.send(payload, on: association, stream: 0, ppid: 60)
        sent += 1
    }
    var sent = 0, received = 0
    var start = MonotonicTime(nanoseconds: 0)
    var outcome: String?
    let association = try transport.connect(from: local, to: remote, options: benchOptions())
    transport.onEvent = { event in
        switch event {
        case .up:
            start = loop.refreshTime()
            while sent < window { sendStamped(MonotonicTime.now()) }
        case .message(let message):
            received += 1
            let now = MonotonicTime.now()
            if message.bytes.count >= 8 {
                let microseconds = Int((now.nanoseconds &- message.bytes.loadUnaligned(as: UInt64.self)) / 1000)
                histogram[min(microseconds, histogram.count - 1)] += 1
            }
            if sent < count { sendStamped(now) }
            if received == count { loop.stop() }
        case .lost(_, let reason):
            outcome = "association lost (\(reason)) after \(received) echoes"
            loop.stop()
        case .shutdown:
            outcome = "association shut down after \(received) echoes"
            loop.stop()
        default:
            break
        }
    }
    let stopped = try loop.run(until: loop.refreshTime().advanced(by: .seconds(120)))
    if let outcome { fail(outcome) }
    guard stopped else { fail("timed out after \(received) echoes") }
    let seconds = Double(loop.refreshTime().nanoseconds - start.nanoseconds) / 1e9
    let p = { (q: Double) in percentile(histogram, total: received, q) }
    say("coregate-sctp-echo messages=\(count) window=\(window) size=\(size) seconds=\(formatted(seconds, 3)) rate=\(formatted(Double(count) / seconds, 0)) p50_us=\(p(0.5)) p90_us=\(p(0.9)) p99_us=\(p(0.99)) p999_us=\(p(0.999)) cpu_us=\(cpuMicroseconds(per: count)) stack=\(transport.stack) wakeups=\(loop.wakeUps)")
    transport.abort(association)
}

/// The peer process of the transport tests: connects, reports events on stdout, echoes messages, and obeys
/// two commands sent as messages: `shutdown` (graceful) and `abort`. Exits when the association ends.
func sctpPeer(loop: EventLoop, local: SocketAddress, remote: SocketAddress) throws {
    let transport = try SCTPTransport(loop: loop, backend: .auto)
    var options = SCTPOptions.fastFailureDetection
    options.outboundStreams = 4
    options.maxInboundStreams = 4
    // A test process under load may answer an INIT late: keep trying for a few seconds.
    options.initMaxAttempts = 20
    let association = try transport.connect(from: local, to: remote, options: options)
    transport.onEvent = { [unowned transport] event in
        switch event {
        case .up(_, let inbound, let outbound):
            say("up \(inbound) \(outbound)")
        case .message(let message):
            let text = String(decoding: message.bytes, as: UTF8.self)
            if text == "shutdown" {
                try? transport.shutdown(association)
            } else if text == "abort" {
                transport.abort(association)
                say("aborted")
                // usrsctp may finish tearing the association down (and send the ABORT) on its own threads:
                // leave them time before the process exits.
                loop.schedule(after: .milliseconds(300)) { loop.stop() }
            } else {
                _ = try? transport.send(message.bytes, on: association, stream: message.stream, ppid: message.ppid)
            }
        case .shutdown:
            say("shutdown")
            loop.stop()
        case .lost(_, let reason):
            say("lost \(reason)")
            loop.stop()
        default:
            break
        }
    }
    try loop.run(until: loop.refreshTime().advanced(by: .seconds(60)))
}

func formatted(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return decimals == 0 ? String(Int(rounded)) : String(rounded)
}

/// Options of the echo workloads: the defaults, with SCTP_NODELAY off when CG_SCTP_NODELAY=0 (to measure
/// bundling against sending each message at once).
func benchOptions() -> SCTPOptions {
    var options = SCTPOptions()
    if let value = getenv("CG_SCTP_NODELAY"), String(cString: value) == "0" { options.noDelay = false }
    return options
}

/// The bucket (µs) below which a fraction `q` of `total` samples fall.
func percentile(_ histogram: [UInt32], total: Int, _ q: Double) -> Int {
    let rank = Int(Double(total) * q)
    var seen = 0
    for (bucket, n) in histogram.enumerated() {
        seen += Int(n)
        if seen > rank { return bucket }
    }
    return histogram.count
}
