/// How strictly IP lengths are checked. Strict (the default) for packets a peer sent; tolerant for captures,
/// where offload and snap lengths make the lengths in headers disagree with the bytes kept.
public struct IPParseOptions: Hashable, Sendable {
    /// A total length (IPv4) or payload length (IPv6) beyond the bytes present is accepted, and the payload
    /// ends with the bytes (the capture kept fewer bytes than the packet had).
    public var allowsCutPayload = false
    /// A total length or payload length of 0 means "up to the end of the bytes" (TCP segmentation offload
    /// captures, IPv6 jumbograms).
    public var allowsZeroLength = false

    @inlinable public init(allowsCutPayload: Bool = false, allowsZeroLength: Bool = false) {
        self.allowsCutPayload = allowsCutPayload
        self.allowsZeroLength = allowsZeroLength
    }

    /// Lengths must match the bytes exactly (bytes after the announced length are ignored).
    public static let strict = IPParseOptions()

    /// Capture analysis: zero lengths accepted; cut payloads accepted when the capture says it cut the frame.
    @inlinable public static func capture(snapLengthCut: Bool) -> IPParseOptions {
        IPParseOptions(allowsCutPayload: snapLengthCut, allowsZeroLength: true)
    }
}

/// Where a fragment's payload goes in the original datagram (RFC 791, RFC 8200 §4.5).
public struct IPFragment: Hashable, Sendable {
    /// IPv4: the 16-bit identification; IPv6: the fragment header's 32-bit identification.
    public var identification: UInt32
    /// Byte offset of this fragment's payload in the original payload (a multiple of 8).
    public var offset: Int
    public var moreFragments: Bool

    @inlinable public init(identification: UInt32, offset: Int, moreFragments: Bool) {
        self.identification = identification
        self.offset = offset
        self.moreFragments = moreFragments
    }
}
