import FlowGitTypes

/// What separates a pack's staged tree from the tree its checks ran on (the pack as `git add
/// <dir>` would stage it: tracked edits and untracked, unignored files), and the fix that stages
/// it. The fix names exactly the tracked files it stages; an untracked file is never put in a
/// command (a private `notes.txt` beside the code would be committed with it) and an artifact
/// never staged: both are named in prose with the choice the user has.
public struct PackStaging: Equatable, Sendable {
    /// Tracked files whose work-tree content is not the staged one (edited or deleted).
    public let tracked: [String]
    /// Untracked, unignored files that are not build output.
    public let untracked: [String]
    /// Untracked build output (`*.zip` in any case).
    public let artifacts: [String]

    public init(_ status: [StatusEntry], directory: String) {
        let inPack = status.filter { $0.path.hasPrefix(directory + "/") }
        tracked = inPack.filter { $0.unstaged && !$0.untracked && !GitNoArtifactsGate.isArtifactName($0.path) }.map(\.path)
        untracked = inPack.filter { $0.untracked && !GitNoArtifactsGate.isArtifactName($0.path) }.map(\.path)
        artifacts = inPack.filter { GitNoArtifactsGate.isArtifactName($0.path) && ($0.untracked || $0.unstaged) }.map(\.path)
    }

    public static func of(_ directory: String, _ context: GateContext) throws -> PackStaging {
        PackStaging(try context.git.status(pathspec: directory), directory: directory)
    }

    /// `git add -- <tracked files>`, then `git commit` when asked; nil when nothing tracked differs.
    public func addTracked(commit: Bool) -> String? {
        guard !tracked.isEmpty else { return commit ? "git commit" : nil }
        return "git add -- \(Shell.words(tracked))" + (commit ? " && git commit" : "")
    }

    /// The fix that stages what the checks ran on. `rerun` re-runs the checks (`rerunFix`, the same
    /// as a fix of its own); `stale`: the work tree's content has not passed them yet; `commit`
    /// adds the commit.
    public func fix(rerun: String, rerunFix: String? = nil, stale: Bool, commit: Bool) -> String {
        let add = addTracked(commit: commit)
        if untracked.isEmpty && artifacts.isEmpty {
            guard stale else { return add ?? "stage each checked file by name: git add FILE" }
            guard let add else { return rerunFix ?? "re-run the checks: \(rerun)" }
            return "re-run the checks (\(rerun)), then \(commit ? "commit" : "stage exactly what was checked"): \(add)"
        }
        // The checks saw the untracked files: they are staged by name or kept out and checked again.
        var parts: [String] = []
        if !untracked.isEmpty {
            let names = Shell.words(untracked)
            let all = Shell.words(tracked + untracked)
            parts.append(
                "the checks ran with the untracked \(names) in the pack: if \(untracked.count == 1 ? "it belongs" : "they belong") "
                    + "to it, stage it all by name (git add -- \(all)); if not, keep \(untracked.count == 1 ? "it" : "them") out "
                    + "(printf '\(untracked.joined(separator: "\\n"))\\n' >> \"$(git rev-parse --git-path info/exclude)\") "
                    + "and re-run the checks (\(rerun))")
        }
        if !artifacts.isEmpty {
            parts.append(
                "\(Shell.words(artifacts)) \(artifacts.count == 1 ? "is" : "are") build output, never committed: delete "
                    + "\(artifacts.count == 1 ? "it" : "them") (rm \(Shell.words(artifacts))) and re-run the checks (\(rerun))")
        }
        if untracked.isEmpty, let add { parts.append("then stage the rest: \(add)") }
        return parts.joined(separator: "; ")
    }
}
