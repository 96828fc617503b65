import FlowGitTypes

/// `git.merged`: every feature branch is merged into main.
public enum GitMergedGate: Gate {
    public static let id = "git.merged"
    public static let summary = "every feature branch is merged into main"
    public static let parameters = [
        GateParameter("pattern", .string, "branches to check (default: feature prefix + *)"),
        GateParameter("into", .string, "target branch (default: the configured main branch)"),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let pattern = params.string("pattern", default: context.config.featurePrefix + "*")
        let target = params.string("into", default: context.config.mainBranch)
        guard let tip = try context.git.resolveCommit("refs/heads/\(target)") else {
            return .fail("branch \(target) does not exist or has no commits", fix: "git switch -c \(target)")
        }
        var unmerged: [String] = []
        for branch in try context.git.localBranches() where Glob.matches(pattern, branch) {
            guard let commit = try context.git.resolveCommit("refs/heads/\(branch)") else { continue }
            if try !context.git.isAncestor(commit, of: tip) { unmerged.append(branch) }
        }
        if unmerged.isEmpty { return .pass() }
        return .fail(
            reasons: unmerged.map { "\($0) is not merged into \(target)" },
            fix: "git switch \(target) && git merge --no-ff \(unmerged[0])")
    }

    public static let examples: [GateExample] = [
        .passing(
            "merged",
            initialCommit + [
                .branch("feature/a"), .write("a", "a"), .stage(["a"]), .commit("a"),
                .checkout("main"), .merge("feature/a"),
            ]),
        .failing(
            "unmerged", reason: "feature/b is not merged into main",
            initialCommit + [.branch("feature/b"), .write("b", "b"), .stage(["b"]), .commit("b"), .checkout("main")]),
        .passing("no feature branches", initialCommit),
    ]
}
