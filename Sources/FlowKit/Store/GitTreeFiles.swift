import FlowCore
import FlowGit
import Foundation

/// Files as git will record them, read-only, for gates: the staged tree (the index) for the
/// pre-commit hook, a commit's tree for `flow verify commits` and the release commands. The work
/// tree is never looked at, so what a gate judges is exactly what is (or will be) committed;
/// `.workTree(pack)` is the one exception, for `flow next`: that pack as `git add` would stage it
/// (the tree its checks ran on), every other path from the index.
/// Entries are listed per pack directory (`Packs/<name>`), or per top-level name elsewhere, the
/// first time a path there is asked for: a hook reads only the packs it gates.
public final class GitTreeFiles: FileReading {
    public enum Source: Sendable, Equatable {
        case index
        case commit(String)
        /// The index, but the pack directory given (`Packs/<name>`) as the work tree would stage it.
        case workTree(pack: String)
    }

    /// True once a file of the work-tree pack could not be read as the blob its entry names (a
    /// file changed since, or bytes git's filters change): what was read is then not that tree.
    public private(set) var incomplete = false

    public let source: Source
    private let repository: Repository
    private let packsRoot: String
    private var scopes: [String: [String: FileEntry]] = [:]
    /// Per scope, every directory (each proper prefix of a file path, and "" for the root) with
    /// the names in it, sorted: made once when the scope is loaded, so `list` is a look-up (the
    /// content gates list the pack's directories again and again).
    private var children: [String: [String: [String]]] = [:]

    /// The work-tree pack's entries when the caller has them already (`.workTree` only): listing
    /// them walks the work tree's status.
    private let workTreeEntries: [FileEntry]?

    public init(repository: Repository, source: Source, packsRoot: String = "Packs", workTreeEntries: [FileEntry]? = nil) {
        self.repository = repository
        self.source = source
        self.packsRoot = packsRoot
        self.workTreeEntries = workTreeEntries
    }

    /// The scope a path belongs to: its pack directory under the packs root (which may be nested,
    /// `Content/Packs`), else its first component.
    func scope(of path: String) -> String {
        let path = normalized(path)
        if path == packsRoot { return packsRoot }
        if path.hasPrefix(packsRoot + "/") {
            let name = path.dropFirst(packsRoot.count + 1).split(separator: "/", maxSplits: 1)[0]
            return "\(packsRoot)/\(name)"
        }
        return path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
    }

    private func load(_ scope: String) -> [String: FileEntry] {
        if let known = scopes[scope] { return known }
        var entries: [FileEntry]
        switch source {
        case .workTree(let pack) where scope == pack:
            if let found = workTreeEntries ?? (try? repository.workTreeEntries(under: scope)) {
                entries = found
            } else {
                entries = []
                incomplete = true
            }
        case .index, .workTree: entries = (try? repository.indexEntries(under: scope.isEmpty ? nil : scope)) ?? []
        case .commit(let id): entries = (try? repository.treeEntries(under: scope, atCommit: id)) ?? []
        }
        // A scope with no entries under it may be a file at the top level (README.md): the
        // entries are listed per directory, so look that one path up.
        if entries.isEmpty, !scope.isEmpty, !scope.contains("/") {
            switch source {
            case .commit(let id):
                entries = ((try? repository.treeFileEntry(at: scope, atCommit: id)) ?? nil).map { [$0] } ?? []
            case .index, .workTree:
                entries = ((try? repository.indexEntries(under: nil)) ?? []).filter { $0.path == scope }
            }
        }
        var byPath: [String: FileEntry] = [:]
        var names: [String: Set<String>] = [:]
        for entry in entries {
            let path = entry.path
            // indexEntries(under: "Packs") also lists Packs/Other…: keep only this scope.
            guard scope.isEmpty || path == scope || path.hasPrefix(scope + "/") else { continue }
            byPath[path] = entry
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            var directory = ""
            for (index, part) in parts.enumerated() {
                names[directory, default: []].insert(String(part))
                if index == parts.count - 1 { break }
                directory = directory.isEmpty ? String(part) : directory + "/" + part
            }
        }
        scopes[scope] = byPath
        children[scope] = names.mapValues { $0.sorted() }
        return byPath
    }

    private func entry(_ path: String) -> FileEntry? { load(scope(of: path))[normalized(path)] }

    private func normalized(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    public func read(_ path: String) -> [UInt8]? {
        guard let entry = entry(path), entry.mode != 0o160000 else { return nil }
        if case .workTree(let pack) = source, scope(of: path) == pack, !repository.hasObject(entry.oid) {
            return workTreeBytes(entry)
        }
        return try? repository.blobPrefix(entry.oid, count: Int.max)
    }

    /// A work-tree file not yet in the object database, read from disk: only when its bytes are
    /// exactly the blob its entry names.
    private func workTreeBytes(_ entry: FileEntry) -> [UInt8]? {
        guard let root = repository.workDirectory else {
            incomplete = true
            return nil
        }
        let full = root + "/" + entry.path
        let bytes: [UInt8]?
        if entry.mode == 0o120000 {
            bytes = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)).map { Array($0.utf8) }
        } else {
            bytes = FileManager.default.contents(atPath: full).map { [UInt8]($0) }
        }
        guard let bytes, Repository.blobID(of: bytes) == entry.oid else {
            incomplete = true
            return nil
        }
        return bytes
    }

    public func isDirectory(_ path: String) -> Bool {
        let path = normalized(path)
        if path.isEmpty || path == packsRoot { return !list(path).isNilOrEmpty }
        let scope = scope(of: path)
        _ = load(scope)
        return children[scope]?[path] != nil
    }

    public func exists(_ path: String) -> Bool { entry(path) != nil || isDirectory(path) }

    public func isSymbolicLink(_ path: String) -> Bool { entry(path)?.mode == 0o120000 }

    public func isSubmodule(_ path: String) -> Bool { entry(path)?.mode == 0o160000 }

    public func list(_ path: String) -> [String]? {
        let path = normalized(path)
        // Packs/ itself (and the root) list every pack: ask for all entries under it once.
        let scopeName = (path.isEmpty || path == packsRoot) ? path : scope(of: path)
        _ = load(scopeName)
        guard let names = children[scopeName]?[path], !names.isEmpty else { return nil }
        return names
    }
}

private extension Optional where Wrapped == [String] {
    var isNilOrEmpty: Bool { self?.isEmpty ?? true }
}
