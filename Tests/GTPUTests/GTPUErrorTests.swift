import GTPU
import Testing

@Suite struct GTPUErrorTests {
    @Test func errorDescriptionNamesPathAndOffset() {
        let e = GTPUError(.truncated, "cut", context: .init(offset: .byte(3), path: ["GTPU", "teid"]))
        #expect(e.description == "GTPU.teid: cut at byte 3")
    }
}
