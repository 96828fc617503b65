import FlowCore
import FlowGit

/// A range's change as a branch-relative gate asks about it (`docs.updated-with-change` in CI):
/// "changed since main" is what the range changed from where it left the base to its tip, the
/// merge-base with main is that fork point, and nothing is unstaged. Everything else is the
/// repository's answer.
final class RangeFacts: ForwardingFacts {
    private let fork: String
    private let changed: [String]

    init(_ repository: Repository, fork: String, changed: [String]) {
        self.fork = fork
        self.changed = changed
        super.init(repository)
    }

    override func stagedChanges() throws -> [StagedChange] { [] }
    override func status(pathspec: String?) throws -> [StatusEntry] { [] }
    override func changedPaths(since base: String) throws -> [String]? { changed }
    override func mergeBase(with base: String) throws -> String? { fork }
}
