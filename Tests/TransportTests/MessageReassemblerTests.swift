import Testing
@testable import Transport

@Suite("MessageReassembler")
struct MessageReassemblerTests {
    @Test("a message in one part is used in place, without copying")
    func wholePart() {
        var r = MessageReassembler(maxMessageSize: 100)
        let outcome = [UInt8](repeating: 1, count: 10).withUnsafeBytes { r.add($0, stream: 1, ppid: 60, endOfRecord: true) }
        #expect(outcome == .completeInPlace)
        #expect(r.isEmpty)
    }

    @Test("parts of any size join into the message, keeping the first part's stream and PPID", arguments: [1, 7, 1000])
    func joins(partSize: Int) {
        let message = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var r = MessageReassembler(maxMessageSize: 4000)
        var outcomes: [MessageReassembler.Outcome] = []
        var start = 0
        while start < message.count {
            let end = min(message.count, start + partSize)
            outcomes.append(message[start..<end].withUnsafeBytes { r.add($0, stream: 3, ppid: 60, endOfRecord: end == message.count) })
            start = end
        }
        #expect(outcomes.last == .completeInBuffer)
        #expect(outcomes.dropLast().allSatisfy { $0 == .incomplete })
        #expect(r.buffer == message)
        #expect(r.stream == 3 && r.ppid == 60)
        r.reset()
        #expect(r.isEmpty)
    }

    @Test("a message longer than the maximum is refused, whole or in parts")
    func tooLarge() {
        var r = MessageReassembler(maxMessageSize: 10)
        let big = [UInt8](repeating: 0, count: 11)
        #expect(big.withUnsafeBytes { r.add($0, stream: 0, ppid: 0, endOfRecord: true) } == .tooLarge)
        let six = [UInt8](repeating: 0, count: 6)
        #expect(six.withUnsafeBytes { r.add($0, stream: 0, ppid: 0, endOfRecord: false) } == .incomplete)
        #expect(six.withUnsafeBytes { r.add($0, stream: 0, ppid: 0, endOfRecord: true) } == .tooLarge)
        #expect(r.isEmpty)
    }
}

