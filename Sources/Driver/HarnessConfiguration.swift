import Simulation
import Transport

/// What a harness driver plays: the AMF it connects to, its gNBs with their local addresses, and how.
public struct HarnessConfiguration: Sendable {
    /// One simulated gNB: its NGAP configuration, the local address of its SCTP association (N2) and of its
    /// GTP-U socket (N3, port 2152 when the address gives 0). Addresses are explicit, never wildcards.
    public struct GNBPlacement: Sendable {
        public var config: GNBConfig
        public var n2: SocketAddress
        public var n3: SocketAddress

        public init(config: GNBConfig, n2: SocketAddress, n3: SocketAddress) {
            self.config = config
            self.n2 = n2
            self.n3 = n3.port == 0 ? n3.with(port: 2152) : n3
        }
    }

    /// The AMF's N2 address (port 38412 by convention).
    public var amf: SocketAddress
    public var gnbs: [GNBPlacement]
    /// SCTP stack: the kernel's, usrsctp, or whichever the host offers.
    public var sctpBackend: SCTPBackendChoice
    /// Association options (streams asked for, heartbeat and retransmission budget).
    public var sctpOptions: SCTPOptions
    /// Writes every N2 and N3 message sent and received to this pcapng file when set.
    public var capturePath: String?
    /// The UPF's GTP-U port (2152, TS 29.281 §4.4.2.3; another one only for tests that share a host).
    public var upfPort: UInt16 = 2152

    public init(amf: SocketAddress, gnbs: [GNBPlacement], sctpBackend: SCTPBackendChoice = .auto,
                sctpOptions: SCTPOptions = HarnessConfiguration.defaultSCTPOptions, capturePath: String? = nil) {
        self.amf = amf
        self.gnbs = gnbs
        self.sctpBackend = sctpBackend
        self.sctpOptions = sctpOptions
        self.capturePath = capturePath
    }

    /// Several streams (stream 0 for non-UE-associated signalling, the others for UEs; TS 38.412 §7) and a
    /// lost peer noticed in about a second.
    public static var defaultSCTPOptions: SCTPOptions {
        var o = SCTPOptions.fastFailureDetection
        o.outboundStreams = 8
        o.maxInboundStreams = 8
        return o
    }
}
