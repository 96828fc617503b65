import FlowGitTypes

/// `git.clean`: no staged, unstaged or untracked (unignored) changes.
public enum GitCleanGate: Gate {
    public static let id = "git.clean"
    public static let summary = "the work tree is clean (nothing staged, modified or untracked)"
    public static let parameters = [
        GateParameter("checks", .strings, "at the commit phase: the checks the pre-commit hook requires; uncommitted pack "
                      + "content then gets the stale checks and the command that re-runs them as its fix"),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let dirty = try context.git.status(pathspec: nil)
        if dirty.isEmpty { return .pass() }
        let shown = dirty.prefix(10).map { entry -> String in
            let what = entry.untracked ? "untracked" : (entry.staged ? "staged" : "modified")
            return "\(what): \(entry.path)"
        }
        let more = dirty.count > 10 ? ["… and \(dirty.count - 10) more"] : []
        var reasons = ["the work tree has \(dirty.count) uncommitted change(s)"] + shown + more
        var fixes: [String] = []
        let checks = params.strings("checks", default: [])
        for pack in context.config.packs where !checks.isEmpty && PackName.pathProblem(pack) == nil {
            let directory = "\(context.config.packsRoot)/\(pack)"
            guard dirty.contains(where: { $0.path.hasPrefix(directory + "/") }) else { continue }
            func unchecked(_ tree: String?) -> [String] {
                checks.filter { check in tree.map { context.evidence.record(check: check, pack: pack, tree: $0)?.passed != true } ?? true }
            }
            let stale = unchecked(try context.git.treeID(of: directory, in: .workTree))
            if !stale.isEmpty {
                reasons.append("\(stale.joined(separator: ", ")) did not pass on this content of \(directory): "
                               + "the pre-commit hook would refuse it")
                fixes.append("re-run them: \(EvidencePassedGate.rerun(stale, context)), then git add \(directory) && git commit")
            } else if !unchecked(try context.git.treeID(of: directory, in: .index)).isEmpty {
                reasons.append("\(directory) is checked but not staged as checked")
                fixes.append("git add \(directory) && git commit")
            }
        }
        let paths = dirty.prefix(3).map(\.path).joined(separator: " ")
        return .fail(reasons: reasons, fix: fixes.isEmpty
                        ? "commit them (git add \(paths)\(dirty.count > 3 ? " …" : "") && git commit), "
                            + "or set them aside: git stash --include-untracked"
                        : fixes.joined(separator: "; "))
    }

    static let checked: [RepoStep] = initialCommit + [.write("Packs/Demo/pack_metadata.json", "{}\n"), .stage(["Packs"]),
                                                      .commit("pack"), .write("Packs/Demo/pack_metadata.json", "{ }\n")]

    public static let examples: [GateExample] = [
        .failing("at the commit phase, staged pack content the checks did not pass on: names them and the re-run",
                 params: ["checks": .list([.string("test"), .string("lint")])],
                 reason: "test, lint did not pass on this content of Packs/Demo",
                 checked + [.stage(["Packs"])]),
        .failing("at the commit phase, checked pack content: commit it", params: ["checks": .list([.string("test")])],
                 reason: "uncommitted change(s)", checked + [.evidence(check: "test", pack: "Demo", passed: true)]),
        .passing("just committed", initialCommit),
        .failing("modified file", reason: "modified: README.md", initialCommit + [.write("README.md", "x")]),
        .failing("untracked file", reason: "untracked: new.txt", initialCommit + [.write("new.txt", "x")]),
        .passing("ignored file", initialCommit + [.write(".gitignore", "*.log\n"), .stage([".gitignore"]),
                                                   .commit("ignore logs"), .write("debug.log", "x")]),
    ]
}
