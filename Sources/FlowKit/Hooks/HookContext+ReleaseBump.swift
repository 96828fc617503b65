import FlowCore
import FlowGit

/// Whether the staged change is `flow release`'s own bump commit on main: pre-commit lets it
/// through, commit-msg gives it `checks=release` trailers.
extension HookContext {
    /// The commit `flow release` makes on main: only pack_metadata.json and ReleaseNotes/ of
    /// packs change, and main's stored phase is the workflow's release phase (`role: release`).
    func isReleaseBump(_ staged: [StagedChange]) throws -> Bool {
        guard !staged.isEmpty else { return false }
        // Named so as not to shadow `root`, the repository's root the workflow file is found from.
        let packsPrefix = config.packsRoot + "/"
        let onlyBump = staged.allSatisfy { change in
            [change.path, change.oldPath].compactMap { $0 }.allSatisfy { path in
                guard path.hasPrefix(packsPrefix) else { return false }
                let parts = path.dropFirst(packsPrefix.count).split(separator: "/", maxSplits: 1)
                guard parts.count == 2, config.packs.contains(String(parts[0])) else { return false }
                return parts[1] == "pack_metadata.json" || parts[1].hasPrefix("ReleaseNotes/")
            }
        }
        guard onlyBump, case .branch(let name, _) = try repository.head(), name == config.mainBranch,
            let stored = try store.loadState().branches[config.mainBranch]?.phase
        else { return false }
        // Only here, on a commit that looks like a bump, is the workflow read (YAML stays off the
        // hook's usual path): which phase is the release phase is the workflow's to say.
        return try WorkflowLocator.load(config.workflow, root: root).phase(withRole: .release)?.id == stored
            && isExactBump(staged)
    }

    /// The staged change is exactly what `flow release` writes (ReleaseBump): a wider change on
    /// main in merge-tag (a new dependency, invalid metadata) gets no exemption.
    func isExactBump(_ staged: [StagedChange]) throws -> Bool {
        guard let head = try repository.head().commit else { return false }
        let index = GitTreeFiles(repository: repository, source: .index, packsRoot: config.packsRoot)
        for pack in Self.touchedPacks(staged, packsRoot: config.packsRoot) {
            let layout = PackLayout(pack: pack, packsRoot: config.packsRoot)
            let changes = staged.filter { $0.path.hasPrefix(layout.directory + "/") }
                .map { ReleaseBump.Change(path: $0.path, added: $0.kind == .added) }
            if ReleaseBump.problem(
                pack: layout, before: try repository.fileContent(layout.metadata, at: head),
                after: index.read(layout.metadata), changes: changes) != nil
            {
                return false
            }
        }
        return true
    }
}
