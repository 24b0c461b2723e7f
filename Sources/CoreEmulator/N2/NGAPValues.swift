import ASN1PER
import NAS5GS
import NGAP

/// Conversions between the core's values and NGAP's (TS 38.413 §9.3).
enum NGAPValues {
    static func plmn(_ p: NAS5GS.PLMNIdentity) -> NGAP.PLMNIdentity {
        NGAP.PLMNIdentity(ASN1Bytes([p.octet1, p.octet2, p.octet3]))
    }

    static func plmn(_ p: NGAP.PLMNIdentity) -> NAS5GS.PLMNIdentity? {
        guard p.value.count == 3 else { return nil }
        return NAS5GS.PLMNIdentity(octets: p.value[0], p.value[1], p.value[2])
    }

    static func tac(_ v: UInt32) -> TAC {
        TAC(ASN1Bytes([UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]))
    }

    static func tac(_ t: TAC) -> UInt32? {
        guard t.value.count == 3 else { return nil }
        return UInt32(t.value[0]) << 16 | UInt32(t.value[1]) << 8 | UInt32(t.value[2])
    }

    static func snssai(_ s: CoreSNSSAI) -> NGAP.SNSSAI {
        NGAP.SNSSAI(sst: SST(ASN1Bytes([s.sst])), sd: s.sd.map {
            SD(ASN1Bytes([UInt8(truncatingIfNeeded: $0 >> 16), UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)]))
        })
    }

    static func snssai(_ s: NGAP.SNSSAI) -> CoreSNSSAI? {
        guard s.sst.value.count == 1 else { return nil }
        var sd: UInt32?
        if let d = s.sd {
            guard d.value.count == 3 else { return nil }
            sd = UInt32(d.value[0]) << 16 | UInt32(d.value[1]) << 8 | UInt32(d.value[2])
        }
        return CoreSNSSAI(sst: s.sst.value[0], sd: sd)
    }

    static func guami(plmn: NAS5GS.PLMNIdentity, amf: AMFConfiguration) -> GUAMI {
        GUAMI(plmnIdentity: Self.plmn(plmn),
              amfRegionID: AMFRegionID(ASN1BitString(value: UInt64(amf.regionID), bitCount: 8)),
              amfSetID: AMFSetID(ASN1BitString(value: UInt64(amf.setID & 0x3FF), bitCount: 10)),
              amfPointer: AMFPointer(ASN1BitString(value: UInt64(amf.pointer & 0x3F), bitCount: 6)))
    }

    static func tai(plmn: NAS5GS.PLMNIdentity, tac: UInt32) -> TAI {
        TAI(plmnIdentity: Self.plmn(plmn), tac: Self.tac(tac))
    }

    /// NGAP UE Security Capabilities from the NAS UE security capability (TS 38.413 §9.3.1.86: the first bit of
    /// each 16-bit string is 128-NEA1/NIA1; NAS has EA0 in bit 8 of its octet, TS 24.501 §9.11.3.54).
    static func securityCapabilities(_ c: UESecurityCapability) -> UESecurityCapabilities {
        func bits(_ octet: UInt8) -> ASN1BitString { ASN1BitString(leftAligned: UInt64((octet << 1) & 0xE0) << 56, bitCount: 16) }
        return UESecurityCapabilities(
            nrencryptionAlgorithms: NRencryptionAlgorithms(bits(c.ea)), nrintegrityProtectionAlgorithms: NRintegrityProtectionAlgorithms(bits(c.ia)),
            eutrAencryptionAlgorithms: EUTRAencryptionAlgorithms(bits(c.eea ?? 0)),
            eutrAintegrityProtectionAlgorithms: EUTRAintegrityProtectionAlgorithms(bits(c.eia ?? 0)))
    }

    static func securityKey(_ key: [UInt8]) -> SecurityKey {
        SecurityKey(ASN1BitString(bytes: ASN1Bytes(key), bitCount: 256) ?? ASN1BitString(value: 0, bitCount: 256))
    }

    static func transportAddress(_ a: IPAddress) -> TransportLayerAddress {
        let octets = a.octets
        return TransportLayerAddress(ASN1BitString(bytes: ASN1Bytes(octets), bitCount: octets.count * 8) ?? ASN1BitString(value: 0, bitCount: 32))
    }

    /// The IPv4 or IPv6 address of a Transport Layer Address (TS 38.414 §5.1: 32, 128 or 160 bits, IPv4 first).
    static func address(_ t: TransportLayerAddress) -> IPAddress? {
        let b = t.value.bytes.array
        switch t.value.bitCount {
        case 32: return IPAddress(octets: b)
        case 128: return IPAddress(octets: b)
        case 160: return IPAddress(octets: Array(b[0..<4]))
        default: return nil
        }
    }

    static func teid(_ v: UInt32) -> GTPTEID {
        GTPTEID(ASN1Bytes([UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]))
    }

    static func teid(_ t: GTPTEID) -> UInt32? {
        guard t.value.count == 4 else { return nil }
        return t.value.reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func tunnel(_ e: GTPTunnelEndpoint) -> UPTransportLayerInformation {
        .gtpTunnel(GTPTunnel(transportLayerAddress: transportAddress(e.address), gtpTEID: teid(e.teid)))
    }

    static func tunnel(_ u: UPTransportLayerInformation) -> GTPTunnelEndpoint? {
        guard case .gtpTunnel(let t) = u, let a = address(t.transportLayerAddress), let teid = teid(t.gtpTEID) else { return nil }
        return GTPTunnelEndpoint(address: a, teid: teid)
    }

    /// The TAC of an NR User Location Information, when it is one.
    static func tac(of uli: UserLocationInformation?) -> UInt32? {
        guard case .userLocationInformationNR(let nr)? = uli else { return nil }
        return tac(nr.tai.tac)
    }

    static func bitRate(_ v: UInt64) -> BitRate { BitRate(Int64(min(v, 4_000_000_000_000))) }

    static func fiveGSTMSI(setID: UInt16, pointer: UInt8, tmsi: UInt32) -> NGAP.FiveGSTMSI {
        NGAP.FiveGSTMSI(amfSetID: AMFSetID(ASN1BitString(value: UInt64(setID & 0x3FF), bitCount: 10)),
                        amfPointer: AMFPointer(ASN1BitString(value: UInt64(pointer & 0x3F), bitCount: 6)),
                        fiveGTMSI: FiveGTMSI(ASN1Bytes([UInt8(truncatingIfNeeded: tmsi >> 24), UInt8(truncatingIfNeeded: tmsi >> 16),
                                                        UInt8(truncatingIfNeeded: tmsi >> 8), UInt8(truncatingIfNeeded: tmsi)])))
    }
}
