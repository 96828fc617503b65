import FlowGitTypes

/// What gates may ask of a repository. `FlowGit.Repository` answers through libgit2; tests may
/// hand in a fake. Every query can fail, and a gate whose query fails is blocked (fail closed).
public protocol RepositoryFacts: AnyObject {
    var workDirectory: String? { get }
    var gitDirectory: String { get }
    var isBare: Bool { get }
    var isShallow: Bool { get }
    func head() throws -> Head
    func remoteNames() throws -> [String]
    func tags() throws -> [Tag]
    func stagedChanges() throws -> [StagedChange]
    func indexEntries(under prefix: String?) throws -> [FileEntry]
    /// The paths of every index entry whose path bytes satisfy `predicate` (a check over every
    /// tracked file, without an entry value per file).
    func indexPaths(where predicate: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> [String]
    func status(pathspec: String?) throws -> [StatusEntry]
    func resolveCommit(_ spec: String) throws -> String?
    func isAncestor(_ commit: String, of tip: String) throws -> Bool
    func localBranches() throws -> [String]
    func treeID(of directory: String, in source: TreeSource) throws -> String?
    /// The tree id of `directory` in a commit; nil when the commit has no such directory.
    func treeID(of directory: String, atCommit id: String) throws -> String?
    func blobPrefix(_ oid: String, count: Int) throws -> [UInt8]
    /// Paths changed between the merge-base of `base` and HEAD, plus the index; nil when `base` is unknown.
    func changedPaths(since base: String) throws -> [String]?
    /// The merge-base of `base` and HEAD; nil when there is none.
    func mergeBase(with base: String) throws -> String?
    /// The bytes of `path` in a commit's tree; nil when the commit has no such file.
    func fileContent(_ path: String, at commit: String) throws -> [UInt8]?
    /// Of `paths`, those `git add` passes through a configured clean or process filter, each with
    /// its driver's name: their staged bytes are the driver's output, not the file on disk.
    func filterDrivers(for paths: [String]) throws -> [String: String]
}

extension RepositoryFacts {
    public func indexPaths(where predicate: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> [String] {
        try indexEntries(under: nil).filter { $0.pathBytesSatisfy(predicate) }.map(\.path)
    }
}

/// An immutable view of a repository for one evaluation: each question is asked of git once and
/// every gate sees the same answer, failures included. Each query has its own typed memo.
public final class FactsSnapshot: RepositoryFacts {
    private let base: RepositoryFacts

    /// One query's answers by its arguments (written as one string), failures kept as failures.
    /// String keys only: every other key type costs the runtime a conformance look-up (~0.1 ms)
    /// on first use, which the hook would pay on every commit.
    private struct Memo<Value> {
        private var answers: [String: Result<Value, Error>] = [:]
        mutating func answer(_ key: String, _ ask: () throws -> Value) throws -> Value {
            if let known = answers[key] { return try known.get() }
            let result = Result { try ask() }
            answers[key] = result
            return try result.get()
        }
    }

    /// A question without arguments: one answer, no table.
    private struct Once<Value> {
        private var answer: Result<Value, Error>?
        mutating func answer(_ ask: () throws -> Value) throws -> Value {
            if let answer { return try answer.get() }
            let result = Result { try ask() }
            answer = result
            return try result.get()
        }
    }

    /// Parts of a key, joined by NUL (which no path, ref or object id holds).
    private static func key(_ parts: String...) -> String { parts.joined(separator: "\u{0}") }

    private var headMemo = Once<Head>()
    private var remotesMemo = Once<[String]>()
    private var tagsMemo = Once<[Tag]>()
    private var stagedMemo = Once<[StagedChange]>()
    private var branchesMemo = Once<[String]>()
    private var indexMemo = Memo<[FileEntry]>()
    private var statusMemo = Memo<[StatusEntry]>()
    private var resolveMemo = Memo<String?>()
    private var ancestryMemo = Memo<Bool>()
    private var treeMemo = Memo<String?>()
    private var blobMemo = Memo<[UInt8]>()
    private var changedMemo = Memo<[String]?>()
    private var treeAtMemo = Memo<String?>()
    private var mergeBaseMemo = Memo<String?>()
    private var fileAtMemo = Memo<[UInt8]?>()

    public init(_ base: RepositoryFacts) { self.base = base }

    public var workDirectory: String? { base.workDirectory }
    public var gitDirectory: String { base.gitDirectory }
    public var isBare: Bool { base.isBare }
    public var isShallow: Bool { base.isShallow }
    public func head() throws -> Head { try headMemo.answer { try base.head() } }
    public func remoteNames() throws -> [String] { try remotesMemo.answer { try base.remoteNames() } }
    public func tags() throws -> [Tag] { try tagsMemo.answer { try base.tags() } }
    public func stagedChanges() throws -> [StagedChange] { try stagedMemo.answer { try base.stagedChanges() } }
    public func indexEntries(under prefix: String?) throws -> [FileEntry] {
        try indexMemo.answer(prefix.map { "/" + $0 } ?? "-") { try base.indexEntries(under: prefix) }
    }
    /// Not kept: a predicate is no key. Its one caller asks once per evaluation.
    public func indexPaths(where predicate: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> [String] {
        try base.indexPaths(where: predicate)
    }
    public func status(pathspec: String?) throws -> [StatusEntry] {
        try statusMemo.answer(pathspec.map { "/" + $0 } ?? "-") { try base.status(pathspec: pathspec) }
    }
    public func resolveCommit(_ spec: String) throws -> String? {
        try resolveMemo.answer(spec) { try base.resolveCommit(spec) }
    }
    public func isAncestor(_ commit: String, of tip: String) throws -> Bool {
        try ancestryMemo.answer(Self.key(commit, tip)) { try base.isAncestor(commit, of: tip) }
    }
    public func localBranches() throws -> [String] { try branchesMemo.answer { try base.localBranches() } }
    public func treeID(of directory: String, in source: TreeSource) throws -> String? {
        try treeMemo.answer(Self.key(directory, source.rawValue)) { try base.treeID(of: directory, in: source) }
    }
    public func treeID(of directory: String, atCommit id: String) throws -> String? {
        try treeAtMemo.answer(Self.key(id, directory)) { try base.treeID(of: directory, atCommit: id) }
    }
    public func blobPrefix(_ oid: String, count: Int) throws -> [UInt8] {
        try blobMemo.answer(Self.key(oid, String(count))) { try base.blobPrefix(oid, count: count) }
    }
    public func changedPaths(since base: String) throws -> [String]? {
        try changedMemo.answer(base) { try self.base.changedPaths(since: base) }
    }
    public func mergeBase(with base: String) throws -> String? {
        try mergeBaseMemo.answer(base) { try self.base.mergeBase(with: base) }
    }
    public func filterDrivers(for paths: [String]) throws -> [String: String] { try base.filterDrivers(for: paths) }
    public func fileContent(_ path: String, at commit: String) throws -> [UInt8]? {
        try fileAtMemo.answer(Self.key(commit, path)) { try base.fileContent(path, at: commit) }
    }
}

/// Reads files of the work tree. Paths are relative to the work tree root.
public protocol FileReading {
    func read(_ path: String) -> [UInt8]?
    func isDirectory(_ path: String) -> Bool
    func exists(_ path: String) -> Bool
    /// Names in a directory, sorted; nil when it is not a directory.
    func list(_ path: String) -> [String]?
    /// True for a symbolic link (not followed): walks never descend through one.
    func isSymbolicLink(_ path: String) -> Bool
    /// True for another repository inside this one (a submodule's gitlink, or a directory with
    /// its own `.git`): its files are not this repository's.
    func isSubmodule(_ path: String) -> Bool
}

extension FileReading {
    public func isSymbolicLink(_ path: String) -> Bool { false }
    public func isSubmodule(_ path: String) -> Bool { false }
}

public struct CommandResult: Equatable, Sendable {
    public enum Outcome: Equatable, Sendable {
        case exited(Int32)
        case timedOut(seconds: Int)
        /// The program could not be started (not installed, not executable).
        case notStarted(String)
    }

    public let outcome: Outcome
    public let output: String

    public init(outcome: Outcome, output: String) {
        self.outcome = outcome
        self.output = output
    }

    public var succeeded: Bool { outcome == .exited(0) }
}

/// Runs a program from an argv array (never through a shell), bounded in time, stdin closed.
public protocol CommandRunning {
    func run(_ argv: [String], in directory: String?, environment: [String: String], timeoutSeconds: Int) -> CommandResult
}
