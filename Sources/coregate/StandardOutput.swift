#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard output and standard error through the file descriptors, with no shared C stream state.
/// Callers batch their output (JSON lines in a megabyte buffer); `error` lines go straight out.
enum StandardOutput {
    /// Writes all of `bytes` to file descriptor `fd` (retrying short writes and EINTR; stops on other errors).
    static func write<C: ContiguousCollection>(_ bytes: C, fd: Int32 = 1) where C.Element == UInt8 {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// Writes a line of text to standard output.
    static func line(_ text: String) {
        write(Array((text + "\n").utf8))
    }

    /// Writes a line to standard error.
    static func error(_ text: String) {
        write(Array((text + "\n").utf8), fd: 2)
    }
}

/// A protocol for `withUnsafeBufferPointer` over arrays and slices.
protocol ContiguousCollection: Collection {
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R
}

extension Array: ContiguousCollection {}
extension ArraySlice: ContiguousCollection {}
