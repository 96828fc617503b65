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

    public init(pack: String? = nil, packType: String? = nil, platform: String? = nil, author: String? = nil,
                category: String? = nil, support: String? = nil, zipDir: String? = nil, workflow: String? = nil,
                instanceURL: String? = nil) {
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
        SurveyQuestion(flag: "--zip-dir", prompt: "Directory for built zips (outside the repository)", choices: [],
                       keyPath: \.zipDir),
    ]

    /// Asked on a terminal after the others; optional, so never reported missing. The default is
    /// `$DEMISTO_BASE_URL`.
    public static let instanceURLQuestion = SurveyQuestion(flag: "--instance-url", prompt: "XSOAR instance URL (optional)",
                                                           choices: [], keyPath: \.instanceURL)

    /// Questions still unanswered; the zip directory is asked only of local packs.
    public static func missing(_ answers: SurveyAnswers) -> [SurveyQuestion] {
        questions.filter { question in
            if question.flag == "--zip-dir", answers.packType == "marketplace" { return false }
            return (answers[keyPath: question.keyPath] ?? "").isEmpty
        }
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
            warnings.append("XSIAM_AUTH_ID is set but the platform is XSOAR 6, which authenticates with the API key alone; unset it or choose --platform xsoar8/xsiam")
        }
        return warnings
    }
}
