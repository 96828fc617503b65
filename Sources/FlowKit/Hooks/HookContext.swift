import FlowCore
import FlowGit
import Foundation

/// The repository and configuration as git hands them to a hook, shared by the hooks behind
/// `flow hook <name>` (PreCommitHook, CommitMsgHook, PrePushHook). They recompute everything
/// from git (through git's own environment, so GIT_INDEX_FILE of `git commit -a` is honoured)
/// and the evidence ledger; the stored phase only ever widens nothing but the release bump on main.
public struct HookContext {
    public let repository: Repository
    public let root: String
    public let config: ProjectConfig
    public let store: StateStore

    /// False when the checkout has no .flow/config.yml (pre-push then guards release tags only).
    public let configured: Bool

    public init(repository: Repository, root: String, config: ProjectConfig, configured: Bool = true) {
        self.repository = repository
        self.root = root
        self.config = config
        self.configured = configured
        self.store = StateStore(gitCommonDirectory: repository.commonDirectory)
    }

    /// For pre-push: a checkout without the configuration (an old branch, a fresh clone of a
    /// repository that adds flow later) may push branches; only release tags need the config.
    public static func openForPush() throws -> HookContext {
        let (repository, root) = try Project.openRepository(at: nil)
        guard let config = try ConfigStore.load(root: root) else {
            return HookContext(repository: repository, root: root, config: ProjectConfig(), configured: false)
        }
        try config.checkPackNames()
        return HookContext(repository: repository, root: root, config: config)
    }

    /// Opens the repository the way git hands it to a hook.
    public static func open() throws -> HookContext {
        let (repository, root) = try Project.openRepository(at: nil)
        // The recorded debt unparsed: a commit whose pass is recorded runs no gate that needs it.
        guard let onDisk = try ConfigStore.load(root: root, deferBaseline: true) else {
            // An orphan branch (gh-pages) or a commit from before flow: nothing of flow's to check (see unconfiguredNote).
            return HookContext(repository: repository, root: root, config: ProjectConfig(), configured: false)
        }
        // One view: the commit carries the staged configuration and baseline, so the hook judges with them.
        let staged = try repository.indexEntries(under: ".flow")
        var config = try stagedConfig(staged, repository, root: root) ?? onDisk
        if let baseline = try stagedBaseline(staged, repository, root: root) { config.baseline = baseline }
        try config.checkPackNames()
        return HookContext(repository: repository, root: root, config: config)
    }

    /// The staged bytes of `path` (relative to the root) when they differ from the work tree's file:
    /// what the commit being made carries. nil when the two are the same or the index has none.
    static func stagedBytes(_ path: String, _ staged: [FileEntry], _ repository: Repository, root: String, maximum: Int) throws -> [UInt8]?
    {
        guard let entry = staged.first(where: { $0.path == path }) else { return nil }
        let onDisk = FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
        if let onDisk, Repository.blobID(of: onDisk) == entry.oid { return nil }
        return try repository.blobPrefix(entry.oid, count: maximum + 1)
    }

    /// The configuration as the index holds it, when it differs from the work tree's file (the hooks
    /// judge with it, so an unstaged edit of packsRoot cannot switch them off).
    static func stagedConfig(_ staged: [FileEntry], _ repository: Repository, root: String) throws -> ProjectConfig? {
        let path = ConfigStore.relativePath
        guard let bytes = try stagedBytes(path, staged, repository, root: root, maximum: ConfigStore.maximumBytes) else { return nil }
        guard bytes.count <= ConfigStore.maximumBytes, let text = String(bytes: bytes, encoding: .utf8) else {
            throw FlowError.invalid(
                "\(path) as staged is not a flow configuration (over 1 MB, or not UTF-8)",
                hint: "stage the file as it should be committed: git add \(path)")
        }
        return try ConfigStore.decode(text, file: path + " (as staged)", root: root)
    }

    /// The recorded debt as the index holds it, when it differs from the work tree's file: an
    /// unstaged edit that adds findings to `.flow/baseline.txt` excuses nothing in the commit.
    static func stagedBaseline(_ staged: [FileEntry], _ repository: Repository, root: String) throws -> Baseline? {
        let path = Baseline.relativePath
        guard let bytes = try stagedBytes(path, staged, repository, root: root, maximum: Baseline.maximumBytes) else { return nil }
        guard bytes.count <= Baseline.maximumBytes else {
            throw FlowError.invalid("\(path) as staged is over 64 MB", hint: "stage the file as it should be committed: git add \(path)")
        }
        switch Baseline.parse(String(decoding: bytes, as: UTF8.self)) {
        case .success(let baseline): return baseline
        case .failure(let problem):
            throw FlowError.invalid(
                "\(path) (as staged):\(problem.line): not an entry of the form <pack> TAB <pack.* or docs.* gate> TAB <finding>",
                hint: "stage the file as it should be committed: git add \(path)")
        }
    }

    /// What pre-commit and commit-msg say when they let a commit through in a checkout without the configuration.
    public var unconfiguredNote: String {
        "this checkout has no \(ConfigStore.relativePath) (an orphan branch such as gh-pages?): not checked"
    }

    /// What the hooks' gates see: git's snapshot, the work tree's files, the hook's configuration.
    func gateContext(_ evidence: EvidenceLedger) -> GateContext {
        GateContext.of(.checkout(evidence: evidence), repository: repository, root: root, store: store, config: config)
    }

    static func gitFailure(_ error: Error) -> FlowError {
        (error as? GitError).map { FlowError($0) } ?? FlowError(.invalidInput, "git could not answer: \(error)", hint: "run `flow doctor`")
    }

    /// The pack directories (`Packs/<name>`) a set of staged changes touches, in path order; both
    /// sides of a rename count.
    static func touchedPacks(_ changes: [StagedChange], packsRoot: String) -> [String] {
        let root = packsRoot + "/"
        var packs: [String] = []
        for path in changes.flatMap({ [$0.path, $0.oldPath].compactMap { $0 } }) where path.hasPrefix(root) {
            let parts = path.dropFirst(root.count).split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { continue }  // a file directly in Packs/ is no pack
            let name = String(parts[0])
            if !packs.contains(name) { packs.append(name) }
        }
        return packs
    }
}
