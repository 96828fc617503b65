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
            let result = try ReleaseVerifier.verify(repository.project(checkHooks: false))
            if output.json {
                printOut(JSONOutput.render(result))
            } else {
                let console = Console.forStandardOutput()
                let report = PhaseReport(checks: result.gates, phase: "verify-release", title: "verify release")
                var lines = ["Release checks of \(result.commit.map { String($0.prefix(12)) } ?? "HEAD"):"]
                    + console.gateLines(report)
                lines.append(result.passed ? console.green("This commit is a releasable, tagged release.")
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
        abstract: "Every commit of the range that changes a pack carries flow's evidence trailer for its tree, and the pack passes the base branch's content gates.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "BASE..TIP (default: origin/main..HEAD, or main..HEAD without origin/main).")
    var range: String?

    func run() throws {
        try runReporting {
            let report = try CommitVerifier.verify(repository.project(checkHooks: false), range: range)
            if output.json {
                printOut(JSONOutput.render(report))
            } else {
                let console = Console.forStandardOutput()
                var lines = ["Checked \(report.checked) commit(s) of \(report.range)"
                             + (report.skippedMerges > 0 ? " (\(report.skippedMerges) merge(s) skipped)" : "") + "."]
                lines += report.flagged.map { "  \(console.yellow("NOTE")) \($0)" }
                for offender in report.offenders {
                    lines.append("  \(console.red("FAIL")) \(offender.commit) \(offender.subject)")
                    lines += offender.reasons.map { "       \($0)" }
                    if offender.contentOnly, let fix = offender.fix {
                        lines.append("       the hooks ran; the content gates above are judged with \(report.rules)")
                        lines.append("       \(console.yellow("fix:")) \(fix)")
                    }
                }
                let bypassed = report.offenders.filter { !$0.contentOnly }.map(\.commit)
                if !bypassed.isEmpty {
                    lines.append("\(console.yellow("fix:")) redo \(bypassed.count == report.offenders.count ? "these commits" : bypassed.joined(separator: ", ")) "
                                 + "through flow's hooks (flow hooks install; git rebase -i, then re-run the checks and commit without --no-verify)")
                }
                printOut(lines.joined(separator: "\n"))
            }
            if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true", !output.json {
                for offender in report.offenders {
                    printOut("::error title=flow verify::\(offender.commit) \(offender.subject): \(offender.reasons.joined(separator: "; "))")
                }
            }
            return report.passed ? .success : .blocked
        }
    }
}
