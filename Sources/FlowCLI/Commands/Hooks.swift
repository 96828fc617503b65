import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct Hooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install, remove or inspect flow's git hooks (pre-commit, pre-merge-commit, commit-msg, pre-push).",
        subcommands: [Install.self, Uninstall.self, Status.self])

    static func installer(_ options: RepositoryOptions) throws -> HooksInstaller {
        try HooksInstaller.open(at: options.directory)
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install the hooks; a hook already there is kept and runs first. Running it twice changes nothing.")
        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            try runReporting {
                let lines = try Hooks.installer(repository).install()
                printOut(lines.joined(separator: "\n"))
                return .success
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall", abstract: "Remove flow's hooks and restore exactly what was there.")
        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            try runReporting {
                printOut(try Hooks.installer(repository).uninstall().joined(separator: "\n"))
                return .success
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show each hook: installed, missing, modified after install, or someone else's (exit 1 unless all installed).")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runReporting {
                let states = try Hooks.installer(repository).status()
                if output.json {
                    printOut(JSONOutput.render(states))
                } else {
                    printOut(
                        states.map { state in
                            "\(state.name): \(state.status.rawValue) (\(state.path))\(state.chained ? ", chained to your original hook" : "")"
                        }.joined(separator: "\n"))
                }
                return states.allSatisfy { $0.status == .installed } ? .success : .blocked
            }
        }
    }
}
