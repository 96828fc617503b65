import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Upload the built zip to DEMISTO_BASE_URL with demisto-sdk (or leave it in the zip directory).")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Upload without asking.")
    var yes = false

    @Option(help: "The pack to deploy (default: the first configured pack).")
    var pack: String?

    func run() throws {
        try runReporting {
            // Ask only a person at a terminal; --yes and scripts go straight on.
            let ask: ((String) -> Bool)? =
                (yes || isatty(STDIN_FILENO) != 1)
                ? nil
                : { question in
                    FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
                    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                    return answer == "y" || answer == "yes"
                }
            let project = try repository.project()
            let result = try Deployer(project: project, runner: ReportingRunner(phase: "deploy", pack: pack ?? project.config.packs.first))
                .deploy(pack: pack, confirm: ask)
            if output.json {
                printOut(JSONOutput.render(result))
            } else {
                switch result.action {
                case "uploaded": printOut("Uploaded \(result.zipPath) to \(result.server ?? "")")
                case "cancelled": printOut("Not uploaded.")
                default: printOut(result.output)
                }
            }
            return result.action == "cancelled" ? .blocked : .success
        }
    }
}
