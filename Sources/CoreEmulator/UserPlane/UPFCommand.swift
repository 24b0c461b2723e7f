/// The seam between the embedded SMF and the user plane (the UPF), in both directions.
///
/// The SMF decides, the UPF forwards. Every PDU session the SMF establishes is one UPF session named by a
/// `UPFSessionKey` (the SEID). Its life, as commands in the order the SMF sends them:
///
/// 1. `createSession`: before the N2 PDU Session Resource Setup Request leaves, so the uplink tunnel
///    (`uplinkTEID` on the UPF's N3 address) accepts packets as soon as the gNB has set it up. No downlink yet:
///    packets to the UE's addresses are buffered (`bufferingDownlink == true`) until step 2.
/// 2. `setDownlink`: once the gNB's response transfer gives its DL tunnel (TS 38.413 §9.3.4.2, the
///    `dlQosFlowPerTNLInformation`); also after a service request re-activates the session, and with
///    `isPathSwitch` after an N2 handover (Handover Notify) or an Xn handover (Path Switch Request): the UPF then
///    sends an end marker (TS 29.281 §5.1, message type 254) on the old tunnel before switching (TS 23.502
///    §4.9.1.2.2 step 6, §4.9.1.3.3 step 9), and sends everything buffered, in order, on the new one.
/// 3. `markIdle`: the UE left CM-CONNECTED (UE context release) or the gNB lost the session. With `buffer` the
///    UPF keeps downlink packets (up to its own limit) and reports the first one with
///    `UPFEvent.downlinkData` (once per idle period: TS 23.502 §4.2.3.3 step 2a, "data notification"); without it
///    the UPF drops them and still reports the first. Then step 2 again when the UE comes back.
/// 4. `removeSession`: the session is released (PDU session release, deregistration, NG Reset does *not*
///    remove). The UPF drops its buffer and forgets the key; later packets to the addresses are dropped.
///
/// Uplink G-PDUs arrive on `uplinkTEID` with a PDU Session Container (UL PDU SESSION INFORMATION, QFI);
/// downlink G-PDUs go to `downlink.address`/`downlink.teid` with a DL PDU SESSION INFORMATION carrying `qfi`
/// (TS 38.415; INTEROP-NOTES: GTP flags 0x34, no sequence numbers). Inner packets from the UE are forwarded
/// to the data network as they are; packets from the data network whose destination is one of the UE's
/// addresses (the IPv4 address, or any address in the IPv6 `/64` prefix) go down the session's tunnel.
/// For IPv6 and IPv4v6 sessions the UPF answers the UE's Router Solicitation with a Router Advertisement
/// carrying `ipv6Prefix` (TS 23.501 §5.8.2.2.3: the SMF sends the RA through the UPF; here the UPF builds it).
public enum UPFCommand: Hashable, Sendable {
    case createSession(UPFSession)
    case setDownlink(UPFSessionKey, downlink: GTPTunnelEndpoint, isPathSwitch: Bool)
    case markIdle(UPFSessionKey, buffer: Bool)
    case removeSession(UPFSessionKey)

    /// The session the command is about.
    public var sessionKey: UPFSessionKey {
        switch self {
        case .createSession(let s): s.key
        case .setDownlink(let k, _, _), .markIdle(let k, _), .removeSession(let k): k
        }
    }
}

/// What the UPF reports to the SMF.
public enum UPFEvent: Hashable, Sendable {
    /// A downlink packet arrived for a session marked idle (the first one of the idle period): the SMF asks the
    /// AMF to page the UE (TS 23.502 §4.2.3.3), which then re-activates the session with `setDownlink`.
    case downlinkData(UPFSessionKey)
}

/// One PDU session as the UPF needs it.
public struct UPFSession: Hashable, Sendable {
    public var key: UPFSessionKey
    /// `imsi-DIGITS`, for logs.
    public var supi: String
    public var pduSessionID: UInt8
    public var dnn: String
    /// The UE's IPv4 address (IPv4 and IPv4v6 sessions).
    public var ueIPv4: IPv4Address?
    /// The UE's IPv6 `/64` prefix (IPv6 and IPv4v6 sessions), and the interface identifier the SMF gave the UE
    /// for its link-local address (TS 24.501 §9.11.4.10).
    public var ipv6Prefix: IPv6Prefix?
    public var ipv6InterfaceIdentifier: UInt64?
    /// The N3 tunnel endpoint the UPF receives uplink on: its own N3 address and the TEID the SMF allocated.
    public var uplink: GTPTunnelEndpoint
    /// The QoS flow of the session's default QoS rule (QFI 1, 5QI 9).
    public var qfi: UInt8
    /// Session AMBR in bits per second (TS 24.501 §9.11.4.14), for the UPF to enforce or ignore.
    public var ambrUplink: UInt64
    public var ambrDownlink: UInt64

    public init(key: UPFSessionKey, supi: String, pduSessionID: UInt8, dnn: String, ueIPv4: IPv4Address?, ipv6Prefix: IPv6Prefix?,
                ipv6InterfaceIdentifier: UInt64?, uplink: GTPTunnelEndpoint, qfi: UInt8, ambrUplink: UInt64, ambrDownlink: UInt64) {
        self.key = key
        self.supi = supi
        self.pduSessionID = pduSessionID
        self.dnn = dnn
        self.ueIPv4 = ueIPv4
        self.ipv6Prefix = ipv6Prefix
        self.ipv6InterfaceIdentifier = ipv6InterfaceIdentifier
        self.uplink = uplink
        self.qfi = qfi
        self.ambrUplink = ambrUplink
        self.ambrDownlink = ambrDownlink
    }

    /// Whether downlink packets are held back: true from `createSession` until the first `setDownlink`.
    public var bufferingDownlink: Bool { true }
}

/// A GTP-U tunnel endpoint: an address and a TEID (TS 29.281).
public struct GTPTunnelEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var teid: UInt32
    public init(address: IPAddress, teid: UInt32) {
        self.address = address
        self.teid = teid
    }
    public var description: String { "\(address)/teid 0x\(String(teid, radix: 16))" }
}
