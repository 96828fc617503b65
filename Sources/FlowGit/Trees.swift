internal import CLibGit2
import Foundation

extension Repository {
    /// The git tree id of `directory` (a path from the repository root) in `source`; nil when the
    /// directory has no files there. Index and work-tree ids are hashed in memory, never written,
    /// and equal the id the directory will have in a commit of that content.
    public func treeID(of directory: String, in source: TreeSource) throws -> String? {
        let prefix = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        switch source {
        case .head:
            return try headSubtree(prefix)
        case .index:
            if let fast = try fastIndexTreeID(of: prefix) { return fast }
            return try libgit2IndexTreeID(of: prefix)
        case .workTree:
            return try TreeHasher.hash(try workTreeEntries(under: prefix), under: prefix)
        }
    }

    /// The tree id of `entries` (the files under `directory`, as `workTreeEntries` lists them);
    /// nil when there are none.
    public func treeID(hashing entries: [FileEntry], under directory: String) throws -> String? {
        try TreeHasher.hash(entries, under: directory.hasSuffix("/") ? String(directory.dropLast()) : directory)
    }

    /// The staged tree id hashed from libgit2's index entries.
    func libgit2IndexTreeID(of prefix: String) throws -> String? {
        try TreeHasher.hash(try libgit2IndexEntries(under: prefix), under: prefix)
    }

    private func headSubtree(_ prefix: String) throws -> String? {
        guard let tree = try headTreeOwned() else { return nil }
        if prefix.isEmpty { return git_object_id(tree.pointer)?.pointee.hex }
        return try withTreeEntry(prefix, in: tree.pointer, place: "HEAD") { entry in
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
            return git_tree_entry_id(entry)?.pointee.hex
        }
    }

    /// Index entries under `prefix`, with every path that differs in the work tree re-hashed
    /// from disk (through git's filters, as `git add` would), deleted files dropped and
    /// untracked, unignored files added: the entries of the tree `treeID(of:in: .workTree)` names.
    public func workTreeEntries(under prefix: String) throws -> [FileEntry] {
        let root = try requireWorkDirectory()
        var byPath: [String: FileEntry] = [:]
        for entry in try indexEntries(under: prefix) { byPath[entry.path] = entry }
        let dirPrefix = prefix.isEmpty ? "" : prefix + "/"
        let fileModeMatters = (try? configString("core.filemode")).flatMap { $0 }.map { $0 != "false" } ?? true
        for change in try status(pathspec: prefix.isEmpty ? nil : prefix) where change.path.hasPrefix(dirPrefix) {
            guard change.unstaged || change.untracked else { continue }
            let full = root + "/" + change.path
            var info = stat()
            if lstat(full, &info) != 0 {
                byPath[change.path] = nil
                continue
            }
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { continue }
            if kind == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? ""
                byPath[change.path] = FileEntry(path: change.path, mode: 0o120000, oid: try hashBlob(Array(target.utf8)))
                continue
            }
            var oid = git_oid()
            try check(git_repository_hashfile(&oid, handle, full, GIT_OBJECT_BLOB, nil), "hashing \(change.path)")
            let previous = byPath[change.path]?.mode
            let executable = fileModeMatters ? (info.st_mode & S_IXUSR != 0) : (previous == 0o100755)
            byPath[change.path] = FileEntry(path: change.path, mode: executable ? 0o100755 : 0o100644, oid: oid.hex)
        }
        return Array(byPath.values)
    }

    private func hashBlob(_ bytes: [UInt8]) throws -> String {
        var oid = git_oid()
        try check(git_odb_hash(&oid, bytes, bytes.count, GIT_OBJECT_BLOB), "hashing a blob")
        return oid.hex
    }
}

/// Builds git tree objects in memory and hashes them exactly as git would, without writing.
enum TreeHasher {
    final class Node {
        var files: [String: (mode: UInt32, oid: String)] = [:]
        var directories: [String: Node] = [:]
    }

    static func hash(_ entries: [FileEntry], under prefix: String) throws -> String? {
        guard !entries.isEmpty else { return nil }
        let root = Node()
        let drop = prefix.isEmpty ? 0 : prefix.count + 1
        for entry in entries {
            let relative = String(entry.path.dropFirst(drop))
            var parts = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            guard let name = parts.popLast() else { continue }
            var node = root
            for part in parts {
                if let next = node.directories[part] {
                    node = next
                } else {
                    let next = Node()
                    node.directories[part] = next
                    node = next
                }
            }
            node.files[name] = (entry.mode, entry.oid)
        }
        return try hash(root)
    }

    private static func hash(_ node: Node) throws -> String {
        var items: [(sortKey: [UInt8], name: String, mode: UInt32, oid: String)] = []
        for (name, file) in node.files {
            items.append((Array(name.utf8), name, file.mode, file.oid))
        }
        for (name, child) in node.directories {
            // git sorts a directory as if its name ended in "/".
            items.append((Array(name.utf8) + [0x2F], name, 0o40000, try hash(child)))
        }
        items.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        var bytes: [UInt8] = []
        for item in items {
            bytes += Array("\(String(item.mode, radix: 8)) \(item.name)".utf8)
            bytes.append(0)
            guard let oid = git_oid(hex: item.oid) else { throw GitError(.other, "bad object id \(item.oid)") }
            withUnsafeBytes(of: oid.id) { bytes += $0 }
        }
        var out = git_oid()
        try check(git_odb_hash(&out, bytes, bytes.count, GIT_OBJECT_TREE), "hashing a tree")
        return out.hex
    }
}
