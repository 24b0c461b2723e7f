/// The UE Radio Capability a simulated gNB reports by default: the UERadioCapabilityInformation (TS 38.331) of
/// a Samsung Galaxy A56 as a srsRAN gNB sent it to Open5GS in the shared capture `o5gs-srsgnb-a56-reg.pcap`
/// (frame 29, UE Radio Capability Info Indication, IE 117; MIT licence, see the captures' SOURCES.md).
extension GNBConfig {
    public static let cannedUERadioCapability: [UInt8] = {
        let hex = [
        "041668882caf9a0f3b047c0f7b1753082bc32001e0b0080f049c79a44fbea12006361f01f8080d8702cb8f801ef5acc3",
        "41a041ceb82c028b65454090e7d011ec12f18e7cc73e50b0381c3c19ff8000007fe000000b8f805ef5acc341a041ceb8",
        "2c028b65454090e7d011ec12f18e7cc73e50b0381c3c19ff8000007fe000000b8f809ef5acc341a041ceb82c028b6545",
        "4090e7d011ec12f18e7cc73e50b0381c3c19fc0000007f0000000b8f80def5acc341a041ceb82c028b65454090e7d011",
        "ec12f18e7cc73e50b0381c3c19ff8000007fe000000b8f80fef5acc341a041ceb82c028b65454090e7d011ec12f18e7c",
        "c73e50b0381c3c19fc0000007f0000000b8f837ef5acc341a041ceb82c028b65454090e7d011ec12f18e7cc73e50b038",
        "1c3c19fd0000007f4000000b8f84bef5acc341a041ceb82c028b65454090e7d011ec12f18e7cc73e50b0381c3c19c007",
        "60007001d8000b8f84fef5acc341a041ceb82c028b65454090e7d011ec12f18e7cc73e50b0381c3c19c0077c007001df",
        "002b8f851ef5acc341a041ceb82c028b65454090e7d011ec12f18e7cc73e50b0381c3c19c0077c007001df000508006c",
        "a0000a000002e3e20fbd6b30d0681073ae0b00a2d951502439f4047b04bc639f31cf942c0e070f067f6000001fd80000",
        "0ae3e267bd6b30d0681073ae0b00a2d951502439f4047b04bc639f31cf942c0e070f057001df001c0077c00142001b28",
        "0002800002b8f89bef5acc341a041ceb82c028b65454090e7d011ec12f18e7cc73e50b0381c3c15c0077c007001df000",
        "508006ca0000a000000258789a00184d00000489d58389a100004244c800809a2280190142853b67b30e042d9ecc3007",
        "0218c1ec27007c0056006038280381f84c00e000f06000c001f00465a00000e0065a0080000380003953400040000196",
        "40000d2a8a12009001f078000840400801010020000020080089508000102030389808185880c8c0da09293942081400",
        ].joined()
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8 = 0
        for (i, c) in hex.utf8.enumerated() {
            let v = c <= 0x39 ? c &- 0x30 : c &- 0x57
            if i & 1 == 0 { high = v } else { out.append(high << 4 | v) }
        }
        return out
    }()
}
