/// One SCTP association of an `SCTPTransport` (stale ids, after the association ended, are refused).
public struct SCTPAssociationID: Hashable, Sendable, CustomStringConvertible {
    let slot: UInt32
    let generation: UInt32
    public var description: String { "assoc#\(slot).\(generation)" }
}

/// A listening socket of an `SCTPTransport`.
public struct SCTPListenerID: Hashable, Sendable, CustomStringConvertible {
    let slot: UInt32
    let generation: UInt32
    public var description: String { "listener#\(slot).\(generation)" }
}

/// Why an association ended without a graceful shutdown.
public enum SCTPLossReason: Hashable, Sendable {
    /// The peer sent ABORT.
    case abortReceived
    /// The peer stopped answering (retransmissions or heartbeats ran out): SCTP_COMM_LOST.
    case noResponse
    /// The association could not be set up (SCTP_CANT_STR_ASSOC, connect refused).
    case cannotStart
    /// A received message exceeded `SCTPOptions.maxMessageSize`; this side aborted.
    case messageTooLarge
}

/// A received message, borrowed: `bytes` is valid only during the event callback.
public struct SCTPMessage {
    public let association: SCTPAssociationID
    public let stream: UInt16
    /// Payload protocol identifier in host order (NGAP: 60).
    public let ppid: UInt32
    public let bytes: UnsafeRawBufferPointer
}

/// What an `SCTPTransport` reports on its loop.
public enum SCTPEvent {
    /// A listener accepted an association (an `up` follows).
    case accepted(listener: SCTPListenerID, association: SCTPAssociationID, peer: SocketAddress?)
    /// The association is established with these negotiated stream counts.
    case up(SCTPAssociationID, inboundStreams: UInt16, outboundStreams: UInt16)
    /// The peer restarted the association (SCTP_RESTART); its state should be reset.
    case restarted(SCTPAssociationID, inboundStreams: UInt16, outboundStreams: UInt16)
    /// A whole message (reassembled when the stack delivered it in parts).
    case message(SCTPMessage)
    /// Graceful shutdown completed (either side started it). The id is no longer valid.
    case shutdown(SCTPAssociationID)
    /// The association ended otherwise. The id is no longer valid.
    case lost(SCTPAssociationID, SCTPLossReason)
}

/// What happened to a message given to `SCTPTransport.send`.
public enum SCTPSendResult: Hashable, Sendable {
    /// Handed to the stack.
    case sent
    /// Handed to the stack with the other sends of this loop round, when the round ends.
    case batched
    /// Waiting for the association to come up or for the stack to have room.
    case queued
}
