import ASN1PER

/// The UE NGAP IDs an NGAP-PDU carries at its top level (TS 38.413 §9.3.3.1, §9.3.3.2), read from its
/// aligned-PER encoding without decoding the rest again.
///
/// Every NGAP message is `SEQUENCE { protocolIEs ProtocolIE-Container, ... }` inside the open type of the
/// NGAP-PDU (§9.4.3), so one pass over the IE list finds `AMF-UE-NGAP-ID` (id 10), `RAN-UE-NGAP-ID` (id 85)
/// and `UE-NGAP-IDs` (id 114, UE Context Release Command) whatever the message. Other IEs are skipped as
/// open types. Run on a PDU the full decoder accepted; a PDU it could not read throws the reader's error.
public struct UEIdentifiers: Hashable, Sendable {
    public var amfUENGAPID: UInt64?
    public var ranUENGAPID: UInt32?

    public init(amfUENGAPID: UInt64? = nil, ranUENGAPID: UInt32? = nil) {
        self.amfUENGAPID = amfUENGAPID
        self.ranUENGAPID = ranUENGAPID
    }

    /// True when the message names a UE (it is UE-associated signalling, TS 38.410 §8.1).
    public var isUEAssociated: Bool { amfUENGAPID != nil || ranUENGAPID != nil }

    static let amfID: Int64 = 10
    static let ranID: Int64 = 85
    static let idPair: Int64 = 114
    static let maxAMFUENGAPID: UInt64 = 1_099_511_627_775
    static let maxRANUENGAPID: UInt64 = 4_294_967_295

    /// Reads the IDs of the NGAP-PDU encoded at the start of `bytes`.
    public init(aperEncoded bytes: ArraySlice<UInt8>) throws(APERDecodingError) {
        self = try APERReader.decode(bytes) { (r: inout APERReader) throws(APERDecodingError) -> UEIdentifiers in
            let kind = try r.readChoiceIndex(rootCount: 3, extensible: true)
            guard kind < 3 else { return UEIdentifiers() }
            _ = try r.readConstrainedInteger(0, 255)  // procedureCode
            _ = try r.readEnumerated(rootCount: 3, extensible: false)  // criticality
            return try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) -> UEIdentifiers in
                var ids = UEIdentifiers()
                _ = try r.readBit()  // the message SEQUENCE's extension bit
                let count = try r.readConstrainedInteger(0, 65535)
                for _ in 0..<count {
                    let id = try r.readConstrainedInteger(0, 65535)
                    _ = try r.readEnumerated(rootCount: 3, extensible: false)
                    switch id {
                    case Self.amfID:
                        ids.amfUENGAPID = try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) in
                            try r.readConstrainedUnsigned(0, Self.maxAMFUENGAPID)
                        }
                    case Self.ranID:
                        ids.ranUENGAPID = try r.readOpenType { (r: inout APERReader) throws(APERDecodingError) in
                            UInt32(try r.readConstrainedUnsigned(0, Self.maxRANUENGAPID))
                        }
                    case Self.idPair:
                        let bytes = try r.readOpenTypeBytes()
                        try ids.readPair(bytes.slice)
                    default:
                        _ = try r.readOpenTypeBytes()
                    }
                }
                try Self.skipRest(&r)  // extensions of the message, if any
                return ids
            }
        }
    }

    /// Reads what is left of the current container, to its end.
    private static func skipRest(_ r: inout APERReader) throws(APERDecodingError) {
        try r.align()
        let rest = r.remainingBytesAfterAlignment
        _ = try r.readAlignedBytes(rest)
    }

    /// `UE-NGAP-IDs ::= CHOICE { uE-NGAP-ID-pair, aMF-UE-NGAP-ID, ... }` (§9.3.3.x).
    private mutating func readPair(_ bytes: ArraySlice<UInt8>) throws(APERDecodingError) {
        let (amf, ran) = try APERReader.decode(bytes) { (r: inout APERReader) throws(APERDecodingError) -> (UInt64?, UInt32?) in
            let choice = try r.readChoiceIndex(rootCount: 2, extensible: true)
            switch choice {
            case 0:
                _ = try r.readBit()  // UE-NGAP-ID-pair's extension bit
                _ = try r.readPresence(1)  // iE-Extensions
                let amf = try r.readConstrainedUnsigned(0, Self.maxAMFUENGAPID)
                let ran = UInt32(try r.readConstrainedUnsigned(0, Self.maxRANUENGAPID))
                try Self.skipRest(&r)
                return (amf, ran)
            case 1:
                let amf = try r.readConstrainedUnsigned(0, Self.maxAMFUENGAPID)
                return (amf, nil)
            default:
                try Self.skipRest(&r)
                return (nil, nil)
            }
        }
        if let amf { amfUENGAPID = amf }
        if let ran { ranUENGAPID = ran }
    }
}
