import FlowCore
import FlowGit

/// One commit of a range as the pre-commit hook saw it when the commit was made
/// (`docs.updated-with-change` with `per: commit` in CI): HEAD was its parent, what was staged is
/// its tree, and the branch had left the base at `fork`. "Changed since HEAD" is the commit's own
/// change, "changed since main" what the range had changed up to it; nothing is unstaged.
final class CommitFacts: ForwardingFacts {
    private let parent: String
    private let fork: String
    private let own: [String]
    private let sinceFork: [String]

    init(_ repository: Repository, commit: String, parent: String, fork: String) throws {
        self.parent = parent
        self.fork = fork
        own = try repository.changedPaths(from: parent, to: commit)
        sinceFork = try repository.changedPaths(from: fork, to: commit)
        super.init(repository)
    }

    override func stagedChanges() throws -> [StagedChange] { [] }
    override func status(pathspec: String?) throws -> [StatusEntry] { [] }
    override func changedPaths(since base: String) throws -> [String]? { base == "HEAD" ? own : sinceFork }
    override func mergeBase(with base: String) throws -> String? { base == "HEAD" ? parent : fork }
}
