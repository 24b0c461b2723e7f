import CSCTP
import CUsrsctp
import Glibc

/// Which SCTP stack to use: `auto` takes the kernel's when it offers SCTP sockets, usrsctp otherwise.
public enum SCTPBackendChoice: String, Sendable, CaseIterable {
    case auto, kernel, user

    /// The stack this choice means on a host where kernel SCTP is (or is not) available.
    public func resolve(kernelAvailable: Bool) -> SCTPStack {
        switch self {
        case .auto: kernelAvailable ? .kernel : .user
        case .kernel: .kernel
        case .user: .user
        }
    }

    /// The stack this choice means on this host.
    public func resolve() -> SCTPStack { resolve(kernelAvailable: SCTPStack.kernelAvailable()) }
}

/// A concrete SCTP stack.
public enum SCTPStack: String, Sendable {
    /// Linux kernel SCTP through libsctp.
    case kernel
    /// usrsctp over raw IP, one instance per process.
    case user

    /// Whether `socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP)` succeeds on this host.
    public static func kernelAvailable(family: Int32 = AF_INET) -> Bool { cg_ksctp_available(family) != 0 }

    /// Starts usrsctp once per process (raw IP, checksums on loopback, blackhole 2). Later calls return at once.
    public static func startUserStack() throws(TransportError) {
        let result = cg_usctp_init()
        guard result == 0 else { throw TransportError(.backendUnavailable, errno: result, "usrsctp_init failed") }
    }
}
