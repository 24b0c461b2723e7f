import Bytes

/// An error of the event loop: a system call that failed, with its errno.
public struct EventLoopError: CoreGateError, Hashable {
    /// What went wrong. A struct, not an enum, so new codes do not break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// epoll_create1, eventfd or a buffer allocation failed.
        public static let cannotCreate = Code("cannotCreate")
        /// epoll_ctl refused a file descriptor (closed, already registered, not pollable).
        public static let registrationFailed = Code("registrationFailed")
        /// epoll_wait failed with something other than EINTR.
        public static let waitFailed = Code("waitFailed")
        /// `run` was called on a thread other than the loop's, or while the loop already runs.
        public static let wrongThread = Code("wrongThread")
    }

    public let code: Code
    public let message: String
    /// The errno of the failed call, 0 when none.
    public let errno: Int32
    public var context: ErrorContext { ErrorContext(path: ["EventLoop"]) }

    @inline(never)
    public init(_ code: Code, errno: Int32 = 0, _ message: String) {
        self.code = code
        self.errno = errno
        self.message = errno == 0 ? message : "\(message) (errno \(errno))"
    }
}
