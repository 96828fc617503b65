import FlowCore
import FlowGitTypes
import Foundation

extension Project {
    /// The pack a release command works on: `--pack NAME` when given (it must be configured),
    /// otherwise the first configured pack.
    public func selectPack(_ requested: String?) throws -> String {
        try checkPackNames()
        guard let first = config.packs.first else {
            throw FlowError.invalid(
                "no pack is configured in \(ConfigStore.relativePath)",
                hint: "add the pack: flow init --pack NAME, or list it under packs: in .flow/config.yml")
        }
        guard let requested else { return first }
        guard config.packs.contains(requested) else {
            throw FlowError.invalid(
                "pack \(requested) is not configured (configured: \(config.packs.joined(separator: ", ")))",
                hint: "use one of them with --pack, or add it under `packs:` in \(ConfigStore.relativePath)")
        }
        return requested
    }

    /// Refuses (exit 2) a configured pack name that would lead outside Packs/, before a command
    /// builds a path from it or hands it to a tool.
    public func checkPackNames(_ packs: [String]? = nil) throws {
        try config.checkPackNames(packs)
    }

    public func layout(_ pack: String) -> PackLayout { PackLayout(pack: pack, packsRoot: config.packsRoot) }

    /// The pack's metadata and its semver currentVersion; exit 2 naming the file otherwise.
    public func currentVersion(of pack: String) throws -> (PackMetadata, SemVer) {
        let layout = layout(pack)
        switch layout.readMetadata(LocalFiles(root: root)) {
        case .failure(let error):
            throw FlowError.invalid(error.description, hint: "fix \(layout.metadata) (demisto-sdk init --pack writes a valid one)")
        case .success(let metadata):
            guard let version = metadata.currentVersion else {
                throw FlowError.invalid(
                    "\(layout.metadata): currentVersion \(metadata.currentVersionText.map { "\"\($0)\"" } ?? "is missing and") is not MAJOR.MINOR.PATCH",
                    hint: "set \"currentVersion\" to a version such as \"1.0.0\" in \(layout.metadata)")
            }
            return (metadata, version)
        }
    }

    /// The problems of the release notes of `version`, as `file:line:column: problem`; one line
    /// when the file is missing.
    public func releaseNotesProblems(_ pack: String, _ version: SemVer) -> [String] {
        let path = layout(pack).releaseNotes(for: version)
        guard let bytes = LocalFiles(root: root).read(path) else { return ["\(path) does not exist"] }
        return ReleaseNotes.problems(in: String(decoding: bytes, as: UTF8.self)).map { "\(path):\($0)" }
    }
}

extension Project {
    /// The workflow's content gates (pack.* and docs.* before commit) that `pack` fails in a
    /// commit's tree, read from git, never from the work tree.
    public func contentFailures(_ pack: String, atCommit commit: String) -> [GateReport] {
        let context = GateContext.of(.commit(commit), repository: repository, root: root, store: store, config: config)
        return CommitPolicy(workflow: workflow, scope: .commit).failures(pack: pack, context)
    }
}

extension Project {
    /// After a check passed on `pack` at `tree` (the pack as `git add` would stage it): ask the
    /// content gates the pre-commit hook will ask about that tree, seen exactly as the hook will
    /// see it once it is staged (its files as that tree's blobs, nothing unstaged or untracked,
    /// what the branch changed computed from that tree), and record a pass, so that the commit of
    /// that content need not ask them again (ContentVerdicts). Whether the pack is staged yet or
    /// not: the tree id names the content. Nothing is recorded when a file of the pack cannot be
    /// read as its blob (changed meanwhile, or changed by git's filters).
    public func recordContentVerdict(pack: String, tree: String) {
        guard FastPath.enabled else { return }
        let directory = "\(config.packsRoot)/\(pack)"
        let staged = (try? repository.treeID(of: directory, in: .index)) == tree
        var entries: [FileEntry]?
        if !staged {
            // Listed once (a status walk): hashed here, then read and diffed by the gates' view.
            guard let found = try? workTree.entries(under: directory), (try? workTree.treeID(of: directory)) == tree
            else { return }
            entries = found.sorted { $0.path < $1.path }
        }
        let files = GitTreeFiles(
            repository: repository, source: staged ? .index : .workTree(pack: directory),
            packsRoot: config.packsRoot, workTreeEntries: entries)
        let context = context(evidence: EvidenceLedger())
            .packView(repository: repository, directory: directory, entries: entries, files: files)
        let gates = CommitPolicy(workflow: workflow, scope: .staged)
        guard let key = ContentVerdicts.key(pack: pack, tree: tree, gates: gates.fingerprint, git: context.git, config: config),
            gates.failures(pack: pack, context).isEmpty, !files.incomplete
        else { return }
        ContentVerdicts(store: store).recordPass(key)
    }
}

extension ProjectConfig {
    /// `Project.checkPackNames`, for code that has the configuration without a Project (the hooks).
    public func checkPackNames(_ names: [String]? = nil) throws {
        for pack in names ?? packs {
            if let problem = PackName.pathProblem(pack) {
                throw FlowError.invalid(
                    "\(ConfigStore.relativePath): \(problem)",
                    hint: "rename the pack under `packs:` in \(ConfigStore.relativePath) (PascalCase, letters and digits)")
            }
        }
    }
}
