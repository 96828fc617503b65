import FlowGitTypes

/// `git.clean`: no staged, unstaged or untracked (unignored) changes.
public enum GitCleanGate: Gate {
    public static let id = "git.clean"
    public static let summary = "the work tree is clean (nothing staged, modified or untracked)"
    public static let parameters = [
        GateParameter(
            "checks", .strings,
            "at the commit phase: the checks the pre-commit hook requires; uncommitted pack "
                + "content then gets the stale checks and the command that re-runs them as its fix")
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
        // Without checks of its own (a phase after commit, as xsoar-local's merge-tag), pack
        // content edited on a feature branch needs the checks the workflow records all the same:
        // the pre-commit hook refuses it until they pass on it again.
        let onFeature = try context.git.head().branchName?.hasPrefix(context.config.featurePrefix) == true
        let checks = params.strings("checks", default: onFeature ? context.checks?.map(\.check) ?? [] : [])
        // On main only flow release's bump is committed (the pre-commit hook refuses the rest).
        let main = context.config.mainBranch
        let onMain = try context.git.head().branchName == main
        for pack in context.config.packs where !onMain && !checks.isEmpty && PackName.pathProblem(pack) == nil {
            let directory = "\(context.config.packsRoot)/\(pack)"
            guard dirty.contains(where: { $0.path.hasPrefix(directory + "/") }) else { continue }
            func unchecked(_ tree: String?) -> [String] {
                checks.filter { check in tree.map { context.evidence.record(check: check, pack: pack, tree: $0)?.passed != true } ?? true }
            }
            let stale = unchecked(try context.git.treeID(of: directory, in: .workTree))
            // The files to stage are named, never the directory, and an untracked one only in
            // prose (a private note beside the code is no part of the change).
            let staging = PackStaging(dirty, directory: directory)
            if !stale.isEmpty {
                reasons.append(
                    "\(stale.joined(separator: ", ")) did not pass on this content of \(directory): "
                        + "the pre-commit hook would refuse it")
                fixes.append(staging.fix(rerun: EvidencePassedGate.rerun(stale, context), stale: true, commit: true))
            } else if !unchecked(try context.git.treeID(of: directory, in: .index)).isEmpty {
                reasons.append("\(directory) is checked but not staged as checked")
                fixes.append(staging.fix(rerun: EvidencePassedGate.rerun(checks, context), stale: false, commit: true))
            }
        }
        // Build output is never committed: it is deleted, moved out or ignored (git.no-artifacts).
        let artifacts = dirty.filter { $0.untracked && GitNoArtifactsGate.isArtifactName($0.path) }.map(\.path)
        if !artifacts.isEmpty {
            let ignore = GitNoArtifactsGate.ignorePatterns(for: artifacts)
            fixes.insert(
                "\(artifacts.joined(separator: ", ")) \(artifacts.count == 1 ? "is" : "are") build output, never committed: "
                    + "delete \(artifacts.count == 1 ? "it" : "them") (rm \(Shell.words(artifacts))) or ignore "
                    + "\(artifacts.count == 1 ? "it" : "them") in this clone "
                    + "(printf '\(ignore.joined(separator: "\\n"))\\n' >> \"$(git rev-parse --git-path info/exclude)\")", at: 0)
        }
        let rest = dirty.filter { !($0.untracked && GitNoArtifactsGate.isArtifactName($0.path)) }
        // An edit on main moves to a feature branch.
        if onMain, !rest.isEmpty {
            fixes.append(try GitBranchGate.startFeature(context))
            return .fail(
                reasons: reasons + [
                    "changes on \(main) are committed on a feature branch: the pre-commit hook "
                        + "refuses a commit on \(main) other than flow release's version bump"
                ],
                fix: joined(fixes))
        }
        if fixes.count == (artifacts.isEmpty ? 0 : 1) && !rest.isEmpty {
            fixes.append(
                rest.count <= 10
                    ? "commit \(artifacts.isEmpty ? "them" : "the rest") (\(stageCommand(rest))) or set "
                        + "\(artifacts.isEmpty ? "them" : "it") aside (git stash --include-untracked)"
                    : "commit them, naming each file in git add (never git add -A), or set them aside (git stash --include-untracked)")
        }
        return .fail(reasons: reasons, fix: joined(fixes))
    }

    /// One fix, or several as prose in order: two command lines joined by "; then " would paste
    /// as a syntax error.
    static func joined(_ fixes: [String]) -> String {
        fixes.count > 1 ? "one after the other: " + fixes.joined(separator: "; then ") : fixes.joined()
    }

    /// `git add <each file> && git commit`, naming exactly the changed files (a staged-only entry is
    /// staged already: `git add` of a staged deletion would fail).
    static func stageCommand(_ entries: [StatusEntry]) -> String {
        let paths = entries.filter { $0.unstaged || $0.untracked }.map(\.path)
        return paths.isEmpty ? "git commit" : "git add -- \(Shell.words(paths)) && git commit"
    }

    static let checked: [RepoStep] =
        initialCommit + [
            .write("Packs/Demo/pack_metadata.json", "{}\n"), .stage(["Packs"]),
            .commit("pack"), .branch("feature/x"), .write("Packs/Demo/pack_metadata.json", "{ }\n"),
        ]

    public static let examples: [GateExample] = [
        .failing(
            "at the commit phase, staged pack content the checks did not pass on: names them and the re-run",
            params: ["checks": .list([.string("test"), .string("lint")])],
            reason: "test, lint did not pass on this content of Packs/Demo",
            checked + [.stage(["Packs"])]),
        .failing(
            "at the commit phase, checked pack content: commit it", params: ["checks": .list([.string("test")])],
            reason: "uncommitted change(s)", checked + [.evidence(check: "test", pack: "Demo", passed: true)]),
        .failing(
            "at the commit phase, a private note untracked in the checked pack: named in prose, never in a command",
            params: ["checks": .list([.string("test")])], reason: "Packs/Demo is checked but not staged as checked",
            fix: "keep it out (printf 'Packs/Demo/notes.txt\\n' >> ", fixOmits: "git add Packs/Demo",
            checked + [.write("Packs/Demo/notes.txt", "api key\n"), .evidence(check: "test", pack: "Demo", passed: true)]),
        .failing(
            "an edit on main: moved to a feature branch, never committed on main",
            reason: "changes on main are committed on a feature branch",
            fix: "git stash && flow feature start NAME && git stash pop", fixOmits: "git commit",
            initialCommit + [.write("README.md", "edited\n")]),
        .passing("just committed", initialCommit),
        .failing("modified file", reason: "modified: README.md", initialCommit + [.write("README.md", "x")]),
        .failing("untracked file", reason: "untracked: new.txt", initialCommit + [.write("new.txt", "x")]),
        .failing(
            "an untracked zip: deleted or ignored, never committed", reason: "untracked: AcmeExport.ZIP",
            initialCommit + [.writeBytes("AcmeExport.ZIP", GitNoArtifactsGate.zipBytes)]),
        .passing(
            "ignored file",
            initialCommit + [
                .write(".gitignore", "*.log\n"), .stage([".gitignore"]),
                .commit("ignore logs"), .write("debug.log", "x"),
            ]),
    ]
}
