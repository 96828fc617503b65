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

    public init(repository: Repository, root: String, config: ProjectConfig) {
        self.repository = repository
        self.root = root
        self.config = config
        self.store = StateStore(gitCommonDirectory: repository.commonDirectory)
    }

    /// Opens the repository the way git hands it to a hook.
    public static func open() throws -> HookRunner {
        let (repository, root) = try Project.openRepository(at: nil)
        guard let config = try ConfigStore.load(root: root) else {
            throw FlowError(.blocked, "flow's hooks are installed but \(root) has no \(ConfigStore.relativePath)",
                            hint: "run `flow init`, or `flow hooks uninstall` if this repository does not use flow")
        }
        try config.checkPackNames()
        return HookRunner(repository: repository, root: root, config: config)
    }

    func context(_ evidence: EvidenceLedger) -> GateContext {
        GateContext(git: FactsSnapshot(repository), files: LocalFiles(root: root), config: config, evidence: evidence,
                    commands: ProcessRunner(), content: ContentReader())
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
            for reason in artifacts.reasons { verdict.refuse(reason, fix: artifacts.fix ?? "git rm --cached <file>") }

            let staged = try context.git.stagedChanges()
            let head = try context.git.head()
            let releaseBump = try isReleaseBump(staged)
            if case .branch(let name, _) = head, name == config.mainBranch {
                let merging = FileManager.default.fileExists(atPath: repository.gitDirectory + "/MERGE_HEAD")
                if merging {
                    verdict.notes.append("merge in progress on \(name): allowed")
                } else if releaseBump {
                    verdict.notes.append("release bump on \(name) during the release phase: allowed")
                } else if try mainInSetUp() {
                    verdict.notes.append("repository set-up on \(name) before the first feature: allowed")
                } else {
                    verdict.refuse("commits on \(name) are refused outside flow release's version bump: changes reach \(name) by merging a feature branch",
                                   fix: "git stash && flow feature start NAME && git stash pop (then commit there)")
                }
            }
            if releaseBump { return verdict }
            for pack in config.packs {
                let directory = "\(config.packsRoot)/\(pack)"
                // No staged path under the pack: its subtree equals HEAD's, nothing to hash.
                let inside = directory + "/"
                guard staged.contains(where: { $0.path.hasPrefix(inside) || ($0.oldPath?.hasPrefix(inside) ?? false) }) else { continue }
                let stagedTree = try context.git.treeID(of: directory, in: .index)
                guard stagedTree != (try context.git.treeID(of: directory, in: .head)) else { continue }
                guard stagedTree != nil else { continue }  // deleting a whole pack needs no test run
                let outcome = try EvidencePassedGate.evaluate(GateParams(["source": .string("index")]), context.forPack(pack))
                for reason in outcome.reasons { verdict.refuse(reason, fix: outcome.fix ?? "flow next") }
            }
        } catch let error as FlowError {
            throw error
        } catch {
            throw Self.gitFailure(error)
        }
        return verdict
    }

    /// The commit `flow release` makes on main: only pack_metadata.json and ReleaseNotes/ of
    /// packs change, and main's stored phase is the workflow's release phase (`role: release`).
    func isReleaseBump(_ staged: [StagedChange]) throws -> Bool {
        guard !staged.isEmpty else { return false }
        let root = config.packsRoot + "/"
        let onlyBump = staged.allSatisfy { change in
            [change.path, change.oldPath].compactMap { $0 }.allSatisfy { path in
                guard path.hasPrefix(root) else { return false }
                let parts = path.dropFirst(root.count).split(separator: "/", maxSplits: 1)
                guard parts.count == 2, config.packs.contains(String(parts[0])) else { return false }
                return parts[1] == "pack_metadata.json" || parts[1].hasPrefix("ReleaseNotes/")
            }
        }
        guard onlyBump, case .branch(let name, _) = try repository.head(), name == config.mainBranch,
              let stored = try store.loadState().branches[config.mainBranch]?.phase else { return false }
        // Only here, on a commit that looks like a bump, is the workflow read (YAML stays off the
        // hook's usual path): which phase is the release phase is the workflow's to say.
        return try WorkflowLocator.load(config.workflow, root: root).phase(withRole: .release)?.id == stored
    }

    /// Main is still being set up (recorded at a phase before the workflow's create phase: survey,
    /// repo-setup with .gitignore, Packs/, the configuration): its commits cannot come from a
    /// feature branch yet, since features branch from it. Asked only on the way to a refusal, so
    /// the workflow is read off the hook's usual path.
    func mainInSetUp() throws -> Bool {
        guard let stored = try store.loadState().branches[config.mainBranch]?.phase else { return false }
        let workflow = try WorkflowLocator.load(config.workflow, root: root)
        guard let create = workflow.phase(withRole: .create), let createIndex = workflow.index(of: create.id),
              let index = workflow.index(of: stored) else { return false }
        return index < createIndex
    }

    // MARK: commit-msg

    /// The trailers for the staged content: one per pack with passing checks on exactly its
    /// staged tree, checks in the order test, lint, validate, then any others by name.
    /// `flow release`'s own bump commit instead gets `checks=release` for each pack it changes,
    /// which `flow verify commits` accepts only on a commit that is exactly such a bump.
    public func trailers() throws -> [EvidenceTrailer] {
        let evidence = try store.loadEvidence()
        var result: [EvidenceTrailer] = []
        let releaseBump: Bool
        do {
            releaseBump = try isReleaseBump(repository.stagedChanges())
        } catch let error as FlowError {
            throw error
        } catch {
            throw Self.gitFailure(error)
        }
        for pack in config.packs {
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
            let known = EvidencePassedGate.defaultChecks.filter(passed.contains)
            let others = passed.subtracting(known).sorted()
            result.append(EvidenceTrailer(pack: pack, tree: tree, checks: known + others))
        }
        return result
    }

    public func commitMsg(file: String) throws -> HookVerdict {
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowError.invalid("cannot read the commit message file \(path)", hint: "git passes it to the commit-msg hook")
        }
        let commentChar = ((try? repository.configString("core.commentChar")).flatMap { $0 }?.first).flatMap {
            $0 == "a" ? nil : $0  // "auto" picks a free character; flow then only keeps trailers above the last comment block
        } ?? "#"
        var verdict = HookVerdict()
        if config.commitConvention == true,
           let problem = CommitConvention.problem(in: String(decoding: data, as: UTF8.self), packs: config.packs, commentChar: commentChar) {
            verdict.refuse("\(problem) (the seed's convention, on in \(ConfigStore.relativePath): commitConvention)",
                           fix: "git commit -m \"feat(\(config.packs.first ?? "<PackName>")): <what changed>\" (or fix(...), docs(...))")
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

    // MARK: pre-push

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
        return nil
    }

    /// git's pre-push stdin: `<local ref> <local sha> <remote ref> <remote sha>` per line.
    public func prePush(input: String) throws -> HookVerdict {
        var verdict = HookVerdict()
        let zero = String(repeating: "0", count: 40)
        for line in input.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 4, fields[0].hasPrefix("refs/tags/"), fields[1] != zero else { continue }
            let tag = String(fields[0].dropFirst("refs/tags/".count))
            guard let (pack, version) = releaseTag(tag) else { continue }
            do {
                guard let commit = try repository.resolveCommit(fields[1]) else {
                    verdict.refuse("release tag \(tag) does not point at a commit", fix: "git tag -d \(tag) && flow release")
                    continue
                }
                let metadataPath = "\(config.packsRoot)/\(pack)/pack_metadata.json"
                switch PackMetadata.parse(try repository.fileContent(metadataPath, at: commit), path: metadataPath) {
                case .failure(let problem):
                    verdict.refuse("release tag \(tag): \(metadataPath) at \(commit.prefix(12)) is unusable: \(problem)",
                                   fix: "tag a commit whose pack_metadata.json is valid (git tag -d \(tag), then flow release)")
                case .success(let metadata):
                    let current = metadata.currentVersionText ?? "(none)"
                    if current != version {
                        verdict.refuse("release tag \(tag) says \(version) but \(metadataPath) at \(commit.prefix(12)) has currentVersion \(current)",
                                       fix: "git tag -d \(tag) && git tag -a \(config.tagName(version: current, pack: pack)) -m \(current) \(commit.prefix(12))")
                    }
                }
                let main = config.mainBranch
                guard let mainTip = try repository.resolveCommit("refs/heads/\(main)") else {
                    verdict.refuse("release tag \(tag): there is no local \(main) branch to check it against",
                                   fix: "git fetch origin \(main):\(main), then push again")
                    continue
                }
                if !(try repository.isAncestor(commit, of: mainTip)) {
                    verdict.refuse("release tag \(tag) points at \(commit.prefix(12)), which is not on \(main)",
                                   fix: "merge into \(main) first, then move the tag: git tag -d \(tag) && git checkout \(main) && flow release")
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
