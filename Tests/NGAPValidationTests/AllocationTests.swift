import ASN1PER
import CAllocationCounter
import NGAP
import NGAPValidation
import Testing

/// The validator's cost on the live path: a clean message, checked by a kept validator, allocates nothing.
@Suite(.serialized) struct AllocationTests {
    @Test("validating a clean message with a kept validator allocates nothing")
    func cleanMessageAllocatesNothing() throws {
        var validator = NGAPValidator()
        var pdus: [NGAPPDU] = []
        for hex in [MutatedMessageTests.ngSetupRequestHex, MutatedMessageTests.initialUEMessageHex, MutatedMessageTests.ngSetupResponseHex] {
            pdus.append(try MutatedMessageTests.pdu(hex))
        }
        for pdu in pdus { _ = validator.validate(pdu) }  // first use: tables and buffers
        var counts: [Int] = []
        for pdu in pdus {
            coregate_allocations_start()
            let verdict = validator.validate(pdu)
            counts.append(coregate_allocations_stop())
            #expect(verdict.isClean)
        }
        #expect(counts == [0, 0, 0])
    }
}
