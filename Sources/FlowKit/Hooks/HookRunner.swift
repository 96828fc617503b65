import FlowCore
import FlowGit
import Foundation

/// What a hook decided: allowed, or refused with the reasons and the commands that fix them.
public struct HookVerdict: Equatable, Sendable {
    public var refusals: [(reason: String, fix: String)] = []
    public var notes: [String] = []
    public var allowed: Bool { refusals.isEmpty }

    public static func == (a: HookVerdict, b: HookVerdict) -> Bool {
        a.notes == b.notes && a.refusals.map(\.reason) == b.refusals.map(\.reason) && a.refusals.map(\.fix) == b.refusals.map(\.fix)
    }

    mutating func refuse(_ reason: String, fix: String) { refusals.append((reason, fix)) }

    /// The text for stderr.
    public func render(hook: String) -> String {
        var lines = notes.map { "flow \(hook): \($0)" }
        if !allowed {
            lines.append("flow \(hook): refused")
            // Several reasons often share one fix (three stale checks): say each fix once, after its reasons.
            for (index, refusal) in refusals.enumerated() {
                lines.append("  - \(refusal.reason)")
                if index + 1 == refusals.count || refusals[index + 1].fix != refusal.fix {
                    lines.append("    fix: \(refusal.fix)")
                }
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}

/// The checks behind `flow hook <name>`. They recompute everything from git (through git's own
/// environment, so GIT_INDEX_FILE of `git commit -a` is honoured) and the evidence ledger; the
/// stored phase only ever widens nothing but the release bump on main.
public struct HookRunner {
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
    public static func openForPush() throws -> HookRunner {
        let (repository, root) = try Project.openRepository(at: nil)
        guard let config = try ConfigStore.load(root: root) else {
            return HookRunner(repository: repository, root: root, config: ProjectConfig(), configured: false)
        }
        try config.checkPackNames()
        return HookRunner(repository: repository, root: root, config: config)
    }

    /// Opens the repository the way git hands it to a hook.
    public static func open() throws -> HookRunner {
        let (repository, root) = try Project.openRepository(at: nil)
        guard let onDisk = try ConfigStore.load(root: root) else {
            // An orphan branch (gh-pages) or a commit from before flow: nothing of flow's to check (see unconfiguredNote).
            return HookRunner(repository: repository, root: root, config: ProjectConfig(), configured: false)
        }
        // One view: the commit carries the staged configuration and baseline, so the hook judges with them.
        let staged = try repository.indexEntries(under: ".flow")
        var config = try stagedConfig(staged, repository, root: root) ?? onDisk
        if let baseline = try stagedBaseline(staged, repository, root: root) { config.baseline = baseline }
        try config.checkPackNames()
        return HookRunner(repository: repository, root: root, config: config)
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

    func context(_ evidence: EvidenceLedger) -> GateContext {
        GateContext(
            git: FactsSnapshot(repository), files: LocalFiles(root: root), config: config, evidence: evidence,
            commands: ProcessRunner(), branch: try? Project.branchKey(of: repository),
            content: ContentReader(cacheDirectory: store.directory + "/ast-cache"))
    }

    static func gitFailure(_ error: Error) -> FlowError {
        (error as? GitError).map { FlowError($0) } ?? FlowError(.invalidInput, "git could not answer: \(error)", hint: "run `flow doctor`")
    }

    // MARK: pre-commit

    public func preCommit() throws -> HookVerdict {
        var verdict = HookVerdict()
        let evidence = try store.loadEvidence()
        let context = context(evidence)
        do {
            let artifacts = try GitNoArtifactsGate.evaluate(GateParams(), context)
            for reason in artifacts.reasons { verdict.refuse(reason, fix: artifacts.fix ?? "git rm --cached FILE") }

            let staged = try context.git.stagedChanges()
            let head = try context.git.head()
            let releaseBump = try isReleaseBump(staged)
            var mergingIntoMain: String?
            // The commits a merge brings (pre-merge-commit, or a merge committed after a conflict).
            let mergeHeads = mergeHeads()
            var settingUp = false
            if case .branch(let name, _) = head, name == config.mainBranch {
                let merging = !mergeHeads.isEmpty
                // `git merge --squash` leaves SQUASH_MSG instead: a merge all the same, and every
                // pack it brings is held to the same evidence and content gates below.
                let squashing = FileManager.default.fileExists(atPath: repository.gitDirectory + "/SQUASH_MSG")
                if merging || squashing {
                    verdict.notes.append(
                        "\(merging ? "merge" : "squash merge") in progress on \(name): allowed when every pack it changes was checked")
                    mergingIntoMain = merging ? mergedBranch(mergeHeads[0]) : nil
                    if mergingIntoMain == nil { mergingIntoMain = "" }
                } else if releaseBump {
                    verdict.notes.append("release bump on \(name) during the release phase: allowed")
                } else if try mainInSetUp() {
                    verdict.notes.append("repository set-up on \(name) before the first feature: allowed")
                    settingUp = true
                } else {
                    verdict.refuse(
                        "commits on \(name) are refused outside flow release's version bump: changes reach \(name) by merging a feature branch",
                        fix: "git stash && flow feature start NAME && git stash pop")
                }
            }
            if releaseBump { return verdict }
            // The set-up rules on committed files (`.gitignore`) the phases before commit list,
            // asked of a commit that changes their file, as staged; main's own set-up makes them true.
            var gateList: CommitPolicyCache?
            let stagedFiles = GitTreeFiles(repository: repository, source: .index, packsRoot: config.packsRoot)
            let changedFiles = Set(staged.flatMap { [$0.path] + ($0.oldPath.map { [$0] } ?? []) })
            if !settingUp, !changedFiles.isDisjoint(with: CommitPolicy.repositoryGates.values) {
                let list = commitPolicy()
                gateList = list
                let view = GateContext(
                    git: context.git, files: stagedFiles, config: config, evidence: evidence, commands: context.commands,
                    branch: context.branch, content: context.content)
                for failure in list.gates.repositoryFailures(changed: changedFiles, view) {
                    for reason in failure.reasons {
                        verdict.refuse("\(failure.gate) (staged): \(reason)", fix: failure.fix ?? "fix it")
                    }
                }
            }
            // The content gates (loaded only when a pack changed: a commit outside Packs/ stays on
            // the fast path) read the staged blobs, never the work tree.
            // Every pack directory the commit touches, configured or not: the configuration is
            // not what decides whether a pack's content is checked.
            for pack in Self.touchedPacks(staged, packsRoot: config.packsRoot) {
                let directory = "\(config.packsRoot)/\(pack)"
                let stagedTree = try context.git.treeID(of: directory, in: .index)
                guard stagedTree != (try context.git.treeID(of: directory, in: .head)) else { continue }
                guard let stagedTree else { continue }  // deleting a whole pack needs no test run
                // A merge that takes the pack's tree from a commit it merges brings content judged
                // when that commit was made; a tree that differs from every parent is new content,
                // held to its own evidence like any commit.
                if try mergeHeads.contains(where: { try repository.treeID(of: directory, atCommit: $0) == stagedTree }) { continue }
                let list = gateList ?? commitPolicy()
                gateList = list
                if PackName.pathProblem(pack) == nil {
                    let rerun = EvidencePassedGate.rerun(list.gates.checkNames, context.forPack(pack).with(checks: list.gates.checks))
                    for (path, why) in try repository.hiddenIndexEntries(under: directory) {
                        verdict.refuse(Self.hiddenReason(path, why), fix: Self.hiddenFix(path, why, rerun: rerun))
                    }
                }
                // The checks the workflow's phases before its commit phase record; none asked
                // when it has no such action (a workflow without a test phase needs no test).
                let policy = list.gates
                if !policy.checks.isEmpty {
                    let outcome = try EvidencePassedGate.evaluate(
                        GateParams(["source": .string("index"), "checks": .list(policy.checkNames.map(ParamValue.string))]),
                        context.forPack(pack).with(checks: policy.checks))
                    // On main the checks cannot run (validate answers for a feature branch): resolve
                    // the conflict where they can, then merge the checked result.
                    let fix =
                        mergingIntoMain.map { branch in
                            "git merge --abort && git checkout \(branch.isEmpty ? "<feature branch>" : branch) && git merge \(config.mainBranch)"
                        } ?? outcome.fix ?? "flow next"
                    if let branch = mergingIntoMain, !outcome.passed {
                        let feature = branch.isEmpty ? "your feature branch" : branch
                        verdict.notes.append(
                            "resolve the merge on \(feature), where the checks run: after the fix below, resolve there, "
                                + "run the checks (flow goto \(policy.checks[0].phase), then flow next), commit, and merge \(feature) into \(config.mainBranch) again"
                        )
                    }
                    for reason in outcome.reasons { verdict.refuse(reason, fix: fix) }
                }
                let packView = GateContext.packView(
                    repository: repository, directory: directory, git: context.git,
                    files: stagedFiles, config: config, evidence: evidence,
                    commands: context.commands, branch: context.branch, content: context.content)
                // A pass already recorded for exactly this content (and what the gates look at).
                let verdicts = ContentVerdicts(store: store)
                let key = ContentVerdicts.key(pack: pack, tree: stagedTree, gates: list.fingerprint, git: packView.git, config: config)
                if let key, verdicts.passed(key) { continue }
                let failures = list.gates.failures(pack: pack, packView)
                for failure in failures {
                    for reason in failure.reasons {
                        // The gate's own fix as it is: a command line gets no prose appended.
                        verdict.refuse("\(failure.gate) (staged \(directory)): \(reason)", fix: failure.fix ?? "fix it")
                    }
                }
                if !failures.isEmpty {
                    verdict.notes.append(
                        "the content gates read the staged files of \(directory): after a fix, stage each file "
                            + "you changed by name (git add FILE), never the directory")
                }
                if failures.isEmpty, let key { verdicts.recordPass(key) }
            }
        } catch let error as FlowError {
            throw error
        } catch {
            throw Self.gitFailure(error)
        }
        return verdict
    }

    /// The commits being merged into HEAD: MERGE_HEAD's lines (a merge committed with `git commit`
    /// after a conflict or `--no-commit`), else, in the pre-merge-commit hook, the ids of git's
    /// `GITHEAD_<id>` variables (git merge writes MERGE_HEAD only after that hook). Empty for a
    /// commit that is no merge.
    func mergeHeads(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let data = FileManager.default.contents(atPath: repository.gitDirectory + "/MERGE_HEAD") {
            let ids = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            if !ids.isEmpty { return ids }
        }
        return environment.keys.filter { $0.hasPrefix("GITHEAD_") }.map { String($0.dropFirst("GITHEAD_".count)) }
            .filter { $0.count >= 40 && $0.allSatisfy(\.isHexDigit) }.sorted()
    }

    /// The local branch whose tip is `tip` (the branch being merged), "" if none is.
    func mergedBranch(_ tip: String) -> String {
        for branch in (try? repository.localBranches()) ?? [] where branch != config.mainBranch {
            if (try? repository.resolveCommit("refs/heads/\(branch)")) == tip { return branch }
        }
        return ""
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

    /// What a commit needs under the configured workflow (its checks and content gates; the
    /// shipped xsoar-local's if it cannot be loaded: a broken workflow file must not switch the
    /// gates off), and its fingerprint. Parsing the
    /// workflow's YAML is most of this hook's added cost: the list is kept in
    /// .git/flow/content-gates, keyed by the workflow (a shipped name, or a file's path, size and
    /// mtime) and flow's binary (which carries the shipped workflows), as the key line and the
    /// gates' fingerprint (their stored form).
    func commitPolicy() -> CommitPolicyCache {
        let name = config.workflow
        let file = WorkflowLocator.isShippedName(name) ? nil : try? WorkflowLocator.resolve(name, root: root)
        let key = [file ?? name, file.map(Self.stamp) ?? "shipped", Self.binaryStamp].joined(separator: "|")
        let cachePath = store.directory + "/content-gates"
        if FastPath.enabled, let data = FileManager.default.contents(atPath: cachePath),
            let cached = CommitPolicyCache.cached(data, key: key)
        {
            return cached
        }
        let gates: CommitPolicy
        if let workflow = (try? WorkflowLocator.load(name, root: root)) ?? (try? WorkflowLocator.load("xsoar-local", root: root)) {
            gates = CommitPolicy(workflow: workflow, scope: .staged)
        } else {
            gates = CommitPolicy(
                uses: CommitPolicy.fallback,
                checks: EvidencePassedGate.defaultChecks.map { RequiredCheck(check: $0, phase: $0) })
        }
        if let data = CommitPolicyCache.encode(gates, key: key) { try? AtomicFile.write(data, to: cachePath, durable: false) }
        return CommitPolicyCache(gates)
    }

    /// Size and modification time of a file, for a cache key.
    static func stamp(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "?" }
        return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// flow's own binary, for the keys of what it caches (its shipped workflows and gates).
    static let binaryStamp = stamp("/proc/self/exe")

    static func hiddenReason(_ path: String, _ why: HiddenEntryReason) -> String {
        switch why {
        case .intentToAdd:
            return "\(path) is intent-to-add (git add -N): the commit leaves it out, so the checked tree is not the committed one"
        case .assumeUnchanged, .skipWorktree:
            return
                "\(path) is marked \(why.rawValue): git hides its work-tree file, so the checks ran on bytes that are not the staged ones"
        }
    }

    /// Prose: the steps are a choice or come before a re-run of the checks (`rerun`).
    static func hiddenFix(_ path: String, _ why: HiddenEntryReason, rerun: String) -> String {
        let file = Shell.quote(path)
        switch why {
        case .intentToAdd: return "stage it (git add \(file)) or leave it out (git rm --cached \(file)), then re-run the checks (\(rerun))"
        case .assumeUnchanged, .skipWorktree: return "unmark and stage it (\(unhide(path, why))), then re-run the checks (\(rerun))"
        }
    }

    /// The command line that makes git show a hidden file again and stages it.
    static func unhide(_ path: String, _ why: HiddenEntryReason) -> String {
        let file = Shell.quote(path)
        switch why {
        case .intentToAdd: return "git add \(file)"
        case .assumeUnchanged: return "git update-index --no-assume-unchanged \(file) && git add \(file)"
        case .skipWorktree: return "git update-index --no-skip-worktree \(file) && git add \(file)"
        }
    }

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

    /// Main is still being set up (recorded at a phase before the workflow's create phase: survey,
    /// repo-setup with .gitignore, Packs/, the configuration): its commits cannot come from a
    /// feature branch yet, since features branch from it. Asked only on the way to a refusal, so
    /// the workflow is read off the hook's usual path.
    func mainInSetUp() throws -> Bool {
        guard let stored = try store.loadState().branches[config.mainBranch]?.phase else { return false }
        // Facts of the repository outrank the recorded phase: once a release is tagged or a branch
        // is merged into main, main is set up, whatever `flow goto` recorded since.
        if try repository.tags().contains(where: { releaseTag($0.name) != nil }) { return false }
        var next = try repository.resolveCommit("HEAD")
        var walked = 0
        while let id = next, walked < 10_000 {
            let commit = try repository.commitInfo(id)
            if commit.isMerge { return false }
            next = commit.parents.first
            walked += 1
        }
        let workflow = try WorkflowLocator.load(config.workflow, root: root)
        // The set-up phases are those before create, or before feature-start in a workflow
        // without create (the shipped minimal), as DerivedState counts them.
        guard let limit = workflow.phase(withRole: .create) ?? workflow.phase(withRole: .featureStart),
            let limitIndex = workflow.index(of: limit.id), let index = workflow.index(of: stored)
        else { return false }
        return index < limitIndex
    }

    // MARK: commit-msg

    /// The trailers for the staged content: one per pack with passing checks on exactly its
    /// staged tree, the workflow's checks in its order, then any others by name.
    /// `flow release`'s own bump commit instead gets `checks=release` for each pack it changes,
    /// which `flow verify commits` accepts only on a commit that is exactly such a bump.
    public func trailers() throws -> [EvidenceTrailer] {
        let evidence = try store.loadEvidence()
        var result: [EvidenceTrailer] = []
        let releaseBump: Bool
        var packs = config.packs
        do {
            let staged = try repository.stagedChanges()
            releaseBump = try isReleaseBump(staged)
            // A pack outside the configuration is gated too, so its evidence is carried too.
            for pack in Self.touchedPacks(staged, packsRoot: config.packsRoot)
            where !packs.contains(pack) && PackName.pathProblem(pack) == nil { packs.append(pack) }
        } catch let error as FlowError {
            throw error
        } catch {
            throw Self.gitFailure(error)
        }
        // The workflow's checks, in its order: read once (from the cache) for every pack.
        var order: [String]?
        for pack in packs {
            let tree: String?
            let headTree: String?
            do {
                tree = try repository.treeID(of: "\(config.packsRoot)/\(pack)", in: .index)
                headTree = try repository.treeID(of: "\(config.packsRoot)/\(pack)", in: .head)
            } catch {
                throw Self.gitFailure(error)
            }
            guard let tree else { continue }
            if releaseBump && tree != headTree {
                result.append(EvidenceTrailer(pack: pack, tree: tree, checks: [EvidenceTrailer.releaseCheck]))
                continue
            }
            let passed = Set(evidence.records.filter { $0.pack == pack && $0.tree == tree && $0.passed }.map(\.check))
                .filter { evidence.record(check: $0, pack: pack, tree: tree)?.passed == true }
            guard !passed.isEmpty else { continue }
            let checkNames = order ?? commitPolicy().gates.checkNames
            order = checkNames
            let known = checkNames.filter(passed.contains)
            let others = passed.subtracting(known).sorted()
            result.append(EvidenceTrailer(pack: pack, tree: tree, checks: known + others))
        }
        return result
    }

    /// The packs the staged change touches (the commit convention's scope).
    func stagedPacks() throws -> [String] {
        do { return Self.touchedPacks(try repository.stagedChanges(), packsRoot: config.packsRoot) } catch { throw Self.gitFailure(error) }
    }

    public func commitMsg(file: String) throws -> HookVerdict {
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError.invalid("cannot read the commit message file \(path)", hint: "git passes it to the commit-msg hook")
        }
        // `git -c core.commentChar=;` reaches the hook only through GIT_CONFIG_PARAMETERS, which
        // libgit2 does not read: look there first.
        let configured = Self.commandLineConfig("core.commentchar") ?? (try? repository.configString("core.commentChar")).flatMap { $0 }
        let commentChar =
            (configured?.first).flatMap {
                $0 == "a" ? nil : $0  // "auto" picks a free character; flow then only keeps trailers above the last comment block
            } ?? "#"
        var verdict = HookVerdict()
        if config.commitConvention == true,
            let problem = CommitConvention.problem(
                in: String(decoding: data, as: UTF8.self), packs: config.packs, touched: try stagedPacks(), commentChar: commentChar)
        {
            verdict.refuse(
                "\(problem) (\(LifecycleRule.cite("S50")), on in \(ConfigStore.relativePath): commitConvention)",
                fix: CommitConvention.fix(
                    for: String(decoding: data, as: UTF8.self), packs: config.packs, touched: try stagedPacks(), commentChar: commentChar))
            return verdict
        }
        let trailers = try trailers()
        let updated = EvidenceTrailer.apply(trailers, to: String(decoding: data, as: UTF8.self), commentChar: commentChar)
        // Temp file and rename: a kill mid-write must never leave the typed message truncated.
        try AtomicFile.write(Data(updated.utf8), to: path)
        if trailers.isEmpty && !config.packs.isEmpty {
            verdict.notes.append("no pack content with passing checks is staged: no Flow-Evidence trailer added")
        }
        return verdict
    }

    /// A value given with `git -c key=value` (git passes them to hooks in GIT_CONFIG_PARAMETERS as
    /// `'key'='value'` pairs); keys compare case-insensitively, the last one wins.
    static func commandLineConfig(_ key: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let parameters = environment["GIT_CONFIG_PARAMETERS"] else { return nil }
        var found: String?
        var quoted: [String] = []
        var current = ""
        var inside = false
        for character in parameters {
            if character == "'" {
                if inside {
                    quoted.append(current)
                    current = ""
                }
                inside.toggle()
            } else if inside {
                current.append(character)
            }
        }
        // Pairs: 'key'='value' (older git writes 'key=value' as one quoted string).
        var index = 0
        while index < quoted.count {
            let item = quoted[index]
            if let equals = item.firstIndex(of: "="), item[..<equals].lowercased() == key.lowercased() {
                found = String(item[item.index(after: equals)...])
                index += 1
            } else if item.lowercased() == key.lowercased(), index + 1 < quoted.count {
                found = quoted[index + 1]
                index += 2
            } else {
                index += 1
            }
        }
        return found
    }

    // MARK: pre-push

    /// Without a configuration: `v1.2.3`, `Pack-v1.2.3`, `1.2.3`… (anything ending in a semver).
    static func looksLikeRelease(_ tag: String) -> Bool {
        let suffix = String(tag.reversed().prefix { $0.isNumber || $0 == "." }.reversed())
        return SemVer(suffix) != nil
    }

    /// Which pack and version a tag names, by the configured tag format; nil for any other tag.
    public func releaseTag(_ name: String) -> (pack: String, version: String)? {
        for pack in config.packs {
            let format = config.tagFormat.replacingOccurrences(of: "{pack}", with: pack)
            guard let range = format.range(of: "{version}") else { continue }
            let prefix = String(format[..<range.lowerBound])
            let suffix = String(format[range.upperBound...])
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { continue }
            let version = String(name.dropFirst(prefix.count).dropLast(suffix.count))
            guard SemVer(version) != nil else { continue }
            return (pack, version)
        }
        // A `{pack}` format names any pack, configured or not (a pack dropped from the config is
        // still released under its own tag): read the pack's name out of the tag.
        guard let packRange = config.tagFormat.range(of: "{pack}") else { return nil }
        let before = String(config.tagFormat[..<packRange.lowerBound])
        let rest = String(config.tagFormat[packRange.upperBound...])
        guard let versionRange = rest.range(of: "{version}") else { return nil }
        let between = String(rest[..<versionRange.lowerBound])
        let after = String(rest[versionRange.upperBound...])
        guard !between.isEmpty, name.hasPrefix(before), name.hasSuffix(after),
            name.count > before.count + after.count
        else { return nil }
        let middle = String(name.dropFirst(before.count).dropLast(after.count))
        guard let split = middle.range(of: between, options: .backwards) else { return nil }
        let pack = String(middle[..<split.lowerBound])
        let version = String(middle[split.upperBound...])
        guard !pack.isEmpty, PackName.pathProblem(pack) == nil, SemVer(version) != nil else { return nil }
        return (pack, version)
    }

    /// git's pre-push stdin: `<local ref> <local sha> <remote ref> <remote sha>` per line. What
    /// counts is the remote ref (what the remote will call it: `git push origin main:refs/tags/v1.0.0`
    /// names a tag there) and the object it will point at, never the local name.
    public func prePush(input: String) throws -> HookVerdict {
        var verdict = HookVerdict()
        let zero = String(repeating: "0", count: 40)
        for line in input.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 4, fields[2].hasPrefix("refs/tags/") else { continue }
            let tag = String(fields[2].dropFirst("refs/tags/".count))
            // A published release tag stays where it is: deleting it, or pointing the remote's name
            // at another object (a re-made tag, force-pushed), rewrites what was released.
            if fields[3] != zero, configured ? releaseTag(tag) != nil : Self.looksLikeRelease(tag) {
                if fields[1] == zero {
                    verdict.refuse(
                        "release tag \(tag) is published on the remote: deleting it there unpublishes a release",
                        fix: "leave \(tag) on the remote as it is; release the next version with flow release")
                    continue
                }
                if fields[1] != fields[3] {
                    verdict.refuse(
                        "release tag \(tag) is published on the remote at \(fields[3].prefix(12)); this push would move it to "
                            + "\(fields[1].prefix(12)): a published release is never moved",
                        fix: "git fetch origin --force refs/tags/\(tag):refs/tags/\(tag)")
                    continue
                }
            }
            guard fields[1] != zero else { continue }
            guard configured else {
                if Self.looksLikeRelease(tag) {
                    verdict.refuse(
                        "release tag \(tag): this checkout has no \(ConfigStore.relativePath), so flow cannot check it",
                        fix: "push release tags from a checkout with flow's configuration (flow init), after flow release")
                }
                continue
            }
            guard let (pack, version) = releaseTag(tag) else { continue }
            do {
                // A tag on a commit from before flow managed the repository (no configuration in
                // its tree) is the pack's history, pushed to a new remote as it was made.
                if let tagged = try repository.resolveCommit(fields[1]),
                    try repository.fileContent(ConfigStore.relativePath, at: tagged) == nil
                {
                    verdict.notes.append(
                        "\(tag) tags \(tagged.prefix(12)), from before flow managed this repository: pushed as history, "
                            + "not judged as a release")
                    continue
                }
                // flow release makes annotated tags; anything else pushed under a release name (a
                // lightweight tag, a branch or a commit id pushed to refs/tags/...) is not a release.
                guard try repository.isTagObject(fields[1]) else {
                    verdict.refuse(
                        "release tag \(tag) would point straight at \(fields[1].prefix(12)) (a lightweight tag, or a branch "
                            + "or commit pushed to refs/tags/): release tags are annotated tags made by flow release",
                        fix: fields[3] == zero
                            ? (fields[0] == "refs/tags/\(tag)"
                                ? "\(tag) is a lightweight tag the remote does not have: delete it (git tag -d \(tag)), then make the release with flow release on \(config.mainBranch)"
                                : "push the tag flow release made, not \(fields[0]): git push origin refs/tags/\(tag)")
                            : "leave \(tag) on the remote as it is; release the next version with flow release")
                    continue
                }
                guard let commit = try repository.resolveCommit(fields[1]) else {
                    verdict.refuse("release tag \(tag) does not point at a commit", fix: "git tag -d \(tag) && flow release")
                    continue
                }
                let metadataPath = "\(config.packsRoot)/\(pack)/pack_metadata.json"
                switch PackMetadata.parse(try repository.fileContent(metadataPath, at: commit), path: metadataPath) {
                case .failure(let problem):
                    verdict.refuse(
                        "release tag \(tag): \(metadataPath) at \(commit.prefix(12)) is unusable: \(problem)",
                        fix: "tag a commit whose pack_metadata.json is valid (git tag -d \(tag), then flow release)")
                case .success(let metadata):
                    let current = metadata.currentVersionText ?? "(none)"
                    if current != version {
                        verdict.refuse(
                            "release tag \(tag) says \(version) but \(metadataPath) at \(commit.prefix(12)) has currentVersion \(current)",
                            fix:
                                "git tag -d \(tag) && git tag -a \(config.tagName(version: current, pack: pack)) -m \(current) \(commit.prefix(12))"
                        )
                    }
                }
                let main = config.mainBranch
                guard let mainTip = try repository.resolveCommit("refs/heads/\(main)") else {
                    verdict.refuse(
                        "release tag \(tag): there is no local \(main) branch to check it against",
                        fix: "fetch it (git fetch origin \(main):\(main)) and push again")
                    continue
                }
                if !(try repository.isAncestor(commit, of: mainTip)) {
                    verdict.refuse(
                        "release tag \(tag) points at \(commit.prefix(12)), which is not on \(main)",
                        fix: "merge into \(main) first, then move the tag: git tag -d \(tag) && git checkout \(main) && flow release")
                } else if !(try repository.isOnFirstParentHistory(commit, of: mainTip)) {
                    // Contained in main through a merge, but never main's own state: nobody checked it as a release.
                    verdict.refuse(
                        "release tag \(tag) points at \(commit.prefix(12)), an intermediate commit of a branch merged into \(main) "
                            + "(not on \(main)'s first-parent history): a release is a state \(main) itself was in",
                        fix: "git tag -d \(tag) && git checkout \(main) && flow release")
                }
            } catch let error as FlowError {
                throw error
            } catch {
                throw Self.gitFailure(error)
            }
        }
        return verdict
    }
}
