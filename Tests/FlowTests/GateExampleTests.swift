import FlowCore
import FlowKit
import Testing

/// One example carried by one gate.
struct ExampleCase: Sendable, CustomTestStringConvertible {
    let gateID: String
    let index: Int

    var testDescription: String { "\(gateID): \(example.name)" }
    var gate: any Gate.Type { GateRegistry.gate(gateID)! }
    var example: GateExample { gate.examples[index] }

    static var all: [ExampleCase] {
        GateRegistry.all.flatMap { gate in gate.examples.indices.map { ExampleCase(gateID: gate.id, index: $0) } }
    }
}

@Suite("Gate examples on real repositories")
struct GateExampleTests {
    @Test("every gate carries a passing and a failing example")
    func everyGateHasBothKinds() {
        for gate in GateRegistry.all {
            #expect(gate.examples.contains { $0.passes }, "\(gate.id) has no passing example")
            #expect(gate.examples.contains { !$0.passes }, "\(gate.id) has no failing example")
        }
    }

    @Test(arguments: ExampleCase.all)
    func example(_ c: ExampleCase) throws {
        let repo = try TempRepo()
        try repo.apply(c.example.steps)
        let context = try exampleContext(repo, pack: c.example.pack)
        let outcome = try c.gate.evaluate(c.example.params, context)
        #expect(outcome.passed == c.example.passes, "\(c.testDescription): \(outcome.reasons)")
        if let expected = c.example.reasonContains {
            #expect(
                outcome.reasons.joined(separator: "\n").contains(expected),
                "\(c.testDescription): expected a reason containing \(expected), got \(outcome.reasons)")
            #expect(outcome.fix?.isEmpty == false, "a failing gate must say how to fix it")
        }
        if let expected = c.example.fixContains {
            #expect(
                outcome.fix?.contains(expected) == true,
                "\(c.testDescription): expected a fix containing \(expected), got \(outcome.fix ?? "none")")
        }
        if let unwanted = c.example.fixOmits {
            #expect(outcome.fix?.contains(unwanted) == false, "\(c.testDescription): the fix names \(unwanted): \(outcome.fix ?? "none")")
        }
    }
}
