import CEventLoop
import EventLoop
import Glibc

/// A received datagram, borrowed from the endpoint's receive batch: valid only inside `onReceive`.
public struct UDPDatagram {
    public let bytes: UnsafeRawBufferPointer
    /// The sender's sockaddr (sockaddr_in or sockaddr_in6) and its length.
    public let sourcePointer: UnsafeRawPointer
    public let sourceLength: Int

    /// The sender as a `SocketAddress` (copies the sockaddr; no heap allocation).
    public var source: SocketAddress? { SocketAddress(sockaddr: sourcePointer, length: sourceLength) }
}

/// The datagrams one `recvmmsg` returned, with the loop's time read once for the batch.
public struct UDPReceivedBatch {
    let batch: OpaquePointer
    public let count: Int
    /// When the batch was read (the loop's clock, read once per batch).
    public let receivedAt: MonotonicTime

    public subscript(index: Int) -> UDPDatagram {
        precondition(index >= 0 && index < count, "datagram index out of range")
        let i = Int32(index)
        return UDPDatagram(
            bytes: UnsafeRawBufferPointer(start: cg_udp_batch_buffer(batch, i), count: Int(cg_udp_batch_length(batch, i))),
            sourcePointer: UnsafeRawPointer(cg_udp_batch_address(batch, i)),
            sourceLength: Int(cg_udp_batch_address_length(batch, i)))
    }
}

/// A UDP socket bound to one explicit address on an event loop (GTP-U, port 2152), reading with `recvmmsg`
/// and writing with `sendmmsg` through buffers allocated once: no allocation per datagram. Replies staged
/// inside `onReceive` go out in one `sendmmsg` after the batch. Not thread-safe: use it on its loop's thread.
public final class UDPEndpoint {
    public let loop: EventLoop
    /// The bound address (with the port the kernel chose for port 0).
    public let localAddress: SocketAddress
    public let fileDescriptor: Int32
    /// Receives each batch on the loop's thread.
    public var onReceive: (UDPReceivedBatch) -> Void = { _ in }

    let receive: OpaquePointer
    let transmit: OpaquePointer
    let batchSize: Int32
    let maxDatagram: Int
    var staged: Int32 = 0
    var flushedUpTo: Int32 = 0
    var registration: IORegistration?
    var writeInterest = false

    public private(set) var datagramsReceived = 0
    public private(set) var datagramsSent = 0
    /// Datagrams dropped because the transmit batch was full while the kernel pushed back.
    public private(set) var datagramsDropped = 0
    public private(set) var receiveBatches = 0

    /// - Parameters:
    ///   - address: an explicit address; wildcards are refused.
    ///   - batchSize: datagrams per `recvmmsg`/`sendmmsg`.
    ///   - maxDatagram: the size of each receive buffer (longer datagrams are truncated by the kernel).
    ///   - socketBuffer: SO_RCVBUF and SO_SNDBUF, when set.
    public init(loop: EventLoop, bind address: SocketAddress, batchSize: Int = 64, maxDatagram: Int = 2048,
                socketBuffer: Int? = nil) throws(TransportError) {
        guard !address.isWildcard else { throw TransportError(.wildcardAddress, "\(address) is a wildcard; bind an explicit address") }
        let fd = socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TransportError(.socketFailed, errno: errno, "UDP socket failed") }
        if let socketBuffer {
            var size = Int32(clamping: socketBuffer)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = address.withSockAddr { Glibc.bind(fd, $0.assumingMemoryBound(to: sockaddr.self), $1) }
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TransportError(.socketFailed, errno: code, "bind to \(address) failed")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutableBytes(of: &storage) {
            getsockname(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
        }
        let local = named == 0 ? withUnsafeBytes(of: &storage) { SocketAddress(sockaddr: $0.baseAddress!, length: Int(length)) } : nil
        let count = Int32(clamping: max(1, batchSize))
        guard let receive = cg_udp_batch_create(count, Int32(clamping: max(64, maxDatagram))),
              let transmit = cg_udp_batch_create(count, Int32(clamping: max(64, maxDatagram))) else {
            Glibc.close(fd)
            throw TransportError(.socketFailed, "allocating UDP batches failed")
        }
        self.loop = loop
        self.fileDescriptor = fd
        self.localAddress = local ?? address
        self.receive = receive
        self.transmit = transmit
        self.batchSize = count
        self.maxDatagram = max(64, maxDatagram)
        do {
            registration = try loop.register(fd: fd, interest: .readable) { [unowned self] events in
                self.handle(events)
            }
        } catch {
            cg_udp_batch_destroy(receive)
            cg_udp_batch_destroy(transmit)
            Glibc.close(fd)
            throw TransportError(.socketFailed, errno: error.errno, "registering the UDP socket failed")
        }
    }

    deinit {
        if let registration { loop.deregister(registration) }
        Glibc.close(fileDescriptor)
        cg_udp_batch_destroy(receive)
        cg_udp_batch_destroy(transmit)
    }

    func handle(_ events: IOEvents) {
        if events.contains(.writable) { flush() }
        if events.contains(.readable) || events.contains(.error) { readBatches() }
    }

    /// Reads batches until one comes back short (the socket is then most likely empty, and epoll is
    /// level-triggered: it reports at once if not) or `maxBatches` were read (fairness toward other
    /// descriptors), handing each to `onReceive`; then sends the replies staged meanwhile, one `sendmmsg`
    /// per full transmit batch and one for the rest (as swift-nio flushes once per read burst). Stopping at
    /// a short batch saves the empty `recvmmsg` that reading until `EAGAIN` would cost per wake-up.
    public func readBatches(maxBatches: Int = 16) {
        for _ in 0..<maxBatches {
            let n = cg_udp_recv_batch(fileDescriptor, receive, batchSize)
            guard n > 0 else { break }
            receiveBatches += 1
            datagramsReceived += Int(n)
            onReceive(UDPReceivedBatch(batch: receive, count: Int(n), receivedAt: loop.refreshTime()))
            if n < batchSize { break }
        }
        flush()
    }

    /// Stages one datagram of up to `maxDatagram` bytes written in place by `fill` (which returns the length)
    /// to the sockaddr at `address`. False when it was dropped (batch full and the kernel pushing back).
    @discardableResult
    public func stage(toSockAddr address: UnsafeRawPointer, length: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Int) -> Bool {
        if staged == batchSize {
            flush()
            if staged == batchSize {
                datagramsDropped += 1
                return false
            }
        }
        let slot = staged
        let buffer = UnsafeMutableRawBufferPointer(start: cg_udp_batch_buffer(transmit, slot), count: maxDatagram)
        let written = fill(buffer)
        guard written >= 0 && written <= maxDatagram else { return false }
        cg_udp_batch_set_length(transmit, slot, Int32(written))
        cg_udp_batch_set_address(transmit, slot, address, UInt32(length))
        staged += 1
        return true
    }

    /// Stages a copy of `bytes` to `address`.
    @discardableResult
    public func stage(_ bytes: UnsafeRawBufferPointer, to address: SocketAddress) -> Bool {
        address.withSockAddr { pointer, length in stage(bytes, toSockAddr: pointer, length: Int(length)) }
    }

    /// Stages a copy of `bytes` to a raw sockaddr (for replies: `datagram.sourcePointer`).
    @discardableResult
    public func stage(_ bytes: UnsafeRawBufferPointer, toSockAddr address: UnsafeRawPointer, length: Int) -> Bool {
        guard bytes.count <= maxDatagram else {
            datagramsDropped += 1
            return false
        }
        return stage(toSockAddr: address, length: length) { buffer in
            if let base = bytes.baseAddress { buffer.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
            return bytes.count
        }
    }

    /// Sends what is staged with `sendmmsg`; what the kernel does not take waits for writability.
    public func flush() {
        while flushedUpTo < staged {
            let n = cg_udp_send_batch(fileDescriptor, transmit, flushedUpTo, staged - flushedUpTo, 0)
            if n < 0 {
                if -n == EAGAIN || -n == EWOULDBLOCK || -n == ENOBUFS {
                    setWriteInterest(true)
                    return
                }
                // A datagram the kernel refuses (unreachable, too big): drop it and go on.
                datagramsDropped += 1
                flushedUpTo += 1
                continue
            }
            datagramsSent += Int(n)
            flushedUpTo += n
        }
        staged = 0
        flushedUpTo = 0
        setWriteInterest(false)
    }

    /// Datagrams staged and not yet sent.
    public var pendingDatagrams: Int { Int(staged - flushedUpTo) }

    func setWriteInterest(_ on: Bool) {
        guard on != writeInterest, let registration else { return }
        writeInterest = on
        try? loop.modify(registration, interest: on ? [.readable, .writable] : .readable)
    }
}
