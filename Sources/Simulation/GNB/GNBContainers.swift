import ASN1PER
import NGAP

/// The transparent containers of N2 handover (TS 38.413 9.3.1.20, 9.3.1.21): real NGAP structures around an
/// RRC container. RRC is not simulated, so the RRC container is a stand-in naming what a real RRC message
/// would let the UE and the target find: `CGHO`, the target gNB ID and the target RAN UE NGAP ID (4 octets
/// each, big-endian) in the target's HandoverCommand stand-in; `CGHP` and the source gNB ID in the source's
/// HandoverPreparationInformation stand-in.
enum GNBContainers {
    static let commandMagic: [UInt8] = Array("CGHO".utf8)
    static let preparationMagic: [UInt8] = Array("CGHP".utf8)

    static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }

    /// Source NG-RAN Node to Target NG-RAN Node Transparent Container: the stand-in RRC container, the
    /// sessions and their QoS flows, the target cell and the UE history (this cell).
    static func sourceToTarget(sourceGNBID: UInt32, sessions: [GNBSession], target: NRCGI, sourceCell: NRCGI) throws(APEREncodingError) -> [UInt8] {
        let info = sessions.map { s in
            PDUSessionResourceInformationItem(
                pduSessionID: PDUSessionID(Int64(s.pduSessionID)),
                qosFlowInformationList: QosFlowInformationList(s.qfis.map { QosFlowInformationItem(qosFlowIdentifier: QosFlowIdentifier(Int64($0))) }))
        }
        let history = LastVisitedCellItem(lastVisitedCellInformation: .ngranCell(LastVisitedNGRANCellInformation(
            globalCellID: .nrCGI(sourceCell), cellType: CellType(cellSize: .small), timeUEStayedInCell: TimeUEStayedInCell(0))))
        let container = SourceNGRANNodeToTargetNGRANNodeTransparentContainer(
            rrcContainer: RRCContainer(ASN1Bytes(preparationMagic + be32(sourceGNBID))),
            pduSessionResourceInformationList: info.isEmpty ? nil : PDUSessionResourceInformationList(info),
            targetCellID: .nrCGI(target),
            ueHistoryInformation: UEHistoryInformation([history]))
        return try container.aperEncoded()
    }

    /// Target NG-RAN Node to Source NG-RAN Node Transparent Container with the HandoverCommand stand-in.
    static func targetToSource(targetGNBID: UInt32, ranID: UInt32) throws(APEREncodingError) -> [UInt8] {
        let rrc = commandMagic + be32(targetGNBID) + be32(ranID)
        return try TargetNGRANNodeToSourceNGRANNodeTransparentContainer(rrcContainer: RRCContainer(ASN1Bytes(rrc))).aperEncoded()
    }

    /// The target gNB ID and RAN UE NGAP ID a target-to-source container names; nil when it is not one this
    /// simulator made (the caller refuses the arrival with `GNBRefusal.unknownHandover`).
    static func arrival(_ container: [UInt8]) -> (gnbID: UInt32, ranID: UInt32)? {
        let decoded: TargetNGRANNodeToSourceNGRANNodeTransparentContainer
        do { decoded = try TargetNGRANNodeToSourceNGRANNodeTransparentContainer(aperEncoded: container) } catch { return nil }
        let rrc = decoded.rrcContainer.value.slice
        guard rrc.count == 12, rrc.prefix(4).elementsEqual(commandMagic) else { return nil }
        func u32(_ i: Int) -> UInt32 {
            let s = rrc.startIndex + i
            return UInt32(rrc[s]) << 24 | UInt32(rrc[s + 1]) << 16 | UInt32(rrc[s + 2]) << 8 | UInt32(rrc[s + 3])
        }
        return (u32(4), u32(8))
    }
}
