import FlowGitTypes

/// `git.contained-in-main`: HEAD's commit is on main.
public enum GitContainedInMainGate: Gate {
    public static let id = "git.contained-in-main"
    public static let summary = "HEAD's commit is contained in main"
    public static let parameters = [GateParameter("branch", .string, "the branch (default: the configured main branch)")]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let main = params.string("branch", default: context.config.mainBranch)
        guard let head = try context.git.head().commit else {
            return .fail("the branch has no commits yet", fix: "commit first")
        }
        guard let tip = try context.git.resolveCommit(main.contains("/") ? main : "refs/heads/\(main)") else {
            return .fail("branch \(main) does not exist here", fix: "git fetch origin \(main):\(main)")
        }
        if try context.git.isAncestor(head, of: tip) { return .pass() }
        return .fail(
            "HEAD (\(head.prefix(12))) is not contained in \(main)",
            fix: "merge it into \(main) first, then release from \(main)")
    }

    public static let examples: [GateExample] = [
        .passing("on main", initialCommit),
        .failing(
            "feature commit", reason: "is not contained in main",
            initialCommit + [.branch("feature/a"), .write("a", "a"), .stage(["a"]), .commit("a")]),
        .passing(
            "feature merged",
            initialCommit + [
                .branch("feature/a"), .write("a", "a"), .stage(["a"]), .commit("a"),
                .checkout("main"), .merge("feature/a"), .checkout("feature/a"),
            ]),
    ]
}
