import Foundation

/// `pack.support-unchanged`: once a version of the pack is released (a release tag), its
/// `support` type stays what it was (seed 002: "Only Palo Alto Networks may change a pack support
/// model"). The released metadata is read with `git show <tag>:<path>` through the command runner.
public enum PackSupportUnchangedGate: Gate {
    public static let id = "pack.support-unchanged"
    public static let summary = "the support type in pack_metadata.json equals the one of the latest release tag"
    public static let scope = GateScope.pack

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard case .success(let metadata) = layout.readMetadata(context.files) else {
            return .pass("no readable pack_metadata.json (pack.metadata says why)")
        }
        let released = try context.git.tags().compactMap { tag in
            PackInitialVersionGate.releasedVersion(tag.name, pack: layout.pack, context.config).map { (tag.name, $0) }
        }.max { $0.1 < $1.1 }
        guard let (tag, version) = released else { return .pass("\(layout.pack) has no release tag yet") }
        let result = context.commands.run(["git", "show", "\(tag):\(layout.metadata)"], in: context.git.workDirectory,
                                          environment: ["GIT_DIR": context.git.gitDirectory], timeoutSeconds: 60)
        guard result.succeeded else {
            if case .exited = result.outcome, result.output.contains("does not exist") || result.output.contains("exists on disk, but not in") {
                return .pass("\(layout.metadata) is not in \(tag)")
            }
            return .fail("pack \(layout.pack): cannot read \(layout.metadata) at \(tag): \(result.output.split(separator: "\n").first ?? "git failed")",
                         fix: "run `git show \(tag):\(layout.metadata)` to see why (git installed? tag fetched?)")
        }
        guard case .success(let old) = PackMetadata.parse(Array(result.output.utf8), path: "\(tag):\(layout.metadata)") else {
            return .pass("the metadata at \(tag) is not readable JSON")
        }
        let before = old.fields["support"] as? String ?? "", now = metadata.fields["support"] as? String ?? ""
        if before == now { return .pass("\(layout.pack): support \(now) as at \(tag)") }
        return .fail("pack \(layout.pack): \(layout.metadata) changes \"support\" from \"\(before)\" (released in \(tag), version \(version)) to \"\(now)\" (seed 002: only Palo Alto Networks may change a pack's support model)",
                     fix: "set \"support\": \"\(before)\" back in \(layout.metadata); a change of support model goes through Palo Alto Networks")
    }

    static let community = PackExample.metadata()
    static let partner = PackExample.metadata().replacingOccurrences(of: "\"community\"", with: "\"partner\"")

    public static let examples: [GateExample] = [
        .passing("unchanged since the release", pack: "Demo", initialCommit + [
            PackExample.file("pack_metadata.json", community), .stage(["Packs"]), .commit("release"), .tag("v1.0.0", annotated: true),
            PackExample.file("pack_metadata.json", community.replacingOccurrences(of: "A demo pack", with: "A better demo pack")),
        ]),
        .passing("no release yet", pack: "Demo", initialCommit + [PackExample.file("pack_metadata.json", partner)]),
        .failing("changed after the release", pack: "Demo", reason: "changes \"support\" from \"community\" (released in v1.0.0, version 1.0.0) to \"partner\"", initialCommit + [
            PackExample.file("pack_metadata.json", community), .stage(["Packs"]), .commit("release"), .tag("v1.0.0", annotated: true),
            PackExample.file("pack_metadata.json", partner),
        ]),
    ]
}
