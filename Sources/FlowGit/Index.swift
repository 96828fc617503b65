internal import CLibGit2
import Foundation

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

    /// The paths of every index entry whose path bytes satisfy `predicate`, in index order. On
    /// the fast index reader the bytes are read in the mapped file, with no entry value made per
    /// path (a 100,000-file index checked for artifact names pays only the scan).
    public func indexPaths(where predicate: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> [String] {
        if let fast = fastIndexPaths(where: predicate) { return fast }
        return try libgit2IndexEntries().filter { $0.pathBytesSatisfy(predicate) }.map(\.path)
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
                // Paths are bytes to git: compare bytes, as the fast reader does (String's
                // hasPrefix would match a canonically equivalent but different path).
                if let dirPrefix, strncmp(cPath, dirPrefix, dirPrefix.utf8.count) != 0 { continue }
                let path = String(cString: cPath)
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
            try check(
                git_diff_tree_to_index(&diff, handle, headTree?.pointer, index, &options),
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
                changes.append(
                    StagedChange(
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
        options.flags =
            GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
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
        let indexFlags =
            GIT_STATUS_INDEX_NEW.rawValue | GIT_STATUS_INDEX_MODIFIED.rawValue
            | GIT_STATUS_INDEX_DELETED.rawValue | GIT_STATUS_INDEX_RENAMED.rawValue | GIT_STATUS_INDEX_TYPECHANGE.rawValue
        let workFlags =
            GIT_STATUS_WT_MODIFIED.rawValue | GIT_STATUS_WT_DELETED.rawValue
            | GIT_STATUS_WT_TYPECHANGE.rawValue | GIT_STATUS_WT_RENAMED.rawValue
        var result: [StatusEntry] = []
        for i in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, i)?.pointee else { continue }
            let flags = entry.status.rawValue
            let delta = entry.index_to_workdir ?? entry.head_to_index
            guard let file = delta?.pointee else { continue }
            let path = (file.new_file.path ?? file.old_file.path).map { String(cString: $0) } ?? ""
            result.append(
                StatusEntry(
                    path: path,
                    staged: flags & indexFlags != 0,
                    unstaged: flags & workFlags != 0,
                    untracked: flags & GIT_STATUS_WT_NEW.rawValue != 0))
        }
        return result
    }

    /// Files git ignores under `directory` (each one, also inside ignored directories): what the
    /// tools see on disk and no commit carries.
    public func ignoredFiles(under directory: String) throws -> [String] {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "preparing status")
        options.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        options.flags =
            GIT_STATUS_OPT_INCLUDE_IGNORED.rawValue | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        let spec = directory.hasSuffix("/") ? directory : directory + "/"
        var list: OpaquePointer?
        let code = spec.withCString { raw -> Int32 in
            var pointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: raw)
            return withUnsafeMutablePointer(to: &pointer) { strings in
                options.pathspec = git_strarray(strings: strings, count: 1)
                return git_status_list_new(&list, handle, &options)
            }
        }
        try check(code, "listing the ignored files under \(directory)")
        guard let list else { return [] }
        defer { git_status_list_free(list) }
        var result: [String] = []
        for i in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, i)?.pointee, entry.status.rawValue & GIT_STATUS_IGNORED.rawValue != 0,
                let file = entry.index_to_workdir?.pointee, let path = file.new_file.path ?? file.old_file.path
            else { continue }
            result.append(String(cString: path))
        }
        return result.sorted()
    }

    /// The first `count` bytes of a blob (for recognising a file by its content).
    /// Whether the object database holds `oid` (a work-tree file not yet added is not there).
    public func hasObject(_ oid: String) -> Bool {
        guard var id = git_oid(hex: oid) else { return false }
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0, let odb else { return false }
        defer { git_odb_free(odb) }
        return git_odb_exists(odb, &id) == 1
    }

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
