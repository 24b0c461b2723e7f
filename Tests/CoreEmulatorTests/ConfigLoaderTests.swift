import CoreEmulator
import FiveGSecurity
import Foundation
import Testing
import TestPlan

/// The folder of the example configurations.
let configsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Configs").path

func invalidConfigs() -> [String] {
    let dir = configsDirectory + "/invalid"
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted().map { dir + "/" + $0 }
}

/// Runs check-jsonschema (the shared .venv) on a file against docs/core.schema.json; whether it validates.
func schemaAccepts(_ path: String) throws -> Bool {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let p = Process()
    p.executableURL = root.appendingPathComponent(".venv/bin/check-jsonschema")
    p.arguments = ["--schemafile", root.appendingPathComponent("docs/core.schema.json").path, path]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus == 0
}

@Suite("Core configuration: YAML loader, defaults, file:line:column errors, agreement with docs/core.schema.json")
struct ConfigLoaderTests {
    @Test("the issue's minimal shape loads with every default applied")
    func minimal() throws {
        let c = try CoreConfigLoader.load(contentsOf: configsDirectory + "/core-minimal.yaml")
        #expect(c.plmn == CorePLMN(mcc: "001", mnc: "01"))
        #expect(c.amf.address == "127.0.0.4")
        #expect(c.amf.tacs == [1])
        #expect(c.upf.dnAddress == IPAddress("10.60.0.1"))
        #expect(c.dnns.map(\.name) == ["internet"])
        #expect(c.dnns.first?.ipv4Pool == DNNConfiguration.IPv4Pool(network: IPv4Address("10.60.0.0")!, length: 16))
        #expect(c.subscribers.count == 1)
        #expect(c.subscribers.first?.count == 40)
        #expect(c.subscribers.first?.firstIMSI == "001010000000001")
        #expect(c.security.integrity == [.nia2, .nia1, .nia3])
    }

    @Test("every section of the full example is read")
    func full() throws {
        let c = try CoreConfigLoader.load(contentsOf: configsDirectory + "/core-full.yaml")
        #expect(c.amf.slices == [CoreSNSSAI(sst: 1), CoreSNSSAI(sst: 1, sd: 1)])
        #expect(c.subscribers.first?.operatorKey == .op([0xCD, 0xC2, 0x02, 0xD5, 0x12, 0x3E, 0x20, 0xF6, 0x2B, 0x6D, 0x67, 0x6A, 0xC7, 0x2C, 0xB3, 0x18]))
        #expect(c.subscribers.first?.dnns == ["internet", "ims"])
        #expect(c.security.integrity == [.nia2, .nia1])
        #expect(c.security.ciphering == [.nea2, .nea0])
        #expect(c.security.requestIMEISV)
        #expect(c.security.unknownSubscriberCause == 7)
        #expect(c.security.homeNetworkKeys.first?.scheme == .profileA)
        #expect(c.timers.t3512 == .seconds(3240))
        #expect(c.sessions.modification == .reject)
        #expect(c.faults.delays == [MessageDelay(message: MessageName(layer: .nas, name: "RegistrationAccept"), delay: .milliseconds(200))])
        #expect(c.faults.rejects.first?.procedure == .registration)
        #expect(c.faults.drop?.probability == 0.01)
        #expect(c.faults.abortAfterMessages == 100000)
        #expect(c.seed == 42)
    }

    @Test("a bad configuration is refused with file:line:column and the rule broken", arguments: invalidConfigs())
    func invalid(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expected = try #require(text.split(separator: "\n").first.flatMap { $0.hasPrefix("# expect: ") ? String($0.dropFirst(10)) : nil })
        do {
            _ = try CoreConfigLoader.load(contentsOf: path)
            Issue.record("\(path) was accepted")
        } catch {
            let got = error.diagnostics.map { "\($0.position.lineColumn): \($0.message)" }
            #expect(got == [expected])
            #expect(error.diagnostics.allSatisfy { $0.position.file == path })
        }
    }

    @Test("docs/core.schema.json accepts the valid examples and refuses the invalid ones, as the loader does",
          .enabled(if: FileManager.default.isExecutableFile(atPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".venv/bin/check-jsonschema").path)))
    func schemaAgrees() throws {
        for name in ["core-minimal.yaml", "core-full.yaml"] {
            #expect(try schemaAccepts(configsDirectory + "/" + name), "\(name)")
        }
        let invalid = invalidConfigs()
        #expect(invalid.count >= 5)
        for path in invalid {
            #expect(try !schemaAccepts(path), "\(path)")
        }
    }
}
