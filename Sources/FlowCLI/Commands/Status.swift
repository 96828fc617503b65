import ArgumentParser
import FlowCore
import FlowKit

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the current phase, every phase's state, and what blocks this one with the fix.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReporting {
            let report = try Lifecycle(project: repository.project()).status()
            printOut(output.json ? JSONOutput.render(report) : Console.forStandardOutput().status(report))
            return .success
        }
    }
}
