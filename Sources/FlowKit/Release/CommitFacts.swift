import FlowCore
import FlowGit

/// One commit of a range as one change (`docs.updated-with-change` with `per: commit` in CI, its
/// commit judgement): "changed since HEAD" is what the commit changed against its parent, which is
/// the base of that change; the files are the commit's tree and nothing is unstaged. As the
/// pre-commit hook saw the commit being made, with HEAD its parent.
final class CommitFacts: ForwardingFacts {
    private let parent: String
    private let own: [String]

    init(_ repository: Repository, commit: String, parent: String) throws {
        self.parent = parent
        own = try repository.changedPaths(from: parent, to: commit)
        super.init(repository)
    }

    override func stagedChanges() throws -> [StagedChange] { [] }
    override func status(pathspec: String?) throws -> [StatusEntry] { [] }
    override func changedPaths(since base: String) throws -> [String]? { own }
    override func mergeBase(with base: String) throws -> String? { parent }
}
