import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct Feature: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feature",
        abstract: "Feature branches: one per change, from main.",
        subcommands: [Start.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Create feature/NAME from main, switch to it and put it at the workflow's feature-start phase (develop).",
            discussion: """
                Until main has got through the create phase (the first pack), the branch starts where main stands \
                (repo-setup or create), so the set-up and create gates still apply; later branches start at develop.
                """)

        @OptionGroup var repository: RepositoryOptions

        @Argument(help: "The feature's name (letters, digits, - _ . /).") var name: String

        func validate() throws {
            if let problem = FeatureStart.nameProblem(name) {
                throw InvalidArgument.refuse(problem, fix: "name it like flow feature start add-login (letters, digits, - _ . /)")
            }
        }

        func run() throws {
            try runReporting {
                let result = try FeatureStart.start(name, project: repository.project(checkHooks: false))
                for note in result.hookNotes { printOut(note) }
                printOut("Switched to \(result.branch), at phase \(result.state.phase). Run `flow status` to see what comes next.")
                return .success
            }
        }
    }
}
