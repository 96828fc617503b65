import Foundation

/// The survey's platform choices and the pack_metadata.json `marketplaces` values they mean.
public enum Platform {
    public static func marketplaces(for platform: String?) -> [String]? {
        switch platform {
        case "xsoar6": return ["xsoar"]
        case "xsoar8": return ["xsoar_saas"]
        case "xsiam": return ["marketplacev2"]
        default: return nil
        }
    }
}

/// The files of a new pack, as text, from the survey's answers. Writing them is FlowKit's job.
public struct PackScaffold: Sendable {
    public let pack: String
    public let description: String
    public let author: String
    public let category: String
    public let support: String
    public let platform: String?
    /// ISO-8601, UTC, seconds: `2026-01-01T00:00:00Z`.
    public let created: String
    public let releaseNotes: Bool

    public init(pack: String, description: String? = nil, author: String, category: String, support: String,
                platform: String?, created: String, releaseNotes: Bool) {
        self.pack = pack
        self.description = description ?? "\(pack) content pack."
        self.author = author
        self.category = category
        self.support = support
        self.platform = platform
        self.created = created
        self.releaseNotes = releaseNotes
    }

    public static let packIgnore = "[file:README.md]\nignore=RM104\n"
    public static let secretsIgnore = ""

    /// The seed's pack_metadata.json template, filled in.
    public var metadataJSON: String {
        let fields: [(String, Any)] = [
            ("name", pack), ("description", description), ("support", support), ("currentVersion", "1.0.0"),
            ("author", author), ("url", ""), ("email", ""), ("created", created), ("categories", [category]),
            ("tags", [String]()), ("useCases", [String]()), ("keywords", [String]()),
            ("dependencies", [String: Any]()), ("displayedImages", [String]()),
            ("marketplaces", Platform.marketplaces(for: platform) ?? ["xsoar"]),
            ("githubUser", [String]()), ("devEmail", [String]()),
        ]
        // Written by hand to keep the template's field order, which JSONSerialization would not.
        let body = fields.map { key, value in "    \(PackScaffold.json(key)): \(PackScaffold.json(value))" }
        return "{\n" + body.joined(separator: ",\n") + "\n}\n"
    }

    static func json(_ value: Any) -> String {
        if let text = value as? String {
            let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        if let list = value as? [String] { return "[" + list.map { json($0) }.joined(separator: ", ") + "]" }
        return "{}"
    }

    /// The README structure of the seed: overview, what the pack holds, configuration, commands.
    /// Every line under a heading is template text that `pack.readme` refuses until it is
    /// replaced, so the template never passes the gate by itself.
    public var readme: String {
        var text = "# \(pack)\n\n"
        for (heading, hint) in PackScaffold.readmeSections {
            text += "## \(heading)\n\n\(hint)\n\n"
        }
        return text
    }

    /// The README's sections and the template line under each (none is a made-up fact).
    public static let readmeSections: [(String, String)] = [
        ("Overview", "TODO: what this pack does and which product or service it works with."),
        ("What does this pack do?", "TODO: describe each integration, script and playbook of the pack."),
        ("Configuration", "TODO: list each integration parameter (name, description, required)."),
        ("Commands", "TODO: document each command with its arguments, outputs and an example."),
    ]

    /// The template lines `flow create` writes; a README still holding one is not written yet.
    public static var readmeTemplateLines: [String] { readmeSections.map(\.1) }

    /// `ReleaseNotes/1_0_0.md` in the official format.
    public var initialReleaseNotes: String {
        "#### Integrations\n\n##### \(pack)\n\n- Initial release of **\(pack)**.\n"
    }

    /// Relative to the pack directory, with their content.
    public var files: [(String, String)] {
        var files = [("pack_metadata.json", metadataJSON), ("README.md", readme), (".pack-ignore", PackScaffold.packIgnore),
                     (".secrets-ignore", PackScaffold.secretsIgnore)]
        if releaseNotes { files.append(("ReleaseNotes/1_0_0.md", initialReleaseNotes)) }
        return files
    }
}
