import FlowCore
import FlowGit
import Foundation

/// What `flow release` asks before it tags: passing evidence for exactly the pack tree it tags,
/// for each check a commit needs under the workflow (CommitPolicy). A check counts when the
/// ledger has a passing record on that tree (made on any branch: a feature branch checked the
/// content main now holds), or when a commit of HEAD's history whose pack tree is that tree
/// carries a Flow-Evidence trailer naming the tree with the check (a fresh clone has no ledger).
/// A `--no-verify` commit on main with no checks behind it is not released.
public enum ReleaseEvidence {
    /// The checks without evidence on the pack's tree at `commit`, in the workflow's order.
    public static func missing(_ project: Project, pack: String, at commit: String) throws -> (tree: String, checks: [RequiredCheck]) {
        let repository = project.repository
        let directory = project.layout(pack).directory
        let required = CommitPolicy(workflow: project.workflow, scope: .commit).checks
        guard let tree = try CommitVerifier.git({ try repository.treeID(of: directory, atCommit: commit) }), !required.isEmpty else {
            return ("", [])
        }
        let ledger = try project.store.loadEvidence()
        var missing = required.filter { ledger.record(check: $0.check, pack: pack, tree: tree)?.passed != true }
        guard !missing.isEmpty else { return (tree, []) }
        // The trailers of the commits that hold exactly this tree (newest first; the walk stops once
        // every check is found).
        let history = try CommitVerifier.git { try repository.commits(from: nil, to: commit) }
        for id in history {
            guard try CommitVerifier.git({ try repository.treeID(of: directory, atCommit: id) }) == tree else { continue }
            let message = try CommitVerifier.git { try repository.commitInfo(id).message }
            for trailer in EvidenceTrailer.all(in: message) where trailer.pack == pack && trailer.tree == tree {
                missing.removeAll { trailer.checks.contains($0.check) }
            }
            if missing.isEmpty { break }
        }
        return (tree, missing)
    }

    /// The refusal's reason for the checks without evidence.
    public static func reason(pack: String, tree: String, missing: [RequiredCheck]) -> String {
        "\(missing.map(\.check).joined(separator: ", ")) never passed on \(pack)'s tree \(tree.prefix(12)), the content this release "
            + "would tag (no passing record in the evidence ledger, no Flow-Evidence trailer for it): a commit that went round "
            + "the checks (git commit --no-verify) is not released"
    }

    /// The fix: run the checks on exactly this content, from a branch at main, then release.
    public static func fix(main: String, missing: [RequiredCheck]) -> String {
        let checks = missing.map(\.check).joined(separator: ", ")
        return "run the checks on this content from a branch at \(main): flow feature start NAME, then flow next until \(checks) "
            + "have passed there; then git switch \(main) and flow release"
    }
}
