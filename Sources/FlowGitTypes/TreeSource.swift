/// Where to read a directory's content from when computing its tree id.
public enum TreeSource: String, Sendable, Codable {
    /// The tree recorded in HEAD's commit.
    case head
    /// The staged content: the tree the next commit would record.
    case index
    /// The work tree as `git add <dir>` would stage it (untracked files added, ignored ones left out).
    case workTree = "worktree"
}
