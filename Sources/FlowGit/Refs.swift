internal import CLibGit2

extension Repository {
    public func head() throws -> Head {
        if git_repository_head_unborn(handle) == 1 {
            var ref: OpaquePointer?
            try check(git_reference_lookup(&ref, handle, "HEAD"), "reading HEAD")
            guard let ref else { throw GitError(.other, "reading HEAD failed") }
            defer { git_reference_free(ref) }
            let target = git_reference_symbolic_target(ref).map { String(cString: $0) } ?? "refs/heads/main"
            return .unborn(branch: Repository.shortBranch(target))
        }
        var ref: OpaquePointer?
        try check(git_repository_head(&ref, handle), "reading HEAD")
        guard let ref else { throw GitError(.other, "reading HEAD failed") }
        defer { git_reference_free(ref) }
        guard let oid = git_reference_target(ref) else {
            throw GitError(.other, "HEAD does not point at a commit")
        }
        let commit = oid.pointee.hex
        if git_repository_head_detached(handle) == 1 {
            return .detached(commit: commit)
        }
        let name = git_reference_name(ref).map { String(cString: $0) } ?? ""
        return .branch(name: Repository.shortBranch(name), commit: commit)
    }

    static func shortBranch(_ refName: String) -> String {
        refName.hasPrefix("refs/heads/") ? String(refName.dropFirst("refs/heads/".count)) : refName
    }

    public func remoteNames() throws -> [String] {
        var list = git_strarray()
        try check(git_remote_list(&list, handle), "listing remotes")
        defer { git_strarray_dispose(&list) }
        return Repository.strings(list)
    }

    public func remoteURL(_ name: String) throws -> String? {
        var remote: OpaquePointer?
        let code = git_remote_lookup(&remote, handle, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "looking up remote \(name)")
        guard let remote else { return nil }
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    static func strings(_ array: git_strarray) -> [String] {
        guard let base = array.strings else { return [] }
        return (0..<array.count).compactMap { base[$0].map { String(cString: $0) } }
    }

    /// Local branch names.
    public func localBranches() throws -> [String] {
        var iterator: OpaquePointer?
        try check(git_branch_iterator_new(&iterator, handle, GIT_BRANCH_LOCAL), "listing branches")
        guard let iterator else { return [] }
        defer { git_branch_iterator_free(iterator) }
        var names: [String] = []
        while true {
            var ref: OpaquePointer?
            var type = GIT_BRANCH_LOCAL
            let code = git_branch_next(&ref, &type, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "listing branches")
            guard let ref else { break }
            defer { git_reference_free(ref) }
            var name: UnsafePointer<CChar>?
            if git_branch_name(&name, ref) == 0, let name { names.append(String(cString: name)) }
        }
        return names
    }

    /// The best common ancestor of two commits; nil when they share no history.
    public func mergeBase(_ a: String, _ b: String) throws -> String? {
        guard var x = git_oid(hex: a), var y = git_oid(hex: b) else { return nil }
        var out = git_oid()
        let code = git_merge_base(&out, handle, &x, &y)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "finding the merge-base of \(a.prefix(12)) and \(b.prefix(12))")
        return out.hex
    }

    /// True when `id` names an annotated tag object (not a commit, tree or blob).
    public func isTagObject(_ id: String) throws -> Bool {
        guard var oid = git_oid(hex: id) else { return false }
        var object: OpaquePointer?
        let code = git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY)
        if code == GIT_ENOTFOUND.rawValue { return false }
        try check(code, "reading object \(id.prefix(12))")
        guard let object else { return false }
        defer { git_object_free(object) }
        return git_object_type(object) == GIT_OBJECT_TAG
    }

    /// Every tag with its peeled commit; annotated and lightweight told apart.
    public func tags() throws -> [Tag] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, "refs/tags/*"), "listing tags")
        guard let iterator else { return [] }
        defer { git_reference_iterator_free(iterator) }
        var result: [Tag] = []
        while true {
            var ref: OpaquePointer?
            let code = git_reference_next(&ref, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "listing tags")
            guard let ref else { break }
            defer { git_reference_free(ref) }
            let fullName = git_reference_name(ref).map { String(cString: $0) } ?? ""
            let name = String(fullName.dropFirst("refs/tags/".count))
            guard let target = git_reference_target(ref) else { continue }
            var object: OpaquePointer?
            try check(git_object_lookup(&object, handle, target, GIT_OBJECT_ANY), "reading tag \(name)")
            guard let object else { continue }
            defer { git_object_free(object) }
            let annotated = git_object_type(object) == GIT_OBJECT_TAG
            var message: String?
            if annotated { message = git_tag_message(object).map { String(cString: $0) } }
            var peeled: OpaquePointer?
            var commit: String?
            if git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0, let peeled {
                commit = git_object_id(peeled)?.pointee.hex
                git_object_free(peeled)
            }
            result.append(Tag(name: name, annotated: annotated, commit: commit, message: message))
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The commit a revision (branch, tag, `origin/main`, an id) resolves to; nil if there is none.
    public func resolveCommit(_ spec: String) throws -> String? {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, spec)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            return nil
        }
        try check(code, "resolving \(spec)")
        guard let object else { return nil }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0, let peeled else { return nil }
        defer { git_object_free(peeled) }
        return git_object_id(peeled)?.pointee.hex
    }

    /// True when `commit` is `tip` or one of its ancestors.
    public func isAncestor(_ commit: String, of tip: String) throws -> Bool {
        if commit == tip { return true }
        guard var a = git_oid(hex: commit), var b = git_oid(hex: tip) else {
            throw GitError(.other, "comparing \(commit) with \(tip) failed: not commit ids")
        }
        let code = git_graph_descendant_of(handle, &b, &a)
        try check(code, "checking whether \(commit.prefix(12)) is in \(tip.prefix(12))")
        return code == 1
    }

    /// True when `commit` is on `tip`'s first-parent history (`git log --first-parent tip`): the
    /// commits a branch itself made or merged, not the intermediate commits of a merged branch.
    /// The walk hides the commit's parents, so it ends soon after passing where `commit` would be.
    public func isOnFirstParentHistory(_ commit: String, of tip: String) throws -> Bool {
        if commit == tip { return true }
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "starting a history walk")
        guard let walk else { throw GitError(.other, "starting a history walk failed") }
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_simplify_first_parent(walk), "walking first parents only")
        guard var tipOID = git_oid(hex: tip), let target = git_oid(hex: commit) else {
            throw GitError(.other, "comparing \(commit) with \(tip) failed: not commit ids")
        }
        try check(git_revwalk_push(walk, &tipOID), "walking from \(tip.prefix(12))")
        let commitObject = try lookupCommit(commit)
        for index in 0..<git_commit_parentcount(commitObject.pointer) {
            guard var parent = git_commit_parent_id(commitObject.pointer, index)?.pointee else { continue }
            try check(git_revwalk_hide(walk, &parent), "hiding the parents of \(commit.prefix(12))")
        }
        var oid = git_oid()
        var wanted = target
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { return false }
            try check(code, "walking the first-parent history of \(tip.prefix(12))")
            if git_oid_equal(&oid, &wanted) != 0 { return true }
        }
    }

    /// Reads a configuration value (e.g. `core.hooksPath`); nil when unset.
    public func configString(_ key: String) throws -> String? {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle), "reading the git configuration")
        guard let config else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let code = git_config_get_string(&value, config, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "reading \(key) from the git configuration")
        return value.map { String(cString: $0) }
    }
}

extension Repository {
    /// Of `paths` (relative to the work tree), the ones that `git add` would pass through a filter driver with a configured `clean` or
    /// `process` command (`filter=NAME` in .gitattributes and `filter.NAME.clean` in the git
    /// configuration), each with the driver's name. Such a file's staged bytes are the driver's output,
    /// not the bytes on disk. Line-ending conversion (`text`, `eol`) is not a driver and is not named.
    public func filterDrivers(for paths: [String]) throws -> [String: String] {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle), "reading the git configuration")
        guard let config else { return [:] }
        defer { git_config_free(config) }
        // The configured drivers first: none (the common case) means no attribute is read at all.
        var drivers: Set<String> = []
        var iterator: OpaquePointer?
        try check(git_config_iterator_glob_new(&iterator, config, "^filter\\..*\\.(clean|process)$"), "reading the git configuration")
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0 {
            guard let name = entry?.pointee.name, let value = entry?.pointee.value, value.pointee != 0 else { continue }
            let key = String(cString: name)
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { continue }
            drivers.insert(parts[1..<(parts.count - 1)].joined(separator: "."))
        }
        guard !drivers.isEmpty else { return [:] }
        var found: [String: String] = [:]
        for path in paths {
            var value: UnsafePointer<CChar>?
            try check(git_attr_get(&value, handle, 0, path, "filter"), "reading the attributes of \(path)")
            guard git_attr_value(value) == GIT_ATTR_VALUE_STRING, let value else { continue }
            let driver = String(cString: value)
            if drivers.contains(driver) { found[path] = driver }
        }
        return found
    }
}
