internal import CLibGit2
import FlowGitTypes

extension Repository {
    /// Commit ids reachable from `tip` but not from `hidden` (git's `hidden..tip`), newest first.
    public func commits(from hidden: String?, to tip: String) throws -> [String] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "starting a history walk")
        guard let walk else { throw GitError(.other, "starting a history walk failed") }
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        guard var tipOID = git_oid(hex: tip) else { throw GitError(.other, "not a commit id: \(tip)") }
        try check(git_revwalk_push(walk, &tipOID), "walking from \(tip.prefix(12))")
        if let hidden {
            guard var hiddenOID = git_oid(hex: hidden) else { throw GitError(.other, "not a commit id: \(hidden)") }
            try check(git_revwalk_hide(walk, &hiddenOID), "hiding \(hidden.prefix(12)) from the walk")
        }
        var ids: [String] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "walking the history")
            ids.append(oid.hex)
        }
        return ids
    }

    /// The message and parents of a commit.
    public func commitInfo(_ id: String) throws -> CommitInfo {
        let commit = try lookupCommit(id)
        let message = git_commit_message(commit.pointer).map { String(cString: $0) } ?? ""
        let count = git_commit_parentcount(commit.pointer)
        let parents = (0..<count).compactMap { git_commit_parent_id(commit.pointer, $0)?.pointee.hex }
        return CommitInfo(id: id, parents: parents, message: message)
    }

    /// The tree id of `directory` in a commit; nil when the commit has no such directory.
    public func treeID(of directory: String, atCommit id: String) throws -> String? {
        let tree = try commitTree(id)
        let prefix = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        if prefix.isEmpty { return git_object_id(tree.pointer)?.pointee.hex }
        return try withTreeEntry(prefix, in: tree.pointer, place: String(id.prefix(12))) { entry in
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
            return git_tree_entry_id(entry)?.pointee.hex
        }
    }

    /// The entry at `path` in `tree`, lent to `body` (and freed after); nil when there is none.
    /// `place` names the tree in the error (a commit id, HEAD).
    func withTreeEntry<T>(
        _ path: String, in tree: OpaquePointer, place: String,
        _ body: (OpaquePointer) throws -> T?
    ) throws -> T? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "looking up \(path) in \(place)")
        guard let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        return try body(entry)
    }

    /// Paths a commit changed against its first parent (every path for a root commit), sorted.
    public func changedPaths(_ id: String) throws -> [String] {
        try changedPaths(from: commitInfo(id).parents.first, to: id)
    }

    /// Paths that differ between two commits' trees (every path of `id` when `base` is nil), sorted.
    public func changedPaths(from base: String?, to id: String) throws -> [String] {
        try changedPaths(from: base, to: id, pruned: FastPath.enabled)
    }

    /// `pruned`: walk only the differing subtrees (`prunedChangedPaths`), else libgit2's diff.
    func changedPaths(from base: String?, to id: String, pruned: Bool) throws -> [String] {
        let tree = try commitTree(id)
        let parentTree = try base.map { try commitTree($0) }
        if pruned {
            var paths = Set<String>()
            try withExtendedLifetime((tree, parentTree)) {
                try prunedChangedPaths(parentTree?.pointer, tree.pointer, prefix: "", into: &paths)
            }
            return paths.sorted()
        }
        return try libgit2ChangedPaths(parentTree, tree, id)
    }

    /// The general answer: libgit2's tree-to-tree diff, which reads every tree of both commits.
    func libgit2ChangedPaths(_ parentTree: Owned?, _ tree: Owned, _ id: String) throws -> [String] {
        var diff: OpaquePointer?
        try check(
            git_diff_tree_to_tree(&diff, handle, parentTree?.pointer, tree.pointer, nil),
            "diffing \(id.prefix(12)) against its parent")
        guard let diff else { return [] }
        defer { git_diff_free(diff) }
        var paths = Set<String>()
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            if let p = delta.pointee.old_file.path { paths.insert(String(cString: p)) }
            if let p = delta.pointee.new_file.path { paths.insert(String(cString: p)) }
        }
        return paths.sorted()
    }

    /// Every file under `directory` in a commit (recursively), as the index would list them; empty
    /// when the commit has no such directory. Only that subtree is read.
    public func treeEntries(under directory: String, atCommit id: String) throws -> [FileEntry] {
        let tree = try commitTree(id)
        let prefix = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var subtree: OpaquePointer? = tree.pointer
        var owned: Owned?
        if !prefix.isEmpty {
            let object: OpaquePointer? = try withTreeEntry(prefix, in: tree.pointer, place: String(id.prefix(12))) { entry in
                guard git_tree_entry_type(entry) == GIT_OBJECT_TREE, let oid = git_tree_entry_id(entry) else { return nil }
                var object: OpaquePointer?
                try check(git_tree_lookup(&object, handle, oid), "reading \(prefix) in \(id.prefix(12))")
                return object
            }
            guard let object else { return [] }
            owned = Owned(object) { git_tree_free($0) }
            subtree = object
        }
        var result: [FileEntry] = []
        try withExtendedLifetime((tree, owned)) { try collect(subtree, path: prefix, into: &result) }
        return result
    }

    /// The entry of the file (or link) at exactly `path` in a commit's tree; nil when there is
    /// none or it is a directory.
    public func treeFileEntry(at path: String, atCommit id: String) throws -> FileEntry? {
        let tree = try commitTree(id)
        return try withTreeEntry(path, in: tree.pointer, place: String(id.prefix(12))) { entry in
            guard git_tree_entry_type(entry) != GIT_OBJECT_TREE, let oid = git_tree_entry_id(entry) else { return nil }
            return FileEntry(path: path, mode: UInt32(git_tree_entry_filemode(entry).rawValue), oid: oid.pointee.hex)
        }
    }

    private func collect(_ tree: OpaquePointer?, path: String, into result: inout [FileEntry]) throws {
        guard let tree else { return }
        for i in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, i), let cName = git_tree_entry_name(entry),
                let oid = git_tree_entry_id(entry)
            else { continue }
            let full = path.isEmpty ? String(cString: cName) : path + "/" + String(cString: cName)
            if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                var child: OpaquePointer?
                try check(git_tree_lookup(&child, handle, oid), "reading \(full)")
                defer { if let child { git_tree_free(child) } }
                try collect(child, path: full, into: &result)
            } else {
                result.append(FileEntry(path: full, mode: UInt32(git_tree_entry_filemode(entry).rawValue), oid: oid.pointee.hex))
            }
        }
    }

    func lookupCommit(_ id: String) throws -> Owned {
        guard var oid = git_oid(hex: id) else { throw GitError(.other, "not a commit id: \(id)") }
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, handle, &oid), "reading commit \(id.prefix(12))")
        guard let commit else { throw GitError(.notFound, "commit \(id.prefix(12)) not found") }
        return Owned(commit) { git_commit_free($0) }
    }

    private func commitTree(_ id: String) throws -> Owned {
        let commit = try lookupCommit(id)
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit.pointer), "reading the tree of \(id.prefix(12))")
        guard let tree else { throw GitError(.other, "reading the tree of \(id.prefix(12)) failed") }
        return Owned(tree) { git_tree_free($0) }
    }
}
