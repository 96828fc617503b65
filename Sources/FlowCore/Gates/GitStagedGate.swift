import FlowGitTypes

/// `git.staged`: something is staged for the next commit.
public enum GitStagedGate: Gate {
    public static let id = "git.staged"
    public static let summary = "something is staged for the next commit"

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let staged = try context.git.stagedChanges()
        if staged.isEmpty { return .fail("nothing is staged", fix: "stage the files to commit, naming each: git add FILE...") }
        return .pass("\(staged.count) staged")
    }

    public static let examples: [GateExample] = [
        .passing("one staged file", initialCommit + [.write("a.txt", "a"), .stage(["a.txt"])]),
        .failing("only unstaged edits", reason: "nothing is staged", initialCommit + [.write("README.md", "changed")]),
        .passing("first commit staged", [.write("a.txt", "a"), .stage(["a.txt"])]),
    ]
}
