import FlowGitTypes

/// `git.branch`: the current branch matches a pattern (a feature branch by default), or is main.
public enum GitBranchGate: Gate {
    public static let id = "git.branch"
    public static let summary = "the current branch is a feature branch (or main, with main: true)"
    public static let enforces = [
        RuleClaim("S6", "the work happens on a feature branch, never on main", shownBy: ["on main"])
    ]
    public static let parameters = [
        GateParameter("pattern", .string, "branch glob (default: the configured feature prefix + *)"),
        GateParameter("main", .bool, "require the main branch instead"),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let wantMain = params.bool("main", default: false)
        let pattern = wantMain ? context.config.mainBranch : params.string("pattern", default: context.config.featurePrefix + "*")
        switch try context.git.head() {
        case .detached(let commit):
            // Mid-rebase HEAD is detached, but the work belongs to the branch being rebased
            // (the context's branch): judge that one, so its checks can run before it is done.
            if let rebased = context.branch, !rebased.hasPrefix("detached@") {
                if Glob.matches(pattern, rebased) { return .pass("rebasing \(rebased)") }
                return .fail(
                    "rebasing \(rebased), which does not match \(pattern)",
                    fix: wantMain
                        ? "finish the rebase (git rebase --continue), then git switch \(context.config.mainBranch)"
                        : "finish or abort the rebase (git rebase --abort), then flow feature start NAME")
            }
            return .fail(
                "HEAD is detached at \(commit.prefix(12)), not on a branch",
                fix: wantMain ? "git switch \(context.config.mainBranch)" : "flow feature start NAME")
        case .branch(let name, _), .unborn(let name):
            if Glob.matches(pattern, name) { return .pass("on \(name)") }
            return .fail(
                "on branch \(name), which does not match \(pattern)",
                fix: wantMain ? "git switch \(context.config.mainBranch)" : try startFeature(context))
        }
    }

    /// `flow feature start NAME`, which refuses a work tree with tracked edits: those are carried
    /// over in a stash (untracked files stay in the work tree and come along by themselves).
    public static func startFeature(_ context: GateContext) throws -> String {
        let edited = try context.git.status(pathspec: nil).contains { $0.staged || $0.unstaged }
        return edited ? "git stash && flow feature start NAME && git stash pop" : "flow feature start NAME"
    }

    public static let examples: [GateExample] = [
        .passing("feature branch", initialCommit + [.branch("feature/login")]),
        .failing("on main", reason: "on branch main", initialCommit),
        .failing(
            "on main with an edit: carried to the feature branch in a stash (feature start refuses edits)",
            reason: "on branch main", fix: "git stash && flow feature start NAME && git stash pop",
            initialCommit + [.write("README.md", "edited\n")]),
        .passing("main wanted", params: ["main": .bool(true)], initialCommit),
        .failing(
            "main wanted, on feature", params: ["main": .bool(true)], reason: "does not match main",
            initialCommit + [.branch("feature/x")]),
        .passing("custom pattern", params: ["pattern": .string("fix/*")], initialCommit + [.branch("fix/typo")]),
    ]
}
