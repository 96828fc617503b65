import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "The survey: record the pack's answers in .flow/config.yml and complete the survey phase.",
        discussion: """
            Every answer can be given as a flag. On a terminal, flow asks for what is missing; without one,
            missing answers are an error that lists them (exit 2). Secrets (DEMISTO_API_KEY, XSIAM_AUTH_ID)
            are never written: only whether they are set is reported.
            """)

    @Option(name: [.customShort("C"), .customLong("repo")], help: "Run as if flow was started in this directory.")
    var directory: String?

    @Option(help: "Pack name, PascalCase (e.g. MyIntegration).") var pack: String?
    @Option(help: "local or marketplace.") var packType: String?
    @Option(help: "xsoar6, xsoar8 or xsiam.") var platform: String?
    @Option(help: "Author for pack_metadata.json.") var author: String?
    @Option(help: "One of the ten XSOAR categories, e.g. Utilities.") var category: String?
    @Option(help: "xsoar, partner, developer or community.") var support: String?
    @Option(help: "Where built zips go (local packs; outside the repository or ignored).") var zipDir: String?
    @Option(help: "A shipped workflow name or a YAML file (default: xsoar-<pack-type>).") var workflow: String?
    @Option(help: "XSOAR instance URL (default: $DEMISTO_BASE_URL).") var instanceURL: String?

    func validate() throws {
        let problems = Survey.problems(answers)
        // Bad values are invalid input (exit 2), not a usage error (64).
        if !problems.isEmpty {
            throw InvalidArgument.refuse(
                problems, fix: "correct the values above (`flow init --help` lists the choices); nothing was written")
        }
    }

    var answers: SurveyAnswers {
        SurveyAnswers(
            pack: pack, packType: packType, platform: platform, author: author, category: category,
            support: support, zipDir: zipDir, workflow: workflow,
            instanceURL: instanceURL ?? ProcessInfo.processInfo.environment["DEMISTO_BASE_URL"])
    }

    func run() throws {
        try runReporting {
            let prompter: SurveyPrompter? = isatty(STDIN_FILENO) == 1 ? TerminalPrompter() : nil
            let result = try SurveyRunner.run(answers: answers, at: directory, prompter: prompter)
            for warning in result.warnings { FileHandle.standardError.write(Data("flow: warning: \(warning)\n".utf8)) }
            print("Wrote \(result.configPath) (workflow \(result.config.workflow), pack \(result.config.packs.joined(separator: ", "))).")
            for note in result.notes { print(note) }
            print("Survey complete: now at \(result.state.phase). Run `flow status` to see what comes next.")
            return .success
        }
    }
}
