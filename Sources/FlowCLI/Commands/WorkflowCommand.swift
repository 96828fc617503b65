import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Work with workflow files.", subcommands: [Lint.self, Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a shipped workflow, as the start of your own (flow workflow show xsoar-local > my-flow.yml).")

        @Argument(help: "The shipped workflow's name (minimal, xsoar-local, xsoar-marketplace).")
        var name: String

        func run() throws {
            try runReporting {
                FileHandle.standardOutput.write(try WorkflowLocator.shipped(name).data)
                return .success
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a workflow file: YAML syntax, gate ids and parameters, phases and transitions (exit 2 on problems).")

        @Argument(help: "The workflow YAML file.")
        var file: String

        @OptionGroup var output: OutputOptions

        struct Result: Codable {
            let file: String
            let valid: Bool
            let phases: [String]
            /// Role → phase id: which of flow's commands the workflow supports, and with which phase.
            let roles: [String: String]
            let problems: [Diagnostic]
        }

        func run() throws {
            try runReporting {
                let (workflow, problems) = WorkflowLoader.lint(file: file)
                let roles = PhaseRole.allCases.compactMap { role in workflow?.phase(withRole: role).map { (role.rawValue, $0.id) } }
                if output.json {
                    printOut(JSONOutput.render(Result(file: file, valid: problems.isEmpty, phases: workflow?.phases.map(\.id) ?? [],
                                                      roles: Dictionary(uniqueKeysWithValues: roles), problems: problems)))
                } else if problems.isEmpty {
                    let declared = roles.isEmpty ? "no roles" : "roles: " + roles.map { "\($0)=\($1)" }.joined(separator: ", ")
                    printOut("\(file): ok (\(workflow?.phases.count ?? 0) phases; \(declared))")
                } else {
                    printOut(problems.map(\.description).joined(separator: "\n"))
                    FileHandle.standardError.write(Data("  fix: correct the \(problems.count) problem(s) above at their line:column, then lint again\n".utf8))
                }
                return problems.isEmpty ? .success : .invalidInput
            }
        }
    }
}
