import FlowGitTypes

/// `git.branch`: the current branch matches a pattern (a feature branch by default), or is main.
public enum GitBranchGate: Gate {
    public static let id = "git.branch"
    public static let summary = "the current branch is a feature branch (or main, with main: true)"
    public static let parameters = [
        GateParameter("pattern", .string, "branch glob (default: the configured feature prefix + *)"),
        GateParameter("main", .bool, "require the main branch instead"),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let wantMain = params.bool("main", default: false)
        let pattern = wantMain ? context.config.mainBranch : params.string("pattern", default: context.config.featurePrefix + "*")
        switch try context.git.head() {
        case .detached(let commit):
            return .fail("HEAD is detached at \(commit.prefix(12)), not on a branch",
                         fix: wantMain ? "git switch \(context.config.mainBranch)" : "flow feature start NAME")
        case .branch(let name, _), .unborn(let name):
            if Glob.matches(pattern, name) { return .pass("on \(name)") }
            return .fail("on branch \(name), which does not match \(pattern)",
                         fix: wantMain ? "git switch \(context.config.mainBranch)" : "flow feature start NAME")
        }
    }

    public static let examples: [GateExample] = [
        .passing("feature branch", initialCommit + [.branch("feature/login")]),
        .failing("on main", reason: "on branch main", initialCommit),
        .passing("main wanted", params: ["main": .bool(true)], initialCommit),
        .failing("main wanted, on feature", params: ["main": .bool(true)], reason: "does not match main",
                 initialCommit + [.branch("feature/x")]),
        .passing("custom pattern", params: ["pattern": .string("fix/*")], initialCommit + [.branch("fix/typo")]),
    ]
}
