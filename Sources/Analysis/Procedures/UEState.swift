import Capture
import Reporting

/// The NG association a message travelled on, oriented: the gNB's end and the AMF's end.
public struct NGAssociation: Hashable, Sendable {
    public var gnb: Endpoint
    public var amf: Endpoint

    /// The association of `message` and whether it went uplink (gNB to AMF): toward port 38412, or, when
    /// neither end uses it, toward the lower port.
    static func of(_ m: SCTPMessage) -> (NGAssociation, uplink: Bool) {
        let uplink = m.destination.port == SCTPMessage.ngapPort
            || (m.source.port != SCTPMessage.ngapPort && m.destination.port < m.source.port)
        return uplink ? (NGAssociation(gnb: m.source, amf: m.destination), true)
            : (NGAssociation(gnb: m.destination, amf: m.source), false)
    }
}

/// A UE association on one NG association (TS 38.413 §3.1: a RAN UE NGAP ID is unique per gNB).
struct RANKey: Hashable {
    var association: NGAssociation
    var ranID: UInt32
}

/// A UE association within one AMF (an AMF UE NGAP ID is unique per AMF).
struct AMFKey: Hashable {
    var amf: Endpoint
    var amfID: UInt64
}

/// A procedure that started and has not ended.
struct OpenProcedure {
    var name: String
    /// The PDU session for 5GSM, the procedure code for NGAP, 0 otherwise.
    var key: Int
    var start: Timestamp
    var startFrame: Int
    /// The message that started it (NAS message type, or 0x1000 + NGAP procedure code).
    var startMessage: Int
}

/// What the analyser keeps of one UE while it is alive.
struct UEState {
    static let maxLadder = 32

    var number: Int
    var ranKeys: [RANKey] = []
    var amfKey: AMFKey?
    /// The AMF UE NGAP ID the AMF gave the target side of an N2 handover, when it is a new one (Open5GS).
    var targetAMFKey: AMFKey?
    var open: [OpenProcedure] = []
    var ladder: [LadderEntry] = []
    var ladderOmitted = 0
    var nullCiphering = false
    /// The last NAS sequence number seen per direction (uplink, downlink) in the current security context.
    var lastSequence: (up: UInt8?, down: UInt8?) = (nil, nil)
    var awaitingRegistrationComplete = false
    var failureLogged = false

    init(number: Int) { self.number = number }

    var label: String {
        var s = "UE \(number)"
        if let k = ranKeys.last { s += " (RAN UE NGAP ID \(k.ranID) at \(k.association.gnb)" }
        if let a = amfKey { s += ranKeys.isEmpty ? " (" : ", "; s += "AMF UE NGAP ID \(a.amfID)" }
        if !ranKeys.isEmpty || amfKey != nil { s += ")" }
        return s
    }

    mutating func append(_ entry: LadderEntry) {
        if ladder.count == Self.maxLadder {
            ladder.removeFirst()
            ladderOmitted += 1
        }
        ladder.append(entry)
    }

    /// Removes and returns the open procedure `name` with `key`.
    mutating func close(_ name: String, key: Int) -> OpenProcedure? {
        guard let i = open.firstIndex(where: { $0.name == name && $0.key == key }) else { return nil }
        return open.remove(at: i)
    }

    func isOpen(_ name: String, key: Int) -> OpenProcedure? {
        open.first { $0.name == name && $0.key == key }
    }
}
