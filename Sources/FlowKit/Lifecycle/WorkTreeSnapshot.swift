import FlowCore
import FlowGit

/// The work tree of a pack directory as this command last saw it: its entries (a status walk and
/// the hashing of each changed file) and its tree id, computed once and shared by everything the
/// command asks (the action's before and after, the evidence gates, the recorded content pass)
/// until something that may write files runs (`invalidate()`: an action's command, a fix, the
/// test stubs). One project, one snapshot: `flow next` hashed the pack four times.
public final class WorkTreeSnapshot {
    private let repository: Repository
    private var entries: [String: [FileEntry]] = [:]
    private var trees: [String: String?] = [:]

    init(repository: Repository) {
        self.repository = repository
    }

    /// The files under `directory` as `git add` would stage them.
    func entries(under directory: String) throws -> [FileEntry] {
        let key = Self.key(directory)
        if let known = entries[key] { return known }
        let found = try repository.workTreeEntries(under: key)
        entries[key] = found
        return found
    }

    /// The tree id those files would have in a commit; nil when there are none.
    func treeID(of directory: String) throws -> String? {
        let key = Self.key(directory)
        if let known = trees[key] { return known }
        let id = try repository.treeID(hashing: try entries(under: key), under: key)
        trees[key] = id
        return id
    }

    /// Something may have written files: every answer is asked again.
    func invalidate() {
        entries.removeAll()
        trees.removeAll()
    }

    private static func key(_ directory: String) -> String {
        directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    }
}

/// The checkout's facts with the work-tree tree ids from the command's snapshot; every other
/// question goes to the repository.
final class CheckoutFacts: ForwardingFacts {
    private let workTree: WorkTreeSnapshot

    init(_ repository: Repository, workTree: WorkTreeSnapshot) {
        self.workTree = workTree
        super.init(repository)
    }

    override func treeID(of directory: String, in source: TreeSource) throws -> String? {
        if case .workTree = source { return try workTree.treeID(of: directory) }
        return try base.treeID(of: directory, in: source)
    }
}
