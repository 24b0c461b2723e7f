import Bytes
import ASN1JER

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
        bytes.withUnsafeBufferPointer { write(UnsafeRawBufferPointer($0), fd: fd) }
    }

    /// Writes the text of `json` to file descriptor `fd`.
    static func write(_ json: borrowing JSONWriter, fd: Int32 = 1) {
        json.withUnsafeBytes { write($0, fd: fd) }
    }

    /// Writes all of `buffer` to file descriptor `fd`.
    static func write(_ buffer: UnsafeRawBufferPointer, fd: Int32) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, base + offset, buffer.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Processors online (at least 1).
    static var onlineProcessors: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

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
