import FiveGSecurity
import NAS5GS
import NASSecurity

/// Sending: how each uplink NAS message is protected (TS 24.501 §4.4.5, §4.4.6) and handed to the gNB.
extension UE {
    /// Sends a 5GMM message in CM-CONNECTED: integrity protected and ciphered (security header type 2) once the
    /// network has established secure exchange of NAS messages on this connection, plain before (Identity
    /// Response, Authentication Response or Failure, Security Mode Reject: TS 24.501 §4.4.4.2, §4.4.5).
    mutating func send<M: NASMessageBody>(_ message: M, into actions: inout [UEAction]) {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        if secureExchange, security.current != nil {
            out.append(contentsOf: Self.headerRoom)
            message.nasEncode(into: &out)
            guard protectCurrent(&out, headerType: .integrityProtectedAndCiphered, into: &actions) else { return }
        } else {
            message.nasEncode(into: &out)
        }
        emit(out, setup: nil, into: &actions)
    }

    /// Sends an already encoded plain 5GMM message (a UL NAS Transport kept for retransmission) in CM-CONNECTED.
    mutating func sendEncoded(_ plain: [UInt8], into actions: inout [UEAction]) {
        var out: [UInt8] = []
        out.reserveCapacity(plain.count + NASSecurityHeader.length)
        guard secureExchange, security.current != nil else {
            deviate("noSecureExchange", "TS 24.501 §4.4.4.2", "a 5GSM message cannot be sent before secure exchange of NAS messages", into: &actions)
            return
        }
        out.append(contentsOf: Self.headerRoom)
        out.append(contentsOf: plain)
        guard protectCurrent(&out, headerType: .integrityProtectedAndCiphered, into: &actions) else { return }
        emit(out, setup: nil, into: &actions)
    }

    /// Sends an initial NAS message (Registration Request, Service Request, Deregistration Request) from CM-IDLE
    /// as TS 24.501 §4.4.6 says: without a current context, the cleartext IEs only, plain; with one, the
    /// cleartext IEs and, when the full message has more, a NAS message container holding the full message with
    /// its value ciphered, the whole integrity protected (security header type 1). `full` is nil when the
    /// message has only cleartext IEs.
    mutating func sendInitial(cleartext: [UInt8], full: [UInt8]?, cause: RRCSetup.Cause, into actions: inout [UEAction]) {
        let setup = RRCSetup(cause: cause, fiveGSTMSI: guti.map { FiveGSTMSI(amfSetID: $0.amfSetID, amfPointer: $0.amfPointer, tmsi: $0.tmsi) })
        isConnected = true
        secureExchange = false
        stopTimer(.t3512, into: &actions)
        guard let context = security.current else {
            emit(cleartext, setup: setup, into: &actions)
            return
        }
        var out: [UInt8] = []
        out.reserveCapacity(cleartext.count + (full?.count ?? 0) + 12)
        out.append(contentsOf: Self.headerRoom)
        out.append(contentsOf: cleartext)
        if var value = full {
            if context.cipheringAlgorithm != .nea0, let count = context.nextSendCount {
                let key = context.cipheringKey, bearer = context.bearer
                let failed: SecurityError? = value.withUnsafeMutableBytes { buffer in
                    do throws(SecurityError) {
                        try key.apply(count: count.value, bearer: bearer, direction: .uplink, buffer, bitLength: buffer.count * 8)
                        return nil
                    } catch {
                        return error
                    }
                }
                if let failed {
                    deviate("localSecurityFailure", "TS 24.501 §4.4.6", "ciphering the NAS message container failed: \(failed.message)", into: &actions)
                    return
                }
            }
            // NAS message container (IEI 0x71, TLV-E).
            out.append(0x71)
            out.append(UInt8(truncatingIfNeeded: value.count >> 8))
            out.append(UInt8(truncatingIfNeeded: value.count))
            out.append(contentsOf: value)
        }
        guard protectCurrent(&out, headerType: .integrityProtected, into: &actions) else { return }
        emit(out, setup: setup, into: &actions)
    }

    /// Protects `buffer` (7 octets of room, then the plain message) in place with the current context.
    mutating func protectCurrent(_ buffer: inout [UInt8], headerType: NASSecurityHeaderType, into actions: inout [UEAction]) -> Bool {
        guard var context = security.current else { return false }
        let result: SecurityError? = buffer.withUnsafeMutableBytes { raw in
            do throws(SecurityError) {
                try context.protect(inPlace: raw, headerType: headerType)
                return nil
            } catch {
                return error
            }
        }
        security.current = context
        if let result {
            deviate("localSecurityFailure", "TS 24.501 §4.4.3.5", "the UE cannot protect its message: \(result.message)", into: &actions)
            return false
        }
        return true
    }

    func emit(_ pdu: [UInt8], setup: RRCSetup?, into actions: inout [UEAction]) {
        actions.append(.send(UplinkNAS(ue: index, nasPDU: pdu, setup: setup)))
    }

    static let headerRoom: [UInt8] = [0, 0, 0, 0, 0, 0, 0]

    /// The ngKSI the UE sends: that of its current context, or "no key available".
    var currentNgKSI: NASKeySetIdentifier {
        security.current == nil ? .noKeyAvailable : NASKeySetIdentifier(value: security.currentKSI)
    }

    /// The identity of a Registration Request (TS 24.501 §5.5.1.2.2): the 5G-GUTI when the UE holds one, else a
    /// SUCI.
    mutating func registrationIdentity(into actions: inout [UEAction]) -> MobileIdentity {
        if let guti { return .guti(guti) }
        return makeSUCI(into: &actions)
    }

    /// A SUCI for the SUPI (TS 33.501 §6.12.2, TS 24.501 §9.11.3.4): fresh for each use with an ECIES profile.
    mutating func makeSUCI(into actions: inout [UEAction]) -> MobileIdentity {
        let c = configuration
        switch c.supi {
        case .imsi(let digits):
            let mncLength = c.homePLMN.mnc.count
            let msin = String(digits.dropFirst(3 + mncLength))
            let routing = Self.routingOctets(c.routingIndicator)
            switch c.suciProtection {
            case .null:
                return .suci(NAS5GS.SUCI.null(plmn: c.homePLMN, routingIndicator: c.routingIndicator, msin: msin))
            case .profileA(let key, let id, let source), .profileB(let key, let id, let source):
                do {
                    let input = try FiveGSecurity.SUCI.schemeInput(imsi: digits, mncLength: mncLength)
                    let output = try FiveGSecurity.SUCI.conceal(schemeInput: input, scheme: c.suciProtection.scheme, homeNetworkPublicKey: key,
                                                                ephemeralPrivateKey: ephemeralKey(source))
                    return .suci(NAS5GS.SUCI(firstOctet: 0x01, value: .imsi(NAS5GS.SUCI.IMSIForm(
                        plmn: c.homePLMN, routingIndicator: routing, protectionSchemeOctet: c.suciProtection.scheme.rawValue,
                        homeNetworkPublicKeyID: id, schemeOutput: output[...]))))
                } catch {
                    deviate("suciConcealmentFailed", "TS 33.501 C.3", "\(error.message); the SUCI uses the null scheme", into: &actions)
                    return .suci(NAS5GS.SUCI.null(plmn: c.homePLMN, routingIndicator: c.routingIndicator, msin: msin))
                }
            }
        case .nai(let nai):
            // TS 23.003 §28.7.3: type1.rid<RI>.schid<scheme>.userid<user>@realm (null scheme), or the ECIES fields.
            let at = nai.firstIndex(of: "@") ?? nai.endIndex
            let user = nai[..<at], realm = nai[at...]
            var text = "type1.rid\(c.routingIndicator).schid\(c.suciProtection.scheme.rawValue)."
            switch c.suciProtection {
            case .null:
                text += "userid\(user)"
            case .profileA(let key, let id, let source), .profileB(let key, let id, let source):
                do {
                    let output = try ECIES.conceal(schemeInput: Array(user.utf8), scheme: c.suciProtection.scheme, homeNetworkPublicKey: key,
                                                   ephemeralPrivateKey: ephemeralKey(source))
                    text += "hnkey\(id).\(output.naiText)"
                } catch {
                    deviate("suciConcealmentFailed", "TS 33.501 C.3", "\(error.message); the SUCI uses the null scheme", into: &actions)
                    text = "type1.rid\(c.routingIndicator).schid0.userid\(user)"
                }
            }
            text += realm
            return .suci(NAS5GS.SUCI(firstOctet: 0x11, value: .nai(Array(text.utf8)[...])))
        }
    }

    /// The ephemeral private key of the next SUCI: random, or derived from the seed and the SUCI count.
    mutating func ephemeralKey(_ source: EphemeralKeySource) -> [UInt8]? {
        sucisMade &+= 1
        guard case .derived(let seed) = source else { return nil }
        var counter = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { counter[i] = UInt8(truncatingIfNeeded: sucisMade >> (56 - 8 * UInt64(i))) }
        return KDF.hmacSHA256(key: seed, counter)
    }

    /// Routing indicator digits as the two BCD octets of the SUCI (unused digits 0xF).
    static func routingOctets(_ digits: String) -> (UInt8, UInt8) {
        var o = BCD.octets(digits)
        while o.count < 2 { o.append(0xFF) }
        return (o[0], o[1])
    }
}
