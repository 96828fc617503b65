import FlowCore
import FlowGit

/// A view of a repository that answers every question as `base` does; a view that answers some
/// differently (one pack's change, a range's, the command's work-tree snapshot) overrides only those.
class ForwardingFacts: RepositoryFacts {
    let base: RepositoryFacts

    init(_ base: RepositoryFacts) { self.base = base }

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
    func status(pathspec: String?) throws -> [StatusEntry] { try base.status(pathspec: pathspec) }
    func resolveCommit(_ spec: String) throws -> String? { try base.resolveCommit(spec) }
    func isAncestor(_ commit: String, of tip: String) throws -> Bool { try base.isAncestor(commit, of: tip) }
    func localBranches() throws -> [String] { try base.localBranches() }
    func treeID(of directory: String, in source: TreeSource) throws -> String? { try base.treeID(of: directory, in: source) }
    func treeID(of directory: String, atCommit id: String) throws -> String? { try base.treeID(of: directory, atCommit: id) }
    func blobPrefix(_ oid: String, count: Int) throws -> [UInt8] { try base.blobPrefix(oid, count: count) }
    func changedPaths(since base: String) throws -> [String]? { try self.base.changedPaths(since: base) }
    func mergeBase(with base: String) throws -> String? { try self.base.mergeBase(with: base) }
    func fileContent(_ path: String, at commit: String) throws -> [UInt8]? { try base.fileContent(path, at: commit) }
    func filterDrivers(for paths: [String]) throws -> [String: String] { try base.filterDrivers(for: paths) }
}
