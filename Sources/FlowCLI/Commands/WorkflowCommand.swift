import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Work with workflow files.", subcommands: [Lint.self, Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract:
                "Print a shipped workflow, or with --resolved what a workflow amounts to and what a commit and a release need under it.",
            discussion:
                "To tune a shipped workflow, write a file with `extends: xsoar-local` and only your changes (docs/design.md); flow workflow show --resolved prints the result."
        )

        @Argument(
            help:
                "A shipped workflow's name (minimal, xsoar-local, xsoar-marketplace); with --resolved also a workflow file (default: the repository's configured workflow)."
        )
        var name: String?

        @Flag(help: "Print the workflow with every phase spelled out (an `extends:` file's included) and what it requires.")
        var resolved = false

        @OptionGroup var repository: RepositoryOptions

        func validate() throws {
            if name == nil && !resolved {
                throw ValidationError(
                    "name a shipped workflow (minimal, xsoar-local, xsoar-marketplace), or pass --resolved for this repository's")
            }
        }

        func run() throws {
            try runReporting {
                guard resolved else {
                    FileHandle.standardOutput.write(try WorkflowLocator.shipped(name ?? "").data)
                    return .success
                }
                let workflow: Workflow
                var text: String
                if let name {
                    workflow = try WorkflowLocator.load(name, root: repository.directory ?? FileManager.default.currentDirectoryPath)
                    text = WorkflowYAML.render(workflow)
                } else {
                    let project = try repository.project()
                    workflow = project.workflow
                    text = WorkflowYAML.render(workflow) + WorkflowYAML.exceptions(project.config)
                }
                FileHandle.standardOutput.write(Data(text.utf8))
                return .success
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
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
                    printOut(
                        JSONOutput.render(
                            Result(
                                file: file, valid: problems.isEmpty, phases: workflow?.phases.map(\.id) ?? [],
                                roles: Dictionary(uniqueKeysWithValues: roles), problems: problems)))
                } else if problems.isEmpty {
                    let declared = roles.isEmpty ? "no roles" : "roles: " + roles.map { "\($0)=\($1)" }.joined(separator: ", ")
                    printOut("\(file): ok (\(workflow?.phases.count ?? 0) phases; \(declared))")
                } else {
                    printOut(problems.map(\.description).joined(separator: "\n"))
                    FileHandle.standardError.write(
                        Data("  fix: correct the \(problems.count) problem(s) above at their line:column, then lint again\n".utf8))
                }
                return problems.isEmpty ? .success : .invalidInput
            }
        }
    }
}
