import FlowCore
import Foundation

/// Asks the survey's questions on a terminal.
public protocol SurveyPrompter {
    func ask(_ question: SurveyQuestion, default value: String?) -> String?
    func say(_ text: String)
}

public struct SurveyResult {
    public let config: ProjectConfig
    public let configPath: String
    public let state: BranchState
    public let warnings: [String]
    /// What was done besides the configuration: hooks installed, `.gitattributes` written.
    public var notes: [String] = []
}

/// `flow init`: complete the answers (prompting when possible), check them, write the
/// configuration and mark the survey phase done.
public enum SurveyRunner {
    public static func run(
        answers given: SurveyAnswers, at directory: String?, prompter: SurveyPrompter?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SurveyResult {
        let (_, root) = try Project.openRepository(at: directory)
        let old = try ConfigStore.load(root: root)
        var answers = given
        var inputEnded = false
        if answers.instanceURL == nil, let url = environment["DEMISTO_BASE_URL"], !url.isEmpty { answers.instanceURL = url }
        if let prompter {
            let setKeys = ["DEMISTO_BASE_URL", "DEMISTO_API_KEY", "XSIAM_AUTH_ID"].map { key in
                "\(key) is \(environment[key].map { $0.isEmpty ? "empty" : "set" } ?? "not set")"
            }
            prompter.say("flow survey (" + setKeys.joined(separator: ", ") + ")")
            for question in Survey.questions {
                guard Survey.missing(answers).contains(where: { $0.flag == question.flag }) else { continue }
                let suggestion = Survey.defaultAnswer(question, old: old)
                var answer = prompter.ask(question, default: suggestion)
                while let value = answer, let problem = problem(question, value) {
                    prompter.say(problem)
                    answer = prompter.ask(question, default: suggestion)
                }
                answers[keyPath: question.keyPath] = answer
                // End of input on a terminal (Ctrl-D): stop asking, report what is missing below.
                if answer == nil {
                    inputEnded = true
                    break
                }
            }
            if !inputEnded, given.instanceURL == nil || given.instanceURL == environment["DEMISTO_BASE_URL"] {
                let url = prompter.ask(Survey.instanceURLQuestion, default: answers.instanceURL ?? old?.instanceURL)
                answers.instanceURL = url?.isEmpty == true ? nil : url
            }
        }
        let missing = Survey.missing(answers)
        if !missing.isEmpty {
            let why = prompter == nil ? "no terminal to ask on" : "the input ended before every question was answered"
            throw FlowError.invalid(
                "the survey is missing: \(missing.map(\.flag).joined(separator: ", ")) (\(why); nothing was written)",
                hint: Survey.command(answering: answers, given: given, old: old))
        }
        var problems = Survey.problems(answers)
        // A new pack gets a PascalCase name; an existing pack directory keeps its own.
        if problems.isEmpty, let pack = answers.pack,
            !FileManager.default.fileExists(atPath: "\(root)/\((old ?? ProjectConfig()).packsRoot)/\(pack)"),
            let problem = Survey.packNameProblem(pack, exists: false)
        {
            problems.append(
                "--pack: \(problem) (a new pack's name; an existing pack under \((old ?? ProjectConfig()).packsRoot)/ keeps its own)")
        }
        if !problems.isEmpty {
            throw FlowError.invalid(problems.joined(separator: "\n"), hint: "correct the values and run flow init again")
        }
        let config = Survey.config(from: answers, keeping: old)
        _ = try WorkflowLocator.load(config.workflow, root: root)
        try ConfigStore.save(config, root: root)
        let project = try Project.open(at: root)
        let lifecycle = Lifecycle(project: project)
        let first = project.workflow.phases.first?.id ?? ""
        let state = try lifecycle.complete(first)
        var notes: [String] = []
        if try GitAttributes.ensureReleaseNotesUnion(root: root, packsRoot: config.packsRoot) {
            notes.append(
                "Wrote \(GitAttributes.relativePath) (\(GitAttributes.releaseNotesLine(packsRoot: config.packsRoot))): commit it with the set-up."
            )
        }
        notes += try HooksInstaller(repository: project.repository).ensureInstalled(config: config)
        var result = SurveyResult(
            config: config, configPath: ConfigStore.path(in: root), state: state,
            warnings: Survey.warnings(answers, environment: environment))
        result.notes = notes
        return result
    }

    static func problem(_ question: SurveyQuestion, _ value: String) -> String? {
        var probe = SurveyAnswers()
        probe[keyPath: question.keyPath] = value
        return Survey.problems(probe).first
    }
}
