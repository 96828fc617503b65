internal import CLibGit2
import FlowGitTypes

extension Repository {
    /// The paths that differ between two trees (nil `old`: every path of `new`), walking only the
    /// subtrees whose ids differ, so its cost follows the change: `git_diff_tree_to_tree` reads
    /// every tree of the repository, about 140 ms for a one-file change among 100,000 files. Paths
    /// as libgit2's diff lists them without rename detection: a file whose id or mode differs, and
    /// every file on one side only (under a directory that became a file, or the reverse, too).
    /// A FastPath special case; `libgit2ChangedPaths` is the general answer, and
    /// GitTreeFilesTests compares the two.
    func prunedChangedPaths(_ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String, into paths: inout Set<String>) throws {
        func path(_ entry: OpaquePointer) -> String {
            let name = String(cString: git_tree_entry_name(entry))
            return prefix.isEmpty ? name : prefix + "/" + name
        }
        func isTree(_ entry: OpaquePointer) -> Bool { git_tree_entry_type(entry) == GIT_OBJECT_TREE }
        func subtree(_ entry: OpaquePointer, _ full: String) throws -> Owned {
            var child: OpaquePointer?
            try check(git_tree_lookup(&child, handle, git_tree_entry_id(entry)), "reading \(full)")
            guard let child else { throw GitError(.other, "reading \(full) failed") }
            return Owned(child) { git_tree_free($0) }
        }
        // Every file of one side's entry (a whole subtree when it is a directory).
        func addAll(_ entry: OpaquePointer) throws {
            let full = path(entry)
            if isTree(entry) {
                let child = try subtree(entry, full)
                try prunedChangedPaths(nil, child.pointer, prefix: full, into: &paths)
            } else {
                paths.insert(full)
            }
        }
        if let new {
            for index in 0..<git_tree_entrycount(new) {
                guard let entry = git_tree_entry_byindex(new, index) else { continue }
                guard let old, let before = git_tree_entry_byname(old, git_tree_entry_name(entry)) else {
                    try addAll(entry)
                    continue
                }
                if git_oid_equal(git_tree_entry_id(before), git_tree_entry_id(entry)) != 0
                    && git_tree_entry_filemode(before) == git_tree_entry_filemode(entry)
                {
                    continue
                }
                if isTree(before) && isTree(entry) {
                    let full = path(entry)
                    let (a, b) = (try subtree(before, full), try subtree(entry, full))
                    try prunedChangedPaths(a.pointer, b.pointer, prefix: full, into: &paths)
                } else {
                    try addAll(before)
                    try addAll(entry)
                }
            }
        }
        if let old {
            for index in 0..<git_tree_entrycount(old) {
                guard let entry = git_tree_entry_byindex(old, index) else { continue }
                if let new, git_tree_entry_byname(new, git_tree_entry_name(entry)) != nil { continue }
                try addAll(entry)
            }
        }
    }
}
