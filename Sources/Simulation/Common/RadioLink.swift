import NAS5GS

/// What a UE hands its gNB with an uplink NAS message: the radio side's stand-in (RRC is not simulated).
///
/// `setup` is non-nil when the UE has no RRC connection (CM-IDLE): the gNB sends the message in an Initial UE
/// Message with these values; nil in CM-CONNECTED, where it goes in an Uplink NAS Transport.
public struct UplinkNAS: Sendable {
    public var ue: UEIndex
    public var nasPDU: [UInt8]
    public var setup: RRCSetup?

    public init(ue: UEIndex, nasPDU: [UInt8], setup: RRCSetup?) {
        self.ue = ue
        self.nasPDU = nasPDU
        self.setup = setup
    }
}

/// The values of an RRC connection setup that reach NGAP (TS 38.413 Initial UE Message).
public struct RRCSetup: Equatable, Sendable {
    /// RRC establishment cause (TS 38.413 9.3.1.111), as the NGAP enumeration names it.
    public enum Cause: String, Hashable, Sendable {
        case emergency, highPriorityAccess, mtAccess, moSignalling, moData, moVoiceCall, moVideoCall, moSMS,
             mpsPriorityAccess, mcsPriorityAccess, notAvailable, moExceptionData
    }

    public var cause: Cause
    /// The 5G-S-TMSI the UE gave (from its 5G-GUTI), when it has one.
    public var fiveGSTMSI: FiveGSTMSI?
    /// Whether the UE asks the gNB to request a UE context (NGAP UE Context Request IE).
    public var ueContextRequested: Bool

    public init(cause: Cause, fiveGSTMSI: FiveGSTMSI? = nil, ueContextRequested: Bool = false) {
        self.cause = cause
        self.fiveGSTMSI = fiveGSTMSI
        self.ueContextRequested = ueContextRequested
    }
}
