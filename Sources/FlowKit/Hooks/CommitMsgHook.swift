import FlowCore
import FlowGit
import Foundation

/// `flow hook commit-msg`: the commit convention, when it is on, and the Flow-Evidence trailers
/// written into the message for the packs whose staged trees have passing checks.
public struct CommitMsgHook {
    /// The repository and configuration the commit is judged with (the staged ones).
    public let hook: HookContext

    public init(_ hook: HookContext) { self.hook = hook }

    var repository: Repository { hook.repository }
    var root: String { hook.root }
    var config: ProjectConfig { hook.config }
    var store: StateStore { hook.store }

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
            releaseBump = try hook.isReleaseBump(staged)
            // A pack outside the configuration is gated too, so its evidence is carried too.
            for pack in HookContext.touchedPacks(staged, packsRoot: config.packsRoot)
            where !packs.contains(pack) && PackName.pathProblem(pack) == nil { packs.append(pack) }
        } catch let error as FlowError {
            throw error
        } catch {
            throw HookContext.gitFailure(error)
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
                throw HookContext.gitFailure(error)
            }
            guard let tree else { continue }
            if releaseBump && tree != headTree {
                result.append(EvidenceTrailer(pack: pack, tree: tree, checks: [EvidenceTrailer.releaseCheck]))
                continue
            }
            let passed = Set(evidence.records.filter { $0.pack == pack && $0.tree == tree && $0.passed }.map(\.check))
                .filter { evidence.record(check: $0, pack: pack, tree: tree)?.passed == true }
            guard !passed.isEmpty else { continue }
            let checkNames = order ?? CommitPolicyCache.load(workflow: config.workflow, root: root, store: store).gates.checkNames
            order = checkNames
            let known = checkNames.filter(passed.contains)
            let others = passed.subtracting(known).sorted()
            result.append(EvidenceTrailer(pack: pack, tree: tree, checks: known + others))
        }
        return result
    }

    /// The packs the staged change touches (the commit convention's scope).
    func stagedPacks() throws -> [String] {
        do { return HookContext.touchedPacks(try repository.stagedChanges(), packsRoot: config.packsRoot) } catch {
            throw HookContext.gitFailure(error)
        }
    }

    /// Checks the commit convention (when on), then writes the trailers into the message file.
    public func run(file: String) throws -> HookVerdict {
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError.invalid("cannot read the commit message file \(path)", hint: "git passes it to the commit-msg hook")
        }
        // `git -c core.commentChar=;` reaches the hook only through GIT_CONFIG_PARAMETERS, which
        // libgit2 does not read: look there first.
        let configured = GitConfigParameters.value("core.commentchar") ?? (try? repository.configString("core.commentChar")).flatMap { $0 }
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
}
