import Testing
@testable import TestPlan

@Suite("Values")
struct ValueParsingTests {
    @Test("durations: number-unit pairs", arguments: [
        ("500ms", Duration.milliseconds(500)), ("10s", .seconds(10)), ("1m30s", .seconds(90)), ("1.5h", .seconds(5400)),
        ("250us", .microseconds(250)), ("0s", .zero), ("2m0.5s", .milliseconds(120_500)),
    ])
    func durations(text: String, value: Duration) throws {
        #expect(try DurationText.parse(text).get() == value)
        #expect(try DurationText.parse(DurationText.format(value)).get() == value)
    }

    @Test("bad durations say why and where", arguments: [
        ("10x", 2), ("10", 2), ("", 0), ("1.s", 0), ("ms", 0), ("5 s", 1), ("1m30", 4), ("-1s", 0),
    ])
    func badDurations(text: String, offset: Int) {
        guard case .failure(let f) = DurationText.parse(text) else { Issue.record("\(text) parsed"); return }
        #expect(f.offset == offset, "\(text): \(f.reason)")
    }

    @Test("rates and percentages")
    func ratesAndPercentages() throws {
        #expect(try Rate.parse("100/s").get().perSecond == 100)
        #expect(try Rate.parse("6000/m").get().perSecond == 100)
        #expect(try Rate.parse("36000/h").get().perSecond == 10)
        #expect(try Rate.parse("0.5/s").get().perSecond == 0.5)
        for bad in ["10x", "10/x", "-5/s", "/s", "1e3/s", "10 /s"] { #expect(throws: QuantityParseFailure.self) { try Rate.parse(bad).get() } }
        #expect(try Percentage.parse("99.9%").get().percent == 99.9)
        #expect(try Percentage.parse("100%").get().percent == 100)
        for bad in ["99.9", "101%", "-1%", "%", "1e2%"] { #expect(throws: QuantityParseFailure.self) { try Percentage.parse(bad).get() } }
    }

    @Test("plain scalars are typed as the YAML 1.2 core schema types them (what check-jsonschema sees)", arguments: [
        ("01", PlanNode.Value.int(1)), ("0755", .int(755)), ("0o17", .int(15)), ("0x1F", .int(31)), ("1_000", .int(1000)),
        ("0b101", .int(5)), ("+1", .int(1)), ("yes", .string("yes")), ("on", .string("on")), ("True", .bool(true)),
        ("tRue", .string("tRue")), ("~", .null), ("", .null), ("Null", .null), ("1e3", .float(1000)), ("1.", .float(1)),
        (".5", .float(0.5)), ("10s", .string("10s")), ("_12", .string("_12")), ("000000000000", .int(0)),
        ("0011223344556677889900aabbccddee", .string("0011223344556677889900aabbccddee")), ("1:30", .string("1:30")),
        ("1_0.5", .float(10.5)), ("-.5e-3", .float(-0.0005)), (".5e3", .string(".5e3")), ("1e", .string("1e")), (".", .string(".")),
        ("-", .string("-")), ("1.5.2", .string("1.5.2")), ("1E+3", .float(1000)), ("+.inf", .float(.infinity)),
    ])
    func scalars(text: String, value: PlanNode.Value) {
        #expect(ScalarResolver.resolve(plain: text) == value)
    }

    @Test("quoted scalars stay strings; block and flow collections keep positions")
    func documentPositions() throws {
        let root = try YAMLDocumentReader.read("a: '001'\nb:\n  - x: 1\n    y: \"2\"\nc: {d: 8000}\n", file: "f.yaml").get()
        #expect(root["a"]?.value == .string("001"))
        #expect(root["a"]?.style == .quotedVerbatim)
        let item = try #require(root["b"]?.items?.first)
        #expect(item.position == SourcePosition(file: "f.yaml", line: 3, column: 5))
        #expect(item["y"]?.value == .string("2"))
        #expect(root["c"]?["d"]?.position == SourcePosition(file: "f.yaml", line: 5, column: 8))
        #expect(root.entries?.map(\.keyPosition.line) == [1, 2, 5])
    }

    @Test("merge keys copy a mapping's entries under the keys written beside them")
    func mergeKeys() throws {
        let root = try YAMLDocumentReader.read("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n", file: "f.yaml").get()
        #expect(root["use"]?.entries?.map(\.key) == ["y", "x"])
        #expect(root["use"]?["y"]?.value == .int(3))
        #expect(root["use"]?["x"]?.value == .int(1))
    }

    @Test("addresses and endpoints")
    func addresses() throws {
        #expect(IPAddress("10.0.0.255")?.advanced(by: 1)?.description == "10.0.1.0")
        #expect(IPAddress("255.255.255.255")?.advanced(by: 1) == nil)
        #expect(IPAddress("fd00::ffff:ffff:ffff:ffff")?.advanced(by: 1)?.description == "fd00:0:0:1::")
        #expect(IPAddress("10.0.0.300") == nil)
        #expect(try Endpoint.parse("10.0.0.1", defaultPort: 38412).get().description == "10.0.0.1:38412")
        #expect(try Endpoint.parse("[fd00::1]:9", defaultPort: 38412).get().description == "[fd00::1]:9")
        #expect(try Endpoint.parse("fd00::1", defaultPort: 2152).get().description == "[fd00::1]:2152")
        #expect(try Endpoint.parse("amf.lab:38413", defaultPort: 38412).get().host == .name("amf.lab"))
        for bad in ["10.0.0.1:0", "10.0.0.1:99999", "[fd00::1", "[10.0.0.1]:1", "bad_host", "1.2.3"] {
            #expect(throws: QuantityParseFailure.self, "\(bad)") { try Endpoint.parse(bad, defaultPort: 1).get() }
        }
    }

    @Test("JER paths: names, indexes, any element, element by member")
    func jerPaths() throws {
        let p = try JERPath.parse("initiatingMessage.value.protocolIEs[id=85].value[0][*]").get()
        #expect(p.components == [.member("initiatingMessage"), .member("value"), .member("protocolIEs"),
                                 .element(key: "id", value: "85"), .member("value"), .index(0), .anyElement])
        for bad in ["", "a..b", "a.", "[0]x", "a[", "a[-1]", "a[b=]", "a b"] {
            #expect(throws: QuantityParseFailure.self, "\(bad)") { try JERPath.parse(bad).get() }
        }
    }

    @Test("PLMN encoding follows TS 24.008 §10.5.1.13; gNB cell identities put the gNB id first")
    func plmnAndCells() {
        #expect(PLMN(mcc: "001", mnc: "01").encoded == [0x00, 0xF1, 0x10])
        #expect(PLMN(mcc: "310", mnc: "410").encoded == [0x13, 0x00, 0x14])
        let gnb = RANConfiguration(groups: [GNBGroup(id: 0x19B, idLength: 22, count: 2, n2Address: IPAddress("127.0.0.10"), position: .override("x"))]).gnbs
        #expect(gnb.map(\.name) == ["gnb-0", "gnb-1"])
        #expect(gnb[1].id == 0x19C && gnb[1].n2Address?.description == "127.0.0.11")
        #expect(gnb[0].nrCellIdentity(cell: 1) == 0x19B << 14 | 1)
    }
}
