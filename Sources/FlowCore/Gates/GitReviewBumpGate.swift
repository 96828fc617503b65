import FlowGitTypes

/// `git.review-bump`: rule S39, "bump 0.0.1 per review cycle" (marketplace). Once the first PR is
/// filed (`firstPRFiled: true`), a review round that changes the pack relative to what the
/// reviewers saw carries exactly that version plus 0.0.1 (its release notes are
/// `pack.release-notes`'s). What the reviewers saw is the pack at the round's base: the commit
/// `flow next` recorded in `refs/flow/review/<branch>` when it looped back for the round (the PR
/// branch as pushed then), else the branch's remote-tracking ref, `refs/remotes/origin/<branch>`
/// (what the PR shows; in the pre-push hook the remote's own sha). Judged against the round's base,
/// a second push of one round needs no second bump. Nothing to judge before the first PR is filed or
/// while the branch was never pushed.
public enum GitReviewBumpGate: Gate {
    public static let id = "git.review-bump"
    public static let summary =
        "after the first PR is filed, a pack changed since the reviewers saw it is exactly 0.0.1 above the version they saw"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S39",
            "after `firstPRFiled: true`, a pack whose files differ from what the reviewers saw (the round's start, recorded when `flow next` leaves open-pr, else `origin/<branch>`) is at exactly their version plus 0.0.1, at `flow next` and in the pre-push hook; several pushes in one round need one bump. The record is one clone's own",
            shownBy: ["a review round changes the code without a bump", "a review round bumps twice"])
    ]
    public static let parameters = [GateParameter("remote", .string, "remote name (default origin)")]

    /// Where `flow next` records the base of a branch's current review round.
    public static func roundRef(_ branch: String) -> String { "refs/flow/review/\(branch)" }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard context.config.firstPRFiled == true else { return .pass("the first PR is not filed yet: it carries 1.0.0") }
        guard let branch = try context.branch ?? context.git.head().branchName else {
            return .pass("HEAD is not on a branch: no pull request branch to compare")
        }
        // Main follows the content repository (a fork syncs it); only a PR branch has reviewers.
        if branch == context.config.mainBranch { return .pass("\(branch) is not a pull request branch") }
        let remote = params.string("remote", default: "origin")
        let recorded = try context.git.resolveCommit(roundRef(branch))
        guard let seen = try recorded ?? context.git.resolveCommit("refs/remotes/\(remote)/\(branch)") else {
            return .pass("\(branch) was never pushed to \(remote): the reviewers have seen nothing of it")
        }
        let what = recorded != nil ? "the round's base \(seen.prefix(12))" : "\(remote)/\(branch) at \(seen.prefix(12))"
        guard let seenTree = try context.git.treeID(of: layout.directory, atCommit: seen) else {
            return .pass("\(layout.directory) is not in \(what): new to the pull request")
        }
        if try context.git.treeID(of: layout.directory, in: .workTree) == seenTree {
            return .pass("\(layout.directory) is as the reviewers saw it (\(what))")
        }
        guard case .success(let before) = PackMetadata.parse(try context.git.fileContent(layout.metadata, at: seen), path: layout.metadata),
            let reviewed = before.currentVersion
        else {
            return .pass("\(layout.metadata) in \(what) has no semver currentVersion: pack.metadata judges the version")
        }
        guard case .success(let metadata) = layout.readMetadata(context.files), let version = metadata.currentVersion else {
            return .fail("pack \(layout.pack): cannot read a semver currentVersion from \(layout.metadata)", fix: "edit \(layout.metadata)")
        }
        let next = SemVer(reviewed.major, reviewed.minor, reviewed.patch + 1)
        if version == next { return .pass("pack \(layout.pack) at \(version): this round's bump over \(reviewed) (\(what))") }
        let problem =
            version == reviewed
            ? "is still at \(version), the version the reviewers saw"
            : "is at \(version), not \(next)"
        return .fail(
            "pack \(layout.pack) changed since the reviewers saw it (\(what), version \(reviewed)) and \(problem): "
                + "a review round bumps exactly 0.0.1 (\(LifecycleRule.cite("S39")))",
            fix: "set \"currentVersion\": \"\(next)\" in \(layout.metadata) and write the round's release notes in "
                + "\(layout.releaseNotes(for: next)), then git add them")
    }

    static let config: RepoStep = .write(".flow/config.yml", "packs:\n- Demo\nfirstPRFiled: true\n")
    /// The PR as the reviewers saw it: the pack at 1.0.0, pushed.
    static let reviewed: [RepoStep] =
        initialCommit + [
            .branch("feature/x"), config, PackExample.file("pack_metadata.json", PackExample.metadata()),
            PackExample.file("Scripts/Tool/Tool.py", "x = 1\n"), .stage([".flow", "Packs"]), .commit("pack"),
            .pushToOrigin("feature/x"),
        ]
    static let changed = PackExample.file("Scripts/Tool/Tool.py", "x = 2\n")

    public static let examples: [GateExample] = [
        .passing("nothing changed since the reviewers saw it", pack: "Demo", reviewed),
        .passing(
            "main, synced from the content repository, is no pull request branch", pack: "Demo",
            reviewed + [.checkout("main"), .merge("feature/x"), .pushToOrigin("main"), changed]),
        .failing(
            "a review round changes the code without a bump", pack: "Demo", reason: "is still at 1.0.0, the version the reviewers saw",
            fix: "set \"currentVersion\": \"1.0.1\"", reviewed + [changed]),
        .passing(
            "a review round changes the code and bumps 0.0.1", pack: "Demo",
            reviewed + [changed, PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1"))]),
        .failing(
            "a review round bumps twice", pack: "Demo", reason: "is at 1.0.2, not 1.0.1",
            reviewed + [changed, PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.2"))]),
        // The round's first push carried its bump; the second push of the same round needs none.
        .passing(
            "a second push in one round", pack: "Demo",
            reviewed + [
                .updateRef(roundRef("feature/x"), to: "HEAD"),
                changed, PackExample.file("pack_metadata.json", PackExample.metadata(version: "1.0.1")), .stage(["Packs"]),
                .commit("round 1"), .pushToOrigin("feature/x"), PackExample.file("Scripts/Tool/Tool.py", "x = 3\n"),
            ]),
    ]
}
