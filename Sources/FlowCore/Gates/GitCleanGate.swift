import FlowGitTypes

/// `git.clean`: no staged, unstaged or untracked (unignored) changes.
public enum GitCleanGate: Gate {
    public static let id = "git.clean"
    public static let summary = "the work tree is clean (nothing staged, modified or untracked)"

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let dirty = try context.git.status(pathspec: nil)
        if dirty.isEmpty { return .pass() }
        let shown = dirty.prefix(10).map { entry -> String in
            let what = entry.untracked ? "untracked" : (entry.staged ? "staged" : "modified")
            return "\(what): \(entry.path)"
        }
        let more = dirty.count > 10 ? ["… and \(dirty.count - 10) more"] : []
        return .fail(reasons: ["the work tree has \(dirty.count) uncommitted change(s)"] + shown + more,
                     fix: "commit or stash them: git stash --include-untracked")
    }

    public static let examples: [GateExample] = [
        .passing("just committed", initialCommit),
        .failing("modified file", reason: "modified: README.md", initialCommit + [.write("README.md", "x")]),
        .failing("untracked file", reason: "untracked: new.txt", initialCommit + [.write("new.txt", "x")]),
        .passing("ignored file", initialCommit + [.write(".gitignore", "*.log\n"), .stage([".gitignore"]),
                                                   .commit("ignore logs"), .write("debug.log", "x")]),
    ]
}
