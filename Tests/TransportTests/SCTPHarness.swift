import EventLoop
import Glibc
@testable import Transport

/// What a transport reported, copied out of the callback (messages are borrowed there).
enum Recorded: Equatable {
    case accepted(SCTPAssociationID)
    case up(SCTPAssociationID, inbound: UInt16, outbound: UInt16)
    case restarted(SCTPAssociationID)
    case message(SCTPAssociationID, stream: UInt16, ppid: UInt32, bytes: [UInt8])
    case shutdown(SCTPAssociationID)
    case lost(SCTPAssociationID, SCTPLossReason)
}

/// One loop and one usrsctp transport that records every event; `echo` sends messages back.
final class SCTPHarness {
    let loop: EventLoop
    let transport: SCTPTransport
    var events: [Recorded] = []
    /// Echo messages received on accepted associations (the server side) back to their sender.
    var echo = false

    init(backend: SCTPBackendChoice = .user, batchSends: Bool = true) throws {
        loop = try EventLoop()
        transport = try SCTPTransport(loop: loop, backend: backend, batchSends: batchSends)
        transport.onEvent = { [unowned self] event in self.record(event) }
    }

    func record(_ event: SCTPEvent) {
        switch event {
        case .accepted(_, let association, _): events.append(.accepted(association))
        case .up(let id, let inbound, let outbound): events.append(.up(id, inbound: inbound, outbound: outbound))
        case .restarted(let id, _, _): events.append(.restarted(id))
        case .message(let message):
            events.append(.message(message.association, stream: message.stream, ppid: message.ppid, bytes: Array(message.bytes)))
            if echo, accepted.contains(message.association) {
                _ = try? transport.send(message.bytes, on: message.association, stream: message.stream, ppid: message.ppid)
            }
        case .shutdown(let id): events.append(.shutdown(id))
        case .lost(let id, let reason): events.append(.lost(id, reason))
        }
    }

    /// Runs the loop until `condition` holds or `seconds` pass; whether it held.
    @discardableResult
    func run(seconds: Double = 10, until condition: () -> Bool) throws -> Bool {
        let deadline = loop.refreshTime().advanced(by: .milliseconds(Int(seconds * 1000)))
        while !condition() {
            guard loop.refreshTime() < deadline else { return false }
            try loop.run(until: min(deadline, loop.now.advanced(by: .milliseconds(5))))
        }
        return true
    }

    func isUp(_ id: SCTPAssociationID) -> Bool {
        events.contains { if case .up(id, _, _) = $0 { true } else { false } }
    }

    var accepted: [SCTPAssociationID] {
        events.compactMap { if case .accepted(let id) = $0 { id } else { nil } }
    }

    func messages(on id: SCTPAssociationID? = nil) -> [(stream: UInt16, ppid: UInt32, bytes: [UInt8])] {
        events.compactMap {
            guard case .message(let from, let stream, let ppid, let bytes) = $0, id == nil || from == id else { return nil }
            return (stream, ppid, bytes)
        }
    }

    func ended(_ id: SCTPAssociationID) -> Recorded? {
        events.first {
            switch $0 {
            case .shutdown(id), .lost(id, _): true
            default: false
            }
        }
    }

    /// Listens on 127.0.0.1 (a free port).
    func listen(options: SCTPOptions = SCTPOptions()) throws -> (SCTPListenerID, SocketAddress) {
        let listener = try transport.listen(on: SocketAddress("127.0.0.1", port: 0), options: options)
        guard let address = transport.localAddress(of: listener), address.port != 0 else {
            throw TransportError(.socketFailed, "the listener has no port")
        }
        return (listener, address)
    }

    deinit { transport.closeAll() }
}

/// A child process (the `transport-bench` executable built beside the tests) whose stdout lines are read on
/// a loop.
final class PeerProcess {
    let pid: pid_t
    let output: Int32
    var lines: [String] = []
    var partial: [UInt8] = []
    var registration: IORegistration?
    var reaped = false

    /// The executable next to the test bundle.
    static var benchExecutable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return directory + "/transport-bench"
    }

    init(arguments: [String], loop: EventLoop) throws {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw TransportError(.socketFailed, errno: errno, "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        let argv = [Self.benchExecutable] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        close(pipeFDs[1])
        guard result == 0 else {
            close(pipeFDs[0])
            throw TransportError(.socketFailed, errno: result, "cannot start \(argv[0])")
        }
        self.pid = pid
        self.output = pipeFDs[0]
        _ = fcntl(output, F_SETFL, O_NONBLOCK)
        registration = try? loop.register(fd: output, interest: .readable) { [unowned self] _ in self.readLines(loop) }
    }

    func readLines(_ loop: EventLoop) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(output, &buffer, buffer.count)
            if n <= 0 {
                if n == 0, let registration {
                    loop.deregister(registration)
                    self.registration = nil
                }
                return
            }
            for byte in buffer[0..<n] {
                if byte == 10 {
                    lines.append(String(decoding: partial, as: UTF8.self))
                    partial.removeAll()
                } else {
                    partial.append(byte)
                }
            }
        }
    }

    func kill(_ signal: Int32 = SIGKILL) { _ = Glibc.kill(pid, signal) }

    /// Waits for the process to end (bounded: kills it after `seconds`); its exit status.
    @discardableResult
    func reap(seconds: Double = 10) -> Int32 {
        var status: Int32 = 0
        let deadline = MonotonicTime.now().advanced(by: .milliseconds(Int(seconds * 1000)))
        while waitpid(pid, &status, WNOHANG) == 0 {
            if MonotonicTime.now() >= deadline {
                kill()
                waitpid(pid, &status, 0)
                break
            }
            usleep(1000)
        }
        reaped = true
        return status
    }

    deinit {
        if !reaped {
            kill()
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(output)
    }
}
