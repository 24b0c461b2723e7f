import Bytes
import ASN1JER
import ASN1PER
import Analysis
import ArgumentParser
import Capture
import NAS5GS
import NGAP
import NGAPValidation

/// `coregate decode CAPTURE` and `coregate decode --hex HEX`: NGAP (and the NAS it carries) from a capture or one PDU.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode the NGAP-PDUs of a pcap/pcapng capture (or one PDU given in hex), with their NAS.",
        discussion: """
            Text: one line per NGAP-PDU (frame, seconds since the first PDU, addresses, procedure, message, NAS).
            --format jer: one JSON object per line, {"frame":N,"index":I,"jer":{...},"nas":[...]}, where jer is \
            the JER (X.697) that pycrate 0.8.1 writes, byte for byte. A summary goes to standard error.
            Every decoded PDU is validated against TS 38.413 §10 (missing, not comprehended, repeated, misordered \
            and erroneously present IEs, unknown procedures): [§10 <handling>: ...] on the text line; in JSON, \
            "diagnostics" objects with kind, ie, criticality and clause, and a "verdict".
            Decoding is tolerant: a CONTAINING value whose contents do not decode is kept as hex and octets an \
            open type's value leaves unused are skipped, each reported ([tolerated: ...] in text, "diagnostics" \
            in JSON); --strict refuses such PDUs instead.
            --gtpu: GTP-U messages (UDP port 2152) too, in frame order: text lines marked [GTP-U], JSON lines \
            {"frame":N,"gtpu":{"type":255,"teid":1,"pduSession":{...},"inner":{...}}}.
            Exit codes: 0 everything decoded; 1 some PDU did not decode or the capture ends badly (everything \
            before is printed); 2 the capture cannot be opened or the hex is not hex.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, jer
    }

    @Argument(help: "A pcap or pcapng file (Ethernet, Linux SLL/SLL2 or raw IP link).")
    var capture: String?

    @Option(help: "Decode this one NGAP-PDU (hexadecimal) instead of a capture.")
    var hex: String?

    @Option(help: "Output: text (one readable line per PDU) or jer (JSON lines).")
    var format: Format = .text

    @Flag(name: .customLong("null-decipher"), help: "Read ciphered NAS as if NEA0 had been used (as tshark's nas-5gs.null_decipher).")
    var nullDecipher = false

    @Flag(name: .customLong("include-retransmissions"), help: "Also decode SCTP retransmissions (tshark skips them).")
    var includeRetransmissions = false

    @Flag(name: .customLong("gtpu"), help: "Also decode the GTP-U messages (UDP port 2152), in frame order.")
    var gtpu = false

    @Option(help: "Threads that decode (default: one per online processor; output order is the capture's either way).")
    var threads: Int?

    @Flag(help: "Refuse a PDU whose CONTAINING contents or open type lengths are wrong, instead of reporting it.")
    var strict = false

    var mode: APERDecodingMode { strict ? .strict : .tolerant }

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        switch (capture, hex) {
        case (nil, nil): throw ValidationError("give a capture file or --hex HEX")
        case (_?, _?): throw ValidationError("give a capture file or --hex HEX, not both")
        default: break
        }
    }

    func run() throws {
        if let hex {
            try decodeOne(hex)
        } else if let capture {
            try decodeCapture(capture)
        }
    }

    var nasOptions: NASJSONOptions { NASJSONOptions(nullDecipher: nullDecipher) }

    func decodeCapture(_ path: String) throws {
        let source: NGAPMessageSource
        do {
            source = try NGAPMessageSource(path: path, includeRetransmissions: includeRetransmissions, includeGTPU: gtpu)
        } catch {
            StandardOutput.error("error: \(error)")
            throw ExitCode(2)
        }
        let render: ParallelCaptureDecoder.Render
        switch format {
        case .jer:
            let lines = DecodeJSONLine(nas: nasOptions)
            render = { m, _, out in lines.write(m, to: &out) }
        case .text:
            let text = DecodeTextLine(nullDecipher: nullDecipher)
            render = { m, origin, out in
                out.appendVerbatim(text.line(m, origin: origin))
                out.appendVerbatim("\n")
            }
        }
        var gtpuUndecodable = 0
        let format = format
        var gtpuText = JSONWriter(reservingCapacity: 512)
        let s = ParallelCaptureDecoder(threads: threads ?? StandardOutput.onlineProcessors, mode: mode).run(
            source, render: render,
            deliver: { batch in StandardOutput.write(batch) },
            diagnostic: { d in StandardOutput.error("\(path): frame \(d.frame): \(d.code): \(d.message)") },
            gtpu: { datagram, origin in
                gtpuText.removeAll()
                let decoded: Bool
                switch format {
                case .jer:
                    decoded = GTPULine.write(datagram, to: &gtpuText)
                case .text:
                    let (line, ok) = GTPULine.text(datagram, origin: origin)
                    gtpuText.appendVerbatim(line)
                    gtpuText.appendVerbatim("\n")
                    decoded = ok
                }
                if !decoded { gtpuUndecodable += 1 }
                StandardOutput.write(gtpuText)
            })
        var summary = "\(path): \(s.frames) frames, \(s.pdus) NGAP-PDUs"
        if gtpu { summary += ", \(source.counts.gtpu) GTP-U messages" }
        if gtpuUndecodable > 0 { summary += ", \(gtpuUndecodable) GTP-U undecodable" }
        if s.undecodable > 0 { summary += ", \(s.undecodable) undecodable" }
        if s.withTrailingBytes > 0 { summary += ", \(s.withTrailingBytes) with trailing bytes" }
        if s.withDiagnostics > 0 { summary += ", \(s.withDiagnostics) decoded tolerantly" }
        if s.withAbstractSyntaxErrors > 0 { summary += ", \(s.withAbstractSyntaxErrors) with abstract-syntax errors (TS 38.413 §10)" }
        if s.retransmissionsSkipped > 0 { summary += ", \(s.retransmissionsSkipped) SCTP retransmissions skipped" }
        if s.diagnostics > 0 { summary += ", \(s.diagnostics) capture diagnostics" }
        StandardOutput.error(summary)
        if let error = source.error {
            StandardOutput.error("error: \(error)")
            throw ExitCode(1)
        }
        if s.undecodable > 0 || gtpuUndecodable > 0 { throw ExitCode(1) }
    }

    func decodeOne(_ hex: String) throws {
        let trimmed = hex.filter { !$0.isWhitespace && $0 != ":" }
        guard let bytes = HexText.decode(trimmed), !bytes.isEmpty else {
            StandardOutput.error("error: --hex: not an even number of hexadecimal digits")
            throw ExitCode(2)
        }
        let pdu: NGAPPDU, trailing: Int, diagnostics: [APERDecodingError]
        do {
            (pdu, trailing, diagnostics) = try NGAPPDU.decode(bytes[...], mode: mode)
        } catch {
            StandardOutput.error("error: \(error)")
            throw ExitCode(1)
        }
        let verdict = NGAPValidator.validate(pdu)
        switch format {
        case .jer:
            var json = JSONWriter(reservingCapacity: 4096)
            json.beginObject()
            DecodeJSONLine(nas: nasOptions).writeMembers(pdu, trailing: bytes[(bytes.count - trailing)...], to: &json)
            DecodeJSONLine.write(diagnostics: diagnostics, verdict: verdict, to: &json)
            json.endObject()
            json.endLine()
            StandardOutput.write(json)
        case .text:
            StandardOutput.line(
                DecodeTextLine.describe(pdu, trailingBytes: trailing, nullDecipher: nullDecipher)
                    + DecodeTextLine.describe(diagnostics) + DecodeTextLine.describe(verdict))
            StandardOutput.line(pdu.jerText)
        }
    }
}
