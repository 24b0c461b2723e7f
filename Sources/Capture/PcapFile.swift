import CPcap

/// A capture file opened with libpcap (pcap or pcapng, nanosecond timestamps). Not thread-safe.
final class PcapFile {
    private let handle: OpaquePointer
    /// libpcap's DLT value for the file's link type.
    let linkType: Int32

    /// One record as libpcap hands it out: valid until the next call to `next()`.
    struct Record {
        var bytes: UnsafeRawBufferPointer
        var originalLength: Int
        var timestamp: CaptureTimestamp
    }

    init(path: String) throws(CaptureError) {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        let opened = errbuf.withUnsafeMutableBufferPointer { buffer in
            pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), buffer.baseAddress)
        }
        guard let opened else {
            let text = errbuf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw CaptureError(.cannotOpen, text.contains(path) ? text : "\(path): \(text)")
        }
        handle = opened
        linkType = pcap_datalink(opened)
    }

    deinit { pcap_close(handle) }

    enum Next {
        case record(Record)
        case end
        case failure(String)
    }

    /// The next record, the end of the file, or libpcap's error text (a cut or corrupt record).
    func next() -> Next {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let status = pcap_next_ex(handle, &header, &data)
        switch status {
        case 1:
            guard let header, let data else { return .failure("libpcap returned a record without data") }
            let h = header.pointee
            let length = Int(h.caplen)
            let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: length)
            let ts = CaptureTimestamp(seconds: Int64(h.ts.tv_sec), nanoseconds: Int32(truncatingIfNeeded: h.ts.tv_usec))
            return .record(Record(bytes: bytes, originalLength: Int(h.len), timestamp: ts))
        case PCAP_ERROR_BREAK:
            return .end
        default:
            return .failure(String(cString: pcap_geterr(handle)))
        }
    }
}
