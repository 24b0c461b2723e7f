import NAS5GS

/// The names of one message for fault matching: its NGAP type and the NAS message it carries.
struct MessageNames {
    var ngap: String
    var nas: NASMessageType?

    func matches(_ m: MessageName) -> Bool {
        switch m.layer {
        case .ngap: return m.name == ngap
        case .nas:
            guard let nas, let spec = nas.name else { return false }
            return NASNames.oneWord(spec) == m.name
        }
    }
}

/// Applies the configured faults: delays, drops, the abort-after-N count; holds delayed sends until their timer.
struct FaultInjector: Sendable {
    let config: FaultConfiguration
    let isEmpty: Bool
    private var dropRandom: CoreRandom
    private var held: [UInt32: CoreAction] = [:]
    private var nextToken: UInt32 = 0

    init(_ config: FaultConfiguration) {
        self.config = config
        isEmpty = config.isEmpty
        dropRandom = CoreRandom(seed: config.drop?.seed ?? 0)
    }

    /// The delay for a message about to be sent, if a `delay` fault names it.
    func delay(for names: MessageNames) -> Duration? {
        config.delays.first { names.matches($0.message) }?.delay
    }

    /// Whether to drop a message the core would send (one draw per matching message).
    mutating func dropSent(_ names: MessageNames) -> Bool {
        guard let d = config.drop, d.direction != .received else { return false }
        return draw(d, names)
    }

    /// Whether to ignore a received message.
    mutating func dropReceived(_ names: MessageNames) -> Bool {
        guard let d = config.drop, d.direction != .sent else { return false }
        return draw(d, names)
    }

    private mutating func draw(_ d: DropFault, _ names: MessageNames) -> Bool {
        guard d.messages.isEmpty || d.messages.contains(where: names.matches) else { return false }
        return dropRandom.unit() < d.probability
    }

    /// Keeps a send until `release(token)`.
    mutating func holdBack(_ action: CoreAction) -> UInt32 {
        nextToken &+= 1
        held[nextToken] = action
        return nextToken
    }

    mutating func release(_ token: UInt32) -> CoreAction? { held.removeValue(forKey: token) }

    /// The cause of a `reject` fault for this IMSI and procedure.
    func rejectCause(imsi: String, _ procedure: RangeReject.Procedure) -> UInt8? {
        config.rejects.first { $0.procedure == procedure && SubscriberStore.inRange(imsi, first: $0.firstIMSI, count: $0.count) }?.cause
    }
}

/// TS 24.501 message names in one word, as test plans write them.
enum NASNames {
    /// "Deregistration request (UE originating de-registration)" → "DeregistrationRequestUEOriginating";
    /// "UL NAS transport" → "ULNASTransport"; "5GMM status" → "5GMMStatus".
    static func oneWord(_ specName: String) -> String {
        var words: [String] = []
        var current = ""
        var text = specName
        if let r = text.firstRange(of: " de-registration)") { text.replaceSubrange(r, with: ")") }
        for c in text {
            if c == " " || c == "-" || c == "(" || c == ")" {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
