import Bytes
import Testing

struct HexTests {
    @Test("hex decodes upper and lower case with an optional 0x prefix and encodes lowercase")
    func roundTrip() throws {
        #expect(try Hex.decode("0x00ff1A") == [0x00, 0xff, 0x1a])
        #expect(Hex.encode([0x00, 0xff, 0x1a]) == "00ff1a")
        #expect(try Hex.decode("") == [])
    }

    @Test("odd digit counts and non-hex characters are invalidHex errors naming the problem")
    func invalidHex() {
        #expect { try Hex.decode("abc") } throws: { ($0 as? BytesError)?.code == .invalidHex }
        do {
            _ = try Hex.decode("zz")
            Issue.record("accepted non-hex text")
        } catch {
            #expect(error.code == .invalidHex)
            #expect(error.message.contains("z"))
        }
    }
}

struct ErrorShapeTests {
    @Test("JSON that does not parse is an invalidJSON error with the byte offset in its context")
    func jsonErrorOffset() {
        do {
            _ = try JSONValue(parsing: #"{"a":}"#)
            Issue.record("parsed invalid JSON")
        } catch {
            #expect(error.code == .invalidJSON)
            #expect(error.context.offset == .byte(5))
            #expect(error.description.hasSuffix("at byte 5"))
        }
    }

    @Test("an error context describes frame, path (indexes attached) and offset")
    func contextDescription() {
        let context = ErrorContext(offset: .bit(183), path: ["NGSetupRequest", "protocolIEs", "[2]", "value"], frame: 12)
        #expect(context.describe("size 4 outside 3..3")
            == "frame 12: NGSetupRequest.protocolIEs[2].value: size 4 outside 3..3 at bit 183")
        #expect(ErrorContext().describe("bad") == "bad")
    }
}
