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
}
