import Foundation

/// `docs.readme-tables`: every command, argument and output of the YAML appears in the pack
/// README's per-command tables, and the tables name nothing the YAML lacks (S45: "Verify all
/// argument tables match the current YAML"); with `humanReadable`, each command's section also
/// shows its War Room output under "#### Human Readable Output" (S44's Pack README Structure): in a
/// pack already on main, for the commands the change adds or alters, as for its tables.
public enum DocsReadmeTablesGate: Gate {
    public static let id = "docs.readme-tables"
    public static let summary =
        "each YAML command has its ### section in the pack README with Input/Context Output tables equal to its arguments/outputs, an example and (humanReadable) its Human Readable Output"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S45",
            "every YAML command has its `###` section with Input and Context Output tables naming exactly its arguments and outputs, and a command example; extra rows fail",
            shownBy: ["command missing", "argument missing", "stale argument", "output missing"]),
        RuleClaim(
            "S44",
            "each integration command's section has its `#### Human Readable Output` (`humanReadable`, on in both shipped workflows; in a pack on main, the commands the change adds or alters)",
            shownBy: [
                "no human readable output", "a command the change alters needs its human readable output", "an empty human readable output",
            ]),
        RuleClaim("S46", "the README holds what generate-docs would write", shownBy: ["command missing"]),
        RuleClaim("T15", "each command documented with its tables", shownBy: ["command missing"]),
    ]
    public static let parameters = [
        GateParameter(
            "humanReadable", .bool,
            "each integration command's section has a #### Human Readable Output (default false; in a pack already on main, the commands the change adds or alters)"
        )
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let humanReadable = params.bool("humanReadable", default: false)
        let units: [LoadedUnit]
        switch context.loadUnits() {
        case .blocked(let outcome): return outcome
        case .units(let loaded): units = loaded
        }
        guard !units.isEmpty else { return .pass("no integration or script YAML") }
        guard let bytes = context.files.read(layout.readme) else {
            return .fail("pack \(layout.pack): \(layout.readme) is missing", fix: "flow create")
        }
        let packOutline = MarkdownOutline(String(decoding: bytes, as: UTF8.self))
        var problems: [String] = []
        func compare(
            _ rows: [(line: Int, cell: String)], _ wanted: [String], what: String, of owner: String, in readme: String, at line: Int
        ) {
            let named = Set(rows.map(\.cell))
            for name in wanted where !named.contains(name) {
                problems.append("\(readme):\(line): the \(what) table of \(owner) lacks \(name), which the YAML declares")
            }
            let declared = Set(wanted)
            for row in rows where !declared.contains(row.cell) {
                problems.append("\(readme):\(row.line): the \(what) table of \(owner) names \(row.cell), which the YAML lacks")
            }
        }
        for unit in units {
            let yaml = unit.yaml
            // In a pack that was already on main, the findings about a command this change adds or
            // alters say so: recorded debt excuses the other commands' tables, never the touched one's.
            let touched = touchedCommands(unit, context)
            // The content repository documents an integration's commands in the integration's own
            // README (Integrations/X/README.md, where demisto-sdk generate-docs writes them); the
            // lifecycle's template puts them in the pack README. A command's section is read from
            // the pack README, else from the integration's own.
            let ownPath = "\(unit.unit.directory)/README.md"
            let ownOutline =
                yaml.isIntegration ? context.files.read(ownPath).map { MarkdownOutline(String(decoding: $0, as: UTF8.self)) } : nil
            for command in yaml.commands {
                let owner = yaml.isIntegration ? command.name : unit.unit.name
                let inOwn = packOutline.index(of: owner, level: 3) == nil && ownOutline?.index(of: owner, level: 3) != nil
                let (readme, outline) = inOwn ? (ownPath, ownOutline!) : (layout.readme, packOutline)
                let before = problems.count
                defer {
                    if let touched, touched.contains(command.name), problems.count > before {
                        for index in before..<problems.count { problems[index] += " (this change touches \(owner))" }
                    }
                }
                guard let heading = outline.index(of: owner, level: 3) else {
                    problems.append(
                        "\(readme): no \"### \(owner)\" section for the \(yaml.isIntegration ? "command" : "script") declared at \(unit.unit.yamlPath):\(command.line)"
                    )
                    continue
                }
                let end = outline.end(of: heading)
                let section = outline.sections[heading]
                if yaml.isIntegration {
                    let input = outline.index(of: "Input", level: 4, from: heading + 1, before: end)
                    if let input {
                        compare(
                            MarkdownOutline.firstColumn(outline.sections[input].body), command.arguments.map(\.name), what: "Input",
                            of: owner, in: readme, at: outline.sections[input].line)
                    } else if !command.arguments.isEmpty {
                        problems.append("\(readme):\(section.line): \(owner) has no \"#### Input\" table")
                    }
                    let output =
                        outline.index(of: "Context Output", level: 4, from: heading + 1, before: end)
                        ?? outline.index(of: "Outputs", level: 4, from: heading + 1, before: end)
                    if let output {
                        compare(
                            MarkdownOutline.firstColumn(outline.sections[output].body), command.outputs, what: "Context Output", of: owner,
                            in: readme, at: outline.sections[output].line)
                    } else if !command.outputs.isEmpty {
                        problems.append("\(readme):\(section.line): \(owner) has no \"#### Context Output\" table")
                    }
                    let example = outline.index(of: "Command Example", level: 4, from: heading + 1, before: end)
                    let inline = ((heading)..<end).contains { outline.sections[$0].body.contains { $0.text.hasPrefix("!\(owner)") } }
                    if example == nil && !inline {
                        problems.append("\(readme):\(section.line): \(owner) has no \"#### Command Example\" (`!\(owner) ...`)")
                    }
                    // A rule newer than many adopted packs: an untouched command of a pack on main
                    // is not asked, so the rule follows the change instead of refusing old packs.
                    if humanReadable, touched?.contains(command.name) ?? true,
                        outline.index(of: "Human Readable Output", level: 4, from: heading + 1, before: end).map({ !outline.hasText($0) })
                            ?? true
                    {
                        problems.append(
                            "\(readme):\(section.line): \(owner) has no \"#### Human Readable Output\" (\(LifecycleRule.cite("S44")): a realistic example of what the War Room shows)"
                        )
                    }
                } else {
                    let rows = (heading..<end).flatMap { MarkdownOutline.firstColumn(outline.sections[$0].body) }
                    if !rows.isEmpty || !command.arguments.isEmpty {
                        compare(rows, command.arguments.map(\.name), what: "argument", of: owner, in: readme, at: section.line)
                    }
                }
            }
        }
        if problems.isEmpty { return .pass() }
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \($0)" },
            fix: "edit \(layout.readme) or, for an integration's commands, the integration's own README.md (where "
                + "demisto-sdk generate-docs writes them): one ### section per command and script of the YAML, with the "
                + "tables the YAML declares (#### Input, #### Context Output, #### Command Example"
                + (humanReadable ? " and #### Human Readable Output" : "") + " for a command); "
                + "replace the \"version xx\" text generate-docs leaves, which docs.template-text refuses")
    }

    /// The commands whose YAML (arguments, outputs) this change added or altered since it left
    /// main; nil when the YAML was not there (a new pack or integration: everything is new).
    /// When git or the old YAML cannot answer, every command counts as touched: no debt excuses
    /// a table that might be due.
    static func touchedCommands(_ unit: LoadedUnit, _ context: GateContext) -> Set<String>? {
        let every = Set(unit.yaml.commands.map(\.name))
        switch context.yamlAtBase(unit) {
        case .absent: return nil
        case .unknown: return every
        case .yaml(let old):
            func shape(_ command: IntegrationYAML.Command) -> [String] { command.arguments.map(\.name) + ["|"] + command.outputs }
            var before: [String: [String]] = [:]
            for command in old.commands { before[command.name] = shape(command) }
            return Set(unit.yaml.commands.filter { before[$0.name] != shape($0) }.map(\.name))
        }
    }

    static let commandDoc = """
        ### demo-say

        Says a name.

        #### Input

        | Argument | Description | Required |
        | --- | --- | --- |
        | name | The name. | False |

        #### Context Output

        | Path | Type | Description |
        | --- | --- | --- |
        | Demo.Item.ID | String | The ID. |

        #### Command Example

        ```
        !demo-say name=x
        ```

        #### Human Readable Output

        > Hello, x!

        """

    static let integration = ContentExample.yaml(ContentExample.integration(commands: [("demo-say", ["name"])]))
    static let readme = DocsReadmeSectionsGate.complete + commandDoc

    static let withoutHumanReadable = readme.replacingOccurrences(of: "#### Human Readable Output\n\n> Hello, x!\n", with: "")

    public static let examples: [GateExample] = [
        .passing("tables match", pack: "Demo", initialCommit + [integration, PackExample.file("README.md", readme)]),
        // The content repository's layout: the commands in the integration's own README.
        .passing(
            "the commands in the integration's own README, as demisto-sdk generate-docs writes them",
            params: ["humanReadable": .bool(true)],
            pack: "Demo",
            initialCommit + [
                integration, PackExample.file("README.md", DocsReadmeSectionsGate.complete),
                .write("\(ContentExample.dir)/README.md", commandDoc),
            ]),
        .failing(
            "a stale table in the integration's own README", pack: "Demo",
            reason: "Integrations/Demo/README.md:5: the Input table of demo-say lacks name",
            initialCommit + [
                integration, PackExample.file("README.md", DocsReadmeSectionsGate.complete),
                .write("\(ContentExample.dir)/README.md", commandDoc.replacingOccurrences(of: "| name | The name. | False |", with: "")),
            ]),
        .passing(
            "tables match, human readable output", params: ["humanReadable": .bool(true)], pack: "Demo",
            initialCommit + [integration, PackExample.file("README.md", readme)]),
        .failing(
            "no human readable output", params: ["humanReadable": .bool(true)], pack: "Demo",
            reason:
                "Packs/Demo/README.md:40: demo-say has no \"#### Human Readable Output\" (S44 (docs/xsoar-lifecycle.md#s44)",
            fix: "#### Command Example and #### Human Readable Output for a command",
            initialCommit + [integration, PackExample.file("README.md", withoutHumanReadable)]),
        .failing(
            "an empty human readable output", params: ["humanReadable": .bool(true)], pack: "Demo",
            reason: "demo-say has no \"#### Human Readable Output\"",
            initialCommit + [integration, PackExample.file("README.md", readme.replacingOccurrences(of: "> Hello, x!\n", with: "\n"))]),
        .passing(
            "an untouched command of a pack on main owes no human readable output", params: ["humanReadable": .bool(true)], pack: "Demo",
            initialCommit + [
                integration, PackExample.file("README.md", withoutHumanReadable), .stage(["Packs"]), .commit("on main"),
                .branch("feature/x"), PackExample.file("README.md", withoutHumanReadable + "\nMore words.\n"),
            ]),
        .failing(
            "a command the change alters needs its human readable output", params: ["humanReadable": .bool(true)], pack: "Demo",
            reason:
                "demo-say has no \"#### Human Readable Output\" (S44 (docs/xsoar-lifecycle.md#s44): a realistic example of what the War Room shows) (this change touches demo-say)",
            initialCommit + [
                ContentExample.yaml(ContentExample.integration(commands: [("demo-say", [])])),
                PackExample.file("README.md", withoutHumanReadable.replacingOccurrences(of: "| name | The name. | False |\n", with: "")),
                .stage(["Packs"]), .commit("on main"), .branch("feature/x"),
                integration, PackExample.file("README.md", withoutHumanReadable),
            ]),
        .failing(
            "command missing", pack: "Demo", reason: "no \"### demo-say\" section for the command",
            fix: "edit Packs/Demo/README.md or, for an integration's commands, the integration's own README.md",
            fixOmits: "generate-docs -i",
            initialCommit + [
                integration, PackExample.file("README.md", DocsReadmeSectionsGate.complete),
            ]),
        .failing(
            "argument missing", pack: "Demo", reason: "the Input table of demo-say lacks name",
            initialCommit + [
                integration, PackExample.file("README.md", readme.replacingOccurrences(of: "| name | The name. | False |", with: "")),
            ]),
        .failing(
            "stale argument", pack: "Demo", reason: "the Input table of demo-say names limit, which the YAML lacks",
            initialCommit + [
                integration,
                PackExample.file(
                    "README.md",
                    readme.replacingOccurrences(
                        of: "| name | The name. | False |", with: "| name | The name. | False |\n| limit | Old. | False |")),
            ]),
        .failing(
            "output missing", pack: "Demo", reason: "the Context Output table of demo-say lacks Demo.Item.ID",
            initialCommit + [
                integration,
                PackExample.file(
                    "README.md",
                    readme.replacingOccurrences(of: "| Demo.Item.ID | String | The ID. |", with: "| Demo.Item.Name | String | Old. |")),
            ]),
    ]
}
