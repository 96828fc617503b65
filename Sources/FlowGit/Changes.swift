internal import CLibGit2
import Foundation

extension Repository {
    /// Paths that differ between the merge-base of `base` and HEAD, and the index: what this
    /// branch changed (committed or staged) relative to where it left `base`. Deletions and both
    /// sides of a rename are listed. nil when `base` does not resolve to a commit; on an unborn
    /// branch every staged path counts as changed.
    public func changedPaths(since base: String) throws -> [String]? {
        guard let baseCommit = try resolveCommit(base) else { return nil }
        var baseTree: Owned?
        if let headCommit = try resolveCommit("HEAD") {
            guard var a = git_oid(hex: baseCommit), var b = git_oid(hex: headCommit) else { return nil }
            var mergeBase = git_oid()
            let code = git_merge_base(&mergeBase, handle, &a, &b)
            if code == GIT_ENOTFOUND.rawValue { return try indexEntries(under: nil).map(\.path) }
            try check(code, "finding the merge-base of \(base) and HEAD")
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, handle, &mergeBase), "reading the merge-base commit")
            guard let commit else { return nil }
            defer { git_commit_free(commit) }
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, commit), "reading the merge-base tree")
            guard let tree else { return nil }
            baseTree = Owned(tree) { git_tree_free($0) }
        } else {
            return try indexEntries(under: nil).map(\.path)
        }
        return try withIndex { index in
            var options = git_diff_options()
            try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "preparing a diff")
            var diff: OpaquePointer?
            try check(
                git_diff_tree_to_index(&diff, handle, baseTree?.pointer, index, &options),
                "comparing the index with the merge-base of \(base)")
            guard let diff else { return [] }
            defer { git_diff_free(diff) }
            var paths: [String] = []
            for i in 0..<git_diff_num_deltas(diff) {
                guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
                let newPath = delta.new_file.path.map { String(cString: $0) }
                let oldPath = delta.old_file.path.map { String(cString: $0) }
                for path in [oldPath, newPath].compactMap({ $0 }) where !paths.contains(path) { paths.append(path) }
            }
            return paths
        }
    }

    /// `changedPaths(since:)` for the files under one directory only: the merge-base's subtree
    /// against the index entries under it, without loading or diffing the rest of the repository
    /// (the pre-commit hook asks this per changed pack).
    public func changedPaths(since base: String, under directory: String) throws -> [String]? {
        let prefix = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return try changedPaths(since: base, under: prefix, entries: indexEntries(under: prefix))
    }

    /// The same for the directory's content given as `entries` (a work tree's, say) instead of
    /// the index's.
    public func changedPaths(since base: String, under directory: String, entries staged: [FileEntry]) throws -> [String]? {
        guard let baseCommit = try resolveCommit(base) else { return nil }
        let prefix = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let headCommit = try resolveCommit("HEAD"), let mergeBase = try mergeBase(baseCommit, headCommit) else {
            return staged.map(\.path)
        }
        var before: [String: (UInt32, String)] = [:]
        for entry in try treeEntries(under: prefix, atCommit: mergeBase) { before[entry.path] = (entry.mode, entry.oid) }
        var paths: [String] = []
        for entry in staged {
            let path = entry.path
            if let old = before.removeValue(forKey: path), old.0 == entry.mode, old.1 == entry.oid { continue }
            paths.append(path)
        }
        paths += before.keys.sorted()
        return paths
    }

    /// The merge-base of `base` and HEAD, as a commit id; nil when either does not resolve or
    /// they share no history.
    public func mergeBase(with base: String) throws -> String? {
        guard let baseCommit = try resolveCommit(base), let headCommit = try resolveCommit("HEAD"),
            var a = git_oid(hex: baseCommit), var b = git_oid(hex: headCommit)
        else { return nil }
        var mergeBase = git_oid()
        let code = git_merge_base(&mergeBase, handle, &a, &b)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "finding the merge-base of \(base) and HEAD")
        return mergeBase.hex
    }
}
