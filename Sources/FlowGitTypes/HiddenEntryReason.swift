/// Why an index entry's content is not what git will commit or what the tools saw.
public enum HiddenEntryReason: String, Sendable {
    case assumeUnchanged = "assume-unchanged"
    case skipWorktree = "skip-worktree"
    case intentToAdd = "intent-to-add (git add -N)"
}
