import ArgumentParser
import FlowCore
import FlowKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate a phase's gates without moving (exit 1 when one fails).")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The phase to check (default: the current one).")
    var phase: String?

    func run() throws {
        try runReporting {
            let report = try Lifecycle(project: repository.project()).check(phase: phase)
            if output.json {
                printOut(JSONOutput.render(report))
            } else {
                let console = Console.forStandardOutput()
                printOut(
                    (["Gates of \(report.report.phase) on \(report.branch):"] + console.gateLines(report.report))
                        .joined(separator: "\n"))
            }
            return report.report.passed ? .success : .blocked
        }
    }
}
