import FlowCore

/// A workflow as the YAML it amounts to (an `extends:` workflow with the shipped phases filled
/// in), led by comments that say what a commit needs under it: `flow workflow show --resolved`.
/// The text loads back as the same workflow (WorkflowPolicyTests).
public enum WorkflowYAML {
    public static func render(_ workflow: Workflow) -> String {
        let policy = CommitPolicy(workflow: workflow, scope: .staged)
        let commit = workflow.phase(withRole: .commit)?.id
        var lines = ["# \(workflow.id), resolved from \(workflow.source)."]
        lines.append(
            "# A pack commit\(commit.map { " (phase \($0) has role commit)" } ?? ""), in the pre-commit hook and in flow verify commits, needs:"
        )
        lines.append(
            policy.checks.isEmpty
                ? "#   no check (no phase before it has an action with `check:`)"
                : "#   checks passed on exactly its tree: "
                    + policy.checks.map { "\($0.check) (phase \($0.phase))" }.joined(separator: ", "))
        lines.append(
            policy.contentUses.isEmpty
                ? "#   no content gate (no pack.* or docs.* gate before it)"
                : "#   content gates: " + policy.contentUses.map(\.id).joined(separator: ", "))
        if !policy.repositoryUses.isEmpty {
            lines.append(
                "# A commit that changes "
                    + policy.repositoryUses.map { "\($0.file) is held to \($0.use.id)" }.joined(separator: ", "))
        }
        if let release = workflow.phase(withRole: .release) {
            let gates = release.gates.filter { !Releaser.madeByRelease($0) }.map(\.id)
            lines.append(
                "# flow release (phase \(release.id)) asks \(gates.isEmpty ? "no gate" : gates.joined(separator: ", ")) before it tags"
                    + (release.action.map { ", then runs " + $0.commands.map { $0.joined(separator: " ") }.joined(separator: " && ") } ?? "")
            )
        }
        lines += ["schema: 1", "id: \(scalar(workflow.id))", "title: \(scalar(workflow.title))", "phases:"]
        for phase in workflow.phases {
            lines.append("  - id: \(scalar(phase.id))")
            lines.append("    title: \(scalar(phase.title))")
            if let role = phase.role { lines.append("    role: \(role.rawValue)") }
            if let summary = phase.summary { lines.append("    summary: \(scalar(summary))") }
            if let action = phase.action {
                lines.append("    action:")
                if let check = action.check { lines.append("      check: \(scalar(check))") }
                if !action.environment.isEmpty {
                    lines.append(
                        "      env: {"
                            + action.environment.keys.sorted().map { "\(scalar($0)): \(scalar(action.environment[$0]!))" }.joined(
                                separator: ", ") + "}")
                }
                lines.append("      run: \(list(action.run))")
                if action.commands.count > 1 {
                    lines.append("      also:")
                    for command in action.commands.dropFirst() { lines.append("        - \(list(command))") }
                }
                if !action.stubs.isEmpty { lines.append("      stubs: \(list(action.stubs))") }
                lines.append("      timeout: \(action.timeoutSeconds)")
                if !action.perPack { lines.append("      perPack: false") }
                if !action.requires.isEmpty { lines.append("      requires: \(list(action.requires))") }
                if let findings = action.findings { lines.append("      findings: \(findings.rawValue)") }
                if !action.fix.isEmpty {
                    lines.append("      fix:")
                    for command in action.fix { lines.append("        - \(list(command))") }
                }
            }
            if !phase.gates.isEmpty {
                lines.append("    gates:")
                for use in phase.gates {
                    if use.params.values.isEmpty {
                        lines.append("      - \(use.id)")
                    } else {
                        let with = use.params.values.keys.sorted().map { "\(scalar($0)): \(value(use.params.values[$0]!))" }
                        lines.append("      - {id: \(use.id), with: {\(with.joined(separator: ", "))}}")
                    }
                }
            }
            if let transitions = phase.transitions { lines.append("    transitions: \(list(transitions))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The repository's per-pack exceptions, as comments after the workflow (empty when none).
    public static func exceptions(_ config: ProjectConfig) -> String {
        guard !config.exceptions.isEmpty else { return "" }
        return "# Per-pack exceptions (.flow/config.yml): the gate runs, its findings in that pack are listed, not refused.\n"
            + config.exceptions.map { "#   \($0.pack): \($0.gate) (\($0.reason))\n" }.joined()
    }

    static func list(_ items: [String]) -> String { "[" + items.map(scalar).joined(separator: ", ") + "]" }

    static func value(_ value: ParamValue) -> String {
        switch value {
        case .string(let s): return scalar(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(Self.value).joined(separator: ", ") + "]"
        }
    }

    /// A double-quoted YAML scalar (always quoted: no plain-scalar pitfalls such as `on`, `1.0` or `{x}`).
    static func scalar(_ text: String) -> String {
        var out = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if character.value < 0x20 {
                    out += "\\x" + String(character.value, radix: 16).leftPadded(2)
                } else {
                    out.unicodeScalars.append(character)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
