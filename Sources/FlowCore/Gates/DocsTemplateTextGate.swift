import Foundation

/// `docs.template-text`: no text of the lifecycle rules' templates is left in the pack's markdown or
/// metadata (`<Pack Name>`, `<service-url>`, "version xx", ...): it would ship to the marketplace page.
public enum DocsTemplateTextGate: Gate {
    public static let id = "docs.template-text"
    public static let summary =
        "no template text (<Pack Name>, <service-url>, \"version xx\", ...) left in the pack's .md files and metadata"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S44",
            "no template text (`<Pack Name>`, `<service-url>`, \"version xx\", the template's other `<...>` placeholders) in the pack's `.md` files or metadata",
            shownBy: ["pack name placeholder", "version xx"]),
        RuleClaim("S17", "no template text in `_description.md`", shownBy: ["service url in the description"]),
    ]

    /// Placeholders of the rules' README, description and release-notes templates (matched case-insensitively).
    public static let markers = [
        "<Pack Name>", "<PackName>", "<Integration Name>", "<IntegrationName>", "<Integration Display Name>",
        "<Script Name>", "<Script Display Name>", "<Playbook Name>", "<Playbook Display Name>", "<Service Name>",
        "<service-url>", "<default-url>", "<service>", "<brief reason>", "<Detailed paragraph", "<Detailed description",
        "<One paragraph", "<Full description", "<Explain the auth method", "<How to obtain credentials",
        "<Required permissions", "<list required permissions", "<Document any API rate limits", "<Any API rate limits",
        "<What the script does", "<Description of the playbook", "<Repeat the same", "<SHORT_NAME>", "<prefix-command",
        "<Show a realistic example", "version xx",
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let paths = context.allFiles(under: layout.directory).filter { $0.hasSuffix(".md") } + [layout.metadata]
        var found: [String] = []
        for path in paths {
            guard let bytes = context.files.read(path) else { continue }
            for (index, part) in TextScan.lines(String(decoding: bytes, as: UTF8.self)).enumerated() {
                // Most lines hold no "<" and no "version": nothing to look for there.
                let lowered = part.utf8.map(TextScan.asciiLowercased)
                guard lowered.contains(0x3C) || TextScan.bytes(lowered, contain: "version") else { continue }
                let line = String(part)
                for marker in markers {
                    if let range = TextScan.asciiRangeIgnoringCase(of: marker, in: line) {
                        let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                        found.append("\(path):\(index + 1):\(column): template text \"\(line[range])\" left in")
                    }
                }
            }
        }
        if found.isEmpty { return .pass() }
        return .fail(
            reasons: found.map { "pack \(layout.pack): \($0)" },
            fix: "replace each placeholder with the pack's real text (names, URLs, versions)")
    }

    public static let examples: [GateExample] = [
        .passing(
            "written", pack: "Demo",
            initialCommit + [
                PackExample.file("README.md", "# Demo\n\nConnects to https://demo.example.com, version 2.\n"),
                PackExample.file("pack_metadata.json", PackExample.metadata()),
            ]),
        .failing(
            "pack name placeholder", pack: "Demo", reason: "Packs/Demo/README.md:1:3: template text \"<Pack Name>\" left in",
            initialCommit + [PackExample.file("README.md", "# <Pack Name>\n\nText.\n")]),
        .failing(
            "service url in the description", pack: "Demo", reason: "Demo_description.md:2:",
            initialCommit + [
                ContentExample.yaml("name: Demo\n"),
                .write("\(ContentExample.dir)/Demo_description.md", "## Demo\nGet a key at `<service-url>`.\n"),
            ]),
        .failing(
            "version xx", pack: "Demo", reason: "template text \"Version XX\" left in",
            initialCommit + [PackExample.file("ReleaseNotes/1_0_0.md", "#### Integrations\n\n##### Demo\n\n- Works with Version XX.\n")]),
    ]
}
