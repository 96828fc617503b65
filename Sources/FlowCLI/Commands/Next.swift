import ArgumentParser
import FlowCore
import FlowKit

struct Next: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Run the current phase's action, evaluate its gates, and advance when all pass.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Evaluate the gates but do not run the action or move.")
    var dryRun = false

    @Flag(help: "Run the phase's checks even where the content already passed them.")
    var force = false

    func run() throws {
        try runReporting {
            let lifecycle = Lifecycle(project: try repository.project(), progress: StandardErrorProgress())
            let report = try lifecycle.next(dryRun: dryRun, force: force)
            if output.json {
                printOut(JSONOutput.render(report))
            } else {
                let console = Console.forStandardOutput()
                var lines = console.actionLines(report.actions)
                lines += ["Gates of \(report.report.phase) on \(report.branch):"] + console.gateLines(report.report)
                if !report.remaining.isEmpty {
                    lines.append(console.red("\(report.report.phase): its gates pass, but the release is not built and deployed yet:"))
                    for item in report.remaining { lines += ["  - \(item.what)", "    fix: \(item.fix)"] }
                } else if let moved = report.advancedTo {
                    lines.append(console.green("\(report.report.phase) passed: now at \(moved)."))
                } else if report.passed {
                    lines.append(
                        dryRun
                            ? "All gates pass (dry run: not moved)."
                            : console.green("\(report.report.phase) passed: the workflow is complete."))
                } else {
                    lines.append(console.red("Blocked at \(report.report.phase): fix the problems above, then run `flow next` again."))
                }
                printOut(lines.joined(separator: "\n"))
            }
            return report.passed ? .success : .blocked
        }
    }
}
