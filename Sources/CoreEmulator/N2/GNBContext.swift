import NGAP

/// One gNB as the AMF knows it: its association, whether NG Setup succeeded, what it announced.
struct GNBContext {
    var association: AssociationID
    var outboundStreams: UInt16
    var setUp = false
    var globalID: GlobalRANNodeID?
    var name: String?
    /// Tracking areas of the serving PLMN it supports (from NG Setup / RAN Configuration Update).
    var tacs: [UInt32] = []
    var pagingDRX: PagingDRX = .v128
    /// NGAP messages received (for the abort-after-N fault).
    var received = 0
    /// Round-robin over streams 1… for new UE-associated connections.
    var nextStream: UInt16 = 1

    /// The stream for a new UE-associated connection: 1…(outbound−1) in turn, 0 when the association has only one.
    mutating func allocateStream() -> UInt16 {
        guard outboundStreams > 1 else { return 0 }
        let s = nextStream
        nextStream = nextStream + 1 >= outboundStreams ? 1 : nextStream + 1
        return s
    }
}
