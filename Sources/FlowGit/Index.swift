import CLibGit2
import Foundation

/// One file as git records it: path from the work tree root, mode and blob id.
public struct FileEntry: Equatable, Sendable {
    /// The path from the work tree root. Entries listed by the fast index reader keep only a
    /// reference into the mapped index and make the string when asked, so listing 100,000
    /// entries does not allocate 100,000 strings up front.
    public var path: String {
        switch storedPath {
        case .text(let text): return text
        case .mapped(let store, let start, let count):
            return String(decoding: UnsafeBufferPointer(start: store.buffer.baseAddress! + Int(start), count: Int(count)),
                          as: UTF8.self)
        }
    }
    private let storedPath: StoredPath
    public let mode: UInt32
    /// The blob id as 20 bytes when it is a canonical id, so listing 100,000 entries does not
    /// allocate 100,000 hex strings nobody reads; any other text is kept as given.
    private let id: StoredID

    private enum StoredPath: Sendable {
        case text(String)
        case mapped(ByteStore, start: UInt32, count: UInt32)
    }

    private enum StoredID: Equatable, Sendable {
        case raw(ObjectID)
        case text(String)
    }

    /// The 40-hex-digit blob id.
    public var oid: String {
        switch id {
        case .raw(let raw): return raw.hex
        case .text(let text): return text
        }
    }

    public init(path: String, mode: UInt32, oid: String) {
        storedPath = .text(path)
        self.mode = mode
        id = ObjectID(hex: oid).map(StoredID.raw) ?? .text(oid)
    }

    init(path: String, mode: UInt32, id: ObjectID) {
        storedPath = .text(path)
        self.mode = mode
        self.id = .raw(id)
    }

    /// `path` is bytes `start..<start+count` of `store`.
    init(store: ByteStore, pathStart: UInt32, pathCount: UInt32, mode: UInt32, id: ObjectID) {
        storedPath = .mapped(store, start: pathStart, count: pathCount)
        self.mode = mode
        self.id = .raw(id)
    }

    public static func == (a: FileEntry, b: FileEntry) -> Bool {
        guard a.mode == b.mode, a.samePath(as: b) else { return false }
        if case .raw(let x) = a.id, case .raw(let y) = b.id { return x == y }
        return a.oid == b.oid
    }
}

extension FileEntry {
    /// The path's UTF-8 bytes, without making a String when the entry points into the mapped
    /// index (a check over every tracked file then allocates nothing per file).
    public func withPathBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storedPath {
        case .mapped(let store, let start, let count):
            return try withExtendedLifetime(store) {
                try body(UnsafeBufferPointer(start: store.buffer.baseAddress! + Int(start), count: Int(count)))
            }
        case .text(var text):
            return try text.withUTF8(body)
        }
    }

    /// `predicate` of the path's bytes. Not generic, unlike `withPathBytes`, so a check over
    /// 100,000 entries from another module pays no unspecialised generic call per entry.
    public func pathBytesSatisfy(_ predicate: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        switch storedPath {
        case .mapped(let store, let start, let count):
            return withExtendedLifetime(store) {
                predicate(UnsafeBufferPointer(start: store.buffer.baseAddress! + Int(start), count: Int(count)))
            }
        case .text(var text):
            return text.withUTF8(predicate)
        }
    }

    /// Equal bytes are equal strings; anything else is compared as strings (canonical equivalence).
    fileprivate func samePath(as other: FileEntry) -> Bool {
        if case .mapped(let s1, let a1, let n1) = storedPath, case .mapped(let s2, let a2, let n2) = other.storedPath,
           n1 == n2, memcmp(s1.buffer.baseAddress! + Int(a1), s2.buffer.baseAddress! + Int(a2), Int(n1)) == 0 {
            return true
        }
        return path == other.path
    }
}

/// A SHA-1 object id held as bytes.
struct ObjectID: Hashable, Sendable {
    private var bytes: (UInt64, UInt64, UInt32) = (0, 0, 0)

    init(_ source: [UInt8], at offset: Int) {
        precondition(offset + 20 <= source.count)
        var copy: (UInt64, UInt64, UInt32) = (0, 0, 0)
        source.withUnsafeBytes { raw in
            withUnsafeMutableBytes(of: &copy) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + 20)])) }
        }
        bytes = copy
    }

    init(_ source: UnsafeBufferPointer<UInt8>, at offset: Int) {
        precondition(offset + 20 <= source.count)
        withUnsafeMutableBytes(of: &bytes) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: source.baseAddress! + offset, count: 20))
        }
    }

    /// Only lowercase 40-digit ids, so that `hex` gives back exactly the text it came from.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var out = [UInt8](repeating: 0, count: 20)
        for i in 0..<40 {
            let c = digits[i]
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c - 0x30
            case 0x61...0x66: v = c - 0x61 + 10
            default: return nil
            }
            out[i / 2] |= i % 2 == 0 ? v << 4 : v
        }
        self.init(out, at: 0)
    }

    static func == (a: ObjectID, b: ObjectID) -> Bool {
        a.bytes.0 == b.bytes.0 && a.bytes.1 == b.bytes.1 && a.bytes.2 == b.bytes.2
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.0)
        hasher.combine(bytes.1)
        hasher.combine(bytes.2)
    }

    var hex: String {
        withUnsafeBytes(of: bytes) { raw in IndexFile.hex(Array(raw), at: 0) }
    }
}

/// Why an index entry's content is not what git will commit or what the tools saw.
public enum HiddenEntryReason: String, Sendable {
    case assumeUnchanged = "assume-unchanged"
    case skipWorktree = "skip-worktree"
    case intentToAdd = "intent-to-add (git add -N)"
}

public enum ChangeKind: String, Sendable, Codable {
    case added, modified, deleted, renamed, copied, typeChanged = "type-changed"
}

/// A staged change between HEAD and the index.
public struct StagedChange: Equatable, Sendable {
    public let path: String
    public let oldPath: String?
    public let kind: ChangeKind
    /// Blob id of the staged content; nil for a deletion.
    public let oid: String?
    public let mode: UInt32
}

/// A work-tree path that differs from the index or HEAD.
public struct StatusEntry: Equatable, Sendable {
    public let path: String
    public let staged: Bool
    public let unstaged: Bool
    public let untracked: Bool
}

extension Repository {
    func withIndex<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "reading the index")
        guard let index else { throw GitError(.other, "reading the index failed") }
        defer { git_index_free(index) }
        return try body(index)
    }

    /// Every entry of the index (stage 0), in index order.
    public func indexEntries(under prefix: String? = nil) throws -> [FileEntry] {
        if let fast = fastIndexEntries(under: prefix) { return fast }
        return try libgit2IndexEntries(under: prefix)
    }

    /// The same answer through libgit2 (which verifies the index checksum first).
    func libgit2IndexEntries(under prefix: String? = nil) throws -> [FileEntry] {
        try withIndex { index in
            let count = git_index_entrycount(index)
            var result: [FileEntry] = []
            // "" is the root: every entry, as for nil.
            let dirPrefix = prefix.flatMap { $0.isEmpty ? nil : ($0.hasSuffix("/") ? $0 : $0 + "/") }
            for i in 0..<count {
                guard let entry = git_index_get_byindex(index, i), let cPath = entry.pointee.path else { continue }
                let path = String(cString: cPath)
                if let dirPrefix, !path.hasPrefix(dirPrefix) { continue }
                result.append(FileEntry(path: path, mode: entry.pointee.mode, oid: entry.pointee.id.hex))
            }
            return result
        }
    }

    /// Index entries under `prefix` whose committed content is not what the tools see: marked
    /// assume-unchanged or skip-worktree (git hides the work-tree file, so checks ran on bytes that
    /// are not committed) or added with `git add -N` (the commit leaves them out, so a tree id
    /// computed with them is not the committed one). Cheap when no entry is marked: the fast index
    /// reader says so while parsing (and refuses intent-to-add entries, so libgit2 answers then).
    public func hiddenIndexEntries(under prefix: String) throws -> [(path: String, why: HiddenEntryReason)] {
        if let fast = fastIndex(), !fast.hasHiddenEntries { return [] }
        let dirPrefix = prefix.hasSuffix("/") ? prefix : prefix + "/"
        return try withIndex { index in
            var result: [(String, HiddenEntryReason)] = []
            for i in 0..<git_index_entrycount(index) {
                guard let entry = git_index_get_byindex(index, i), let cPath = entry.pointee.path else { continue }
                let path = String(cString: cPath)
                guard path.hasPrefix(dirPrefix) else { continue }
                let flags = UInt32(entry.pointee.flags)
                let extended = UInt32(entry.pointee.flags_extended)
                if extended & GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue != 0 {
                    result.append((path, .intentToAdd))
                } else if extended & GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue != 0 {
                    result.append((path, .skipWorktree))
                } else if flags & GIT_INDEX_ENTRY_VALID.rawValue != 0 {
                    result.append((path, .assumeUnchanged))
                }
            }
            return result
        }
    }

    /// Changes staged against HEAD (against nothing on an unborn branch), renames detected.
    public func stagedChanges() throws -> [StagedChange] {
        if let fast = try fastStagedChanges() { return fast }
        return try libgit2StagedChanges()
    }

    /// The same answer through libgit2's tree-to-index diff (every tree inflated).
    func libgit2StagedChanges() throws -> [StagedChange] {
        let headTree = try headTreeOwned()
        return try withIndex { index in
            var options = git_diff_options()
            try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "preparing a diff")
            options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
            var diff: OpaquePointer?
            try check(git_diff_tree_to_index(&diff, handle, headTree?.pointer, index, &options),
                      "comparing the index with HEAD")
            guard let diff else { return [] }
            defer { git_diff_free(diff) }
            var find = git_diff_find_options()
            try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "preparing rename detection")
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            try check(git_diff_find_similar(diff, &find), "detecting renames")
            var changes: [StagedChange] = []
            for i in 0..<git_diff_num_deltas(diff) {
                guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
                let newPath = delta.new_file.path.map { String(cString: $0) } ?? ""
                let oldPath = delta.old_file.path.map { String(cString: $0) } ?? newPath
                let kind: ChangeKind
                switch delta.status {
                case GIT_DELTA_ADDED: kind = .added
                case GIT_DELTA_DELETED: kind = .deleted
                case GIT_DELTA_RENAMED: kind = .renamed
                case GIT_DELTA_COPIED: kind = .copied
                case GIT_DELTA_TYPECHANGE: kind = .typeChanged
                default: kind = .modified
                }
                let isDeletion = kind == .deleted
                changes.append(StagedChange(
                    path: isDeletion ? oldPath : newPath,
                    oldPath: (kind == .renamed || kind == .copied) ? oldPath : nil,
                    kind: kind,
                    oid: isDeletion ? nil : delta.new_file.id.hex,
                    mode: UInt32(isDeletion ? delta.old_file.mode : delta.new_file.mode)))
            }
            return changes
        }
    }

    func headTreeOwned() throws -> Owned? {
        if git_repository_head_unborn(handle) == 1 { return nil }
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, "HEAD^{tree}"), "reading the tree of HEAD")
        guard let object else { return nil }
        return Owned(object) { git_object_free($0) }
    }

    /// Work-tree status. Untracked files are listed one by one; ignored files are left out.
    public func status(pathspec: String? = nil) throws -> [StatusEntry] {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "preparing status")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        let code: Int32
        if let pathspec {
            code = pathspec.withCString { spec -> Int32 in
                var raw: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: spec)
                return withUnsafeMutablePointer(to: &raw) { rawPointer in
                    options.pathspec = git_strarray(strings: rawPointer, count: 1)
                    return git_status_list_new(&list, handle, &options)
                }
            }
        } else {
            code = git_status_list_new(&list, handle, &options)
        }
        try check(code, "reading the work tree status")
        guard let list else { return [] }
        defer { git_status_list_free(list) }
        let indexFlags = GIT_STATUS_INDEX_NEW.rawValue | GIT_STATUS_INDEX_MODIFIED.rawValue
            | GIT_STATUS_INDEX_DELETED.rawValue | GIT_STATUS_INDEX_RENAMED.rawValue | GIT_STATUS_INDEX_TYPECHANGE.rawValue
        let workFlags = GIT_STATUS_WT_MODIFIED.rawValue | GIT_STATUS_WT_DELETED.rawValue
            | GIT_STATUS_WT_TYPECHANGE.rawValue | GIT_STATUS_WT_RENAMED.rawValue
        var result: [StatusEntry] = []
        for i in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, i)?.pointee else { continue }
            let flags = entry.status.rawValue
            let delta = entry.index_to_workdir ?? entry.head_to_index
            guard let file = delta?.pointee else { continue }
            let path = (file.new_file.path ?? file.old_file.path).map { String(cString: $0) } ?? ""
            result.append(StatusEntry(
                path: path,
                staged: flags & indexFlags != 0,
                unstaged: flags & workFlags != 0,
                untracked: flags & GIT_STATUS_WT_NEW.rawValue != 0))
        }
        return result
    }

    /// The first `count` bytes of a blob (for recognising a file by its content).
    public func blobPrefix(_ oid: String, count: Int) throws -> [UInt8] {
        guard var id = git_oid(hex: oid) else { throw GitError(.other, "not a blob id: \(oid)") }
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, handle, &id), "reading blob \(oid.prefix(12))")
        guard let blob else { return [] }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard let raw = git_blob_rawcontent(blob) else { return [] }
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        return Array(UnsafeBufferPointer(start: bytes, count: min(size, count)))
    }
}
