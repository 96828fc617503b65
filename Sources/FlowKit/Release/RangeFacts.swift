import FlowCore
import FlowGit

/// A range's change as a branch-relative gate asks about it (`docs.updated-with-change` in CI):
/// "changed since main" is what the range changed from where it left the base to its tip, the
/// merge-base with main is that fork point, and nothing is unstaged. Everything else is the
/// repository's answer.
final class RangeFacts: RepositoryFacts {
    private let repository: Repository
    private let fork: String
    private let changed: [String]

    init(_ repository: Repository, fork: String, changed: [String]) {
        self.repository = repository
        self.fork = fork
        self.changed = changed
    }

    var workDirectory: String? { repository.workDirectory }
    var gitDirectory: String { repository.gitDirectory }
    var isBare: Bool { repository.isBare }
    var isShallow: Bool { repository.isShallow }
    func head() throws -> Head { try repository.head() }
    func remoteNames() throws -> [String] { try repository.remoteNames() }
    func tags() throws -> [Tag] { try repository.tags() }
    func stagedChanges() throws -> [StagedChange] { [] }
    func indexEntries(under prefix: String?) throws -> [FileEntry] { try repository.indexEntries(under: prefix) }
    func indexPaths(where predicate: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> [String] {
        try repository.indexPaths(where: predicate)
    }
    func status(pathspec: String?) throws -> [StatusEntry] { [] }
    func resolveCommit(_ spec: String) throws -> String? { try repository.resolveCommit(spec) }
    func isAncestor(_ commit: String, of tip: String) throws -> Bool { try repository.isAncestor(commit, of: tip) }
    func localBranches() throws -> [String] { try repository.localBranches() }
    func treeID(of directory: String, in source: TreeSource) throws -> String? { try repository.treeID(of: directory, in: source) }
    func treeID(of directory: String, atCommit id: String) throws -> String? { try repository.treeID(of: directory, atCommit: id) }
    func blobPrefix(_ oid: String, count: Int) throws -> [UInt8] { try repository.blobPrefix(oid, count: count) }
    func changedPaths(since base: String) throws -> [String]? { changed }
    func mergeBase(with base: String) throws -> String? { fork }
    func fileContent(_ path: String, at commit: String) throws -> [UInt8]? { try repository.fileContent(path, at: commit) }
    func filterDrivers(for paths: [String]) throws -> [String: String] { try repository.filterDrivers(for: paths) }
}
