import FlowCore
import FlowKit
import Foundation
import Testing

/// The rules table of docs/xsoar-lifecycle.md is generated from the gates' declarations: a claim
/// cannot drift from the code that makes it, nor name a gate no shipped workflow runs.
@Suite("The lifecycle rules table")
struct LifecycleTableTests {
    static let shipped = ["xsoar-local", "xsoar-marketplace"]

    static func workflows() throws -> [Workflow] {
        try shipped.map { try WorkflowLoader.load(file: SourceTree.root + "/Workflows/\($0).yml") }
    }

    @Test("the document's table is the one the declarations generate (FLOW_WRITE_LIFECYCLE_TABLE=1 rewrites it)")
    func documentMatches() throws {
        let path = SourceTree.root + "/" + LifecycleRule.document
        let doc = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(doc.range(of: LifecycleTable.startMarker), "no start marker in \(path)")
        let end = try #require(doc.range(of: LifecycleTable.endMarker, range: start.upperBound..<doc.endIndex), "no end marker")
        let generated = LifecycleTable.markdown(workflows: try Self.workflows())
        let current = String(doc[start.lowerBound..<end.upperBound])
        if current != generated, ProcessInfo.processInfo.environment["FLOW_WRITE_LIFECYCLE_TABLE"] == "1" {
            try (doc.replacingCharacters(in: start.lowerBound..<end.upperBound, with: generated)).write(
                toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let currentLines = current.split(separator: "\n", omittingEmptySubsequences: false)
        let generatedLines = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let differing = zip(currentLines, generatedLines).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(
            current == generated,
            "\(LifecycleRule.document) is stale (run FLOW_WRITE_LIFECYCLE_TABLE=1 swift test --filter LifecycleTableTests): first difference\n- \(differing?.element.0 ?? "")\n+ \(differing?.element.1 ?? "")"
        )
    }

    @Test("every gate claim names a known rule and failing examples of its gate, and its gate runs in a shipped workflow")
    func claimsAreShown() throws {
        let workflows = try Self.workflows()
        var claimed = 0
        for gate in GateRegistry.all {
            let failing = Set(gate.examples.filter { !$0.passes }.map(\.name))
            let used = workflows.contains { $0.phases.contains { $0.gates.contains { $0.id == gate.id } } }
            for claim in gate.enforces {
                claimed += 1
                #expect(LifecycleRules.rule(claim.rule) != nil, "\(gate.id) claims unknown rule \(claim.rule)")
                #expect(!claim.shownBy.isEmpty, "\(gate.id)'s claim on \(claim.rule) names no example")
                for name in claim.shownBy {
                    #expect(failing.contains(name), "\(gate.id)'s claim on \(claim.rule): no failing example named \(name)")
                }
                #expect(used, "\(gate.id) claims \(claim.rule) but no shipped workflow runs it")
                #expect(!claim.text.contains("|") && !claim.text.contains("\n"), "\(gate.id)'s claim on \(claim.rule) breaks the table")
            }
        }
        #expect(claimed >= 50, "\(claimed) claims")
    }

    @Test("a rule's extent agrees with what enforces it")
    func extentsAgree() throws {
        let claims = LifecycleTable.claims(workflows: try Self.workflows())
        #expect(Set(LifecycleRules.all.map(\.id)).count == LifecycleRules.all.count, "duplicate rule ids")
        for rule in LifecycleRules.all {
            let gates = claims[rule.id] ?? []
            switch rule.extent {
            case .full, .partial:
                #expect(!gates.isEmpty || rule.elsewhere != nil, "\(rule.id) is \(rule.extent.rawValue) but nothing enforces it")
            case .none, .unchecked:
                #expect(gates.isEmpty, "\(rule.id) is \(rule.extent.rawValue) but \(gates.map(\.gate)) claim it")
                #expect(rule.elsewhere != nil, "\(rule.id) is \(rule.extent.rawValue): say why")
            }
            for text in [rule.words, rule.elsewhere ?? ""] {
                #expect(!text.contains("|") && !text.contains("\n"), "\(rule.id) breaks the table")
            }
        }
    }

    @Test("every rule a message cites is in the catalogue")
    func citedRulesAreKnown() throws {
        for file in try UserText.files(under: "Sources", root: SourceTree.root) where file.hasSuffix(".swift") {
            let source = try String(contentsOfFile: SourceTree.root + "/" + file, encoding: .utf8)
            for match in source.matches(of: try Regex(#"LifecycleRule\.cite\("([A-Z][0-9]+)"\)"#)) {
                let id = match.output[1].substring.map(String.init) ?? ""
                #expect(LifecycleRules.rule(id) != nil, "\(file) cites \(id), which docs/xsoar-lifecycle.md does not list")
            }
        }
    }
}
