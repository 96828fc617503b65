import ArgumentParser
import FlowCore
import FlowKit

struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Run the workflow's fix commands (ruff format in the shipped ones) on what this change touched.",
        discussion: """
            In a pack already on main, only the lines this change adds or modifies are reformatted
            (the rest of the file is the pack's debt and stays as it is); a new pack's files whole.
            Review the result with git diff, then run flow next.
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only this pack (default: every configured pack).") var pack: String?
    @Option(help: "Only this check's fix commands (default: every check that has them).") var check: String?

    func run() throws {
        try runReporting {
            let reports = try Lifecycle(project: try repository.project()).fix(check: check, pack: pack)
            if output.json {
                printOut(JSONOutput.render(reports))
            } else {
                for report in reports {
                    printOut("\(report.check) fix for \(report.pack):\(report.ran.isEmpty ? " nothing this change touched" : "")")
                    for command in report.ran { printOut("  $ \(command)") }
                    if let failure = report.failure { printOut("  failed: \(failure)") }
                }
                if reports.allSatisfy({ $0.failure == nil }) { printOut("Next: review the change (git diff), then run flow next.") }
            }
            return reports.allSatisfy { $0.failure == nil } ? .success : .blocked
        }
    }
}
