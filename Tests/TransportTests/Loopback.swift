import Glibc
import Testing
import Transport

/// Loopback addresses the tests bind: 127.0.0.1 and the extra ones `scripts/setup` adds to `lo`
/// (usrsctp binds only addresses that exist on an interface). Missing ones are added here when running as
/// root, before usrsctp starts (it reads the interface addresses once, at start).
enum Loopback {
    static let extra = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]

    static let ready: Bool = {
        for host in extra where !exists(host) {
            if geteuid() == 0 { run(["/usr/sbin/ip", "addr", "add", "\(host)/32", "dev", "lo"]) }
        }
        return extra.allSatisfy(exists)
    }()

    /// Whether an interface carries `host` (getifaddrs).
    static func exists(_ host: String) -> Bool {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return false }
        defer { freeifaddrs(list) }
        var node = list
        while let entry = node {
            if let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
               let parsed = SocketAddress(sockaddr: address, length: MemoryLayout<sockaddr_in>.size), parsed.host == host {
                return true
            }
            node = entry.pointee.ifa_next
        }
        return false
    }

    static func run(_ argv: [String]) {
        var pid: pid_t = 0
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        guard posix_spawn(&pid, argv[0], nil, nil, &cArgs, environ) == 0 else { return }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

}
