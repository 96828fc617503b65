import FlowCore
import Foundation

/// Human output: colour only on a terminal and only when NO_COLOR is unset.
public struct Console {
    public let color: Bool

    public init(color: Bool) { self.color = color }

    public static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> Console {
        Console(color: isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil)
    }

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    public func green(_ t: String) -> String { paint(t, "32") }
    public func red(_ t: String) -> String { paint(t, "31") }
    public func yellow(_ t: String) -> String { paint(t, "33") }
    public func bold(_ t: String) -> String { paint(t, "1") }
    public func dim(_ t: String) -> String { paint(t, "2") }

    public func gateLines(_ report: PhaseReport) -> [String] {
        var lines: [String] = []
        for gate in report.gates {
            let name = gate.pack.map { "\(gate.gate) [\($0)]" } ?? gate.gate
            if gate.passed {
                lines.append("  \(green("pass")) \(name)\(gate.detail.map { dim(" - \($0)") } ?? "")")
            } else {
                lines.append("  \(red("FAIL")) \(name)")
                lines += gate.reasons.map { "       \($0)" }
                if let fix = gate.fix { lines.append("       \(yellow("fix:")) \(fix)") }
            }
        }
        if report.gates.isEmpty { lines.append("  " + dim("(this phase has no gates)")) }
        return lines
    }

    public func phaseList(_ phases: [PhaseLine]) -> [String] {
        phases.enumerated().map { index, line in
            let mark: String
            switch line.status {
            case .pass: mark = green("done   ")
            case .fail: mark = red("blocked")
            case .current: mark = yellow("current")
            case .pending: mark = dim("pending")
            }
            return "  \(String(format: "%2d", index + 1)). \(mark) \(line.id)\(line.title == line.id ? "" : dim(" - \(line.title)"))"
        }
    }

    /// `flow status --all`: one block per local branch.
    public func branches(_ branches: [BranchStatus]) -> String {
        var lines: [String] = []
        for b in branches {
            let state = b.passed.map { $0 ? green("ready to move on") : red("blocked") } ?? dim("not evaluated")
            lines.append(
                "\(bold(b.branch)): phase \(b.phase ?? "(none recorded)") - \(state)"
                    + (b.worktree.map { dim(" (\($0))") } ?? ""))
            lines += b.blockers.map { "    \($0)" }
            if let fix = b.fix { lines.append("    fix: \(fix)") }
            if let note = b.note { lines.append("    \(dim(note))") }
        }
        return lines.joined(separator: "\n")
    }

    public func status(_ status: StatusReport) -> String {
        var lines = [
            "\(bold("flow")) \(status.workflow) on \(status.branch): phase \(bold(status.phase))"
                + (status.finished ? green(" (workflow complete)") : "")
        ]
        lines += phaseList(status.phases)
        lines.append("")
        if let next = status.nextStep {
            lines.append(next + ".")
            lines.append("next: flow feature start NAME")
            return lines.joined(separator: "\n")
        }
        lines.append("Gates of \(status.report.phase):")
        lines += gateLines(status.report)
        if !status.remaining.isEmpty {
            lines.append("Not built and deployed yet:")
            for item in status.remaining { lines += ["  - \(item.what)", "    fix: \(item.fix)"] }
        }
        return lines.joined(separator: "\n")
    }
}

extension Console {
    /// What a phase action did: one line per pack, the tool's output indented under a failure.
    public func actionLines(_ actions: [ActionReport]) -> [String] {
        var lines: [String] = []
        for action in actions {
            let name = action.pack.map { " [\($0)]" } ?? ""
            switch action.result {
            case .passed: lines.append("  \(green("ran "))\(name) \(action.message)")
            case .skipped: lines.append("  \(dim("skip"))\(name) \(action.message)")
            case .failed:
                lines.append("  \(red("FAIL"))\(name) \(action.message)")
                if let output = action.output, !output.isEmpty {
                    let shown = color ? output : Console.stripEscapes(output)
                    lines += shown.split(separator: "\n", omittingEmptySubsequences: false).map { "       | \($0)" }
                }
            }
            if action.result != .skipped, let log = action.log { lines.append("       \(dim("log: \(log)"))") }
        }
        if !actions.isEmpty { lines.append("") }
        return lines
    }
}

extension Console {
    /// Tools colour their output even into a pipe (demisto-sdk does); without colour, drop the
    /// CSI sequences so a log reader or CI sees plain text.
    public static func stripEscapes(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                out.append(scalar)
                continue
            }
            guard let next = scalars.next() else { break }
            guard next == "[" else { continue }
            // Parameters and intermediates, then one final byte in @...~.
            while let c = scalars.next(), !(c.value >= 0x40 && c.value <= 0x7E) {}
        }
        return String(out)
    }
}
