import CSCTP
import EventLoop
import Glibc
import Testing
@testable import Transport

@Suite("SCTP backend selection and the kernel backend's parts")
struct BackendSelectionTests {
    @Test("auto takes the kernel exactly when kernel SCTP is available; explicit choices are kept")
    func resolve() {
        #expect(SCTPBackendChoice.auto.resolve(kernelAvailable: true) == .kernel)
        #expect(SCTPBackendChoice.auto.resolve(kernelAvailable: false) == .user)
        for available in [true, false] {
            #expect(SCTPBackendChoice.kernel.resolve(kernelAvailable: available) == .kernel)
            #expect(SCTPBackendChoice.user.resolve(kernelAvailable: available) == .user)
        }
    }

    @Test("the kernel probe agrees with socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP) on this host")
    func probeMatchesSocket() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), Int32(IPPROTO_SCTP))
        let available = fd >= 0
        if fd >= 0 { close(fd) }
        #expect(SCTPStack.kernelAvailable() == available)
        #expect(SCTPBackendChoice.auto.resolve() == (available ? .kernel : .user))
    }

    @Test("asking for the kernel backend on a host without kernel SCTP fails with a clear error",
          .enabled(if: !SCTPStack.kernelAvailable(), "this host has kernel SCTP"))
    func kernelUnavailable() throws {
        let loop = try EventLoop()
        let error = #expect(throws: TransportError.self) { _ = try SCTPTransport(loop: loop, backend: .kernel) }
        #expect(error?.code == .backendUnavailable)
    }

    @Test("choices parse from their names", arguments: SCTPBackendChoice.allCases)
    func names(choice: SCTPBackendChoice) {
        #expect(SCTPBackendChoice(rawValue: choice.rawValue) == choice)
    }

    @Test("the kernel socket subscribes to data I/O, association and shutdown events")
    func kernelSubscription() {
        var subscription = cg_ksctp_subscription()
        cg_ksctp_subscription_for_tests(&subscription)
        #expect(subscription.data_io == 1)
        #expect(subscription.association == 1)
        #expect(subscription.shutdown == 1)
        #expect(subscription.send_failure == 1)
    }

    @Test("kernel association-change notifications map to the transport's states")
    func kernelNotifications() {
        // Linux numbering (linux/sctp.h enum sctp_sac_state): COMM_UP 0, COMM_LOST 1, RESTART 2,
        // SHUTDOWN_COMP 3, CANT_STR_ASSOC 4.
        let cases: [(Int32, SCTPSocket.Notification.State)] = [(0, .up), (1, .lost), (2, .restart), (3, .shutdownComplete), (4, .cannotStart)]
        var buffer = [UInt8](repeating: 0, count: 64)
        for (linuxState, expected) in cases {
            for withAbort in [false, true] {
                let length = buffer.withUnsafeMutableBytes {
                    cg_ksctp_build_assoc_change_for_tests($0.baseAddress, $0.count, linuxState, 7, 3, withAbort ? 1 : 0)
                }
                #expect(length > 0)
                let note = buffer.withUnsafeBytes { SCTPSocket.parseKernelNotification(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
                #expect(note?.kind == .associationChange)
                #expect(note?.state == expected)
                #expect(note?.inboundStreams == 7)
                #expect(note?.outboundStreams == 3)
                #expect(note?.hasAbortChunk == withAbort)
            }
        }
        let short = [UInt8](repeating: 0, count: 4).withUnsafeBytes { SCTPSocket.parseKernelNotification($0) }
        #expect(short == nil)
    }

    @Test("options translate to the stacks' units (milliseconds, zero for the stack default)")
    func optionTranslation() {
        var options = SCTPOptions.fastFailureDetection
        options.outboundStreams = 3
        options.sendBuffer = 1 << 20
        let kernel = options.kernel
        #expect(kernel.out_streams == 3)
        #expect(kernel.heartbeat_ms == 100)
        #expect(kernel.rto_min_ms == 50 && kernel.rto_max_ms == 200 && kernel.rto_initial_ms == 100)
        #expect(kernel.assoc_max_retrans == 3 && kernel.path_max_retrans == 3)
        #expect(kernel.send_buffer == 1 << 20 && kernel.receive_buffer == 0)
        #expect(kernel.nodelay == 1)
        let defaults = SCTPOptions().user
        #expect(defaults.heartbeat_ms == 0 && defaults.rto_max_ms == 0 && defaults.assoc_max_retrans == 0)
    }
}

