import ASN1PER
import NGAP

/// Reading request transfers and building response transfers (TS 38.413 9.3.4): the user-plane half of
/// PDU session setup, handover and path switch.
extension GNB {
    /// Reads a PDU Session Resource Setup Request Transfer (9.3.4.1) and allocates the downlink tunnel: the
    /// UPF's UL NG-U UP TNL Information (address and TEID), the PDU session type and the QoS flows. The
    /// cause when the session cannot be set up.
    mutating func setUpSession(
        id: PDUSessionID, slice: SNSSAI, transfer: ASN1Contained<PDUSessionResourceSetupRequestTransfer>, slot: Int
    ) -> Result<GNBSession, CauseBox> {
        guard id.value >= 0, id.value <= 255 else { return .failure(CauseBox(.protocol_(.semanticError))) }
        let psi = UInt8(id.value)
        guard case .value(let t) = transfer else { return .failure(CauseBox(.protocol_(.transferSyntaxError))) }
        guard contexts[slot].session(psi) == nil else { return .failure(CauseBox(.radioNetwork(.multiplePDUSessionIDInstances))) }
        guard let sl = Self.slice(slice), config.slices.contains(sl) else { return .failure(CauseBox(.radioNetwork(.sliceNotSupported))) }
        var ul: UPTransportLayerInformation?, flows: QosFlowSetupRequestList?, type: PDUSessionType?
        for ie in t.protocolIEs {
            switch ie.value {
            case .ulNGUUPTNLInformation(let v): ul = v
            case .qosFlowSetupRequestList(let v): flows = v
            case .pduSessionType(let v): type = v
            default: break
            }
        }
        guard let ul, let flows, type != nil else { return .failure(CauseBox(.protocol_(.abstractSyntaxErrorFalselyConstructedMessage))) }
        guard let (address, teid) = Self.endpoint(ul) else { return .failure(CauseBox(.protocol_(.semanticError))) }
        var qfis: [UInt8] = []
        for f in flows.value {
            let q = f.qosFlowIdentifier.value
            guard q >= 0, q <= 63, !qfis.contains(UInt8(q)) else { return .failure(CauseBox(.radioNetwork(.multipleQosFlowIDInstances))) }
            qfis.append(UInt8(q))
        }
        return .success(GNBSession(pduSessionID: psi, slice: sl, ulAddress: address, ulTEID: teid, dlTEID: allocateTEID(), qfis: qfis))
    }

    /// A Cause as an `Error`, so it can travel in a `Result`.
    struct CauseBox: Error {
        var cause: Cause
        init(_ cause: Cause) { self.cause = cause }
    }

    static func slice(_ s: SNSSAI) -> GNBConfig.Slice? {
        guard s.sst.value.count == 1 else { return nil }
        guard let sd = s.sd else { return GNBConfig.Slice(sst: s.sst.value[0]) }
        guard sd.value.count == 3 else { return nil }
        return GNBConfig.Slice(sst: s.sst.value[0], sd: UInt32(sd.value[0]) << 16 | UInt32(sd.value[1]) << 8 | UInt32(sd.value[2]))
    }

    /// Address (4, 16 or 20 bytes) and TEID of a GTP tunnel (9.3.2.2), nil for anything else.
    static func endpoint(_ info: UPTransportLayerInformation) -> ([UInt8], UInt32)? {
        guard case .gtpTunnel(let tunnel) = info else { return nil }
        let bits = tunnel.transportLayerAddress.value
        guard bits.bitCount == 32 || bits.bitCount == 128 || bits.bitCount == 160, tunnel.gtpTEID.value.count == 4 else { return nil }
        let t = tunnel.gtpTEID.value
        return (bits.bytes.array, UInt32(t[0]) << 24 | UInt32(t[1]) << 16 | UInt32(t[2]) << 8 | UInt32(t[3]))
    }

    /// The gNB's downlink endpoint with this TEID.
    func dlTunnel(_ teid: UInt32) -> UPTransportLayerInformation {
        .gtpTunnel(GTPTunnel(transportLayerAddress: identity.n3Address, gtpTEID: GTPTEID(ASN1Bytes([
            UInt8(truncatingIfNeeded: teid >> 24), UInt8(truncatingIfNeeded: teid >> 16),
            UInt8(truncatingIfNeeded: teid >> 8), UInt8(truncatingIfNeeded: teid),
        ]))))
    }

    /// PDU Session Resource Setup Response Transfer (9.3.4.2): the DL QoS flow per TNL information.
    func setupResponseTransfer(_ s: GNBSession) -> PDUSessionResourceSetupResponseTransfer {
        PDUSessionResourceSetupResponseTransfer(dlQosFlowPerTNLInformation: QosFlowPerTNLInformation(
            upTransportLayerInformation: dlTunnel(s.dlTEID),
            associatedQosFlowList: AssociatedQosFlowList(s.qfis.map { AssociatedQosFlowItem(qosFlowIdentifier: QosFlowIdentifier(Int64($0))) })))
    }

    func tunnel(_ s: GNBSession, ue: UEIndex) -> GNBTunnel {
        GNBTunnel(ue: ue, pduSessionID: s.pduSessionID, ulAddress: s.ulAddress, ulTEID: s.ulTEID, dlAddress: config.n3Address,
                  dlTEID: s.dlTEID, qfis: s.qfis)
    }
}
