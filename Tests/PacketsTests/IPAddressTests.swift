import Packets
import Testing

@Suite struct IPAddressTests {
    @Test func ipv6AddressesPrintAsRFC5952() {
        #expect(IPAddress.v6(high: 0x2001_0db8_0000_0000, low: 0x0000_0000_0000_0001).description == "2001:db8::1")
        #expect(IPAddress.v6(high: 0, low: 1).description == "::1")
        #expect(IPAddress.v6(high: 0x2001_0db8_0000_0001, low: 0x0000_0001_0000_0001).description == "2001:db8:0:1:0:1:0:1")
        #expect(IPAddress.v6(high: 0xfe80_0000_0000_0000, low: 0).description == "fe80::")
        #expect(IPAddress.v4(0x7F00_0001).description == "127.0.0.1")
    }

    @Test(arguments: ["127.0.0.1", "0.0.0.0", "255.255.255.255", "10.45.0.2", "::1", "::", "2001:db8::1", "fe80::",
                      "2001:db8:0:1:0:1:0:1", "2001:db8:85a3::8a2e:370:7334", "ff02::1:ff00:1"])
    func textParsesAndPrintsBackUnchanged(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == text)
    }

    @Test func ipv6TextWithAnIPv4TailAndUpperCaseParses() {
        #expect(IPAddress("::ffff:10.0.0.1") == .v6(high: 0, low: 0x0000_FFFF_0A00_0001))
        #expect(IPAddress("2001:DB8::A") == .v6(high: 0x2001_0DB8_0000_0000, low: 0xA))
        #expect(IPAddress("1:2:3:4:5:6:7:8") == .v6(high: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0008))
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", ":::", "1::2::3", "12345::",
                      "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "g::1", "::1.2.3", "1.2.3.4:"])
    func malformedTextIsRejected(_ text: String) {
        #expect(IPAddress(text) == nil)
    }
}
