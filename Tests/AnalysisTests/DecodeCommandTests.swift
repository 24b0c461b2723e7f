import Foundation
import TestSupport
import Testing

/// `coregate decode` as a user runs it: output shape, exit codes, and what happens with bad input.
@Suite struct DecodeCommandTests {
    static let capture = "oai-dstest-mini.pcap"

    @Test func jerOutputHasOneLinePerTsharkPDUAndExitsZero() throws {
        let oracle = try Oracle.shared.get().pdus[Self.capture] ?? []
        let r = try BuiltTool.run("coregate", ["decode", "--format", "jer", SharedCaptures.path(Self.capture)])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdoutText.split(separator: "\n")
        #expect(lines.count == oracle.count)
        #expect(r.stderr.contains("\(oracle.count) NGAP-PDUs"), "summary: \(r.stderr)")
        #expect(r.stderr.contains("with trailing bytes"), "the OAI AMF's stray bytes are reported: \(r.stderr)")
    }

    @Test func textOutputNamesProcedureMessageAndNAS() throws {
        let r = try BuiltTool.run("coregate", ["decode", SharedCaptures.path("o5gs-srsgnb-a56-reg.pcap")])
        #expect(r.status == 0)
        let first = try #require(r.stdoutText.split(separator: "\n").first)
        #expect(first.hasPrefix("13  0.000000  127.0.0.1:38550 → 127.0.0.5:38412  [InitialUEMessage] InitialUEMessage  [NAS: Registration request]"), "\(first)")
    }

    @Test func aCutCaptureKeepsEveryEarlierLineAndExitsOne() throws {
        let bytes = try SharedCaptures.bytes(Self.capture)
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-cut-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: cut) }
        try Data(bytes[0..<(bytes.count * 2 / 3)]).write(to: cut)
        let whole = try BuiltTool.run("coregate", ["decode", "--format", "jer", SharedCaptures.path(Self.capture)])
        let r = try BuiltTool.run("coregate", ["decode", "--format", "jer", cut.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("truncatedFile at frame"), "\(r.stderr)")
        let got = r.stdoutText.split(separator: "\n"), all = whole.stdoutText.split(separator: "\n")
        #expect(!got.isEmpty && got.count < all.count)
        #expect(Array(all.prefix(got.count)) == got, "the lines before the cut are those of the whole file")
    }

    @Test("decode shows TS 38.413 §10 diagnostics: a marker on the text line, diagnostics and verdict in JSON")
    func abstractSyntaxDiagnosticsAreShown() throws {
        // o5gs-testsuite-registration.pcapng frame 57 (NGSetupRequest) with its Global RAN Node ID IE cut out.
        let hex = "0015002b0000030052400b0400354720674e422d43550066001000000000010009f107000010080100000015400100"
        let text = try BuiltTool.run("coregate", ["decode", "--hex", hex])
        #expect(text.status == 0)
        #expect(text.stdoutText.hasPrefix(
            "[NGSetup] NGSetupRequest  [§10 rejectProcedure: missing IE 27 id-GlobalRANNodeID (reject) [TS 38.413 §10.3.5]]\n"), "\(text.stdoutText)")
        let jer = try BuiltTool.run("coregate", ["decode", "--format", "jer", "--hex", hex])
        #expect(jer.stdoutText.hasSuffix(#","diagnostics":[{"kind":"missingIE","ie":27,"name":"id-GlobalRANNodeID","criticality":"reject","#
            + #""clause":"TS 38.413 \u00a710.3.5","path":"NGSetupRequest.protocolIEs"}],"verdict":{"handling":"rejectProcedure","#
            + #""answer":"failureMessage","cause":"abstract-syntax-error-reject","clause":"TS 38.413 \u00a710.3.5"}}"# + "\n"), "\(jer.stdoutText)")
        // A capture: the summary counts the PDUs with §10 problems (OAI's AMF misorders IEs, see NGAPValidationTests).
        let capture = try BuiltTool.run("coregate", ["decode", SharedCaptures.path("oai-dstest-ngreset.pcap")])
        #expect(capture.stderr.contains("3 with abstract-syntax errors (TS 38.413 §10)"), "\(capture.stderr)")
    }

    @Test func hexDecodesOnePDUAndAMalformedOneNamesPathAndBit() throws {
        let pdu = try #require(try Oracle.shared.get().pdus[Self.capture]?.first)
        let good = try BuiltTool.run("coregate", ["decode", "--format", "jer", "--hex", pdu.hex])
        #expect(good.status == 0)
        #expect(good.stdoutText == "{\"jer\":" + (pdu.pycrate_jer ?? "") + ",\"nas\":[]}\n")
        let cut = String(pdu.hex.prefix(pdu.hex.count - 8))
        let bad = try BuiltTool.run("coregate", ["decode", "--hex", cut])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error: NGSetupRequest: length 94 octets exceeds"), "\(bad.stderr)")
        #expect(bad.stderr.contains(" at bit "))
    }

    @Test("a PDU whose IE holds octets after its value decodes with a diagnostic, and --strict refuses it")
    func tolerantByDefaultStrictOnRequest() throws {
        // oai-gnbsim frame 62's NGSetupRequest with an octet after the GlobalRANNodeID (FuzzRegressions).
        let hex = "00150029000003001b00090002f859000000040000660010000000a0000002f859000016f000007b0015400100"
        let tolerant = try BuiltTool.run("coregate", ["decode", "--format", "jer", "--hex", hex])
        #expect(tolerant.status == 0, "\(tolerant.stderr)")
        #expect(tolerant.stdoutText.contains("\"diagnostics\":[{\"code\":\"unusedOctets\""), "\(tolerant.stdoutText)")
        let text = try BuiltTool.run("coregate", ["decode", "--hex", hex])
        #expect(text.stdoutText.contains("[tolerated: unusedOctets: NGSetupRequest.protocolIEs[0].value.GlobalRANNodeID: "), "\(text.stdoutText)")
        let strict = try BuiltTool.run("coregate", ["decode", "--strict", "--hex", hex])
        #expect(strict.status == 1)
        #expect(strict.stderr.hasPrefix("error: NGSetupRequest.protocolIEs[0].value.GlobalRANNodeID: the value of the open type ends after 8 of its 9 octets"), "\(strict.stderr)")
    }

    @Test(arguments: [["decode", "--hex", "0g"], ["decode", "/nonexistent/capture.pcap"]])
    func badArgumentsExitTwoWithAnError(arguments: [String]) throws {
        let r = try BuiltTool.run("coregate", arguments)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: "), "\(r.stderr)")
    }

    @Test func aFileThatIsNotACaptureIsAnErrorNotACrash() throws {
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("coregate-junk-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: junk) }
        try Data("this is not a capture\n".utf8).write(to: junk)
        let r = try BuiltTool.run("coregate", ["decode", junk.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("notACapture"), "\(r.stderr)")
    }
}
