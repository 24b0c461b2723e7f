import Foundation

extension EnvironmentInfo {
    /// This machine, starting now: host name, operating system (`/etc/os-release` and the kernel),
    /// processors online; `end` equals `start` until the runner sets it.
    public static func current(coregateVersion: String, start: Timestamp = .now) -> EnvironmentInfo {
        let info = ProcessInfo.processInfo
        return EnvironmentInfo(coregateVersion: coregateVersion, host: info.hostName, os: operatingSystem,
                               cpuCount: info.activeProcessorCount, start: start, end: start)
    }

    /// `Debian GNU/Linux 12 (bookworm); Linux 6.1.0-18-amd64 x86_64`, or what of it is known.
    static var operatingSystem: String {
        var parts: [String] = []
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) {
            for line in release.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
                parts.append(String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            }
        }
        var name = utsname()
        if uname(&name) == 0 {
            func field<T>(_ value: T) -> String {
                withUnsafeBytes(of: value) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            }
            parts.append("\(field(name.sysname)) \(field(name.release)) \(field(name.machine))")
        }
        return parts.isEmpty ? ProcessInfo.processInfo.operatingSystemVersionString : parts.joined(separator: "; ")
    }
}

extension Timestamp {
    /// The current wall-clock time.
    public static var now: Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }
}
