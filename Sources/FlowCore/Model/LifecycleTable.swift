/// The rules table of docs/xsoar-lifecycle.md, built from `LifecycleRules` and each gate's
/// `enforces`: a gate's claim is shown only where a shipped workflow uses the gate, and says
/// which workflows when not all of them do.
public enum LifecycleTable {
    /// The lines that open and close the generated table in the document.
    public static let startMarker =
        "<!-- The table below is generated from Sources/FlowCore/Model/LifecycleRules.swift and each gate's `enforces`; LifecycleTableTests checks it (FLOW_WRITE_LIFECYCLE_TABLE=1 rewrites it). -->"
    public static let endMarker = "<!-- end of the generated table -->"

    /// One gate's claim on one rule, with the workflows that use the gate.
    public struct Claim: Sendable {
        public let gate: String
        public let claim: RuleClaim
        public let workflows: [String]
    }

    /// Every gate claim per rule id, in the registry's order.
    public static func claims(workflows: [Workflow]) -> [String: [Claim]] {
        var byRule: [String: [Claim]] = [:]
        for gate in GateRegistry.all {
            let using = workflows.filter { workflow in workflow.phases.contains { phase in phase.gates.contains { $0.id == gate.id } } }
            for claim in gate.enforces {
                byRule[claim.rule, default: []].append(Claim(gate: gate.id, claim: claim, workflows: using.map(\.id)))
            }
        }
        return byRule
    }

    /// The markdown table, markers included.
    public static func markdown(workflows: [Workflow]) -> String {
        let claims = claims(workflows: workflows)
        var lines = [startMarker, "", "| id | rule | extent | where flow enforces it |", "|---|---|---|---|"]
        for rule in LifecycleRules.all {
            var parts: [String] = []
            for entry in claims[rule.id] ?? [] {
                let only = entry.workflows.count < workflows.count ? " (\(entry.workflows.joined(separator: ", ")) only)" : ""
                parts.append("`\(entry.gate)`\(only): \(entry.claim.text)")
            }
            if let elsewhere = rule.elsewhere { parts.append(elsewhere) }
            let cell = parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
            lines.append("| <a id=\"\(rule.id.lowercased())\"></a>\(rule.id) | \(rule.words) | \(rule.extent.rawValue) | \(cell) |")
        }
        lines += ["", endMarker]
        return lines.joined(separator: "\n")
    }
}
