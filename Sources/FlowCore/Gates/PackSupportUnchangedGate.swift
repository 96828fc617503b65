import FlowGitTypes
import Foundation

/// `pack.support-unchanged`: once a version of the pack is released (a release tag), its
/// `support` type stays what it was (P3: "Only Palo Alto Networks may change a pack support
/// model"). The released metadata is read from the tagged commit through the repository facts.
public enum PackSupportUnchangedGate: Gate {
    public static let id = "pack.support-unchanged"
    public static let summary = "the support type in pack_metadata.json equals the one of the latest release tag"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim("P3", "`support` equals its value at the pack's latest release tag", shownBy: ["changed after the release"])
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard case .success(let metadata) = layout.readMetadata(context.files) else {
            return .pass("no readable pack_metadata.json (pack.metadata says why)")
        }
        guard let (releaseTag, version) = try latestRelease(layout, context) else { return .pass("\(layout.pack) has no release tag yet") }
        let tag = releaseTag.name
        guard let commit = releaseTag.commit else {
            return .fail(
                "pack \(layout.pack): release tag \(tag) does not point at a commit",
                fix: "run `git show \(tag)` to see what it points at")
        }
        guard let bytes = try context.git.fileContent(layout.metadata, at: commit) else {
            return .pass("\(layout.metadata) is not in \(tag)")
        }
        guard case .success(let old) = PackMetadata.parse(bytes, path: "\(tag):\(layout.metadata)") else {
            return .pass("the metadata at \(tag) is not readable JSON")
        }
        let before = old.fields["support"] as? String ?? "", now = metadata.fields["support"] as? String ?? ""
        if before == now { return .pass("\(layout.pack): support \(now) as at \(tag)") }
        return .fail(
            "pack \(layout.pack): \(layout.metadata) changes \"support\" from \"\(before)\" (released in \(tag), version \(version)) to \"\(now)\" (\(LifecycleRule.cite("P3")): only Palo Alto Networks may change a pack's support model)",
            fix: "set \"support\": \"\(before)\" back in \(layout.metadata); a change of support model goes through Palo Alto Networks")
    }

    /// The pack's release tag with the highest version, and that version.
    static func latestRelease(_ layout: PackLayout, _ context: GateContext) throws -> (Tag, SemVer)? {
        try context.git.tags().compactMap { tag in
            PackInitialVersionGate.releasedVersion(tag.name, pack: layout.pack, context.config).map { (tag, $0) }
        }.max { $0.1 < $1.1 }
    }

    static let community = PackExample.metadata()
    static let partner = PackExample.metadata().replacingOccurrences(of: "\"community\"", with: "\"partner\"")

    public static let examples: [GateExample] = [
        .passing(
            "unchanged since the release", pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", community), .stage(["Packs"]), .commit("release"), .tag("v1.0.0", annotated: true),
                PackExample.file("pack_metadata.json", community.replacingOccurrences(of: "A demo pack", with: "A better demo pack")),
            ]),
        .passing("no release yet", pack: "Demo", initialCommit + [PackExample.file("pack_metadata.json", partner)]),
        // A legacy value the SDK no longer lists is kept as released (pack.metadata accepts it unchanged).
        .passing(
            "legacy value kept after the release", pack: "Demo",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackMetadataGate.legacy("1.0.0")), .stage(["Packs"]), .commit("release"),
                .tag("v1.0.0", annotated: true), .branch("feature/x"),
                PackExample.file("pack_metadata.json", PackMetadataGate.legacy("1.0.1")),
            ]),
        .failing(
            "legacy value replaced after the release", pack: "Demo",
            reason: "changes \"support\" from \"certified partner\" (released in v1.0.0, version 1.0.0) to \"partner\"",
            initialCommit + [
                PackExample.file("pack_metadata.json", PackMetadataGate.legacy("1.0.0")), .stage(["Packs"]), .commit("release"),
                .tag("v1.0.0", annotated: true), .branch("feature/x"),
                PackExample.file(
                    "pack_metadata.json", PackMetadataGate.legacy("1.0.1").replacingOccurrences(of: "certified partner", with: "partner")),
            ]),
        .failing(
            "changed after the release", pack: "Demo",
            reason: "changes \"support\" from \"community\" (released in v1.0.0, version 1.0.0) to \"partner\"",
            initialCommit + [
                PackExample.file("pack_metadata.json", community), .stage(["Packs"]), .commit("release"), .tag("v1.0.0", annotated: true),
                PackExample.file("pack_metadata.json", partner),
            ]),
    ]
}
