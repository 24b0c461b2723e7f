import Bytes
import Crypto

/// SUPI protection schemes (TS 33.501 Annex C.1, identifiers of TS 24.501 §9.11.3.4).
public struct ProtectionScheme: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Null-scheme: the scheme output is the scheme input (C.2).
    public static let null = Self(rawValue: 0)
    /// ECIES Profile A: X25519, ANSI X9.63 KDF (SHA-256), AES-128-CTR, HMAC-SHA-256/64 (C.3.4.1).
    public static let profileA = Self(rawValue: 1)
    /// ECIES Profile B: P-256 with point compression, otherwise as Profile A (C.3.4.2).
    public static let profileB = Self(rawValue: 2)
    public var description: String {
        switch rawValue {
        case 0: "null-scheme"
        case 1: "Profile A"
        case 2: "Profile B"
        default: "protection scheme \(rawValue)"
        }
    }
}

/// The ECIES scheme output of TS 33.501 C.3.2: ephemeral public key || ciphertext || MAC tag (8 bytes).
public struct ECIESSchemeOutput: Hashable, Sendable {
    /// 32 bytes (Profile A) or 33 bytes, compressed (Profile B).
    public var ephemeralPublicKey: [UInt8]
    public var ciphertext: [UInt8]
    public var macTag: [UInt8]

    public init(ephemeralPublicKey: [UInt8], ciphertext: [UInt8], macTag: [UInt8]) {
        self.ephemeralPublicKey = ephemeralPublicKey
        self.ciphertext = ciphertext
        self.macTag = macTag
    }

    /// Splits a scheme output as carried in the 5GS mobile identity for `scheme`.
    public init(bytes: [UInt8], scheme: ProtectionScheme) throws(SecurityError) {
        let keyLength: Int
        switch scheme {
        case .profileA: keyLength = 32
        case .profileB: keyLength = 33
        default: throw .value("\(scheme) has no ECIES scheme output")
        }
        guard bytes.count >= keyLength + 8 else {
            throw .length("ECIES scheme output", expected: "at least \(keyLength + 8) bytes", got: bytes.count)
        }
        ephemeralPublicKey = Array(bytes[0..<keyLength])
        ciphertext = Array(bytes[keyLength..<(bytes.count - 8)])
        macTag = Array(bytes[(bytes.count - 8)...])
    }

    /// The bytes of the scheme output field.
    public var bytes: [UInt8] { ephemeralPublicKey + ciphertext + macTag }

    /// The NAI-format scheme output of TS 23.003 §28.7.3: `ecckey<KEY>.cip<CIPHERTEXT>.mac<TAG>`,
    /// upper-case hex.
    public var naiText: String {
        "ecckey" + Hex.encode(ephemeralPublicKey).uppercased() + ".cip" + Hex.encode(ciphertext).uppercased()
            + ".mac" + Hex.encode(macTag).uppercased()
    }
}

/// Result of de-concealing a scheme output at the home network (TS 33.501 C.3.3).
public enum ECIESDeconcealOutcome: Hashable, Sendable {
    case schemeInput([UInt8])
    /// The MAC tag did not verify: the SUCI is discarded.
    case macFailure
}

/// The keys ECIES derives from the shared secret: EncKey, ICB and MacKey (C.3.4.1).
public struct ECIESKeys: Hashable, Sendable {
    public var encryptionKey: [UInt8]
    public var initialCounterBlock: [UInt8]
    public var macKey: [UInt8]
}

/// SUCI concealment with ECIES (TS 33.501 Annex C.3), UE side and home network side.
public enum ECIES {
    /// Conceals `schemeInput` for the home network public key (32 bytes for Profile A; 33 or 65
    /// bytes for Profile B). A fresh ephemeral key is made unless `ephemeralPrivateKey` is given
    /// (32 bytes; for test data).
    public static func conceal(schemeInput: [UInt8], scheme: ProtectionScheme, homeNetworkPublicKey: [UInt8],
                               ephemeralPrivateKey: [UInt8]? = nil) throws(SecurityError) -> ECIESSchemeOutput {
        let (ephemeralPublic, shared) = try agree(scheme: scheme, homeNetworkPublicKey: homeNetworkPublicKey, ephemeralPrivateKey: ephemeralPrivateKey)
        let keys = try deriveKeys(sharedSecret: shared, ephemeralPublicKey: ephemeralPublic)
        let ciphertext = try ctr(keys, schemeInput)
        return ECIESSchemeOutput(ephemeralPublicKey: ephemeralPublic, ciphertext: ciphertext, macTag: tag(keys, ciphertext))
    }

    /// De-conceals at the home network with its private key (32 bytes).
    public static func deconceal(_ output: ECIESSchemeOutput, scheme: ProtectionScheme, homeNetworkPrivateKey: [UInt8]) throws(SecurityError) -> ECIESDeconcealOutcome {
        let shared = try sharedSecret(scheme: scheme, privateKey: homeNetworkPrivateKey, peerPublicKey: output.ephemeralPublicKey)
        let keys = try deriveKeys(sharedSecret: shared, ephemeralPublicKey: output.ephemeralPublicKey)
        guard constantTimeEqual(tag(keys, output.ciphertext), output.macTag) else { return .macFailure }
        return .schemeInput(try ctr(keys, output.ciphertext))
    }

    /// The public key (as the scheme transmits it: raw 32 bytes for A, compressed 33 bytes for B) of a private key.
    public static func publicKey(scheme: ProtectionScheme, privateKey: [UInt8]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(privateKey, 32, "ECIES private key")
        do {
            switch scheme {
            case .profileA: return Array(try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: privateKey).publicKey.rawRepresentation)
            case .profileB: return Array(try P256.KeyAgreement.PrivateKey(rawRepresentation: privateKey).publicKey.compressedRepresentation)
            default: throw SecurityError.value("\(scheme) has no key pair")
            }
        } catch let e as SecurityError {
            throw e
        } catch {
            throw .crypto("ECIES private key: \(error)")
        }
    }

    /// The ECDH shared secret Z: X25519 output, or the P-256 x-coordinate.
    public static func sharedSecret(scheme: ProtectionScheme, privateKey: [UInt8], peerPublicKey: [UInt8]) throws(SecurityError) -> [UInt8] {
        try SecurityError.check(privateKey, 32, "ECIES private key")
        do {
            switch scheme {
            case .profileA:
                guard peerPublicKey.count == 32 else { throw SecurityError.length("X25519 public key", expected: 32, got: peerPublicKey.count) }
                let priv = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: privateKey)
                let pub = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: peerPublicKey)
                return try priv.sharedSecretFromKeyAgreement(with: pub).withUnsafeBytes { Array($0) }
            case .profileB:
                let priv = try P256.KeyAgreement.PrivateKey(rawRepresentation: privateKey)
                let pub: P256.KeyAgreement.PublicKey
                switch peerPublicKey.count {
                case 33: pub = try P256.KeyAgreement.PublicKey(compressedRepresentation: peerPublicKey)
                case 65: pub = try P256.KeyAgreement.PublicKey(x963Representation: peerPublicKey)
                default: throw SecurityError.length("P-256 public key", expected: "33 or 65 bytes", got: peerPublicKey.count)
                }
                return try priv.sharedSecretFromKeyAgreement(with: pub).withUnsafeBytes { Array($0) }
            default:
                throw SecurityError.value("\(scheme) is not an ECIES profile")
            }
        } catch let e as SecurityError {
            throw e
        } catch {
            throw .crypto("ECIES key agreement: \(error)")
        }
    }

    /// ANSI X9.63 KDF with SHA-256 (SEC 1 §3.6.1): SHA-256(Z || counter || SharedInfo) blocks,
    /// counter a 32-bit big-endian integer from 1.
    public static func x963KDF(sharedSecret z: [UInt8], sharedInfo: [UInt8], outputByteCount: Int) -> [UInt8] {
        var out = [UInt8]()
        var counter: UInt32 = 1
        while out.count < outputByteCount {
            var h = SHA256()
            h.update(data: z)
            h.update(data: Bytes.be(UInt64(counter), 4))
            h.update(data: sharedInfo)
            out.append(contentsOf: h.finalize())
            counter += 1
        }
        return Array(out.prefix(outputByteCount))
    }

    /// EncKey (16) || ICB (16) || MacKey (32) from the X9.63 KDF with SharedInfo1 = the ephemeral
    /// public key as transmitted (C.3.4.1, C.3.4.2).
    public static func deriveKeys(sharedSecret: [UInt8], ephemeralPublicKey: [UInt8]) throws(SecurityError) -> ECIESKeys {
        let k = x963KDF(sharedSecret: sharedSecret, sharedInfo: ephemeralPublicKey, outputByteCount: 64)
        return ECIESKeys(encryptionKey: Array(k[0..<16]), initialCounterBlock: Array(k[16..<32]), macKey: Array(k[32..<64]))
    }

    static func agree(scheme: ProtectionScheme, homeNetworkPublicKey: [UInt8], ephemeralPrivateKey: [UInt8]?) throws(SecurityError) -> ([UInt8], [UInt8]) {
        let priv: [UInt8]
        switch scheme {
        case .profileA: priv = ephemeralPrivateKey ?? Array(Curve25519.KeyAgreement.PrivateKey().rawRepresentation)
        case .profileB: priv = ephemeralPrivateKey ?? Array(P256.KeyAgreement.PrivateKey().rawRepresentation)
        default: throw .value("\(scheme) is not an ECIES profile")
        }
        let pub = try publicKey(scheme: scheme, privateKey: priv)
        return (pub, try sharedSecret(scheme: scheme, privateKey: priv, peerPublicKey: homeNetworkPublicKey))
    }

    static func ctr(_ keys: ECIESKeys, _ data: [UInt8]) throws(SecurityError) -> [UInt8] {
        let aes = try AES128(key: keys.encryptionKey, "ECIES EncKey")
        let icb = try Block128(keys.initialCounterBlock, "ICB")
        var out = data
        try withMutableBytes(&out) { (buf) throws(SecurityError) in try aes.ctrXOR(counter: icb, buf, count: buf.count) }
        return out
    }

    static func tag(_ keys: ECIESKeys, _ ciphertext: [UInt8]) -> [UInt8] {
        Array(HMACSHA256.mac(key: keys.macKey, ciphertext).prefix(8))
    }
}

/// SUCI scheme inputs and outputs (TS 33.501 §6.12.2, Annex C; TS 24.501 §9.11.3.4).
public enum SUCI {
    /// The scheme input for an IMSI: the MSIN (the digits after MCC and the 2- or 3-digit MNC) in TBCD.
    public static func schemeInput(imsi digits: String, mncLength: Int) throws(SecurityError) -> [UInt8] {
        guard mncLength == 2 || mncLength == 3 else { throw .value("MNC length must be 2 or 3") }
        guard digits.count > 3 + mncLength else { throw .value("IMSI \(digits) has no MSIN") }
        return try TBCD.encode(String(digits.dropFirst(3 + mncLength)))
    }

    /// The scheme input for an NAI: the username part before "@" (TS 33.501 C.3.2, TS 23.003 §28.7.3).
    public static func schemeInput(nai: String) throws(SecurityError) -> [UInt8] {
        guard let at = nai.firstIndex(of: "@") else { throw .value("NAI \(nai) has no realm") }
        return Array(nai[..<at].utf8)
    }

    /// The scheme output for `scheme`: the input itself for the null-scheme, else ECIES's output bytes.
    public static func conceal(schemeInput: [UInt8], scheme: ProtectionScheme, homeNetworkPublicKey: [UInt8] = [],
                               ephemeralPrivateKey: [UInt8]? = nil) throws(SecurityError) -> [UInt8] {
        if scheme == .null { return schemeInput }
        return try ECIES.conceal(schemeInput: schemeInput, scheme: scheme, homeNetworkPublicKey: homeNetworkPublicKey,
                                 ephemeralPrivateKey: ephemeralPrivateKey).bytes
    }

    /// The scheme input recovered from a scheme output at the home network.
    public static func deconceal(schemeOutput: [UInt8], scheme: ProtectionScheme, homeNetworkPrivateKey: [UInt8] = []) throws(SecurityError) -> ECIESDeconcealOutcome {
        if scheme == .null { return .schemeInput(schemeOutput) }
        return try ECIES.deconceal(ECIESSchemeOutput(bytes: schemeOutput, scheme: scheme), scheme: scheme, homeNetworkPrivateKey: homeNetworkPrivateKey)
    }
}
