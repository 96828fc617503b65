/// `pack.readme`: the pack has a README.md with more than its title (the marketplace page shows it).
public enum PackReadmeGate: Gate {
    public static let id = "pack.readme"
    public static let summary = "the pack has a README.md with content beyond its title"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S44", "`README.md` exists, with text beyond headings and no `<placeholder>` line of flow's template",
            shownBy: ["missing", "headings only", "flow create's template"])
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard let bytes = context.files.read(layout.readme) else {
            return .fail("pack \(layout.pack): \(layout.readme) is missing", fix: "flow create")
        }
        let lines = TextScan.lines(String(decoding: bytes, as: UTF8.self))
            .map { $0.trimmingWhitespace() }
        let body = lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        if body.isEmpty {
            return .fail(
                "pack \(layout.pack): \(layout.readme) has \(lines.allSatisfy(\.isEmpty) ? "no text at all" : "only headings"): the marketplace page shows nothing about the pack",
                fix: "write an overview, the configuration and the commands into \(layout.readme)")
        }
        let template = lines.enumerated().filter { PackScaffold.readmeTemplateLines.contains($0.element) }
        if !template.isEmpty {
            return .fail(
                reasons: template.map { "pack \(layout.pack): \(layout.readme):\($0.offset + 1): template text left: \($0.element)" },
                fix: "replace each <placeholder> line of \(layout.readme) with what the pack really does")
        }
        return .pass()
    }

    public static let examples: [GateExample] = [
        .passing("written", pack: "Demo", initialCommit + [PackExample.file("README.md", "# Demo\n\nDoes things.\n")]),
        .failing("missing", pack: "Demo", reason: "Packs/Demo/README.md is missing", initialCommit),
        .failing(
            "empty", pack: "Demo", reason: "Packs/Demo/README.md has no text at all", initialCommit + [PackExample.file("README.md", "")]),
        .failing(
            "headings only", pack: "Demo", reason: "Packs/Demo/README.md has only headings",
            initialCommit + [PackExample.file("README.md", "# Demo\n\n## Overview\n")]),
        .failing(
            "flow create's template", pack: "Demo", reason: "Packs/Demo/README.md:5: template text left: <Detailed paragraph",
            initialCommit + [
                PackExample.file(
                    "README.md",
                    PackScaffold(
                        pack: "Demo", author: "A", category: "Utilities",
                        support: "community", platform: nil, created: "",
                        releaseNotes: false
                    ).readme)
            ]),
    ]
}
