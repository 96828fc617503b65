/// `pack.initial-version`: a new pack starts at 1.0.0. With `strict` (marketplace packs) the version
/// stays 1.0.0 until the first PR is merged upstream; otherwise a higher version needs a release
/// tag of an earlier version in this repository.
public enum PackInitialVersionGate: Gate {
    public static let id = "pack.initial-version"
    public static let summary = "a new pack is at currentVersion 1.0.0 (marketplace: until the first PR is merged)"
    public static let scope = GateScope.pack
    public static let parameters = [GateParameter("strict", .bool, "require exactly 1.0.0, whatever is tagged (marketplace packs)")]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion else {
            return .fail("pack \(layout.pack): cannot read a semver currentVersion from \(layout.metadata)",
                         fix: context.files.exists(layout.metadata) ? "edit \(layout.metadata)" : "flow create")
        }
        let initial = SemVer(1, 0, 0)
        if version == initial { return .pass("\(layout.pack) at 1.0.0") }
        let setBack = "set \"currentVersion\": \"1.0.0\" in \(layout.metadata) and rename ReleaseNotes to 1_0_0.md"
        if params.bool("strict", default: false) {
            // Seed (Version Rules): 1.0.0 on the first PR; after it is filed, 0.0.1 per review round.
            if context.config.firstPRFiled == true {
                if version.major == 1 && version.minor == 0 { return .pass("\(layout.pack) at \(version), review round \(version.patch)") }
                return .fail("pack \(layout.pack) is at \(version): a review round bumps 1.0.0 by 0.0.1 (1.0.1, 1.0.2, ...)",
                             fix: "set \"currentVersion\" to the next 1.0.x in \(layout.metadata), with ReleaseNotes/1_0_x.md for the round")
            }
            return .fail("pack \(layout.pack) is at \(version): a marketplace pack stays at 1.0.0 until its first PR is filed",
                         fix: setBack + " (after filing the first PR, set `firstPRFiled: true` in .flow/config.yml)")
        }
        let released = try context.git.tags().contains { tag in
            releasedVersion(tag.name, pack: layout.pack, context.config).map { $0 < version } ?? false
        }
        if released { return .pass("\(layout.pack) at \(version), bumped after a release") }
        if version < initial {
            return .fail("pack \(layout.pack) is at \(version), below 1.0.0", fix: setBack)
        }
        return .fail("pack \(layout.pack) is at \(version) but no earlier version was released (no tag \(context.config.tagName(version: "1.0.0", pack: layout.pack)))",
                     fix: setBack)
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
        .failing("new pack at 1.2.0", pack: "Demo", reason: "no earlier version was released",
                 initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.2.0"))]),
        .passing("bumped after tag v1.0.0", pack: "Demo", initialCommit + [.tag("v1.0.0", annotated: true)] + v101),
        .failing("marketplace bumped", params: ["strict": .bool(true)], pack: "Demo", reason: "stays at 1.0.0 until its first PR",
                 initialCommit + [.tag("v1.0.0", annotated: true)] + v101),
        .failing("no metadata", pack: "Demo", reason: "cannot read a semver currentVersion", initialCommit),
    ]
}
