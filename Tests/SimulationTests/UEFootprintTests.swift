import Foundation
import Simulation
import Testing

@Suite("UE: per-UE state stays small (100,000 UEs in one process)")
struct UEFootprintTests {
    @Test("a UE value is under 1 KiB inline (keys, contexts and sessions add their heap storage)")
    func footprint() throws {
        let inline = MemoryLayout<UE>.stride
        print("UE footprint: stride \(inline) bytes inline")
        #expect(inline < 1024, "UE stride \(inline) bytes")
        var (ue, core) = try registeredUE(index: 7)
        try establish(&ue, &core)
        #expect(ue.ue.activeSessions.count == 1)
    }

    /// A measurement, not a check: resident memory per registered UE with a PDU session. Runs only with
    /// `COREGATE_MEASURE_UE_MEMORY=N` (N UEs) and alone (`--filter UEFootprintTests`), since other tests in the
    /// process move the resident size.
    @Test("resident memory per registered UE (measurement, opt-in)")
    func residentPerUE() throws {
        guard let n = ProcessInfo.processInfo.environment["COREGATE_MEASURE_UE_MEMORY"].flatMap(Int.init), n > 0 else { return }
        var ues: [UE] = []
        ues.reserveCapacity(n)
        let before = try residentBytes()
        for i in 0..<n {
            var (ue, core) = try registeredUE(index: i)
            try establish(&ue, &core)
            ues.append(ue.ue)
        }
        let after = try residentBytes()
        print("UE resident memory: \((after - before) / n) bytes per registered UE with one PDU session (\(n) UEs, debug build)")
        #expect(ues.count == n)
    }

    func residentBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
        return (statm.count > 1 ? Int(statm[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
