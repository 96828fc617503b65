import ArgumentParser
import FlowCore
import FlowKit

struct Goto: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goto",
        abstract: "Move this branch back to an earlier phase (never forward past a gate).")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The phase to go back to.")
    var phase: String

    func run() throws {
        try runReporting {
            let state = try Lifecycle(project: repository.project()).goto(phase)
            printOut("Now at \(state.phase). Run `flow next` to move forward again.")
            return .success
        }
    }
}
