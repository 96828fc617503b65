import ArgumentParser
import FlowCore
import FlowKit

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the current phase, every phase's state, and what blocks this one with the fix.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Every local branch: its phase and what blocks it.")
    var all = false

    func run() throws {
        try runReporting {
            if all {
                let branches = try BranchOverview.all(repository.project())
                printOut(output.json ? JSONOutput.render(branches) : Console.forStandardOutput().branches(branches))
                return .success
            }
            let report = try Lifecycle(project: repository.project()).status()
            printOut(output.json ? JSONOutput.render(report) : Console.forStandardOutput().status(report))
            return .success
        }
    }
}
