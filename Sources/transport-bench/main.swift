// Echo workloads over CoreGate's EventLoop and Transport, the same as the C baselines in
// Benchmarks/baselines (same arguments, same output line), plus the SCTP peer process the transport tests
// spawn. One process, one loop, one thread.
//
//   transport-bench sctp-echo-server LOCAL_ADDR PORT [SECONDS]
//   transport-bench sctp-echo-client LOCAL_ADDR SERVER_ADDR PORT COUNT WINDOW SIZE
//   transport-bench udp-echo-server  LOCAL_ADDR PORT [SECONDS]
//   transport-bench udp-echo-client  LOCAL_ADDR SERVER_ADDR PORT COUNT WINDOW SIZE
//   transport-bench sctp-peer        LOCAL_ADDR SERVER_ADDR PORT [LOCAL_PORT]
//   transport-bench timers           COUNT
import EventLoop
import Glibc
import Transport

func fail(_ message: String) -> Never {
    writeLine("transport-bench: \(message)", to: 2)
    exit(1)
}

/// One line on standard output, unbuffered (the tests read it while the process runs).
func say(_ line: String) { writeLine(line, to: 1) }

func writeLine(_ line: String, to fd: Int32) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = write(fd, bytes.baseAddress, bytes.count) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    fail("usage: transport-bench sctp-echo-server|sctp-echo-client|udp-echo-server|udp-echo-client|sctp-peer ... (see main.swift)")
}

func number(_ index: Int) -> Int {
    guard index < arguments.count, let value = Int(arguments[index]) else { fail("argument \(index) must be a number") }
    return value
}

do {
    let loop = try EventLoop()
    switch arguments[1] {
    case "sctp-echo-server":
        try sctpEchoServer(loop: loop, local: SocketAddress(arguments[2], port: UInt16(number(3))),
                           seconds: arguments.count > 4 ? number(4) : 600)
    case "sctp-echo-client" where arguments.count >= 8:
        try sctpEchoClient(loop: loop, local: SocketAddress(arguments[2], port: 0),
                           remote: SocketAddress(arguments[3], port: UInt16(number(4))),
                           count: number(5), window: number(6), size: number(7))
    case "udp-echo-server":
        try udpEchoServer(loop: loop, local: SocketAddress(arguments[2], port: UInt16(number(3))),
                          seconds: arguments.count > 4 ? number(4) : 600)
    case "udp-echo-client" where arguments.count >= 8:
        try udpEchoClient(loop: loop, local: SocketAddress(arguments[2], port: 0),
                          remote: SocketAddress(arguments[3], port: UInt16(number(4))),
                          count: number(5), window: number(6), size: number(7))
    case "timers":
        try timerCosts(loop: loop, count: number(2))
    case "sctp-peer" where arguments.count >= 5:
        try sctpPeer(loop: loop, local: SocketAddress(arguments[2], port: arguments.count > 5 ? UInt16(number(5)) : 0),
                     remote: SocketAddress(arguments[3], port: UInt16(number(4))))
    default:
        fail("unknown command or missing arguments: \(arguments.dropFirst().joined(separator: " "))")
    }
} catch let error as TransportError {
    fail(error.description)
} catch let error as EventLoopError {
    fail(error.description)
} catch {
    fail("\(error)")
}

/// This process's CPU time (user + system) in microseconds, per `count` operations, formatted.
func cpuMicroseconds(per count: Int) -> String {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let total = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    return formatted(total / Double(max(1, count)), 2)
}
