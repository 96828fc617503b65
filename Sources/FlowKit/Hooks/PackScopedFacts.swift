import FlowCore
import FlowGit

/// The repository as the pre-commit hook's content gates see one pack: every answer from the
/// shared snapshot, except what the branch changed, which is computed for the pack's directory
/// only (a whole-index diff costs a 100,000-file repository more than the rest of the hook).
final class PackScopedFacts: RepositoryFacts {
    private let base: RepositoryFacts
    private let repository: Repository
    private let directory: String
    /// The pack's content when it is not the index's (`flow next` on an unstaged pack: the work
    /// tree's entries, the tree its checks ran on).
    private let entries: [FileEntry]?

    init(_ base: RepositoryFacts, repository: Repository, directory: String, entries: [FileEntry]? = nil) {
        self.base = base
        self.repository = repository
        self.directory = directory
        self.entries = entries
    }

    var workDirectory: String? { base.workDirectory }
    var gitDirectory: String { base.gitDirectory }
    var isBare: Bool { base.isBare }
    var isShallow: Bool { base.isShallow }
    func head() throws -> Head { try base.head() }
    func remoteNames() throws -> [String] { try base.remoteNames() }
    func tags() throws -> [Tag] { try base.tags() }
    func stagedChanges() throws -> [StagedChange] { try base.stagedChanges() }
    func indexEntries(under prefix: String?) throws -> [FileEntry] { try base.indexEntries(under: prefix) }
    func indexPaths(where predicate: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> [String] { try base.indexPaths(where: predicate) }
    /// The hook judges the staged tree: the work tree's state is no part of it (one view), and a
    /// status walk costs a 100,000-file repository ~130 ms. Nothing is unstaged or untracked here.
    func status(pathspec: String?) throws -> [StatusEntry] { [] }
    func resolveCommit(_ spec: String) throws -> String? { try base.resolveCommit(spec) }
    func isAncestor(_ commit: String, of tip: String) throws -> Bool { try base.isAncestor(commit, of: tip) }
    func localBranches() throws -> [String] { try base.localBranches() }
    func treeID(of directory: String, in source: TreeSource) throws -> String? { try base.treeID(of: directory, in: source) }
    func treeID(of directory: String, atCommit id: String) throws -> String? { try base.treeID(of: directory, atCommit: id) }
    func blobPrefix(_ oid: String, count: Int) throws -> [UInt8] { try base.blobPrefix(oid, count: count) }
    func mergeBase(with base: String) throws -> String? { try self.base.mergeBase(with: base) }
    func fileContent(_ path: String, at commit: String) throws -> [UInt8]? { try base.fileContent(path, at: commit) }
    func filterDrivers(for paths: [String]) throws -> [String: String] { try base.filterDrivers(for: paths) }
    /// Only paths under the pack: what the pack's gates look at.
    func changedPaths(since base: String) throws -> [String]? {
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
