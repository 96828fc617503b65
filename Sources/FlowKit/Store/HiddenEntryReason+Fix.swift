import FlowCore
import FlowGitTypes

/// What flow says about an index entry git hides (the pre-commit hook's refusal, `flow next`'s
/// refusal to record evidence for it), and the commands that show it to git again.
extension HiddenEntryReason {
    /// Why a commit with `path` hidden this way is refused.
    func refusal(_ path: String) -> String {
        switch self {
        case .intentToAdd:
            return "\(path) is intent-to-add (git add -N): the commit leaves it out, so the checked tree is not the committed one"
        case .assumeUnchanged, .skipWorktree:
            return
                "\(path) is marked \(rawValue): git hides its work-tree file, so the checks ran on bytes that are not the staged ones"
        }
    }

    /// Prose: the steps are a choice or come before a re-run of the checks (`rerun`).
    func fix(_ path: String, rerun: String) -> String {
        let file = Shell.quote(path)
        switch self {
        case .intentToAdd: return "stage it (git add \(file)) or leave it out (git rm --cached \(file)), then re-run the checks (\(rerun))"
        case .assumeUnchanged, .skipWorktree: return "unmark and stage it (\(unhide(path))), then re-run the checks (\(rerun))"
        }
    }

    /// The command line that makes git show a hidden file again and stages it.
    func unhide(_ path: String) -> String {
        let file = Shell.quote(path)
        switch self {
        case .intentToAdd: return "git add \(file)"
        case .assumeUnchanged: return "git update-index --no-assume-unchanged \(file) && git add \(file)"
        case .skipWorktree: return "git update-index --no-skip-worktree \(file) && git add \(file)"
        }
    }
}
