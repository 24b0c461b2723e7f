import CPcap
import Glibc

/// A capture file read with libpcap (pcap or pcapng, nanosecond timestamps), frame by frame, undecoded.
/// Not thread-safe. `CaptureReader` decodes what it delivers.
public final class CaptureFile {
    private let handle: OpaquePointer
    private let stream: UnsafeMutablePointer<FILE>
    /// Bytes the in-memory stream reads from (nil for a file on disk); freed after libpcap is closed.
    private let memory: UnsafeMutableRawPointer?
    /// The file's name, or `<memory>`.
    public let name: String
    /// libpcap's DLT value for the file's link type.
    public let linkType: Int32
    /// Frames read so far.
    public private(set) var framesRead = 0

    /// One frame as libpcap hands it out. `bytes` stays valid until the next call to `next()`.
    public struct Frame {
        /// 1-based, as tshark counts.
        public var number: Int
        public var timestamp: CaptureTimestamp
        /// The captured bytes (possibly fewer than `originalLength`: snap length).
        public var bytes: UnsafeRawBufferPointer
        public var originalLength: Int
    }

    /// Opens a file. Throws `cannotOpen` (OS error), `truncatedFile` (cut inside its header) or `notACapture`.
    public convenience init(path: String) throws(CaptureError) {
        guard let stream = fopen(path, "rb") else {
            throw CaptureError(.cannotOpen, "\(path): \(String(cString: strerror(errno)))")
        }
        try self.init(stream: stream, memory: nil, name: path)
    }

    /// Reads a capture held in memory (a copy is kept). Throws as `init(path:)`.
    public convenience init(bytes: [UInt8]) throws(CaptureError) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { memory.copyMemory(from: base, byteCount: bytes.count) } }
        guard let stream = fmemopen(memory, bytes.count, "rb") else {
            memory.deallocate()
            throw CaptureError(.cannotOpen, "<memory>: \(String(cString: strerror(errno)))")
        }
        try self.init(stream: stream, memory: memory, name: "<memory>")
    }

    private init(stream: UnsafeMutablePointer<FILE>, memory: UnsafeMutableRawPointer?, name: String) throws(CaptureError) {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        let opened = errbuf.withUnsafeMutableBufferPointer { buffer in
            pcap_fopen_offline_with_tstamp_precision(stream, UInt32(PCAP_TSTAMP_PRECISION_NANO), buffer.baseAddress)
        }
        guard let opened else {
            // libpcap leaves the stream open when it fails.
            let endOfFile = feof(stream) != 0, ioError = ferror(stream) != 0
            fclose(stream)
            memory?.deallocate()
            let text = errbuf.withUnsafeBufferPointer { $0.baseAddress.map { String(cString: $0) } ?? "" }
            if ioError { throw CaptureError(.readFailed, "\(name): \(text)") }
            throw CaptureError(endOfFile ? .truncatedFile : .notACapture, "\(name): \(text)")
        }
        self.handle = opened
        self.stream = stream
        self.memory = memory
        self.name = name
        self.linkType = pcap_datalink(opened)
    }

    deinit {
        pcap_close(handle)  // closes the stream
        memory?.deallocate()
    }

    /// The next frame, nil at the end of the file. Throws `truncatedFile` when the file ends inside a record,
    /// `readFailed` on an I/O error, `corruptFile` when libpcap rejects a record; the error names the frame.
    public func next() throws(CaptureError) -> Frame? {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let status = pcap_next_ex(handle, &header, &data)
        switch status {
        case 1:
            guard let header, let data else {
                throw CaptureError(.corruptFile, frame: framesRead + 1, "\(name): libpcap returned a record without data")
            }
            framesRead += 1
            let h = header.pointee
            let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: Int(h.caplen))
            let ts = CaptureTimestamp(seconds: Int64(h.ts.tv_sec), nanoseconds: Int32(truncatingIfNeeded: h.ts.tv_usec))
            return Frame(number: framesRead, timestamp: ts, bytes: bytes, originalLength: Int(h.len))
        case PCAP_ERROR_BREAK:
            return nil
        default:
            let text = "\(name): \(String(cString: pcap_geterr(handle)))"
            let code: CaptureError.Code = feof(stream) != 0 ? .truncatedFile : ferror(stream) != 0 ? .readFailed : .corruptFile
            throw CaptureError(code, frame: framesRead + 1, text)
        }
    }
}
