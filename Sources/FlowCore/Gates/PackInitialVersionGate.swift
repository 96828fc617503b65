/// `pack.initial-version`: a pack new to the repository starts at 1.0.0. A pack that is already
/// on main, has a release tag or was adopted as released keeps its history, whatever its version.
/// With `strict` (marketplace packs) a new pack stays at 1.0.0 until its first PR is filed (a tag
/// does not count then: only main does), then 1.0.x per review round (`firstPRFiled: true`).
/// No fix ever rewrites a published version.
public enum PackInitialVersionGate: Gate {
    public static let id = "pack.initial-version"
    public static let summary = "a pack new to the repository is at currentVersion 1.0.0; an existing pack keeps its history"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S10", "a pack new to the repository is at 1.0.0; an existing one (on main, tagged, or adopted as released) keeps its version",
            shownBy: ["new pack at 1.2.0"]),
        RuleClaim(
            "S37", "with `strict`: a new pack stays at 1.0.0 until the first PR is filed (`firstPRFiled: true`)",
            shownBy: ["marketplace bumped"]),
    ]
    public static let parameters = [
        GateParameter("strict", .bool, "require exactly 1.0.0 for a new pack, whatever is tagged (marketplace packs)")
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion else {
            return .fail(
                "pack \(layout.pack): cannot read a semver currentVersion from \(layout.metadata)",
                fix: context.files.exists(layout.metadata) ? "edit \(layout.metadata)" : "flow create")
        }
        let initial = SemVer(1, 0, 0)
        if version == initial { return .pass("\(layout.pack) at 1.0.0") }
        let strict = params.bool("strict", default: false)
        if let history = try context.publishedHistory(layout, tags: !strict) {
            return .pass("\(layout.pack) at \(version): an existing pack keeps its history (\(history))")
        }
        if strict, context.config.firstPRFiled == true {
            // S37, S39 (Version Rules): 1.0.0 on the first PR; after it is filed, 0.0.1 per review round.
            if version.major == 1 && version.minor == 0 { return .pass("\(layout.pack) at \(version), review round \(version.patch)") }
            return .fail(
                "pack \(layout.pack) is at \(version): a review round bumps 1.0.0 by 0.0.1 (1.0.1, 1.0.2, ...)",
                fix: "set \"currentVersion\" to the next 1.0.x in \(layout.metadata), with ReleaseNotes/1_0_x.md for the round")
        }
        // Not published anywhere flow can see: either a new pack (1.0.0 is right) or an existing
        // one brought in from elsewhere, which `flow adopt` records without touching its version.
        let fix =
            "if \(layout.pack) \(version) is already published, keep it and run `flow adopt --pack \(layout.pack) --released`; "
            + "if the pack is new, start it at \"currentVersion\": \"1.0.0\" in \(layout.metadata)"
        if strict {
            return .fail(
                "pack \(layout.pack) is at \(version): a new marketplace pack stays at 1.0.0 until its first PR is filed",
                fix: fix + " (after filing the first PR, set `firstPRFiled: true` in .flow/config.yml)")
        }
        if version < initial {
            return .fail("pack \(layout.pack) is at \(version), below 1.0.0, and is new to this repository", fix: fix)
        }
        return .fail(
            "pack \(layout.pack) is at \(version) but is new to this repository (not on \(context.config.mainBranch), no release tag, not adopted)",
            fix: fix)
    }

    /// The version a release tag names under the configured tag format (`v{version}`, `{pack}-v{version}`).
    static func releasedVersion(_ tag: String, pack: String, _ config: ProjectConfig) -> SemVer? {
        let format = config.tagFormat.replacingOccurrences(of: "{pack}", with: pack)
        guard let hole = format.range(of: "{version}") else { return nil }
        let prefix = String(format[..<hole.lowerBound]), suffix = String(format[hole.upperBound...])
        guard tag.count > prefix.count + suffix.count, tag.hasPrefix(prefix), tag.hasSuffix(suffix) else { return nil }
        return SemVer(String(tag.dropFirst(prefix.count).dropLast(suffix.count)))
    }

    static let v101: [RepoStep] = [PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1"))]

    public static let examples: [GateExample] = [
        .passing("new pack at 1.0.0", pack: "Demo", initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata())]),
        .failing(
            "new pack at 1.2.0", pack: "Demo", reason: "is new to this repository",
            initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.2.0"))]),
        .passing("bumped after tag v1.0.0", pack: "Demo", initialCommit + [.tag("v1.0.0", annotated: true)] + v101),
        // The current version itself is tagged: the pack was released at it.
        .passing(
            "tagged at its own version", pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.1.8")),
                .stage(["Packs"]), .commit("pack"), .tag("v1.1.8", annotated: true),
            ]),
        // An existing pack with ten versions of history, already on main, edited on a branch.
        .passing(
            "existing pack on main", pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.1.8")),
                .stage(["Packs"]), .commit("pack"), .branch("feature/x"),
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.1.9")),
            ]),
        .passing(
            "existing marketplace pack on main", params: ["strict": .bool(true)], pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.1.8")),
                .stage(["Packs"]), .commit("pack"), .branch("feature/x"),
            ]),
        .failing(
            "marketplace bumped", params: ["strict": .bool(true)], pack: "Demo", reason: "stays at 1.0.0 until its first PR",
            initialCommit + [.tag("v1.0.0", annotated: true)] + v101),
        .failing("no metadata", pack: "Demo", reason: "cannot read a semver currentVersion", initialCommit),
    ]
}
