import FlowGitTypes

/// `git.pr-filed`: the pull request is filed (rule S39): the branch is pushed to origin at HEAD
/// (what reviewers see is this commit) and `firstPRFiled: true` is in `.flow/config.yml`. In the
/// marketplace workflow the PR phase asks it before `flow next` loops back to develop for a review
/// round, so a round never starts before there is a PR to review.
public enum GitPrFiledGate: Gate {
    public static let id = "git.pr-filed"
    public static let summary = "the branch is pushed to origin at HEAD and firstPRFiled: true is set in .flow/config.yml"
    public static let enforces = [
        RuleClaim(
            "S72",
            "the open-pr phase is done, and a review round starts, only when the branch is pushed to origin at HEAD and `firstPRFiled: true` says the PR is filed",
            shownBy: ["pushed, PR not filed yet", "PR filed but HEAD not pushed"])
    ]
    public static let parameters = [GateParameter("remote", .string, "remote name (default origin)")]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let remote = params.string("remote", default: "origin")
        let filed = context.config.firstPRFiled == true
        guard case .branch(let branch, let head) = try context.git.head() else {
            return .fail("HEAD is not on a branch, so there is no pull request branch", fix: "git switch BRANCH")
        }
        let pushed = try context.git.resolveCommit("refs/remotes/\(remote)/\(branch)")
        var reasons: [String] = []
        if pushed == nil {
            reasons.append("\(branch) is not pushed to \(remote): no pull request can show it")
        } else if pushed != head {
            reasons.append(
                "\(remote)/\(branch) is at \(pushed?.prefix(12) ?? "") but HEAD is \(head.prefix(12)): the pull request does not show "
                    + "this commit")
        }
        if !filed {
            reasons.append(
                "firstPRFiled is not true in .flow/config.yml: the first pull request is not filed yet, so there is no review "
                    + "round to start (\(LifecycleRule.cite("S39")))")
        }
        if reasons.isEmpty { return .pass("\(branch) pushed to \(remote) at \(head.prefix(12)); the first PR is filed") }
        if pushed != head && filed {
            return .fail(reasons: reasons, fix: "git push -u \(remote) \(branch)")
        }
        return .fail(
            reasons: reasons,
            fix: "one after the other: push the branch (git push -u \(remote) \(branch)) and file the pull request against "
                + "demisto/content; then set `firstPRFiled: true` in .flow/config.yml, commit it and push again")
    }

    static let filed: RepoStep = .write(".flow/config.yml", "packs:\n- Demo\nfirstPRFiled: true\n")

    public static let examples: [GateExample] = [
        .failing(
            "pushed, PR not filed yet", reason: "firstPRFiled is not true",
            fix: "set `firstPRFiled: true` in .flow/config.yml",
            initialCommit + [.branch("feature/x"), .pushToOrigin("feature/x")]),
        .failing(
            "PR filed but HEAD not pushed", reason: "the pull request does not show this commit", fix: "git push -u origin feature/x",
            initialCommit + [
                .branch("feature/x"), .pushToOrigin("feature/x"), filed, .stage([".flow/config.yml"]), .commit("chore: PR filed"),
            ]),
        .passing(
            "PR filed, HEAD pushed",
            initialCommit + [
                .branch("feature/x"), filed, .stage([".flow/config.yml"]), .commit("chore: PR filed"), .pushToOrigin("feature/x"),
            ]),
    ]
}
