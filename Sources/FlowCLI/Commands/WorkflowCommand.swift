import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Work with workflow files.", subcommands: [Lint.self])

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
            let problems: [Diagnostic]
        }

        func run() throws {
            try runReporting {
                let (workflow, problems) = WorkflowLoader.lint(file: file)
                if output.json {
                    printOut(JSONOutput.render(Result(file: file, valid: problems.isEmpty,
                                                      phases: workflow?.phases.map(\.id) ?? [], problems: problems)))
                } else if problems.isEmpty {
                    printOut("\(file): ok (\(workflow?.phases.count ?? 0) phases)")
                } else {
                    printOut(problems.map(\.description).joined(separator: "\n"))
                    FileHandle.standardError.write(Data("  fix: correct the \(problems.count) problem(s) above at their line:column, then lint again\n".utf8))
                }
                return problems.isEmpty ? .success : .invalidInput
            }
        }
    }
}
