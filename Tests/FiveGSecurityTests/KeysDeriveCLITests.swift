import Foundation
import Testing
@testable import FiveGSecurity

/// Runs the built `coregate` binary (next to the test bundle in the build folder) and checks
/// `keys derive` against the computed chains of kdf_5g.json.
/// The test bundle's build folder holds no `coregate` executable.
struct MissingBinary: Error, CustomStringConvertible {
    var description: String { "coregate not built next to the test bundle" }
}

@Suite("coregate keys derive (CLI)")
struct KeysDeriveCLITests {
    static var binary: URL? {
        let dir = Bundle.module.bundleURL.deletingLastPathComponent()
        let url = dir.appendingPathComponent("coregate")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        guard let url = binary else { throw MissingBinary() }
        p.executableURL = url
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static let chains = KeyHierarchyTests.vectors.filter { $0.id.hasPrefix("chain-") }

    @Test("prints one JSON line whose fields equal the kdf_5g.json chain", arguments: chains)
    func chain(_ v: KDFVector) throws {
        let i = try #require(v.inputs), o = try #require(v.outputs)
        let supi = i.supi_p0_text.contains("@") ? "nai-" + i.supi_p0_text : "imsi-" + i.supi_p0_text
        let r = try Self.run(["keys", "derive", "--k", i.k, "--op", i.op, "--rand", i.rand, "--sqn", i.sqn, "--amf", i.amf,
                              "--supi", supi, "--snn", i.serving_network_name, "--abba", i.abba,
                              "--ul-count", String(Bytes.uint(hex(i.uplink_nas_count)))])
        #expect(r.status == 0, "stderr: \(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: String])
        #expect(Array(json.keys).sorted() == ["ak", "ak_star", "autn", "ck", "hres_star", "ik", "kamf", "kausf", "kgnb",
            "knas_enc_nea1", "knas_enc_nea2", "knas_enc_nea3", "knas_int_nia1", "knas_int_nia2", "knas_int_nia3",
            "kseaf", "mac_a", "mac_s", "opc", "res", "res_star"])
        #expect(json["autn"] == i.autn)
        #expect(json["res"] == i.res)
        #expect(json["kausf"] == o["k_ausf"]?.value)
        #expect(json["res_star"] == o["res_star"]?.value_128_lsb)
        #expect(json["hres_star"] == o["hres_star"]?.value_128_lsb)
        #expect(json["kseaf"] == o["k_seaf"]?.value)
        #expect(json["kamf"] == o["k_amf"]?.value)
        #expect(json["kgnb"] == o["k_gnb"]?.value)
        for n in 1...3 {
            #expect(json["knas_int_nia\(n)"] == o["k_nas_int_128_nia\(n)"]?.key_128_lsb)
            #expect(json["knas_enc_nea\(n)"] == o["k_nas_enc_128_nea\(n)"]?.key_128_lsb)
        }
    }

    @Test("bad hex and wrong lengths exit with code 2 and a one-line error naming the option",
          arguments: [("--k", "1234"), ("--opc", "xyz"), ("--rand", "00"), ("--sqn", "0011"), ("--amf", "123"), ("--abba", "00")])
    func badValues(_ option: String, _ value: String) throws {
        var args: [String: String] = ["--k": String(repeating: "0", count: 32), "--opc": String(repeating: "1", count: 32),
                                      "--rand": String(repeating: "2", count: 32), "--sqn": "000000000001", "--amf": "8000",
                                      "--supi": "imsi-001010000000001", "--snn": "5G:mnc001.mcc001.3gppnetwork.org"]
        args[option] = value
        let r = try Self.run(["keys", "derive"] + args.flatMap { [$0.key, $0.value] })
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.split(separator: "\n").count == 1)
        #expect(r.err.contains(option))
    }
}
