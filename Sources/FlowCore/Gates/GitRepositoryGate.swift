import FlowGitTypes

/// `git.repository`: a non-bare repository whose current branch has at least one commit.
public enum GitRepositoryGate: Gate {
    public static let id = "git.repository"
    public static let summary = "a git work tree with at least one commit"
    public static let enforces = [
        RuleClaim("S5", "a git repository with a commit", shownBy: ["no commit yet"]),
        RuleClaim("S73", "a commit exists (a repository with no commit yet is refused)", shownBy: ["no commit yet"]),
    ]
    public static let parameters = [GateParameter("requireCommit", .bool, "fail on a branch with no commits yet (default true)")]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        if context.git.isBare {
            return .fail("\(context.git.gitDirectory) is a bare repository", fix: "run flow in a clone with a work tree")
        }
        if case .unborn(let branch) = try context.git.head(), params.bool("requireCommit", default: true) {
            return .fail("branch \(branch) has no commits yet", fix: setUpCommit(context.files))
        }
        return .pass()
    }

    /// The subject of the set-up commit flow suggests (a commit that touches no pack).
    public static let setUpSubject = "chore: set up the repository"

    /// One command line that commits the set-up, naming its files (never `git add -A`): it writes
    /// the `.gitignore` first when there is none (`git add` of a missing file is a fatal error),
    /// and names `.gitattributes` (the union merge of release notes `flow init` writes: the team's,
    /// not one clone's) and `.flow/config.yml` only when they exist.
    public static func setUpCommit(_ files: FileReading) -> String {
        var steps: [String] = []
        if !files.exists(".gitignore") {
            steps.append("printf '\(RepoGitignoreGate.defaultPatterns.joined(separator: "\\n"))\\n' >> .gitignore")
        }
        let named = [".gitignore"] + [".gitattributes", ".flow/config.yml"].filter(files.exists)
        steps.append("git add \(named.joined(separator: " "))")
        steps.append("git commit -m '\(setUpSubject)'")
        return steps.joined(separator: " && ")
    }

    public static let examples: [GateExample] = [
        .passing("one commit", initialCommit),
        .failing("no commit yet", reason: "has no commits yet", []),
        .failing(
            "no commit yet after flow init: the set-up commit names .gitattributes too", reason: "has no commits yet",
            fix: "git add .gitignore .gitattributes .flow/config.yml && git commit",
            [
                .write(".gitignore", "*.zip\n"), .write(".gitattributes", "Packs/*/ReleaseNotes/*.md merge=union\n"),
                .write(".flow/config.yml", "workflow: minimal\n"),
            ]),
        .passing("no commit allowed", params: ["requireCommit": .bool(false)], []),
    ]
}
