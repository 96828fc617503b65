import FlowCore
import Foundation

/// The answers of `flow init`, checked before anything is written.
public struct SurveyAnswers: Equatable, Sendable {
    public var pack: String?
    public var packType: String?
    public var platform: String?
    public var author: String?
    public var category: String?
    public var support: String?
    public var zipDir: String?
    public var workflow: String?
    public var instanceURL: String?

    public init(
        pack: String? = nil, packType: String? = nil, platform: String? = nil, author: String? = nil,
        category: String? = nil, support: String? = nil, zipDir: String? = nil, workflow: String? = nil,
        instanceURL: String? = nil
    ) {
        self.pack = pack
        self.packType = packType
        self.platform = platform
        self.author = author
        self.category = category
        self.support = support
        self.zipDir = zipDir
        self.workflow = workflow
        self.instanceURL = instanceURL
    }
}

/// One question of the survey: its flag, its choices and how to check an answer.
public struct SurveyQuestion: Sendable {
    public let flag: String
    public let prompt: String
    public let choices: [String]
    public let keyPath: WritableKeyPath<SurveyAnswers, String?> & Sendable
}

public enum Survey {
    public static let packTypes = ["local", "marketplace"]
    public static let platforms = ["xsoar6", "xsoar8", "xsiam"]
    public static let supports = ["xsoar", "partner", "developer", "community"]
    /// The ten XSOAR pack categories.
    public static let categories = [
        "Analytics & SIEM", "Case Management", "Data Enrichment & Threat Intelligence", "Endpoint",
        "Forensics & Malware Analysis", "IT Services", "Messaging", "Network Security", "Utilities",
        "Vulnerability Management",
    ]

    public static let questions: [SurveyQuestion] = [
        SurveyQuestion(flag: "--pack", prompt: "Pack name (PascalCase, e.g. MyIntegration)", choices: [], keyPath: \.pack),
        SurveyQuestion(flag: "--pack-type", prompt: "Pack type", choices: packTypes, keyPath: \.packType),
        SurveyQuestion(flag: "--platform", prompt: "Platform", choices: platforms, keyPath: \.platform),
        SurveyQuestion(flag: "--author", prompt: "Author", choices: [], keyPath: \.author),
        SurveyQuestion(flag: "--category", prompt: "Category", choices: categories, keyPath: \.category),
        SurveyQuestion(flag: "--support", prompt: "Support type", choices: supports, keyPath: \.support),
        SurveyQuestion(
            flag: "--zip-dir", prompt: "Directory for built zips (outside the repository)", choices: [],
            keyPath: \.zipDir),
    ]

    /// Asked on a terminal after the others; optional, so never reported missing. The default is
    /// `$DEMISTO_BASE_URL`.
    public static let instanceURLQuestion = SurveyQuestion(
        flag: "--instance-url", prompt: "XSOAR instance URL (optional)",
        choices: [], keyPath: \.instanceURL)

    /// Questions still unanswered; the zip directory is asked only of local packs.
    public static func missing(_ answers: SurveyAnswers) -> [SurveyQuestion] {
        questions.filter { question in
            if question.flag == "--zip-dir", answers.packType == "marketplace" { return false }
            return (answers[keyPath: question.keyPath] ?? "").isEmpty
        }
    }

    /// The answer the survey offers for a question (Enter takes it), and the value the flags
    /// `flow init` suggests without a terminal: the configuration's answer, else the survey's
    /// default; nil where only the user can answer (pack, author, zip directory).
    public static func defaultAnswer(_ question: SurveyQuestion, old: ProjectConfig?) -> String? {
        switch question.flag {
        case "--pack": return old?.packs.first
        case "--pack-type": return old?.packType ?? "local"
        case "--platform": return old?.platform ?? "xsoar6"
        case "--author": return old?.author
        case "--category": return old?.category ?? "Utilities"
        case "--support": return old?.support ?? "community"
        case "--zip-dir": return old?.zipDir
        default: return nil
        }
    }

    /// The `flow init` command line that answers every question: the values given, else the
    /// survey's defaults, else a placeholder (NAME, DIR) for the user to fill in.
    public static func command(answering answers: SurveyAnswers, given: SurveyAnswers, old: ProjectConfig?) -> String {
        var words = ["flow", "init"]
        for question in questions {
            if question.flag == "--zip-dir", answers.packType == "marketplace" { continue }
            let value = answers[keyPath: question.keyPath].flatMap { $0.isEmpty ? nil : $0 } ?? defaultAnswer(question, old: old)
            words += [question.flag, value.map(shellWord) ?? (question.flag == "--zip-dir" ? "DIR" : "NAME")]
        }
        if let workflow = given.workflow { words += ["--workflow", shellWord(workflow)] }
        if let url = given.instanceURL { words += ["--instance-url", shellWord(url)] }
        return words.joined(separator: " ")
    }

    /// The word as the shell reads it back: as it is when it is plain, else single-quoted.
    static func shellWord(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_./:@=,+%".unicodeScalars.contains($0))
            }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Why a pack name is refused (the rules live in FlowCore so the `pack.name-safe` gate shares
    /// them): any safe directory name for a pack that exists, PascalCase for a new one.
    public static func packNameProblem(_ name: String, exists: Bool = true) -> String? {
        exists ? PackName.existingProblem(name) : PackName.problem(name)
    }

    /// Every problem with the answers, each naming its flag and the accepted values.
    public static func problems(_ answers: SurveyAnswers) -> [String] {
        var problems: [String] = []
        if let pack = answers.pack, let problem = packNameProblem(pack) { problems.append("--pack: \(problem)") }
        for question in questions where !question.choices.isEmpty {
            if let value = answers[keyPath: question.keyPath], !value.isEmpty, !question.choices.contains(value) {
                problems.append("\(question.flag): \(value) is not one of: \(question.choices.joined(separator: ", "))")
            }
        }
        if answers.author?.trimmingCharacters(in: .whitespaces).isEmpty == true { problems.append("--author is empty") }
        return problems
    }

    /// The workflow for a pack type: the shipped `xsoar-<type>` when present, else `minimal`.
    public static func defaultWorkflow(packType: String?) -> String {
        let names = WorkflowLocator.builtInNames()
        if let packType, names.contains("xsoar-\(packType)") { return "xsoar-\(packType)" }
        return "minimal"
    }

    public static func config(from answers: SurveyAnswers, keeping old: ProjectConfig?) -> ProjectConfig {
        var config = old ?? ProjectConfig()
        if old == nil { config.commitConvention = true }  // a new repository follows the commit convention (rule S50)
        config.workflow = answers.workflow ?? (old?.workflow ?? defaultWorkflow(packType: answers.packType))
        if let pack = answers.pack, !config.packs.contains(pack) { config.packs = [pack] + config.packs.filter { $0 != pack } }
        config.packType = answers.packType
        config.platform = answers.platform
        config.author = answers.author
        config.category = answers.category
        config.support = answers.support
        config.zipDir = answers.packType == "marketplace" ? nil : answers.zipDir
        config.instanceURL = answers.instanceURL
        return config
    }

    /// Warnings that do not stop the survey.
    public static func warnings(_ answers: SurveyAnswers, environment: [String: String]) -> [String] {
        var warnings: [String] = []
        if environment["XSIAM_AUTH_ID"].map({ !$0.isEmpty }) == true, answers.platform == "xsoar6" {
            warnings.append(
                "XSIAM_AUTH_ID is set but the platform is XSOAR 6, which authenticates with the API key alone; unset it or choose --platform xsoar8/xsiam"
            )
        }
        // S3: the lifecycle's API steps are written for XSOAR 6 (demisto-py, the API key alone).
        if answers.platform == "xsoar8" || answers.platform == "xsiam" {
            warnings.append(
                "the XSOAR lifecycle flow follows is written for XSOAR 6: on \(answers.platform == "xsiam" ? "XSIAM" : "XSOAR 8") the API steps (flow deploy's upload) may need manual adjustment (\(LifecycleRule.cite("S3")))"
            )
        }
        return warnings
    }
}
