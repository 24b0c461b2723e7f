import ArgumentParser
import CoreDriver
import CoreEmulator
import EventLoop
import Glibc
import TestPlan
import Transport

/// Set by SIGINT/SIGTERM; the run loop checks it between turns.
nonisolated(unsafe) private var coreStopRequested: sig_atomic_t = 0

/// `coregate core --config FILE`: the embedded 5G core (AMF, SMF, UPF) standalone on its N2 and N3 addresses, for any gNB.
struct CoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Run the embedded 5G core (AMF, SMF, UPF) on the configured N2 and N3 addresses until interrupted.",
        discussion: """
            The configuration (YAML) is described in docs/core.md and docs/core.schema.json; a bad one is refused with \
            file:line:column and the rule broken (exit code 2). Procedures and protocol deviations of the peers are \
            printed to standard error, one line each.
            """
    )

    @Option(help: "Core configuration (YAML).")
    var config: String

    @Option(help: "Write every NGAP message and GTP-U datagram sent and received to this pcapng file.")
    var pcap: String?

    @Option(help: "SCTP stack: auto (kernel when available), kernel or user (usrsctp).")
    var sctp: SCTPBackendChoice = .auto

    @Option(name: .customLong("n3-port"), help: "UDP port of the UPF's N3 socket and of the gNBs (GTP-U).")
    var n3Port: UInt16 = 2152

    @Option(help: "Stop after this many seconds (default: run until SIGINT or SIGTERM).")
    var duration: Double?

    @Flag(name: .shortAndLong, help: "Print only deviations and errors, not every procedure.")
    var quiet = false

    func run() throws {
        let configuration: CoreConfiguration
        do {
            configuration = try CoreConfigLoader.load(contentsOf: config)
        } catch {
            if error.diagnostics.isEmpty { StandardOutput.error("error: \(error.message)") }
            for d in error.diagnostics { StandardOutput.error(d.description) }
            throw ExitCode(2)
        }
        let driver: CoreDriver
        do {
            driver = try CoreDriver(configuration: configuration, backend: sctp, tapPath: pcap, n3Port: n3Port)
            let address = try driver.start()
            StandardOutput.error("core: AMF listening on \(address) (SCTP \(driver.sctp.stack.rawValue)), UPF on \(configuration.upf.address) UDP \(n3Port), PLMN \(configuration.plmn), TACs \(configuration.amf.tacs)")
        } catch {
            StandardOutput.error("error: \(error.message)")
            throw ExitCode(1)
        }
        let quiet = quiet
        driver.onDeviation = { d in StandardOutput.error("deviation: \(d.description)\(d.supi.map { " [\($0)]" } ?? "")") }
        driver.onNotice = { n in if !quiet { StandardOutput.error("core: \(n)") } }
        driver.onTransportError = { StandardOutput.error("transport: \($0)") }
        signal(SIGINT) { _ in coreStopRequested = 1 }
        signal(SIGTERM) { _ in coreStopRequested = 1 }
        let end = duration.map { driver.loop.refreshTime().advanced(by: .milliseconds(Int64($0 * 1000))) }
        do {
            while coreStopRequested == 0 {
                let now = driver.loop.refreshTime()
                if let end, !(now < end) { break }
                try driver.run(until: now.advanced(by: .milliseconds(100)))
            }
        } catch {
            StandardOutput.error("error: \(error.message)")
            driver.close()
            throw ExitCode(1)
        }
        StandardOutput.error("core: stopping (\(driver.messagesReceived) NGAP messages received, \(driver.messagesSent) sent, \(driver.core.ueCount) UE contexts, \(driver.upf.sessionCount) UPF sessions, \(driver.upf.echoRequestsAnswered) GTP-U echoes answered, \(driver.upf.errorIndicationsSent) error indications)")
        driver.close()
    }
}

extension SCTPBackendChoice: ExpressibleByArgument {}
