import FlowCore
import Foundation

/// The workflow drawn as a graph for a README or a wiki: one node per phase (its title and gates),
/// the declared edges (the first one is where `flow next` goes, the others are `flow goto` edges,
/// drawn dashed), the current phase of the branch highlighted.
public enum WorkflowGraph {
    public enum Format: String, CaseIterable, Sendable { case mermaid, dot }

    public static func render(_ workflow: Workflow, current: String?, format: Format) -> String {
        switch format {
        case .mermaid: return mermaid(workflow, current: current)
        case .dot: return dot(workflow, current: current)
        }
    }

    /// Mermaid node ids: letters, digits and underscores only (a `-` would read as an edge).
    static func mermaidID(_ phase: String) -> String {
        "p_" + String(phase.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "_" })
    }

    /// Mermaid labels are quoted; a quote is written as an entity.
    static func mermaidText(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "<", with: "#lt;")
            .replacingOccurrences(of: ">", with: "#gt;")
    }

    static func mermaid(_ workflow: Workflow, current: String?) -> String {
        var lines = ["flowchart TD"]
        for phase in workflow.phases {
            var label = "<b>\(mermaidText(phase.id))</b><br/>\(mermaidText(phase.title))"
            if !phase.gates.isEmpty {
                label += "<br/><small>" + phase.gates.map { mermaidText($0.id) }.joined(separator: "<br/>") + "</small>"
            }
            lines.append("    \(mermaidID(phase.id))[\"\(label)\"]")
        }
        for phase in workflow.phases {
            for (i, next) in workflow.edges(from: phase.id).enumerated() where workflow.phase(next) != nil {
                lines.append("    \(mermaidID(phase.id)) \(i == 0 ? "-->" : "-. goto .->") \(mermaidID(next))")
            }
        }
        if let current, workflow.phase(current) != nil {
            lines.append("    classDef current fill:#ffd54f,stroke:#f57f17,stroke-width:3px")
            lines.append("    class \(mermaidID(current)) current")
        }
        return lines.joined(separator: "\n")
    }

    /// A DOT string literal.
    static func dotText(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func dot(_ workflow: Workflow, current: String?) -> String {
        var lines = [
            "digraph \(dotText(workflow.id)) {", "    rankdir=TB;", "    label=\(dotText(workflow.title));",
            "    node [shape=box, style=rounded, fontname=\"Helvetica\"];",
        ]
        for phase in workflow.phases {
            let label = ([phase.id, phase.title] + (phase.gates.isEmpty ? [] : ["—"] + phase.gates.map(\.id))).joined(separator: "\n")
            let mark = phase.id == current ? ", style=\"rounded,filled,bold\", fillcolor=\"#ffd54f\", penwidth=3" : ""
            lines.append("    \(dotText(phase.id)) [label=\(dotText(label))\(mark)];")
        }
        for phase in workflow.phases {
            for (i, next) in workflow.edges(from: phase.id).enumerated() where workflow.phase(next) != nil {
                lines.append("    \(dotText(phase.id)) -> \(dotText(next))\(i == 0 ? "" : " [style=dashed, label=\"goto\"]");")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}
