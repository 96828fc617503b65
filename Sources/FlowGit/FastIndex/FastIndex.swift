internal import CLibGit2
import Foundation

/// What identifies one version of the index file on disk. git replaces the index by renaming a
/// new file over it, so a new inode or changed size/times means a new parse.
struct IndexStamp: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let mtimeSeconds: Int
    let mtimeNanoseconds: Int
    let ctimeSeconds: Int
    let ctimeNanoseconds: Int
}

// Fast, read-only answers for the queries a pre-commit hook makes, from flow's own index reader
// (no whole-file SHA-1) and the index's cache-tree (no inflating of unchanged trees). Each one
// returns nil when it cannot answer exactly as libgit2 would; the public methods then ask libgit2.
extension Repository {
    /// The parsed index, or nil when the file is absent or outside what `IndexFile` understands.
    func fastIndex() -> IndexFile? {
        guard FastPath.enabled else { return nil }
        var info = stat()
        guard stat(indexPath, &info) == 0 else { return nil }
        let stamp = IndexStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            mtimeSeconds: info.st_mtim.tv_sec, mtimeNanoseconds: info.st_mtim.tv_nsec,
            ctimeSeconds: info.st_ctim.tv_sec, ctimeNanoseconds: info.st_ctim.tv_nsec)
        if let cached = indexCache, cached.stamp == stamp { return cached.file }
        var file = IndexFile.read(path: indexPath)
        // libgit2 sorts a case-insensitive index differently from the on-disk order.
        if file != nil, (try? configString("core.ignorecase"))??.lowercased() == "true" { file = nil }
        indexCache = (stamp, file)
        return file
    }

    func fastIndexEntries(under prefix: String?) -> [FileEntry]? {
        guard let index = fastIndex() else { return nil }
        var range = 0..<index.entries.count
        if let prefix, !prefix.isEmpty {
            var dirPrefix = Array(prefix.utf8)
            if dirPrefix.last != 0x2f { dirPrefix.append(0x2f) }
            range = index.range(under: dirPrefix)
        }
        var result: [FileEntry] = []
        result.reserveCapacity(range.count)
        for i in range {
            let entry = index.entries[i]
            result.append(
                FileEntry(
                    store: index.pathStore, pathStart: entry.pathStart, pathCount: entry.pathCount,
                    mode: entry.mode, id: index.objectID(entry)))
        }
        return result
    }

    /// `indexPaths(where:)` on the mapped index.
    func fastIndexPaths(where predicate: (UnsafeBufferPointer<UInt8>) -> Bool) -> [String]? {
        guard let index = fastIndex() else { return nil }
        var result: [String] = []
        withExtendedLifetime(index.pathStore) {
            let base = index.pathStore.buffer.baseAddress!
            for entry in index.entries {
                let bytes = UnsafeBufferPointer(start: base + Int(entry.pathStart), count: Int(entry.pathCount))
                if predicate(bytes) { result.append(String(decoding: bytes, as: UTF8.self)) }
            }
        }
        return result
    }

    /// The staged tree id of `directory` ("" for the root) from the cache-tree when it is valid
    /// there, else hashed from the entries; `.some(nil)` when the directory has no entries.
    func fastIndexTreeID(of directory: String) throws -> String?? {
        guard let index = fastIndex() else { return nil }
        if let node = index.cacheNode(for: directory), node.entryCount >= 0 {
            guard node.entryCount > 0, let oid = node.oid else { return .some(nil) }
            return .some(ObjectID.hex(oid, at: 0))
        }
        guard let entries = fastIndexEntries(under: directory.isEmpty ? nil : directory) else { return nil }
        return .some(try TreeHasher.hash(entries, under: directory))
    }

    /// Staged changes by walking HEAD's tree only where the cache-tree says the index differs.
    /// Rename detection needs content similarity, so any mix the libgit2 path could turn into a
    /// rename (additions with deletions, type changes with either) is left to it, as are gitlinks.
    func fastStagedChanges() throws -> [StagedChange]? {
        guard let index = fastIndex() else { return nil }
        let headTree = try headTreeOwned()
        var walker = StagedWalker(repository: self, index: index)
        var tree: OpaquePointer?
        if let headTree {
            try check(git_tree_lookup(&tree, handle, git_object_id(headTree.pointer)), "reading the tree of HEAD")
        }
        defer { if let tree { git_tree_free(tree) } }
        try walker.compare(prefix: [], tree: tree, range: 0..<index.entries.count, cache: index.cacheTree)
        if walker.unsure { return nil }
        let adds = walker.changes.contains { $0.kind == .added }
        let deletes = walker.changes.contains { $0.kind == .deleted }
        let typeChanges = walker.changes.contains { $0.kind == .typeChanged }
        if (adds && deletes) || (typeChanges && (adds || deletes)) { return nil }
        return walker.changes
    }
}

private struct StagedWalker {
    let repository: Repository
    let index: IndexFile
    var changes: [StagedChange] = []
    /// Set when something turns up that only libgit2 should judge.
    var unsure = false

    init(repository: Repository, index: IndexFile) {
        self.repository = repository
        self.index = index
    }

    private enum Child {
        case file(name: Slice<UnsafeBufferPointer<UInt8>>, entry: Int)
        case directory(name: Slice<UnsafeBufferPointer<UInt8>>, range: Range<Int>)
    }

    /// `prefix` is the directory path with a trailing "/" ("" at the root); `range` the index
    /// entries below it; `cache` its cache-tree node if any.
    mutating func compare(prefix: [UInt8], tree: OpaquePointer?, range: Range<Int>, cache: IndexFile.CacheTree?) throws {
        if let cache, cache.entryCount >= 0, let oid = cache.oid, let tree,
            let treeID = git_tree_id(tree), Self.equal(treeID, oid)
        {
            return  // the cache-tree proves this directory is unchanged
        }
        let children = indexChildren(prefix: prefix, range: range, cache: cache)
        let treeCount = tree.map { git_tree_entrycount($0) } ?? 0
        var t = 0, c = 0
        while t < treeCount || c < children.count {
            let treeEntry = t < treeCount ? git_tree_entry_byindex(tree, t) : nil
            let treeName = treeEntry.flatMap { git_tree_entry_name($0) }.map { Self.bytes($0) }
            let treeIsDir = treeEntry.map { git_tree_entry_filemode($0) == GIT_FILEMODE_TREE } ?? false
            let order: Int
            if t >= treeCount {
                order = 1
            } else if c >= children.count {
                order = -1
            } else {
                order = Self.compareKeys(treeName ?? [], treeIsDir, children[c])
            }
            if order < 0, let treeEntry, let treeName {
                try deleted(prefix + treeName, treeEntry)
                t += 1
            } else if order > 0 {
                added(children[c])
                c += 1
            } else if let treeEntry, let treeName {
                switch children[c] {
                case .file(_, let i):
                    let entry = index.entries[i]
                    let oldMode = UInt32(git_tree_entry_filemode_raw(treeEntry).rawValue)
                    guard let oldID = git_tree_entry_id(treeEntry) else { throw GitError(.other, "reading HEAD's tree failed") }
                    if oldMode != entry.mode || !Self.equal(oldID, index.bytes, at: Int(entry.oidOffset)) {
                        if oldMode == 0o160000 || entry.mode == 0o160000 { unsure = true }
                        let kind: ChangeKind = (oldMode & 0o170000) == (entry.mode & 0o170000) ? .modified : .typeChanged
                        changes.append(
                            StagedChange(
                                path: index.pathString(entry), oldPath: nil, kind: kind,
                                oid: index.oidHex(entry), mode: entry.mode))
                    }
                case .directory(let name, let childRange):
                    let childCache = cache?.child(name)
                    // Unchanged directory: decided from the tree entry, without reading the tree.
                    if let childCache, childCache.entryCount >= 0, let oid = childCache.oid,
                        let entryID = git_tree_entry_id(treeEntry), Self.equal(entryID, oid)
                    {
                        break
                    }
                    var subtree: OpaquePointer?
                    try check(
                        git_tree_lookup(&subtree, repository.handle, git_tree_entry_id(treeEntry)),
                        "reading a tree of HEAD")
                    defer { if let subtree { git_tree_free(subtree) } }
                    try compare(
                        prefix: prefix + treeName + [0x2f], tree: subtree, range: childRange,
                        cache: childCache)
                }
                t += 1
                c += 1
            }
        }
    }

    /// The immediate children of a directory in the index, in index (= tree) order.
    private func indexChildren(prefix: [UInt8], range: Range<Int>, cache: IndexFile.CacheTree?) -> [Child] {
        var result: [Child] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let path = index.path(index.entries[i])
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: 0x2f) {
                let name = rest[rest.startIndex..<slash]
                let dirPrefix = path[path.startIndex...slash]
                var sub: Range<Int>
                // A valid cache-tree node counts the entries below it: no search needed (checked).
                if let node = cache?.child(name), node.entryCount > 0, i + node.entryCount <= range.upperBound,
                    index.hasPrefix(i + node.entryCount - 1, dirPrefix),
                    i + node.entryCount == range.upperBound || !index.hasPrefix(i + node.entryCount, dirPrefix)
                {
                    sub = i..<(i + node.entryCount)
                } else {
                    sub = index.range(under: Array(dirPrefix), from: i, to: range.upperBound)
                }
                result.append(.directory(name: name, range: sub))
                i = sub.upperBound
            } else {
                result.append(.file(name: rest, entry: i))
                i += 1
            }
        }
        return result
    }

    /// git orders a directory as if its name ended in "/".
    private static func compareKeys(_ treeName: [UInt8], _ treeIsDir: Bool, _ child: Child) -> Int {
        let a = treeIsDir ? treeName + [0x2f] : treeName
        let b: [UInt8]
        switch child {
        case .file(let name, _): b = Array(name)
        case .directory(let name, _): b = Array(name) + [0x2f]
        }
        if a == b { return 0 }
        return a.lexicographicallyPrecedes(b) ? -1 : 1
    }

    private mutating func added(_ child: Child) {
        let range: Range<Int>
        switch child {
        case .file(_, let i): range = i..<(i + 1)
        case .directory(_, let r): range = r
        }
        for i in range {
            let entry = index.entries[i]
            if entry.mode == 0o160000 { unsure = true }
            changes.append(
                StagedChange(
                    path: index.pathString(entry), oldPath: nil, kind: .added,
                    oid: index.oidHex(entry), mode: entry.mode))
        }
    }

    private mutating func deleted(_ path: [UInt8], _ entry: OpaquePointer) throws {
        let mode = UInt32(git_tree_entry_filemode_raw(entry).rawValue)
        guard mode & 0o170000 == 0o040000 else {
            if mode == 0o160000 { unsure = true }
            changes.append(
                StagedChange(
                    path: String(decoding: path, as: UTF8.self), oldPath: nil,
                    kind: .deleted, oid: nil, mode: mode))
            return
        }
        var subtree: OpaquePointer?
        try check(git_tree_lookup(&subtree, repository.handle, git_tree_entry_id(entry)), "reading a tree of HEAD")
        guard let subtree else { return }
        defer { git_tree_free(subtree) }
        for i in 0..<git_tree_entrycount(subtree) {
            guard let child = git_tree_entry_byindex(subtree, i), let name = git_tree_entry_name(child) else { continue }
            try deleted(path + [0x2f] + Self.bytes(name), child)
        }
    }

    private static func bytes(_ cString: UnsafePointer<CChar>) -> [UInt8] {
        Array(
            UnsafeBufferPointer(
                start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self),
                count: strlen(cString)))
    }

    private static func equal(_ oid: UnsafePointer<git_oid>, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { equal(oid, $0, at: 0) }
    }

    private static func equal(_ oid: UnsafePointer<git_oid>, _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        withUnsafeBytes(of: oid.pointee.id) { raw in
            for i in 0..<20 where raw[i] != bytes[offset + i] { return false }
            return true
        }
    }
}
