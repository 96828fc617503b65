/// A work-tree path that differs from the index or HEAD.
public struct StatusEntry: Equatable, Sendable {
    public let path: String
    public let staged: Bool
    public let unstaged: Bool
    public let untracked: Bool

    public init(path: String, staged: Bool, unstaged: Bool, untracked: Bool) {
        self.path = path
        self.staged = staged
        self.unstaged = unstaged
        self.untracked = untracked
    }
}
