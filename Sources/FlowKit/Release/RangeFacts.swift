import FlowCore
import FlowGit

/// A commit's change as a branch-relative gate asks about it in CI (`flow verify commits`, where
/// a fresh clone has no local main): "main" is the range's base, "changed since main" is what
/// the commit changed from where it left the base, the merge-base with main is that fork point,
/// and nothing is staged or unstaged. Everything else is the repository's answer. The same
/// view of the range's tip judges `docs.updated-with-change` of the whole range.
final class RangeFacts: ForwardingFacts {
    private let fork: String
    private let changed: [String]
    /// The ref the gates name main by (`refs/heads/<mainBranch>`) and the base it stands for.
    private let main: (ref: String, commit: String)

    init(_ repository: Repository, fork: String, changed: [String], main: (ref: String, commit: String)) {
        self.fork = fork
        self.changed = changed
        self.main = main
        super.init(repository)
    }

    /// The view of `commit` against `base` (nil when they share no history).
    static func of(_ commit: String, base: String, _ repository: Repository, mainBranch: String) throws -> RangeFacts? {
        guard let fork = try repository.mergeBase(base, commit) else { return nil }
        return RangeFacts(
            repository, fork: fork, changed: try repository.changedPaths(from: fork, to: commit),
            main: ("refs/heads/\(mainBranch)", base))
    }

    override func stagedChanges() throws -> [StagedChange] { [] }
    override func status(pathspec: String?) throws -> [StatusEntry] { [] }
    override func changedPaths(since base: String) throws -> [String]? { changed }
    override func mergeBase(with base: String) throws -> String? { fork }
    override func resolveCommit(_ spec: String) throws -> String? {
        spec == main.ref ? main.commit : try super.resolveCommit(spec)
    }
}
