import ArgumentParser
import FlowCore
import FlowKit

struct Phases: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "phases", abstract: "List the workflow's phases, their gates and edges.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "text (default), mermaid or dot: the workflow as a graph, the branch's current phase marked.")
    var format: String = "text"

    func validate() throws {
        guard format == "text" || WorkflowGraph.Format(rawValue: format) != nil else {
            throw InvalidArgument.refuse("--format \(format) is not one of text, mermaid, dot", fix: "flow phases --format mermaid")
        }
    }

    struct Line: Codable {
        let id: String
        let title: String
        let gates: [String]
        let action: [String]?
        /// The action's further commands (`also`), run in order after `action`.
        let then: [[String]]?
        /// Gates that must pass before the action runs.
        let requires: [String]?
        let next: [String]
        let current: Bool
    }

    func run() throws {
        try runReporting {
            let project = try repository.project()
            let (_, state) = try Lifecycle(project: project).currentState()
            let workflow = project.workflow
            let lines = workflow.phases.map {
                Line(
                    id: $0.id, title: $0.title, gates: $0.gates.map(\.id), action: $0.action?.run,
                    then: $0.action.map { Array($0.commands.dropFirst()) }, requires: $0.action?.requires,
                    next: workflow.edges(from: $0.id), current: $0.id == state.phase)
            }
            if let graph = WorkflowGraph.Format(rawValue: format) {
                printOut(WorkflowGraph.render(workflow, current: state.phase, format: graph))
            } else if output.json {
                printOut(JSONOutput.render(PhasesDocument(workflow: workflow.id, phases: lines)))
            } else {
                let console = Console.forStandardOutput()
                var text = ["\(console.bold(workflow.title)) (\(workflow.id))"]
                for (i, line) in lines.enumerated() {
                    let marker = line.current ? console.yellow(" <- you are here") : ""
                    text.append("\(String(format: "%2d", i + 1)). \(line.id) - \(line.title)\(marker)")
                    if !line.gates.isEmpty { text.append("      gates: \(line.gates.joined(separator: ", "))") }
                    if let action = line.action { text.append("      action: \(action.joined(separator: " "))") }
                    for command in line.then ?? [] { text.append("        then: \(command.joined(separator: " "))") }
                    if let requires = line.requires, !requires.isEmpty {
                        text.append("        runs only when \(requires.joined(separator: ", ")) pass\(requires.count == 1 ? "es" : "")")
                    }
                    if !line.next.isEmpty { text.append("      next: \(line.next.joined(separator: ", "))") }
                }
                printOut(text.joined(separator: "\n"))
            }
            return .success
        }
    }

    struct PhasesDocument: Codable {
        let workflow: String
        let phases: [Line]
    }
}
