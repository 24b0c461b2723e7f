import CSCTP
import CUsrsctp

/// Settings of an SCTP socket (a connecting association or a listener, whose associations inherit them).
/// `nil` keeps the stack's default.
public struct SCTPOptions: Hashable, Sendable {
    /// Outbound streams requested in INIT (NGAP: at least 2, stream 0 for non-UE-associated signalling).
    public var outboundStreams: UInt16 = 2
    /// The most inbound streams accepted.
    public var maxInboundStreams: UInt16 = 2
    /// Heartbeat interval; with `maxRetransmissions` and the RTO bounds it decides how soon a vanished peer
    /// is reported as lost.
    public var heartbeatInterval: Duration? = nil
    public var rtoInitial: Duration? = nil
    public var rtoMin: Duration? = nil
    public var rtoMax: Duration? = nil
    /// Retransmissions (of data or heartbeats) before the association is declared lost.
    public var maxRetransmissions: UInt16? = nil
    public var pathMaxRetransmissions: UInt16? = nil
    /// INIT attempts before a connect fails.
    public var initMaxAttempts: UInt16? = nil
    public var sendBuffer: Int? = nil
    public var receiveBuffer: Int? = nil
    /// Send each message at once instead of waiting to bundle (SCTP_NODELAY).
    public var noDelay = true
    /// Received messages longer than this abort the association (a peer cannot make us buffer without bound).
    public var maxMessageSize = 1 << 20

    public init() {}

    /// Short timers so a vanished peer is noticed within about a second (tests, local runs).
    public static var fastFailureDetection: SCTPOptions {
        var options = SCTPOptions()
        options.heartbeatInterval = .milliseconds(100)
        options.rtoInitial = .milliseconds(100)
        options.rtoMin = .milliseconds(50)
        options.rtoMax = .milliseconds(200)
        options.maxRetransmissions = 3
        options.pathMaxRetransmissions = 3
        options.initMaxAttempts = 3
        return options
    }

    static func milliseconds(_ duration: Duration?) -> UInt32 {
        guard let duration else { return 0 }
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return UInt32(clamping: max(1, ms))
    }

    var user: cg_sctp_options {
        cg_sctp_options(
            out_streams: outboundStreams, in_streams: maxInboundStreams,
            heartbeat_ms: Self.milliseconds(heartbeatInterval), rto_initial_ms: Self.milliseconds(rtoInitial),
            rto_min_ms: Self.milliseconds(rtoMin), rto_max_ms: Self.milliseconds(rtoMax),
            assoc_max_retrans: maxRetransmissions ?? 0, path_max_retrans: pathMaxRetransmissions ?? 0,
            init_max_attempts: initMaxAttempts ?? 0, init_max_timeout_ms: UInt16(clamping: Self.milliseconds(rtoMax)),
            send_buffer: UInt32(clamping: sendBuffer ?? 0), receive_buffer: UInt32(clamping: receiveBuffer ?? 0),
            nodelay: noDelay ? 1 : 0)
    }

    var kernel: cg_ksctp_options {
        let u = user
        return cg_ksctp_options(
            out_streams: u.out_streams, in_streams: u.in_streams, heartbeat_ms: u.heartbeat_ms,
            rto_initial_ms: u.rto_initial_ms, rto_min_ms: u.rto_min_ms, rto_max_ms: u.rto_max_ms,
            assoc_max_retrans: u.assoc_max_retrans, path_max_retrans: u.path_max_retrans,
            init_max_attempts: u.init_max_attempts, init_max_timeout_ms: u.init_max_timeout_ms,
            send_buffer: u.send_buffer, receive_buffer: u.receive_buffer, nodelay: u.nodelay)
    }
}
