/// Where HEAD is.
public enum Head: Equatable, Sendable {
    case branch(name: String, commit: String)
    case detached(commit: String)
    /// A branch with no commits yet (a new repository).
    case unborn(branch: String)

    public var commit: String? {
        switch self {
        case .branch(_, let c), .detached(let c): return c
        case .unborn: return nil
        }
    }

    public var branchName: String? {
        switch self {
        case .branch(let n, _), .unborn(let n): return n
        case .detached: return nil
        }
    }
}
