/// Faults the core injects on purpose, all deterministic (the drop decisions come from their own seeded
/// generator, so the same run drops the same messages).
public struct FaultConfiguration: Hashable, Sendable {
    /// Hold back sent messages of a type.
    public var delays: [MessageDelay]
    /// Refuse procedures of some subscribers with a given cause.
    public var rejects: [RangeReject]
    /// Drop messages at random (seeded).
    public var drop: DropFault?
    /// Abort every N2 association once it has received this many NGAP messages.
    public var abortAfterMessages: Int?

    public init(delays: [MessageDelay] = [], rejects: [RangeReject] = [], drop: DropFault? = nil, abortAfterMessages: Int? = nil) {
        self.delays = delays
        self.rejects = rejects
        self.drop = drop
        self.abortAfterMessages = abortAfterMessages
    }

    public var isEmpty: Bool { delays.isEmpty && rejects.isEmpty && drop == nil && abortAfterMessages == nil }
}

/// A message type as test plans name it: `ngap.NGSetupResponse` (TS 38.413 ASN.1 names) or
/// `nas.RegistrationAccept` (TS 24.501 names in one word). A NAS name matches the NAS message inside an NGAP
/// message (a Registration Accept in a DownlinkNASTransport or an InitialContextSetupRequest).
public struct MessageName: Hashable, Sendable, CustomStringConvertible {
    public enum Layer: String, Hashable, Sendable {
        case ngap, nas
    }
    public var layer: Layer
    public var name: String
    public init(layer: Layer, name: String) {
        self.layer = layer
        self.name = name
    }
    public var description: String { "\(layer.rawValue).\(name)" }
}

/// Hold back every sent message of `message` by `delay`.
public struct MessageDelay: Hashable, Sendable {
    public var message: MessageName
    public var delay: Duration
    public init(message: MessageName, delay: Duration) {
        self.message = message
        self.delay = delay
    }
}

/// Refuse a procedure for the SUPIs `firstIMSI ..< firstIMSI + count` with `cause` (a 5GMM cause for
/// registration and service request, a 5GSM cause for PDU session establishment and modification).
public struct RangeReject: Hashable, Sendable {
    public enum Procedure: String, Hashable, Sendable, CaseIterable {
        case registration
        case serviceRequest = "service-request"
        case pduSessionEstablishment = "pdu-session-establishment"
        case pduSessionModification = "pdu-session-modification"
    }
    public var firstIMSI: String
    public var count: Int
    public var procedure: Procedure
    public var cause: UInt8
    public init(firstIMSI: String, count: Int, procedure: Procedure, cause: UInt8) {
        self.firstIMSI = firstIMSI
        self.count = count
        self.procedure = procedure
        self.cause = cause
    }
}

/// Drop messages with `probability` (0...1), decided by a generator seeded with `seed`.
public struct DropFault: Hashable, Sendable {
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        /// Messages the core would send are not sent.
        case sent
        /// Messages the core receives are ignored.
        case received
        case both
    }
    public var probability: Double
    public var seed: UInt64
    public var direction: Direction
    /// Only these message types (all when empty).
    public var messages: [MessageName]
    public init(probability: Double, seed: UInt64 = 1, direction: Direction = .sent, messages: [MessageName] = []) {
        self.probability = probability
        self.seed = seed
        self.direction = direction
        self.messages = messages
    }
}
