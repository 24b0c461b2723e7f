#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// `--metrics ADDR:PORT`: a small HTTP/1.1 server on its own thread answering `GET /metrics` with the live
/// metrics in the Prometheus text format; other paths get 404, other methods 405. One request per
/// connection (`Connection: close`), read and written with 2 s socket timeouts, so a stuck scraper cannot
/// hold it for long. The run loop never waits for it: a scrape copies the metrics under their lock.
public final class MetricsServer: Sendable {
    /// The address and port bound (the port the kernel chose when 0 was given).
    public let host: String
    public let port: Int
    private let metrics: LiveMetrics
    private let listenFD: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let thread = Mutex<pthread_t?>(nil)

    /// Binds `endpoint` (`127.0.0.1:9464`, `[::1]:9464`, `localhost:0`) and starts serving `metrics`.
    public init(endpoint: String, metrics: LiveMetrics) throws(RunnerError) {
        let (host, portText) = try Self.split(endpoint)
        self.metrics = metrics
        let fd = try Self.listen(host: host, port: portText, endpoint: endpoint)
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            close(fd)
            throw RunnerError(.socket, "--metrics \(endpoint): pipe: \(Self.errorText())")
        }
        for end in pipeFDs { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        listenFD = fd
        wakeRead = pipeFDs[0]
        wakeWrite = pipeFDs[1]
        self.host = host
        port = Self.boundPort(fd)

        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            Unmanaged<MetricsServer>.fromOpaque(context).takeRetainedValue().serve()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<MetricsServer>.fromOpaque(context).release()
            throw RunnerError(.socket, "--metrics \(endpoint): cannot start the server thread (\(status))")
        }
        thread.withLock { $0 = handle }
    }

    /// Stops serving and waits for the thread; idempotent.
    public func stop() {
        guard let handle = thread.withLock({ t -> pthread_t? in defer { t = nil }; return t }) else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        pthread_join(handle, nil)
        close(listenFD)
        close(wakeRead)
        close(wakeWrite)
    }

    // MARK: Serving

    private func serve() {
        var fds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while true {
            let n = poll(&fds, 2, -1)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let client = accept(listenFD, nil, nil)
                if client >= 0 {
                    _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                    answer(client)
                    close(client)
                }
            }
        }
    }

    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = Self.readHead(client) else { return }
        let response = Self.response(to: request) { PrometheusExposition.render(metrics.snapshot) }
        Self.sendAll(client, Array(response.utf8))
    }

    /// The response to a request head (`GET /metrics HTTP/1.1` and headers).
    static func response(to head: String, body metricsBody: () -> String) -> String {
        let requestLine = head.split(separator: "\r\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = requestLine.split(separator: " ")
        let status: String, type: String, body: String
        var extra = ""
        if parts.count != 3 || !parts[2].hasPrefix("HTTP/1.") {
            (status, type, body) = ("400 Bad Request", "text/plain; charset=utf-8", "bad request\n")
        } else if parts[0] != "GET" && parts[0] != "HEAD" {
            (status, type, body) = ("405 Method Not Allowed", "text/plain; charset=utf-8", "only GET\n")
            extra = "Allow: GET, HEAD\r\n"
        } else if parts[1] != "/metrics" && !parts[1].hasPrefix("/metrics?") {
            (status, type, body) = ("404 Not Found", "text/plain; charset=utf-8", "the metrics are at /metrics\n")
        } else {
            (status, type, body) = ("200 OK", PrometheusExposition.contentType, metricsBody())
        }
        let head = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\(extra)Connection: close\r\n\r\n"
        return parts.first == "HEAD" ? head : head + body
    }

    /// Reads up to the blank line ending the request head (at most 8 KiB); nil on error, timeout or overflow.
    static func readHead(_ fd: Int32) -> String? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while bytes.count < 8192 {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            bytes += chunk[0..<n]
            if let text = String(validating: bytes, as: UTF8.self), text.contains("\r\n\r\n") { return text }
        }
        return nil
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }

    // MARK: Binding

    /// `host:port` or `[v6]:port` → (host, port text).
    static func split(_ endpoint: String) throws(RunnerError) -> (String, String) {
        let bad = RunnerError(.invalidOption, "--metrics \(endpoint): expected ADDR:PORT, such as 127.0.0.1:9464 or [::1]:9464")
        var host: Substring, port: Substring
        if endpoint.hasPrefix("[") {
            guard let close = endpoint.firstIndex(of: "]") else { throw bad }
            host = endpoint[endpoint.index(after: endpoint.startIndex)..<close]
            let rest = endpoint[endpoint.index(after: close)...]
            guard rest.hasPrefix(":") else { throw bad }
            port = rest.dropFirst()
        } else {
            guard let colon = endpoint.lastIndex(of: ":"), endpoint.firstIndex(of: ":") == colon else { throw bad }
            host = endpoint[..<colon]
            port = endpoint[endpoint.index(after: colon)...]
        }
        guard !host.isEmpty, let p = Int(port), (0...65535).contains(p) else { throw bad }
        return (String(host), String(p))
    }

    private static func listen(host: String, port: String, endpoint: String) throws(RunnerError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &list)
        guard status == 0, let first = list else {
            throw RunnerError(.invalidOption, "--metrics \(endpoint): cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let ai = entry {
            entry = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { lastError = "socket: \(errorText())"; continue }
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            if bind(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0, Glibc.listen(fd, 16) == 0 { return fd }
            lastError = "bind: \(errorText())"
            close(fd)
        }
        throw RunnerError(.socket, "--metrics \(endpoint): \(lastError)")
    }

    private static func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return 0 }
        return withUnsafeBytes(of: storage) { raw in
            // sin_port and sin6_port sit at the same offset, in network order.
            Int(UInt16(raw[2]) << 8 | UInt16(raw[3]))
        }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
