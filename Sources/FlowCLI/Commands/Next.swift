import ArgumentParser
import FlowCore
import FlowKit

struct Next: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the current phase's action, evaluate its gates, and advance when all pass.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Evaluate the gates but do not move.")
    var dryRun = false

    func run() throws {
        try runReporting {
            let report = try Lifecycle(project: repository.project()).next(dryRun: dryRun)
            if output.json {
                printOut(JSONOutput.render(report))
            } else {
                let console = Console.forStandardOutput()
                var lines = ["Gates of \(report.report.phase) on \(report.branch):"] + console.gateLines(report.report)
                if let moved = report.advancedTo {
                    lines.append(console.green("\(report.report.phase) passed: now at \(moved)."))
                } else if report.report.passed {
                    lines.append(dryRun ? "All gates pass (dry run: not moved)."
                                        : console.green("\(report.report.phase) passed: the workflow is complete."))
                } else {
                    lines.append(console.red("Blocked at \(report.report.phase): fix the gates above, then run `flow next` again."))
                }
                printOut(lines.joined(separator: "\n"))
            }
            return report.report.passed ? .success : .blocked
        }
    }
}
