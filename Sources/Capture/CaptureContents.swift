/// Everything a capture holds, read in one go (tests, small files, `coregate decode`).
public struct CaptureContents: Sendable {
    public var linkLayer: LinkLayer
    public var frameCount = 0
    public var messages: [SCTPMessage] = []
    public var udpDatagrams: [UDPDatagram] = []
    public var diagnostics: [CaptureDiagnostic] = []
    /// Why reading stopped before the end of the file, if it did; everything before it is above.
    public var error: CaptureError?

    init(linkLayer: LinkLayer) { self.linkLayer = linkLayer }
}

extension CaptureReader {
    /// Reads the whole file. Throws only when it cannot be opened; a cut or corrupt file ends in `error`.
    public static func readAll(path: String, options: CaptureOptions = CaptureOptions()) throws(CaptureError) -> CaptureContents {
        try readAll(CaptureReader(path: path, options: options))
    }

    /// Reads a whole capture held in memory, as `readAll(path:)`.
    public static func readAll(bytes: [UInt8], options: CaptureOptions = CaptureOptions()) throws(CaptureError) -> CaptureContents {
        try readAll(CaptureReader(bytes: bytes, options: options))
    }

    static func readAll(_ reader: CaptureReader) -> CaptureContents {
        var contents = CaptureContents(linkLayer: reader.linkLayer)
        do {
            while let event = try reader.next() {
                switch event {
                case .sctpMessage(let message): contents.messages.append(message)
                case .udp(let datagram): contents.udpDatagrams.append(datagram)
                case .diagnostic(let diagnostic): contents.diagnostics.append(diagnostic)
                }
            }
        } catch {
            contents.error = error
        }
        contents.frameCount = reader.framesRead
        return contents
    }
}
