internal import CLibGit2
@_exported import FlowGitTypes
import Foundation

/// libgit2 must be initialised once per process. It is never shut down: freeing global state at
/// exit only costs time in a short-lived command. The CA bundle parse is skipped (CABundle.swift).
private let libgit2Initialised: Bool = {
    skipCABundleDuringInit = true
    defer { skipCABundleDuringInit = false }
    guard git_libgit2_init() >= 0 else { return false }
    // libgit2 re-hashes every object it reads (strict hash verification, on by default); git
    // reads its object store without that (corruption is `git fsck`'s to find). A hook that
    // reads Packs/ of a 100,000-file repository hashed its large trees on every lookup.
    if FastPath.enabled { _ = flow_git_set_strict_hash_verification(0) }
    // Trees over 4 KB are not cached by default, so the packs directory's tree of a large
    // repository (4,000 packs: ~170 KB) was read and inflated again for every pack looked up in it.
    _ = flow_git_set_cache_object_limit(GIT_OBJECT_TREE, 4 << 20)
    return true
}()

/// An open repository. Owns its `git_repository` handle and frees it in `deinit`.
public final class Repository {
    let handle: OpaquePointer
    /// The git directory of this work tree (`.git`, or `.git/worktrees/X` for a linked worktree).
    public let gitDirectory: String
    /// The directory shared by all worktrees; flow's state lives here.
    public let commonDirectory: String
    /// The work tree root with a trailing slash removed; nil for a bare repository.
    public let workDirectory: String?
    /// The index file libgit2 reads for this handle: `$GIT_INDEX_FILE` when opened from git's
    /// environment (a hook during `git commit` sees `index.lock` or a temporary index), else
    /// `<gitDirectory>/index`. The fast read-only index queries parse this same file.
    let indexPath: String
    /// The last parse of `indexPath`, reused while the file's identity and times are unchanged.
    var indexCache: (stamp: IndexStamp, file: IndexFile?)?

    private init(handle: OpaquePointer, indexFromEnvironment: Bool) {
        self.handle = handle
        gitDirectory = Repository.trimSlash(git_repository_path(handle).map { String(cString: $0) } ?? "")
        commonDirectory = Repository.trimSlash(git_repository_commondir(handle).map { String(cString: $0) } ?? "")
        workDirectory = git_repository_workdir(handle).map { Repository.trimSlash(String(cString: $0)) }
        // getenv, not ProcessInfo: building ProcessInfo's environment dictionary costs a hook ~0.3 ms.
        if indexFromEnvironment, let raw = getenv("GIT_INDEX_FILE"), raw.pointee != 0 {
            indexPath = String(cString: raw)
        } else {
            indexPath = gitDirectory + "/index"
        }
    }

    deinit { git_repository_free(handle) }

    /// Opens the repository containing `path`, searching upwards as git does. With no path, honours
    /// git's environment (GIT_DIR, GIT_INDEX_FILE, GIT_WORK_TREE) so a hook sees what git sees.
    public static func discover(from path: String? = nil) throws -> Repository {
        guard libgit2Initialised else { throw GitError(.other, "libgit2 could not be initialised") }
        var raw: OpaquePointer?
        let code: Int32
        if let path {
            code = git_repository_open_ext(&raw, path, 0, nil)
        } else {
            code = git_repository_open_ext(&raw, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
        }
        let shown = path ?? FileManager.default.currentDirectoryPath
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(.notARepository, "not a git repository: \(shown)")
        }
        try check(code, "opening the git repository at \(shown)")
        guard let raw else { throw GitError(.notARepository, "not a git repository: \(shown)") }
        return Repository(handle: raw, indexFromEnvironment: path == nil)
    }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
    public var isLinkedWorktree: Bool { git_repository_is_worktree(handle) == 1 }

    static func trimSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    func requireWorkDirectory() throws -> String {
        guard let workDirectory else {
            throw GitError(.bareRepository, "the repository at \(gitDirectory) is bare: it has no work tree to check")
        }
        return workDirectory
    }
}

// MARK: - Small handle owners

/// Owns one libgit2 object handle for the length of a scope.
final class Owned {
    let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void
    init(_ pointer: OpaquePointer, free: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }
    deinit { free(pointer) }
}

extension git_oid {
    /// The 40-hex-digit id, copied out of libgit2's buffer at once.
    var hex: String {
        var copy = self
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &copy)
        return String(cString: buffer)
    }

    init?(hex: String) {
        var oid = git_oid()
        guard hex.utf8.count == 40, git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self = oid
    }
}
