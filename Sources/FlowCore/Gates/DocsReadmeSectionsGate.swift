import Foundation

/// `docs.readme-sections`: the pack README has the sections rule S44 calls MANDATORY (Pack README
/// Structure): a real description paragraph, Dependencies, Integrations (with Authentication,
/// Configuration, Commands) or Scripts as the pack holds them, Troubleshooting and, with
/// `knownLimitations`, Known Limitations (for a README new since main, or one whose section was
/// there on main: an older pack's README that never had it is not asked for it by this change).
public enum DocsReadmeSectionsGate: Gate {
    public static let id = "docs.readme-sections"
    public static let summary =
        "the pack README has the mandatory sections of rule S44: description, Dependencies, Integrations (Authentication, Configuration, Commands), Scripts, Known Limitations (knownLimitations), Troubleshooting"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S44",
            "the pack README's mandatory sections: a description of 8+ words, Dependencies, Integrations (Authentication, Configuration, Commands) and Scripts as the pack holds them, Known Limitations (`knownLimitations`, on in both shipped workflows; a README on main that never had it is not asked), Troubleshooting; the Playbooks section is not asked",
            shownBy: [
                "stub description", "no troubleshooting", "no authentication", "no known limitations",
                "known limitations with nothing under it",
                "known limitations removed from a README on main",
            ]),
        RuleClaim("T15", "the README's sections", shownBy: ["no troubleshooting"]),
    ]
    public static let parameters = [
        GateParameter("minimumWords", .int, "words the description paragraph needs at least (default 8)"),
        GateParameter(
            "knownLimitations", .bool,
            "the README has a ## Known Limitations section (default false; in a pack already on main, once its README on main has it)"),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard let bytes = context.files.read(layout.readme) else {
            return .fail("pack \(layout.pack): \(layout.readme) is missing", fix: "flow create")
        }
        let outline = MarkdownOutline(String(decoding: bytes, as: UTF8.self))
        let readme = layout.readme
        var missing: [String] = []
        if let title = outline.sections.first, title.level == 1 {
            let words = title.body.filter { !$0.text.hasPrefix("|") }.flatMap { $0.text.split(whereSeparator: \.isWhitespace) }.count
            let needed = params.int("minimumWords", default: 8)
            if words < needed {
                missing.append(
                    "\(readme):\(title.line): the description under \"# \(title.title)\" has \(words) word(s); \(LifecycleRule.cite("S44")) wants a detailed paragraph (\(needed)+ words: what the pack does, which service, which use cases)"
                )
            }
        } else {
            missing.append("\(readme):1: no \"# <Pack Name>\" title first")
        }
        var required = ["Dependencies"]
        let kinds = Set(context.components().map(\.kind))
        if kinds.contains("Integrations") { required.append("Integrations") }
        if kinds.contains("Scripts") { required.append("Scripts") }
        if params.bool("knownLimitations", default: false), knownLimitationsDue(layout.readme, context) {
            required.append("Known Limitations")
        }
        required.append("Troubleshooting")
        for title in required {
            guard let index = outline.index(of: title, level: 2) else {
                missing.append("\(readme): no \"## \(title)\" section")
                continue
            }
            // A heading with nothing under it (or only a comment) documents nothing.
            if ["Known Limitations", "Troubleshooting"].contains(title), !outline.hasText(index) {
                missing.append("\(readme):\(outline.sections[index].line): the \"## \(title)\" section is empty")
            }
        }
        if let integrations = outline.index(of: "Integrations", level: 2) {
            let end = outline.end(of: integrations)
            for title in ["Authentication", "Configuration", "Commands"]
            where outline.index(of: title, level: 4, from: integrations, before: end) == nil {
                missing.append("\(readme): no \"#### \(title)\" under \"## Integrations\"")
            }
        }
        if missing.isEmpty { return .pass() }
        return .fail(
            reasons: missing.map { "pack \(layout.pack): \($0)" },
            fix:
                "write \(readme) in the Pack README Structure of \(LifecycleRule.cite("S44")): all sections are MANDATORY, and flow create writes the outline for a new pack"
        )
    }

    /// False when the README at the merge-base with main exists and has no Known Limitations
    /// either: the section is a rule newer than that README, and only what it had stays due.
    /// When git cannot answer, it is due.
    static func knownLimitationsDue(_ readme: String, _ context: GateContext) -> Bool {
        do {
            guard let base = try context.git.mergeBase(with: "refs/heads/\(context.config.mainBranch)"),
                let old = try context.git.fileContent(readme, at: base)
            else { return true }
            return MarkdownOutline(String(decoding: old, as: UTF8.self)).index(of: "Known Limitations", level: 2) != nil
        } catch {
            return true
        }
    }

    static let complete = """
        # Demo

        Demo connects Cortex XSOAR to the Demo service so analysts can look up items and enrich incidents.

        ## Dependencies

        *No dependencies*

        ## Integrations

        ### Demo

        Talks to the Demo API.

        #### Authentication

        An API key from the Demo console.

        #### Configuration

        | Parameter | Description | Required | Default |
        | --- | --- | --- | --- |
        | url | Server URL | True | |

        #### Commands

        | Command | Description |
        | --- | --- |
        | demo-say | Says a name. |

        ## Known Limitations

        - The Demo API allows 100 requests a minute.

        ## Troubleshooting

        | Issue | Solution |
        | --- | --- |
        | 401 | Check the API key. |

        """

    static let withoutLimitations = complete.replacingOccurrences(
        of: "## Known Limitations\n\n- The Demo API allows 100 requests a minute.\n\n", with: "")

    static let integration = ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])]))

    public static let examples: [GateExample] = [
        .passing("all sections", pack: "Demo", initialCommit + [integration, PackExample.file("README.md", complete)]),
        .failing(
            "stub description", pack: "Demo", reason: "S44 (docs/xsoar-lifecycle.md#s44) wants a detailed paragraph",
            initialCommit + [
                integration,
                PackExample.file(
                    "README.md",
                    complete.replacingOccurrences(
                        of: "Demo connects Cortex XSOAR to the Demo service so analysts can look up items and enrich incidents.",
                        with: "Does things.")),
            ]),
        .failing(
            "no troubleshooting", pack: "Demo", reason: "Packs/Demo/README.md: no \"## Troubleshooting\" section",
            initialCommit + [
                integration, PackExample.file("README.md", String(complete[..<complete.range(of: "## Troubleshooting")!.lowerBound])),
            ]),
        .passing(
            "all sections, known limitations asked", params: ["knownLimitations": .bool(true)], pack: "Demo",
            initialCommit + [integration, PackExample.file("README.md", complete)]),
        .failing(
            "no known limitations", params: ["knownLimitations": .bool(true)], pack: "Demo",
            reason: "Packs/Demo/README.md: no \"## Known Limitations\" section",
            initialCommit + [integration, PackExample.file("README.md", withoutLimitations)]),
        // A heading with only a comment under it shows nothing.
        .failing(
            "known limitations with nothing under it", params: ["knownLimitations": .bool(true)], pack: "Demo",
            reason: "the \"## Known Limitations\" section is empty",
            initialCommit + [
                integration,
                PackExample.file(
                    "README.md",
                    complete.replacingOccurrences(
                        of: "- The Demo API allows 100 requests a minute.", with: "<!-- to do:\nrate limits -->")),
            ]),
        .passing(
            "a README on main that never had known limitations", params: ["knownLimitations": .bool(true)], pack: "Demo",
            initialCommit + [
                integration, PackExample.file("README.md", withoutLimitations), .stage(["Packs"]), .commit("on main"),
                .branch("feature/x"), PackExample.file("README.md", withoutLimitations + "\nMore words.\n"),
            ]),
        .failing(
            "known limitations removed from a README on main", params: ["knownLimitations": .bool(true)], pack: "Demo",
            reason: "no \"## Known Limitations\" section",
            initialCommit + [
                integration, PackExample.file("README.md", complete), .stage(["Packs"]), .commit("on main"),
                .branch("feature/x"), PackExample.file("README.md", withoutLimitations),
            ]),
        .failing(
            "no authentication", pack: "Demo", reason: "no \"#### Authentication\" under \"## Integrations\"",
            initialCommit + [
                integration, PackExample.file("README.md", complete.replacingOccurrences(of: "#### Authentication", with: "#### Auth")),
            ]),
    ]
}
