#if canImport(Glibc)
import Glibc
#endif
import Runner
import Testing

/// One HTTP exchange over a raw socket to 127.0.0.1:`port`; returns the whole response.
func rawRequest(port: Int, _ request: String) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(fd >= 0)
    defer { close(fd) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    try #require(connected == 0)
    let bytes = Array(request.utf8)
    #expect(send(fd, bytes, bytes.count, 0) == bytes.count)
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    for _ in 0..<10_000 {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        response += buffer[0..<n]
    }
    return String(decoding: response, as: UTF8.self)
}

/// A parsed exposition: sample lines as (name with labels) → value; every family's TYPE.
struct Exposition {
    var samples: [String: Double] = [:]
    var types: [String: String] = [:]

    init(_ text: String) throws {
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                try #require(parts.count == 4)
                types[String(parts[2])] = String(parts[3])
            } else if line.hasPrefix("#") {
                continue
            } else {
                let space = try #require(line.lastIndex(of: " "))
                let value = try #require(Double(line[line.index(after: space)...]) ?? (line.hasSuffix("+Inf") ? .infinity : nil))
                samples[String(line[..<space])] = value
            }
        }
    }
}

@Suite("Metrics endpoint", .serialized)
struct MetricsServerTests {
    static func metrics() -> LiveMetrics {
        let m = LiveMetrics()
        m.update { s in
            for i in 0..<10 { s.recordAttempt("registration"); s.recordSuccess("registration", latencyMicroseconds: UInt64(400 + i * 1_000)) }
            s.recordAttempt("registration")
            s.recordFailure("registration")
            s.recordMessage("RegistrationRequest", received: false, count: 11)
            s.recordMessage("RegistrationAccept", received: true, count: 10)
            s.recordMessage("Weird \"quoted\"\\name", received: true)
            s.iterationsRunning = 3
            s.droppedArrivals = 4
        }
        return m
    }

    @Test("GET /metrics over a raw socket serves the counters and histograms in the Prometheus text format")
    func scrape() throws {
        let live = Self.metrics()
        let server = try MetricsServer(endpoint: "127.0.0.1:0", metrics: live)
        defer { server.stop() }
        #expect(server.port > 0)
        let response = try rawRequest(port: server.port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let (head, body) = try #require(response.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pairs)
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(head.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"))
        #expect(head.contains("Content-Length: \(body.utf8.count)"))
        let e = try Exposition(body)
        #expect(e.types["coregate_procedure_latency_seconds"] == "histogram")
        #expect(e.types["coregate_procedure_attempts_total"] == "counter")
        #expect(e.types["coregate_iterations_running"] == "gauge")
        #expect(e.samples["coregate_procedure_attempts_total{procedure=\"registration\"}"] == 11)
        #expect(e.samples["coregate_procedure_successes_total{procedure=\"registration\"}"] == 10)
        #expect(e.samples["coregate_procedure_failures_total{procedure=\"registration\"}"] == 1)
        // Latencies 0.4, 1.4, …, 9.4 ms: cumulative buckets.
        let bucket = { (le: String) in e.samples["coregate_procedure_latency_seconds_bucket{procedure=\"registration\",le=\"\(le)\"}"] }
        #expect(bucket("0.0005") == 1)
        #expect(bucket("0.001") == 1)
        #expect(bucket("0.0025") == 3)
        #expect(bucket("0.005") == 5)
        #expect(bucket("0.01") == 10)
        #expect(bucket("+Inf") == 10)
        #expect(e.samples["coregate_procedure_latency_seconds_count{procedure=\"registration\"}"] == 10)
        let sum = try #require(e.samples["coregate_procedure_latency_seconds_sum{procedure=\"registration\"}"])
        #expect(abs(sum - 0.049) < 1e-9)
        #expect(e.samples["coregate_messages_total{type=\"RegistrationRequest\",direction=\"sent\"}"] == 11)
        #expect(e.samples["coregate_messages_total{type=\"RegistrationAccept\",direction=\"received\"}"] == 10)
        #expect(e.samples["coregate_messages_total{type=\"Weird \\\"quoted\\\"\\\\name\",direction=\"received\"}"] == 1)
        #expect(e.samples["coregate_iterations_running"] == 3)
        #expect(e.samples["coregate_dropped_arrivals_total"] == 4)

        // Live: a later scrape sees later counts.
        live.update { $0.recordAttempt("deregistration") }
        let again = try Exposition(try rawRequest(port: server.port, "GET /metrics HTTP/1.0\r\n\r\n").components(afterBlankLine: ()))
        #expect(again.samples["coregate_procedure_attempts_total{procedure=\"deregistration\"}"] == 1)
    }

    @Test("other paths get 404, other methods 405, garbage 400; the server keeps serving")
    func errors() throws {
        let server = try MetricsServer(endpoint: "127.0.0.1:0", metrics: LiveMetrics())
        defer { server.stop() }
        #expect(try rawRequest(port: server.port, "GET / HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 404 "))
        let post = try rawRequest(port: server.port, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        #expect(post.hasPrefix("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD"))
        #expect(try rawRequest(port: server.port, "hello\r\n\r\n").hasPrefix("HTTP/1.1 400 "))
        #expect(try rawRequest(port: server.port, "GET /metrics HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 200 "))
    }

    @Test("--metrics addresses: ADDR:PORT and [v6]:PORT parse; the rest is an error naming the option")
    func endpoints() throws {
        for bad in ["localhost", "127.0.0.1:", "127.0.0.1:99999", ":9464", "::1:9464", "[::1]9464", "127.0.0.1:http"] {
            #expect(throws: RunnerError.self, "\(bad)") { try MetricsServer(endpoint: bad, metrics: LiveMetrics()).stop() }
        }
        let v6 = try? MetricsServer(endpoint: "[::1]:0", metrics: LiveMetrics())
        v6?.stop()
        let busy = try MetricsServer(endpoint: "127.0.0.1:0", metrics: LiveMetrics())
        defer { busy.stop() }
        do {
            _ = try MetricsServer(endpoint: "127.0.0.1:\(busy.port)", metrics: LiveMetrics())
            Issue.record("bound a port in use")
        } catch {
            #expect(error.code == .socket && error.message.contains("bind"))
        }
    }
}

extension Array where Element == String {
    var pairs: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}

extension String {
    /// The part after the first blank line (an HTTP body).
    func components(afterBlankLine: ()) throws -> String {
        let parts = split(separator: "\r\n\r\n", maxSplits: 1).map(String.init)
        try #require(parts.count == 2)
        return parts[1]
    }
}
