import FiveGSecurity
import NAS5GS

// MARK: Receive

extension NASSecurityContext {
    /// The COUNT the receiver assumes for a received sequence number (TS 24.501 §4.4.3.1); nil when the
    /// context has accepted its last COUNT or the estimate would pass the maximum.
    public func estimatedReceiveCount(sequenceNumber sqn: UInt8) -> NASCount? {
        nextReceiveCount?.estimate(sequenceNumber: sqn)
    }

    /// Checks a received NAS message in its buffer: reads the security header, verifies the MAC with the
    /// estimated COUNT, rejects replays, and deciphers the message in place. On `.verified` the receive
    /// COUNT has advanced and the plain message is `pdu` after its first 7 octets. Expected protocol
    /// situations are outcomes; it throws only if the cryptographic library fails.
    public mutating func unprotect(_ pdu: UnsafeMutableRawBufferPointer) throws(SecurityError) -> NASUnprotectOutcome {
        let header: NASSecurityHeader
        do {
            guard let h = try NASSecurityHeader.read(UnsafeRawBufferPointer(pdu)) else { return .notProtected }
            header = h
        } catch {
            return .failed(.malformedHeader(error))
        }
        guard let count = estimatedReceiveCount(sequenceNumber: header.sequenceNumber) else { return .failed(.countExhausted) }
        let direction = receiveDirection
        let macInput = UnsafeRawBufferPointer(rebasing: pdu[6...])
        if integrityKey.algorithm != .nia0 {
            let expected = try integrityKey.mac(count: count.value, bearer: bearer, direction: direction, macInput, bitLength: macInput.count * 8)
            if expected != header.mac {
                // Not the estimate: does the MAC verify with the COUNT 256 below it, an already used one?
                if count.value >= 0x100 {
                    let older = NASCount(value: count.value &- 0x100)
                    let mac = try integrityKey.mac(count: older.value, bearer: bearer, direction: direction, macInput, bitLength: macInput.count * 8)
                    if mac == header.mac { return .failed(.replayed(count: older)) }
                }
                return .failed(.macMismatch(count: count, received: header.mac, expected: expected))
            }
        }
        let messageLength = pdu.count - NASSecurityHeader.length
        if header.headerType.isCiphered && messageLength > 0 {
            try cipheringKey.apply(count: count.value, bearer: bearer, direction: direction,
                                   UnsafeMutableRawBufferPointer(rebasing: pdu[NASSecurityHeader.length...]), bitLength: messageLength * 8)
        }
        receiveValue = count.value &+ 1
        return .verified(NASVerifiedHeader(header: header, count: count))
    }

    /// `unprotect` over an array, in place (no copy).
    public mutating func unprotect(_ pdu: inout [UInt8]) throws(SecurityError) -> NASUnprotectOutcome {
        let r: Result<NASUnprotectOutcome, SecurityError> = pdu.withUnsafeMutableBytes { buffer in
            Result { () throws(SecurityError) -> NASUnprotectOutcome in try self.unprotect(buffer) }
        }
        return try r.get()
    }

    /// This message arrived: verify, decipher, decode. `pdu` is deciphered in place and the decoded message
    /// shares its storage. Expected protocol situations (not protected, integrity failure, replay,
    /// undecodable content) are outcomes; it throws only if the cryptographic library fails.
    public mutating func receive(_ pdu: inout [UInt8], options: NASDecodingOptions = .strict) throws(SecurityError) -> NASReceiveOutcome {
        switch try unprotect(&pdu) {
        case .failed(let failure):
            return .integrityFailed(failure)
        case .notProtected:
            do {
                return .notProtected(try NASMessage(nasEncoded: pdu[...], options: options))
            } catch {
                return .undecodable(error, verified: nil)
            }
        case .verified(let verified):
            do {
                return .integrityOK(try NASMessage(nasEncoded: pdu[NASSecurityHeader.length...], options: options), verified)
            } catch {
                return .undecodable(error.within("Security protected NAS message", offset: NASSecurityHeader.length), verified: verified)
            }
        }
    }

    /// `receive` of a copy of `pdu`.
    public mutating func receive(_ pdu: [UInt8], options: NASDecodingOptions = .strict) throws(SecurityError) -> NASReceiveOutcome {
        var copy = pdu
        return try receive(&copy, options: options)
    }
}
