import Bytes
import ASN1JER
import ASN1PER
import Capture
import NGAPValidation
import Dispatch

/// Decodes the NGAP messages of a capture on several threads and renders each one as text (a JSON
/// line, a readable line), handing the text back in capture order.
///
/// The calling thread reads the capture and cuts it into batches; worker threads decode and render
/// whole batches into their own buffers; the calling thread delivers each batch's text as soon as it
/// and every batch before it are done. With one thread everything happens on the calling thread.
/// A batch ends early at a capture diagnostic or a GTP-U datagram (`coregate decode --gtpu`), which is
/// delivered right after the batch's text, so both keep their place among the messages.
public struct ParallelCaptureDecoder: Sendable {
    /// Renders one decoded message into the batch's text. `origin` is the time of the capture's first
    /// NGAP message (readable lines give times relative to it).
    public typealias Render = @Sendable (_ message: DecodedNGAPMessage, _ origin: CaptureTimestamp, _ text: inout JSONWriter) -> Void

    /// Threads that decode (1: all on the calling thread).
    public var threads: Int
    /// Messages per batch.
    public var batchSize: Int
    /// How PDUs are decoded (tolerantly by default, as capture analysis does).
    public var mode: APERDecodingMode

    public init(threads: Int, batchSize: Int = 256, mode: APERDecodingMode = .tolerant) {
        self.threads = max(1, threads)
        self.batchSize = max(1, batchSize)
        self.mode = mode
    }

    /// Reads `source` to its end (or its error, see `source.error`) and returns the counts.
    /// `deliver` gets each batch's text and `diagnostic` each capture diagnostic, in capture order,
    /// on the calling thread.
    public func run(
        _ source: NGAPMessageSource,
        render: @escaping Render,
        deliver: (borrowing JSONWriter) -> Void,
        diagnostic: (CaptureDiagnostic) -> Void,
        gtpu: (UDPDatagram, CaptureTimestamp) -> Void = { _, _ in }
    ) -> NGAPCaptureDecoder.Statistics {
        let depth = threads == 1 ? 1 : threads &* 2
        let slots = (0..<depth).map { _ in Batch(capacity: batchSize, mode: mode) }
        var statistics = NGAPCaptureDecoder.Statistics()
        var oldest = 0
        var inFlight = 0

        func finishOldest() {
            let slot = slots[oldest]
            slot.done.wait()
            statistics.add(slot.statistics)
            deliver(slot.text)
            switch slot.after {
            case .diagnostic(let d)?: diagnostic(d)
            case .gtpu(let u)?: gtpu(u, source.firstTimestamp ?? u.timestamp)
            default: break
            }
            oldest = (oldest &+ 1) % depth
            inFlight &-= 1
        }

        while true {
            if inFlight == depth { finishOldest() }
            let slot = slots[(oldest &+ inFlight) % depth]
            guard slot.fill(from: source, batchSize: batchSize) else { break }
            let origin = source.firstTimestamp ?? CaptureTimestamp(seconds: 0, nanoseconds: 0)
            inFlight &+= 1
            if threads == 1 {
                slot.decode(origin: origin, render: render)
                finishOldest()
            } else {
                DispatchQueue.global().async { slot.decode(origin: origin, render: render) }
            }
        }
        while inFlight > 0 { finishOldest() }
        statistics.take(source.counts)
        return statistics
    }
}

/// One batch of messages and, once decoded, its text. Handed between the reading thread and one worker
/// at a time; `done` orders the handover.
private final class Batch: @unchecked Sendable {
    var messages: [(SCTPMessage, Int)] = []
    /// A diagnostic or GTP-U datagram that ended the batch, delivered after its text.
    var after: NGAPMessageSource.Event?
    var text: JSONWriter
    var statistics = NGAPCaptureDecoder.Statistics()
    let done = DispatchSemaphore(value: 0)
    let mode: APERDecodingMode
    /// Validates this batch's PDUs (one per batch: batches are decoded one thread at a time).
    var validator = NGAPValidator(mode: .strict)

    init(capacity: Int, mode: APERDecodingMode) {
        self.mode = mode
        messages.reserveCapacity(capacity)
        text = JSONWriter(reservingCapacity: capacity &* 1024)
    }

    /// Reads up to `batchSize` messages, stopping after a diagnostic or GTP-U datagram; false when
    /// nothing was read.
    func fill(from source: NGAPMessageSource, batchSize: Int) -> Bool {
        messages.removeAll(keepingCapacity: true)
        after = nil
        while messages.count < batchSize, let event = source.next() {
            switch event {
            case .message(let m, let index):
                messages.append((m, index))
            case .diagnostic, .gtpu:
                after = event
                return true
            }
        }
        return !messages.isEmpty
    }

    func decode(origin: CaptureTimestamp, render: ParallelCaptureDecoder.Render) {
        text.removeAll()
        statistics = NGAPCaptureDecoder.Statistics()
        for (m, index) in messages {
            let decoded = DecodedNGAPMessage(decoding: m, index: index, mode: mode, validator: &validator)
            statistics.count(decoded)
            render(decoded, origin, &text)
        }
        done.signal()
    }
}

extension NGAPCaptureDecoder.Statistics {
    /// Adds the per-message counts of `other` (PDUs, undecodable, trailing bytes, diagnostics).
    mutating func add(_ other: Self) {
        pdus += other.pdus
        undecodable += other.undecodable
        withTrailingBytes += other.withTrailingBytes
        withDiagnostics += other.withDiagnostics
        withAbstractSyntaxErrors += other.withAbstractSyntaxErrors
    }
}
