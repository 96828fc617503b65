import FlowGitTypes

/// `git.repository`: a non-bare repository whose current branch has at least one commit.
public enum GitRepositoryGate: Gate {
    public static let id = "git.repository"
    public static let summary = "a git work tree with at least one commit"
    public static let parameters = [GateParameter("requireCommit", .bool, "fail on a branch with no commits yet (default true)")]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        if context.git.isBare {
            return .fail("\(context.git.gitDirectory) is a bare repository", fix: "run flow in a clone with a work tree")
        }
        if case .unborn(let branch) = try context.git.head(), params.bool("requireCommit", default: true) {
            return .fail("branch \(branch) has no commits yet", fix: "commit the set-up, naming the files (never git add -A): git add .gitignore .flow/config.yml && git commit -m 'Set up the repository'")
        }
        return .pass()
    }

    public static let examples: [GateExample] = [
        .passing("one commit", initialCommit),
        .failing("no commit yet", reason: "has no commits yet", []),
        .passing("no commit allowed", params: ["requireCommit": .bool(false)], []),
    ]
}
