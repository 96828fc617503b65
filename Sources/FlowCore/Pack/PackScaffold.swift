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

    public init(
        pack: String, description: String? = nil, author: String, category: String, support: String,
        platform: String?, created: String, releaseNotes: Bool
    ) {
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

    /// The pack_metadata.json template of rule S9, filled in.
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

    /// The Pack README Structure of rule S44 (all sections MANDATORY, one command's section with
    /// its Human Readable Output as the pattern for each), with its placeholders left for the
    /// author: docs.template-text refuses them until they are replaced, docs.readme-sections checks
    /// the sections stay.
    public var readme: String {
        """
        # \(pack)

        \(description)

        <Detailed paragraph explaining what this pack does, what service it integrates with, what use cases it supports, and why a security team would use it.>

        ## Dependencies

        *No dependencies*

        ## Integrations

        ### <Integration Name>

        <Detailed description: what the integration connects to, what capabilities it provides, what API it wraps.>

        #### Authentication

        <Explain the auth method: API key, OAuth, basic auth, etc.>

        #### Configuration

        | Parameter | Description | Required | Default |
        | --- | --- | --- | --- |
        | Server URL | Base URL of the <service> API | True | |

        #### Commands

        | Command | Description |
        | --- | --- |

        ### <prefix-command-one>

        <Full description of what this command does, when to use it, and any important behavior notes.>

        #### Input

        | Argument | Description | Required | Default |
        | --- | --- | --- | --- |

        #### Context Output

        | Path | Type | Description |
        | --- | --- | --- |

        #### Command Example

        ```
        !<prefix-command-one>
        ```

        #### Human Readable Output

        > <Show a realistic example of the markdown table output the user will see in the War Room.>

        ## Known Limitations

        - <Any API rate limits, unsupported features, or platform restrictions.>

        ## Troubleshooting

        | Issue | Solution |
        | --- | --- |

        """
    }

    /// The lines of the README template that hold a `<placeholder>` for the author; a README
    /// still holding one is not written yet (`pack.readme` names each, as `docs.template-text` does).
    /// Made once: `pack.readme` asks it for every line of every README it reads.
    public static let readmeTemplateLines: Set<String> = Set(
        PackScaffold(pack: "\u{0}", author: "", category: "", support: "", platform: nil, created: "", releaseNotes: false)
            .readme.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }
            .filter { $0.contains("<") && $0.contains(">") && !$0.contains("\u{0}") })

    /// `ReleaseNotes/1_0_0.md` in the official format. A new pack has no content items yet, so the
    /// entry is the pack's own `## <Pack name>` section, as demisto-sdk writes it for the pack
    /// itself; each item added later gets its `#### <Content type>` / `##### <Display Name>` entry.
    public var initialReleaseNotes: String {
        "## \(pack)\n\n- Initial release of **\(pack)**.\n"
    }

    /// Relative to the pack directory, with their content.
    public var files: [(String, String)] {
        var files = [
            ("pack_metadata.json", metadataJSON), ("README.md", readme), (".pack-ignore", PackScaffold.packIgnore),
            (".secrets-ignore", PackScaffold.secretsIgnore),
        ]
        if releaseNotes { files.append(("ReleaseNotes/1_0_0.md", initialReleaseNotes)) }
        return files
    }
}
