import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "CI checks: a release commit, the evidence trailers of a range of commits, or the checks re-run.",
        subcommands: [VerifyRelease.self, VerifyCommits.self, VerifyChecks.self])
}

struct VerifyRelease: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Exit 0 only when HEAD is a clean, tagged release on main with its release notes written.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReporting {
            try WorkflowLocator.refuseOverrideInCI(command: "flow verify release")
            let result = try ReleaseVerifier.verify(repository.project(checkHooks: false))
            if output.json {
                printOut(JSONOutput.render(result))
            } else {
                let console = Console.forStandardOutput()
                let report = PhaseReport(checks: result.gates, phase: "verify-release", title: "verify release")
                var lines =
                    ["Release checks of \(result.commit.map { String($0.prefix(12)) } ?? "HEAD"):"]
                    + console.gateLines(report)
                lines.append(
                    result.passed
                        ? console.green("This commit is a releasable, tagged release.")
                        : console.red("Not a releasable commit: fix the checks above."))
                printOut(lines.joined(separator: "\n"))
            }
            if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true", !output.json {
                ReleaseVerifier.githubAnnotations(result.failures).forEach { printOut($0) }
            }
            return result.passed ? .success : .blocked
        }
    }
}

struct VerifyCommits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commits",
        abstract:
            "Every commit of the range that changes a pack carries flow's evidence trailer for its tree, and the pack passes the base branch's content gates."
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "BASE..TIP (default: origin/main..HEAD, or main..HEAD without origin/main).")
    var range: String?

    @Flag(help: "For a maintainer: accept the range's changes to the rules (the policy files it names) and judge it with the new rules.")
    var acceptRuleChanges = false

    /// The section naming the range's changes to the rules, shared with `flow verify checks`.
    static func policyLines(_ changes: [PolicyInputs.Change], accepted: Bool, setUp: Bool = false, console: Console) -> [String] {
        guard !changes.isEmpty else { return [] }
        var lines = [
            setUp
                ? "The range sets flow up (the base has no \(PolicyInputs.configPath)); its rules judge it:"
                : accepted
                    ? "The rules changed in this range, accepted with --accept-rule-changes (judged with the new rules):"
                    : "\(console.red("FAIL")) \(PolicyInputs.rulesChangedMessage(changes))"
        ]
        lines += changes.map { "  \($0.path): \($0.why)" }
        if !accepted { lines.append("\(console.yellow("fix:")) \(PolicyInputs.acceptFix)") }
        return lines
    }

    func run() throws {
        try runReporting {
            try WorkflowLocator.refuseOverrideInCI(command: "flow verify commits")
            let report = try CommitVerifier.verify(
                repository.project(checkHooks: false), range: range, acceptRuleChanges: acceptRuleChanges)
            if output.json {
                printOut(JSONOutput.render(report))
                if report.rulesChanged {
                    // The JSON goes to a file in CI (the plan): say why on stderr, where the log shows it.
                    FileHandle.standardError.write(
                        Data("flow verify commits: \(PolicyInputs.rulesChangedMessage(report.policyChanges))\n".utf8))
                }
            } else {
                let console = Console.forStandardOutput()
                var lines = [
                    "Checked \(report.checked) commit(s) of \(report.range)"
                        + (report.skippedMerges > 0 ? " (\(report.skippedMerges) merge(s) skipped)" : "") + "."
                ]
                lines += report.flagged.map { "  \(console.yellow("NOTE")) \($0)" }
                for offender in report.offenders {
                    lines.append("  \(console.red("FAIL")) \(offender.commit) \(offender.subject)")
                    lines += offender.reasons.map { "       \($0)" }
                    if offender.contentOnly {
                        lines.append("       the hooks ran; the content gates above are judged with \(report.rules)")
                    }
                    if let fix = offender.fix { lines.append("       \(console.yellow("fix:")) \(fix)") }
                }
                lines += Self.policyLines(
                    report.policyChanges, accepted: report.acceptedRuleChanges, setUp: report.rulesSetUp, console: console)
                let bypassed = report.offenders.filter { !$0.contentOnly }.map(\.commit)
                if !bypassed.isEmpty {
                    lines.append(
                        "redo \(bypassed.count == report.offenders.count ? "these commits" : bypassed.joined(separator: ", ")) "
                            + "through flow's hooks in your clone, with the hooks installed and the checks run on the content: "
                            + "the command under each writes the trailer for the evidence the checks recorded"
                    )
                }
                printOut(lines.joined(separator: "\n"))
            }
            if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true", !output.json {
                for offender in report.offenders {
                    printOut(
                        "::error title=flow verify::\(offender.commit) \(offender.subject): \(offender.reasons.joined(separator: "; "))")
                }
                if report.rulesChanged { printOut("::error title=flow verify::\(PolicyInputs.rulesChangedMessage(report.policyChanges))") }
            }
            return report.passed ? .success : .blocked
        }
    }
}
