import FlowGitTypes

/// `git.remote`: the remote (origin by default) exists.
public enum GitRemoteGate: Gate {
    public static let id = "git.remote"
    public static let summary = "a remote (origin by default) is configured"
    public static let enforces = [
        RuleClaim("S5", "an `origin` remote", shownBy: ["no remote", "other name"]),
        RuleClaim("S73", "an `origin` remote", shownBy: ["no remote"]),
    ]
    public static let parameters = [GateParameter("name", .string, "remote name (default origin)")]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let name = params.string("name", default: "origin")
        let remotes = try context.git.remoteNames()
        if remotes.contains(name) { return .pass("remote \(name)") }
        let known = remotes.isEmpty ? "no remotes" : "remotes: \(remotes.joined(separator: ", "))"
        return .fail("no remote named \(name) (\(known))", fix: "git remote add \(name) URL")
    }

    public static let examples: [GateExample] = [
        .passing("origin set", initialCommit + [.remote("origin", url: "../origin.git")]),
        .failing("no remote", reason: "no remote named origin", initialCommit),
        .failing("other name", reason: "remotes: upstream", initialCommit + [.remote("upstream", url: "../u.git")]),
    ]
}
