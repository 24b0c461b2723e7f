/// A failure that ends reading a capture: the file cannot be opened, its link type is not supported, or it
/// is cut or corrupt past some frame. Frames read before the failure stay delivered.
public struct CaptureError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. A struct, not an enum, so new codes do not break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The file does not exist or libpcap cannot open it (not a pcap/pcapng file, header cut).
        public static let cannotOpen = Code("cannotOpen")
        /// The link-layer type is not one this reader decodes.
        public static let unsupportedLinkType = Code("unsupportedLinkType")
        /// The file ends inside a record: every complete frame before it was read.
        public static let truncatedFile = Code("truncatedFile")
        /// libpcap reports a record it cannot read (bad record length, bad block), or another read error.
        public static let corruptFile = Code("corruptFile")
    }

    public let code: Code
    /// The 1-based frame number the error is about (the frame that could not be read), if any.
    public let frame: Int?
    public let message: String

    @inline(never)
    init(_ code: Code, frame: Int? = nil, _ message: String) {
        self.code = code
        self.frame = frame
        self.message = message
    }

    public var description: String {
        if let frame { return "\(code) at frame \(frame): \(message)" }
        return "\(code): \(message)"
    }
}
