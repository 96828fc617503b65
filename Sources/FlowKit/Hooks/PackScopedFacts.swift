import FlowCore
import FlowGit

/// The repository as the pre-commit hook's content gates see one pack: every answer from the
/// shared snapshot, except what the branch changed, which is computed for the pack's directory
/// only (a whole-index diff costs a 100,000-file repository more than the rest of the hook).
final class PackScopedFacts: ForwardingFacts {
    private let repository: Repository
    private let directory: String
    /// The pack's content when it is not the index's (`flow next` on an unstaged pack: the work
    /// tree's entries, the tree its checks ran on).
    private let entries: [FileEntry]?

    init(_ base: RepositoryFacts, repository: Repository, directory: String, entries: [FileEntry]? = nil) {
        self.repository = repository
        self.directory = directory
        self.entries = entries
        super.init(base)
    }

    /// The hook judges the staged tree: the work tree's state is no part of it (one view), and a
    /// status walk costs a 100,000-file repository ~130 ms. Nothing is unstaged or untracked here.
    override func status(pathspec: String?) throws -> [StatusEntry] { [] }
    /// Only paths under the pack: what the pack's gates look at.
    override func changedPaths(since base: String) throws -> [String]? {
        if let entries { return try repository.changedPaths(since: base, under: directory, entries: entries) }
        return try repository.changedPaths(since: base, under: directory)
    }
}

extension GateContext {
    /// What the pre-commit hook's content gates see of one pack, from the checkout's context
    /// (`GateContext.of(.checkout)`: its snapshot, evidence, branch and readers): its files from
    /// `files` (the index; for `flow next`, the work-tree pack as it would be staged), no work-tree
    /// status, and what the branch changed computed for the pack only (from `entries` when they are
    /// not the index's). The hook and `Project.recordContentVerdict` both build it here, so a pass
    /// recorded by one is a pass for the other.
    func packView(repository: Repository, directory: String, entries: [FileEntry]? = nil, files: FileReading) -> GateContext {
        GateContext(
            git: PackScopedFacts(git, repository: repository, directory: directory, entries: entries),
            files: files, config: config, evidence: evidence, commands: commands, branch: branch, content: content)
    }
}
