import ASN1PER
import NGAP
@testable import NGAPValidation
import Testing

/// What the validator assumes of the object sets of TS 38.413 V18.
@Suite struct ObjectSetRulesTests {
    @Test("no extension object set has a mandatory row (an absent extension container is never missing an IE)")
    func extensionSetsHaveNoMandatoryRows() {
        let mandatory = NGAPObjectSets.allNGAPProtocolExtensionSets.filter { set in set.rows.contains { $0.presence == .mandatory } }.map(\.name)
        #expect(mandatory == [])
    }

    @Test("every conditional row of every object set has exactly one rule in NGAPConditions")
    func everyConditionHasARule() {
        var conditional: [String] = []
        for set in NGAPObjectSets.allNGAPProtocolIESets {
            for row in set.rows where row.presence == .conditional { conditional.append("\(set.name) \(row.id.rawValue)") }
        }
        for set in NGAPObjectSets.allNGAPProtocolExtensionSets {
            for row in set.rows where row.presence == .conditional { conditional.append("\(set.name) \(row.id.rawValue)") }
        }
        let rules = NGAPConditions.presenceRules.map { "\($0.set) \($0.ie)" } + NGAPConditions.valueRules.map { "\($0.set) \($0.ie)" }
        #expect(conditional.sorted() == rules.sorted())
    }
}
