import Foundation

/// `docs.release-notes-format`: the current release notes follow the official format, a
/// `#### <Content type>` heading, then `##### <Display Name>`, then `- ` bullets, for each changed
/// item; a `## <Pack name>` section of bullets is what demisto-sdk writes for a change of the pack
/// itself (its metadata, or a pack without content items such as a resell pack).
public enum DocsReleaseNotesFormatGate: Gate {
    public static let id = "docs.release-notes-format"
    public static let summary =
        "the current release notes are `#### <Content type>`, `##### <Display Name>`, then bullets, for each item (`## <Pack name>` and bullets for the pack itself)"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S42",
            "`#### <Content type>`, `##### <Display Name>`, `- ` bullets, or a `## <Pack name>` section of bullets for the pack itself (file:line)",
            shownBy: ["bullets without headings", "content type without display name", "unknown content type"])
    ]

    /// The content-type headings demisto-sdk writes in release notes.
    public static let contentTypes: Set<String> = [
        "Integrations", "Scripts", "Playbooks", "Incident Fields", "Incident Types", "Indicator Fields", "Indicator Types",
        "Layouts", "Classifiers", "Mappers", "Widgets", "Dashboards", "Reports", "Lists", "Jobs", "Wizards", "Modules",
        "Triggers", "Connections", "Generic Definitions", "Generic Fields", "Generic Modules", "Generic Types",
        "Pre Process Rules", "Objects", "XSIAM Dashboards", "XSIAM Reports", "Parsing Rules", "Modeling Rules",
        "Correlation Rules", "Layout Rules", "Assets Modeling Rules", "Case Layouts", "Case Fields", "Case Layout Rules",
        "Event Collectors", "Indicators", "Incident Layouts", "Layouts Containers", "PreProcess Rules", "Object Types",
        "Object Fields", "Modeling Rules Schema", "Triggers Recommendations", "XDRC Templates", "Agents", "Actions", "Skills",
        "Knowledge",
    ]

    public static func problems(in text: String) -> [String] {
        var problems: [String] = []
        var type: (line: Int, items: Int)?
        var item: (line: Int, heading: String, bullets: Int)?
        func closeItem() {
            if let open = item, open.bullets == 0 {
                problems.append("\(open.line): \(open.heading) has no `- ` bullet saying what changed")
            }
            item = nil
        }
        func closeType() {
            closeItem()
            if let open = type, open.items == 0 { problems.append("\(open.line): a #### heading without a ##### <Display Name> under it") }
            type = nil
        }
        for (index, raw) in TextScan.lines(text).enumerated() {
            let number = index + 1
            let line = raw.trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("##### ") {
                closeItem()
                if type == nil { problems.append("\(number): ##### \(line.dropFirst(6)) before any #### <Content type> heading") }
                type?.items += 1
                item = (number, line, 0)
            } else if line.hasPrefix("## ") {
                // demisto-sdk's section for the pack itself (metadata-only changes, --force).
                closeType()
                item = (number, line, 0)
            } else if line.hasPrefix("#### ") {
                closeType()
                let name = line.dropFirst(5).trimmingWhitespace()
                if !contentTypes.contains(name) {
                    problems.append(
                        "\(number): \"#### \(name)\" is not a content type (e.g. Integrations, Scripts, Playbooks, Incident Fields)")
                }
                type = (number, 0)
            } else if line.hasPrefix("#") {
                problems.append(
                    "\(number): \"\(line.prefix(40))\": only ## <Pack name>, #### <Content type> and ##### <Display Name> headings belong in release notes"
                )
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if item == nil { problems.append("\(number): a bullet outside a ##### <Display Name> (or ## <Pack name>) section") }
                item?.bullets += 1
            } else if item == nil || item?.bullets == 0 {
                problems.append("\(number): text outside a `- ` bullet (\"\(line.prefix(40))\")")
            }
        }
        closeType()
        return problems
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion else {
            return .pass("no readable currentVersion (pack.metadata says why)")
        }
        let path = layout.releaseNotes(for: version)
        guard let bytes = context.files.read(path) else { return .pass("no \(path) (pack.release-notes decides whether one is needed)") }
        let problems = problems(in: String(decoding: bytes, as: UTF8.self))
        if problems.isEmpty { return .pass(path) }
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \(path):\($0)" },
            fix: "write \(path) as \(context.releaseNotesFormat(layout))")
    }

    static let resell =
        initialCommit + [
            PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1", name: "Demo Premium Resell")),
            PackExample.file("README.md", "# Demo Premium Resell\n\nBuy Demo Premium through a partner.\n"),
        ]

    public static let examples: [GateExample] = [
        .passing(
            "official format", pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata()),
                PackExample.file(
                    "ReleaseNotes/1_0_0.md",
                    "#### Integrations\n\n##### Demo\n\n- Added **demo-say**.\n- Fixed a bug.\n\n#### Scripts\n\n##### Tool\n\n- New script.\n"
                ),
            ]),
        .failing(
            "bullets without headings", pack: "Demo", reason: "1: a bullet outside a ##### <Display Name>",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata()),
                PackExample.file("ReleaseNotes/1_0_0.md", "- Added a command.\n"),
            ]),
        .failing(
            "content type without display name", pack: "Demo", reason: "a #### heading without a ##### <Display Name>",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata()),
                PackExample.file("ReleaseNotes/1_0_0.md", "#### Integrations\n\n- Added a command.\n"),
            ]),
        // Release notes written on Windows, with the blank first line demisto-sdk writes.
        // The headings demisto-sdk update-release-notes writes for pre-process rules and generic objects.
        .passing(
            "pre-process rules and object types", pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1")),
                PackExample.file(
                    "ReleaseNotes/1_0_1.md",
                    "#### PreProcess Rules\n\n##### Drop Duplicates\n\n- New rule.\n\n#### Object Types\n\n##### Asset\n\n- New type.\n"),
            ]),
        .passing(
            "CRLF line endings", pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.2.0")),
                PackExample.file(
                    "ReleaseNotes/1_2_0.md", "\r\n#### Playbooks\r\n\r\n##### Demo Triage\r\n\r\n- Added a task that closes duplicates.\r\n"
                ),
            ]),
        .failing(
            "CRLF notes: a type without a display name, on its own line", pack: "Demo",
            reason: "1_2_0.md:2: a #### heading without a ##### <Display Name>",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.2.0")),
                PackExample.file("ReleaseNotes/1_2_0.md", "\r\n#### Playbooks\r\n\r\n- Added a task.\r\n"),
            ]),
        // A resell pack (metadata, README and release notes only): demisto-sdk update-release-notes
        // writes `## <pack display name>` for a change of its metadata.
        .passing(
            "pack without content items, as demisto-sdk writes it", pack: "Demo",
            resell + [
                PackExample.file("ReleaseNotes/1_0_1.md", "## Demo Premium Resell\n\n- Updated the support contact.\n")
            ]),
        .failing(
            "pack without content items: the fix names the pack header", pack: "Demo", reason: "1: a bullet outside a",
            fix: "## Demo Premium Resell", fixOmits: "#### Integrations",
            resell + [
                PackExample.file("ReleaseNotes/1_0_1.md", "- Updated the support contact.\n")
            ]),
        .failing(
            "a pack of playbooks: the fix names its playbooks", pack: "Demo", reason: "1: a bullet outside a",
            fix: "#### Playbooks", fixOmits: "#### Integrations",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1")),
                PackExample.file(
                    "Playbooks/playbook-Demo_Triage.yml", "id: Demo Triage\nname: Demo Triage\nstarttaskid: \"0\"\ntasks: {}\n"),
                PackExample.file("ReleaseNotes/1_0_1.md", "- Added a task.\n"),
            ]),
        .failing(
            "unknown content type", pack: "Demo", reason: "\"#### Changes\" is not a content type",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata()),
                PackExample.file("ReleaseNotes/1_0_0.md", "#### Changes\n\n##### Demo\n\n- New.\n"),
            ]),
    ]
}
