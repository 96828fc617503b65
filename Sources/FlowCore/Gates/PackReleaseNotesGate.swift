/// `pack.release-notes`: ReleaseNotes/<currentVersion>.md exists, in the official format, with no
/// placeholder left. For 1.0.0 the `initial` policy decides (the shipped workflows require
/// 1_0_0.md, as rules S11 and S38 do; `forbidden` remains for a workflow that wants none).
public enum PackReleaseNotesGate: Gate {
    public static let id = "pack.release-notes"
    public static let summary = "release notes for currentVersion exist and have no placeholder left"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S11", "a new pack's `ReleaseNotes/1_0_0.md` exists with an entry (`initial: required`, as both shipped workflows set it)",
            shownBy: ["1_0_0.md missing for a new pack"]),
        RuleClaim(
            "S40",
            "a pack whose `currentVersion` is released (a release tag in main's history names it, `flow adopt --released` recorded it, or, with `releasedOnMain` as the marketplace workflow sets it, main holds it) and that the change touches goes to a new version first, with demisto-sdk's own bump as the fix; a published version's release notes do not change",
            shownBy: [
                "a change at a released version", "a change bumped past the released version that also rewrites the released notes",
                "a marketplace pack changed at the version merged into main",
            ]),
        RuleClaim(
            "S33", "`ReleaseNotes/<currentVersion>.md` exists (LF or CRLF) with an entry and no `%%...%%` placeholder (file:line:column)",
            shownBy: ["missing for 1.0.1", "placeholder left", "CRLF notes with no entry"]),
        RuleClaim(
            "S38", "1.0.0's notes are required, so every entry of the first PR goes into `1_0_0.md`",
            shownBy: ["1_0_0.md missing for a new pack"]),
    ]
    public static let parameters = [
        GateParameter("initial", .string, "release notes at 1.0.0: required (default), optional or forbidden"),
        GateParameter(
            "releasedOnMain", .bool,
            "the version the pack has on main is published (the marketplace publishes what is merged; default false: a release tag publishes)"
        ),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion else {
            return .fail(
                "pack \(layout.pack): cannot read a semver currentVersion from \(layout.metadata)",
                fix: context.files.exists(layout.metadata) ? "edit \(layout.metadata)" : "flow create")
        }
        let published = try published(layout, context, onMain: params.bool("releasedOnMain", default: false))
        let main = context.config.mainBranch
        let changed = published.isEmpty ? [] : try context.git.changedPaths(since: "refs/heads/\(main)") ?? []
        if !published.isEmpty {
            // A published version's notes are what its users read: a change writes the next one's.
            let newest = published.map(\.version).max()!
            let rewritten = changed.filter { path in
                guard path.hasPrefix(layout.releaseNotesDirectory + "/"), path.hasSuffix(".md") else { return false }
                let name = path.dropFirst(layout.releaseNotesDirectory.count + 1).dropLast(3)
                return SemVer(name.replacingOccurrences(of: "_", with: ".")).map { $0 <= newest && $0 != version } ?? false
            }
            if !rewritten.isEmpty {
                return .fail(
                    reasons: rewritten.map {
                        "pack \(layout.pack): \($0) changed against \(main), but its version is published (up to \(newest)): its users have read it (\(LifecycleRule.cite("S40")))"
                    },
                    fix:
                        "write what changed in \(layout.releaseNotes(for: version)) and leave each published file as it is on \(main)")
            }
        }
        if let released = published.first(where: { $0.version == version })?.how {
            if let first = changed.first(where: { $0.hasPrefix(layout.directory + "/") }) {
                return .fail(
                    "pack \(layout.pack): \(first) changed against \(main), but currentVersion \(version) is already released (\(released)): the change goes into the next version with its release notes (\(LifecycleRule.cite("S40")))",
                    fix: "demisto-sdk update-release-notes -i \(layout.directory) -u revision")
            }
        }
        let path = layout.releaseNotes(for: version)
        let policy = params.string("initial", default: "required")
        let isInitial = version == SemVer(1, 0, 0)
        guard let bytes = context.files.read(path) else {
            if isInitial && policy != "required" { return .pass("\(layout.pack) 1.0.0 needs no release notes (\(policy))") }
            return .fail(
                "pack \(layout.pack): \(path) is missing (release notes for currentVersion \(version))",
                fix: isInitial
                    ? "flow create"
                    : "write \(path) as \(context.releaseNotesFormat(layout))")
        }
        if isInitial && policy == "forbidden" {
            return .fail(
                "pack \(layout.pack): \(path) exists, but the content repository rejects release notes in a new pack",
                fix: "git rm -r --cached \(layout.releaseNotesDirectory) && rm -r \(layout.releaseNotesDirectory)")
        }
        let problems = ReleaseNotes.problems(in: String(decoding: bytes, as: UTF8.self))
        if problems.isEmpty { return .pass("\(path)") }
        return .fail(
            reasons: problems.map { "pack \(layout.pack): \(path):\($0)" },
            fix: "edit \(path): replace each placeholder with a `- ` line saying what changed")
    }

    static let meta101 = PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1"))

    /// How `version` was released, when it was: recorded by `flow adopt --released`, or a release tag names it.
    static func releasedAt(_ version: SemVer, _ layout: PackLayout, _ context: GateContext) throws -> String? {
        try published(layout, context).first { $0.version == version }?.how
    }

    /// The pack's published versions: the one `flow adopt --released` recorded, and each one a
    /// release tag names whose commit is in main's history (a teammate's branch that started
    /// before main's release is judged by it once it is; a commit that a later tag released,
    /// judged in a range of main's own history, is not). Without main, every tag counts.
    static func published(_ layout: PackLayout, _ context: GateContext, onMain: Bool = false) throws -> [(version: SemVer, how: String)] {
        var found: [(version: SemVer, how: String)] = []
        if let recorded = context.config.released[layout.pack].flatMap(SemVer.init) {
            found.append((recorded, "recorded by flow adopt --released"))
        }
        let main = try context.git.resolveCommit("refs/heads/\(context.config.mainBranch)")
        // The marketplace publishes a pack when its pull request is merged: main's version is out.
        if onMain, let main,
            case .success(let metadata) = PackMetadata.parse(try context.git.fileContent(layout.metadata, at: main), path: layout.metadata),
            let version = metadata.currentVersion
        {
            found.append((version, "merged into \(context.config.mainBranch), which the marketplace publishes"))
        }
        for tag in try context.git.tags() {
            guard let version = PackInitialVersionGate.releasedVersion(tag.name, pack: layout.pack, context.config) else { continue }
            if let main, let commit = tag.commit, commit != main, !(try context.git.isAncestor(commit, of: main)) { continue }
            found.append((version, "tagged \(tag.name)"))
        }
        return found
    }

    static let released118: [RepoStep] =
        initialCommit + [
            PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.1.8")),
            PackExample.file("ReleaseNotes/1_1_8.md", "#### Scripts\n\n##### S\n\n- Fixed a bug.\n"),
            PackExample.file("Scripts/S/S.py", "x = 1\n"), .stage(["Packs"]), .commit("pack"), .tag("v1.1.8", annotated: true),
            .branch("feature/fix"), PackExample.file("Scripts/S/S.py", "x = 2\n"), .stage(["Packs"]),
        ]

    public static let examples: [GateExample] = [
        // A change to a released version's content: the published 1.1.8 must not change under its number.
        .failing(
            "a change at a released version", pack: "Demo", reason: "currentVersion 1.1.8 is already released (tagged v1.1.8)",
            fix: "demisto-sdk update-release-notes -i Packs/Demo -u revision", released118),
        .failing(
            "a change bumped past the released version that also rewrites the released notes", pack: "Demo",
            reason: "Packs/Demo/ReleaseNotes/1_1_8.md changed against main, but its version is published",
            released118 + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.1.9")),
                PackExample.file("ReleaseNotes/1_1_8.md", "#### Scripts\n\n##### S\n\n- Fixed a bug, and another.\n"),
                PackExample.file("ReleaseNotes/1_1_9.md", "#### Scripts\n\n##### S\n\n- Fixed another bug.\n"), .stage(["Packs"]),
            ]),
        // The marketplace publishes what is merged: a second pull request bumps past main's version.
        .failing(
            "a marketplace pack changed at the version merged into main", params: ["releasedOnMain": .bool(true)], pack: "Demo",
            reason: "currentVersion 1.0.0 is already released (merged into main, which the marketplace publishes)",
            fix: "demisto-sdk update-release-notes -i Packs/Demo -u revision",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata()),
                PackExample.file("ReleaseNotes/1_0_0.md", PackExample.notes),
                PackExample.file("Scripts/S/S.py", "x = 1\n"), .stage(["Packs"]), .commit("first PR merged"), .branch("feature/second"),
                PackExample.file("Scripts/S/S.py", "x = 2\n"), .stage(["Packs"]),
            ]),
        .passing(
            "a marketplace pack not yet merged: its review rounds bump themselves", params: ["releasedOnMain": .bool(true)], pack: "Demo",
            initialCommit + [
                .branch("feature/first"), PackExample.file("pack_metadata.json", PackExample.metadata()),
                PackExample.file("ReleaseNotes/1_0_0.md", PackExample.notes), PackExample.file("Scripts/S/S.py", "x = 1\n"),
                .stage(["Packs"]),
            ]),
        .passing(
            "a change bumped past the released version", pack: "Demo",
            released118 + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.1.9")),
                PackExample.file("ReleaseNotes/1_1_9.md", "#### Scripts\n\n##### S\n\n- Fixed another bug.\n"), .stage(["Packs"]),
            ]),
        .passing(
            "notes for 1.0.1", pack: "Demo",
            initialCommit + [
                meta101,
                PackExample.file(
                    "ReleaseNotes/1_0_1.md",
                    "#### Scripts\n\n##### S\n\n- Fixed a bug.\n"),
            ]),
        .passing(
            "notes with CRLF line endings", pack: "Demo",
            initialCommit + [
                meta101,
                PackExample.file(
                    "ReleaseNotes/1_0_1.md",
                    "#### Scripts\r\n\r\n##### S\r\n\r\n- Fixed a bug.\r\n"),
            ]),
        .failing(
            "CRLF notes with no entry", pack: "Demo", reason: "1_0_1.md:1:1: the release notes have no entry",
            initialCommit + [meta101, PackExample.file("ReleaseNotes/1_0_1.md", "#### Scripts\r\n\r\n##### S\r\n")]),
        .failing(
            "1_0_0.md missing for a new pack", pack: "Demo", reason: "Packs/Demo/ReleaseNotes/1_0_0.md is missing",
            initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata())]),
        .failing("missing for 1.0.1", pack: "Demo", reason: "Packs/Demo/ReleaseNotes/1_0_1.md is missing", initialCommit + [meta101]),
        // A resell pack has no integration to write a `#### Integrations` section for.
        .failing(
            "missing for a pack without content items", pack: "Demo", reason: "Packs/Demo/ReleaseNotes/1_0_1.md is missing",
            fix: "`## Demo Premium Resell` then `- What changed.`", fixOmits: "#### Integrations",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1", name: "Demo Premium Resell")),
                PackExample.file("README.md", "# Demo Premium Resell\n\nBuy Demo Premium through a partner.\n"),
            ]),
        .failing(
            "placeholder left", pack: "Demo", reason: "Packs/Demo/ReleaseNotes/1_0_1.md:5:3: placeholder %%UPDATE_RN%%",
            initialCommit + [meta101, PackExample.file("ReleaseNotes/1_0_1.md", "#### Scripts\n\n##### S\n\n- %%UPDATE_RN%%\n")]),
        .passing(
            "marketplace new pack without notes", params: ["initial": .string("forbidden")], pack: "Demo",
            initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata())]),
        .failing(
            "marketplace new pack with notes", params: ["initial": .string("forbidden")], pack: "Demo",
            reason: "rejects release notes in a new pack",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata()),
                PackExample.file("ReleaseNotes/1_0_0.md", PackExample.notes),
            ]),
    ]
}
