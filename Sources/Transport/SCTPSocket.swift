import CEventLoop
import CSCTP
import CUsrsctp
import Glibc

/// One socket of either stack, with the calls the transport makes on it. A plain enum over the two
/// backends, so the hot send and receive paths are a switch, not a dynamic dispatch.
enum SCTPSocket {
    /// A usrsctp `struct socket *`.
    case user(OpaquePointer)
    /// A kernel SCTP file descriptor.
    case kernel(Int32)

    struct ReceiveInfo {
        var stream: UInt16 = 0
        var ppid: UInt32 = 0
        var endOfRecord = false
        var notification = false
    }

    struct Notification {
        enum Kind { case associationChange, shutdownEvent, sendFailed, other }
        enum State { case up, lost, restart, shutdownComplete, cannotStart, unknown }
        var kind: Kind
        var state: State
        var inboundStreams: UInt16
        var outboundStreams: UInt16
        var hasAbortChunk: Bool
        var error: UInt16
    }

    /// Creates a socket of `family` with `options`; for usrsctp its upcall signals `source`.
    static func open(stack: SCTPStack, family: Int32, options: SCTPOptions, source: OpaquePointer?) throws(TransportError) -> SCTPSocket {
        var error: Int32 = 0
        switch stack {
        case .user:
            var o = options.user
            guard let socket = cg_usctp_socket(family, &o, source, &error) else {
                throw TransportError(.socketFailed, errno: error, "usrsctp socket with options failed")
            }
            return .user(socket)
        case .kernel:
            var o = options.kernel
            let fd = cg_ksctp_socket(family, &o, &error)
            guard fd >= 0 else { throw TransportError(.socketFailed, errno: error, "kernel SCTP socket with options failed") }
            return .kernel(fd)
        }
    }

    func bind(_ address: SocketAddress) -> Int32 {
        address.withSockAddr { pointer, length in
            switch self {
            case .user(let s): cg_usctp_bind(s, pointer, length)
            case .kernel(let fd): cg_ksctp_bind(fd, pointer, length)
            }
        }
    }

    /// 0 or EINPROGRESS on success.
    func connect(_ address: SocketAddress) -> Int32 {
        address.withSockAddr { pointer, length in
            switch self {
            case .user(let s): cg_usctp_connect(s, pointer, length)
            case .kernel(let fd): cg_ksctp_connect(fd, pointer, length)
            }
        }
    }

    func listen(backlog: Int32) -> Int32 {
        switch self {
        case .user(let s): cg_usctp_listen(s, backlog)
        case .kernel(let fd): cg_ksctp_listen(fd, backlog)
        }
    }

    var localPort: UInt16 {
        switch self {
        case .user(let s): UInt16(truncatingIfNeeded: cg_usctp_local_port(s))
        case .kernel(let fd): UInt16(truncatingIfNeeded: cg_ksctp_local_port(fd))
        }
    }

    /// Accepts one association: the socket and the peer, or the errno (EAGAIN/EWOULDBLOCK when none waits).
    func accept(source: OpaquePointer?) -> Result<(SCTPSocket, SocketAddress?), TransportError> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var error: Int32 = 0
        let accepted: SCTPSocket? = withUnsafeMutableBytes(of: &storage) { raw -> SCTPSocket? in
            switch self {
            case .user(let s):
                return cg_usctp_accept(s, source, raw.baseAddress, &length, &error).map { .user($0) }
            case .kernel(let fd):
                let new = cg_ksctp_accept(fd, raw.baseAddress, &length, &error)
                return new >= 0 ? .kernel(new) : nil
            }
        }
        guard let accepted else { return .failure(TransportError(.socketFailed, errno: error, "accept failed")) }
        let peer = withUnsafeBytes(of: &storage) { SocketAddress(sockaddr: $0.baseAddress!, length: Int(length)) }
        return .success((accepted, peer))
    }

    func applyAssociationOptions(_ options: SCTPOptions) -> Int32 {
        switch self {
        case .user(let s):
            var o = options.user
            return cg_usctp_apply_association_options(s, &o)
        case .kernel(let fd):
            var o = options.kernel
            return cg_ksctp_apply_association_options(fd, &o)
        }
    }

    /// The byte count, or -errno.
    @inline(__always)
    func send(_ bytes: UnsafeRawBufferPointer, stream: UInt16, ppid: UInt32, unordered: Bool) -> Int {
        switch self {
        case .user(let s): cg_usctp_send(s, bytes.baseAddress, bytes.count, stream, ppid, unordered ? 1 : 0)
        case .kernel(let fd): cg_ksctp_send(fd, bytes.baseAddress, bytes.count, stream, ppid, unordered ? 1 : 0)
        }
    }

    /// The byte count, 0 at end of file, or -errno.
    @inline(__always)
    func receive(into buffer: UnsafeMutableRawBufferPointer, info: inout ReceiveInfo) -> Int {
        switch self {
        case .user(let s):
            var raw = cg_sctp_recv_info()
            let n = cg_usctp_recv(s, buffer.baseAddress, buffer.count, &raw)
            info = ReceiveInfo(stream: raw.stream, ppid: raw.ppid, endOfRecord: raw.end_of_record != 0, notification: raw.notification != 0)
            return n
        case .kernel(let fd):
            var raw = cg_ksctp_recv_info()
            let n = cg_ksctp_recv(fd, buffer.baseAddress, buffer.count, &raw)
            info = ReceiveInfo(stream: raw.stream, ppid: raw.ppid, endOfRecord: raw.end_of_record != 0, notification: raw.notification != 0)
            return n
        }
    }

    func parseNotification(_ bytes: UnsafeRawBufferPointer) -> Notification? {
        switch self {
        case .user:
            var raw = cg_sctp_notification()
            guard cg_usctp_parse_notification(bytes.baseAddress, bytes.count, &raw) == 0 else { return nil }
            return Self.notification(kind: raw.kind, state: raw.state, inbound: raw.inbound_streams,
                                     outbound: raw.outbound_streams, abort: raw.has_abort_chunk, error: raw.error)
        case .kernel:
            return Self.parseKernelNotification(bytes)
        }
    }

    static func parseKernelNotification(_ bytes: UnsafeRawBufferPointer) -> Notification? {
        var raw = cg_ksctp_notification()
        guard cg_ksctp_parse_notification(bytes.baseAddress, bytes.count, &raw) == 0 else { return nil }
        return notification(kind: raw.kind, state: raw.state, inbound: raw.inbound_streams,
                            outbound: raw.outbound_streams, abort: raw.has_abort_chunk, error: raw.error)
    }

    /// Both C modules number kinds and states alike (CG_SCTP_NOTE_*, CG_SCTP_COMM_*).
    static func notification(kind: Int32, state: Int32, inbound: UInt16, outbound: UInt16, abort: Int32, error: UInt16) -> Notification {
        let k: Notification.Kind = switch kind {
        case 1: .associationChange
        case 2: .shutdownEvent
        case 3: .sendFailed
        default: .other
        }
        let s: Notification.State = switch state {
        case 1: .up
        case 2: .lost
        case 3: .restart
        case 4: .shutdownComplete
        case 5: .cannotStart
        default: .unknown
        }
        return Notification(kind: k, state: s, inboundStreams: inbound, outboundStreams: outbound, hasAbortChunk: abort != 0, error: error)
    }

    func streamCounts() -> (inbound: UInt16, outbound: UInt16)? {
        var inbound: UInt16 = 0, outbound: UInt16 = 0
        let result = switch self {
        case .user(let s): cg_usctp_stream_counts(s, &inbound, &outbound)
        case .kernel(let fd): cg_ksctp_stream_counts(fd, &inbound, &outbound)
        }
        return result == 0 ? (inbound, outbound) : nil
    }

    @discardableResult
    func setNoDelay(_ on: Bool) -> Int32 {
        switch self {
        case .user(let s): cg_usctp_set_nodelay(s, on ? 1 : 0)
        case .kernel(let fd): cg_ksctp_set_nodelay(fd, on ? 1 : 0)
        }
    }

    func shutdown() -> Int32 {
        switch self {
        case .user(let s): cg_usctp_shutdown(s)
        case .kernel(let fd): cg_ksctp_shutdown(fd)
        }
    }

    func abort() {
        switch self {
        case .user(let s): cg_usctp_abort(s)
        case .kernel(let fd): cg_ksctp_abort(fd)
        }
    }

    func close() {
        switch self {
        case .user(let s): cg_usctp_close(s)
        case .kernel(let fd): _ = Glibc.close(fd)
        }
    }

    var fileDescriptor: Int32? {
        if case .kernel(let fd) = self { return fd }
        return nil
    }
}
