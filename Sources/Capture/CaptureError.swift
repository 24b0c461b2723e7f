import Bytes

/// A failure that ends reading or writing a capture: the file cannot be opened, is not a capture, has a
/// link type the reader does not decode, or is cut or corrupt past some frame (`context.frame`). Frames
/// read before the failure stay delivered. Codes come from the state of the file (the OS error, whether
/// libpcap reached the end of the file), never from the wording of libpcap's messages, which are kept in
/// `message`.
public struct CaptureError: CoreGateError, Hashable {
    /// What went wrong; an open set.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The operating system cannot open the file (missing, not readable or writable); its error is in
        /// the message.
        public static let cannotOpen = Code(rawValue: "cannotOpen")
        /// The file opens but libpcap does not read it as pcap or pcapng (unknown magic number or version,
        /// a section header it rejects).
        public static let notACapture = Code(rawValue: "notACapture")
        /// The link-layer type is not one this reader decodes.
        public static let unsupportedLinkType = Code(rawValue: "unsupportedLinkType")
        /// The file ends inside its header or inside a record: every complete frame before it was read.
        public static let truncatedFile = Code(rawValue: "truncatedFile")
        /// libpcap rejects a record before the end of the file (bad record or block length, bad block).
        public static let corruptFile = Code(rawValue: "corruptFile")
        /// Reading failed with an I/O error of the operating system.
        public static let readFailed = Code(rawValue: "readFailed")
        /// Writing a capture failed (disk full, closed file); the OS error is in the message.
        public static let writeFailed = Code(rawValue: "writeFailed")
        /// A frame or interface given to the writer that pcapng cannot hold (unknown interface, a frame
        /// over 4 GiB).
        public static let invalidFrame = Code(rawValue: "invalidFrame")
    }

    public var code: Code
    public var message: String
    /// `frame`: the 1-based frame the error is about (the frame that could not be read), if any.
    public var context: ErrorContext

    /// The 1-based frame number the error is about, if any.
    public var frame: Int? { context.frame }

    /// `truncatedFile at frame 217: capture.pcap: …`: the code first, so that logs can be searched by it.
    public var description: String {
        if let frame { return "\(code) at frame \(frame): \(message)" }
        return "\(code): \(message)"
    }

    @inline(never)
    public init(_ code: Code, frame: Int? = nil, _ message: String) {
        self.code = code
        self.message = message
        self.context = ErrorContext(frame: frame)
    }
}
