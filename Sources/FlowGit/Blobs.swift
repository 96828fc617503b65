internal import CLibGit2
import Foundation

extension Repository {
    /// The bytes of `path` in the tree of `commit`; nil when the commit has no such file.
    public func fileContent(_ path: String, at commit: String) throws -> [UInt8]? {
        guard var oid = git_oid(hex: commit) else { throw GitError(.other, "not a commit id: \(commit)") }
        var commitObject: OpaquePointer?
        try check(git_commit_lookup(&commitObject, handle, &oid), "reading commit \(commit.prefix(12))")
        guard let commitObject else { return nil }
        defer { git_commit_free(commitObject) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commitObject), "reading the tree of \(commit.prefix(12))")
        guard let tree else { return nil }
        defer { git_tree_free(tree) }
        return try withTreeEntry(path, in: tree, place: String(commit.prefix(12))) { entry in
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, let id = git_tree_entry_id(entry) else { return nil }
            var blob: OpaquePointer?
            try check(git_blob_lookup(&blob, handle, id), "reading \(path) at \(commit.prefix(12))")
            guard let blob else { return nil }
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
            return Array(UnsafeRawBufferPointer(start: raw, count: size))
        }
    }

    /// The git blob id of some bytes, computed without writing anything.
    public static func blobID(of bytes: [UInt8]) -> String {
        var oid = git_oid()
        guard git_odb_hash(&oid, bytes, bytes.count, GIT_OBJECT_BLOB) == 0 else { return "" }
        return oid.hex
    }
}
