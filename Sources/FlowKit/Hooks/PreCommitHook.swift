import FlowCore
import FlowGit
import Foundation

/// `flow hook pre-commit`, and pre-merge-commit (git merge runs it where git commit runs
/// pre-commit: one set of checks): no artifacts, no commit on main but a merge, the release bump
/// or its set-up, and every pack the commit changes with passing checks and content gates on
/// exactly its staged tree.
public struct PreCommitHook {
    /// The repository and configuration the commit is judged with (the staged ones).
    public let hook: HookContext

    public init(_ hook: HookContext) { self.hook = hook }

    var repository: Repository { hook.repository }
    var root: String { hook.root }
    var config: ProjectConfig { hook.config }
    var store: StateStore { hook.store }

    /// The verdict on the commit the index holds.
    public func run() throws -> HookVerdict {
        var verdict = HookVerdict()
        let evidence = try store.loadEvidence()
        let context = hook.gateContext(evidence)
        do {
            let artifacts = try GitNoArtifactsGate.evaluate(GateParams(), context)
            for reason in artifacts.reasons { verdict.refuse(reason, fix: artifacts.fix ?? "git rm --cached FILE") }

            let staged = try context.git.stagedChanges()
            let head = try context.git.head()
            let releaseBump = try hook.isReleaseBump(staged)
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
                let list = CommitPolicyCache.load(workflow: config.workflow, root: root, store: store)
                gateList = list
                for failure in list.gates.repositoryFailures(changed: changedFiles, context.with(files: stagedFiles)) {
                    for reason in failure.reasons {
                        verdict.refuse("\(failure.gate) (staged): \(reason)", fix: failure.fix ?? "fix it")
                    }
                }
            }
            // The content gates (loaded only when a pack changed: a commit outside Packs/ stays on
            // the fast path) read the staged blobs, never the work tree.
            // Every pack directory the commit touches, configured or not: the configuration is
            // not what decides whether a pack's content is checked.
            for pack in HookContext.touchedPacks(staged, packsRoot: config.packsRoot) {
                let directory = "\(config.packsRoot)/\(pack)"
                let stagedTree = try context.git.treeID(of: directory, in: .index)
                guard stagedTree != (try context.git.treeID(of: directory, in: .head)) else { continue }
                guard let stagedTree else { continue }  // deleting a whole pack needs no test run
                // A merge that takes the pack's tree from a commit it merges brings content judged
                // when that commit was made; a tree that differs from every parent is new content,
                // held to its own evidence like any commit.
                if try mergeHeads.contains(where: { try repository.treeID(of: directory, atCommit: $0) == stagedTree }) { continue }
                let list = gateList ?? CommitPolicyCache.load(workflow: config.workflow, root: root, store: store)
                gateList = list
                if PackName.pathProblem(pack) == nil {
                    let rerun = EvidencePassedGate.rerun(list.gates.checkNames, context.forPack(pack).with(checks: list.gates.checks))
                    for (path, why) in try repository.hiddenIndexEntries(under: directory) {
                        verdict.refuse(why.refusal(path), fix: why.fix(path, rerun: rerun))
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
                let packView = context.packView(repository: repository, directory: directory, files: stagedFiles)
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
            throw HookContext.gitFailure(error)
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

    /// Main is still being set up (recorded at a phase before the workflow's create phase: survey,
    /// repo-setup with .gitignore, Packs/, the configuration): its commits cannot come from a
    /// feature branch yet, since features branch from it. Asked only on the way to a refusal, so
    /// the workflow is read off the hook's usual path.
    func mainInSetUp() throws -> Bool {
        guard let stored = try store.loadState().branches[config.mainBranch]?.phase else { return false }
        // Facts of the repository outrank the recorded phase: once a release is tagged or a branch
        // is merged into main, main is set up, whatever `flow goto` recorded since.
        if try repository.tags().contains(where: { config.releaseTag($0.name) != nil }) { return false }
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

}
