import FlowCore
import FlowGit
import Foundation

/// `flow hook pre-push`: release tags: a published one is never moved or deleted, and a new one is
/// flow release's annotated tag on main's first-parent history, naming its pack's version. Pushed
/// branches: under a workflow that asks `git.review-bump`, each configured pack of the pushed commit
/// is judged against what the remote holds (or the review round's recorded base).
public struct PrePushHook {
    /// The repository and configuration (none in a checkout without flow's: then any tag that
    /// looks like a release is refused).
    public let hook: HookContext

    public init(_ hook: HookContext) { self.hook = hook }

    var repository: Repository { hook.repository }
    var config: ProjectConfig { hook.config }
    var configured: Bool { hook.configured }

    /// Without a configuration: `v1.2.3`, `Pack-v1.2.3`, `1.2.3`… (anything ending in a semver).
    static func looksLikeRelease(_ tag: String) -> Bool {
        let suffix = String(tag.reversed().prefix { $0.isNumber || $0 == "." }.reversed())
        return SemVer(suffix) != nil
    }

    /// git's pre-push stdin: `<local ref> <local sha> <remote ref> <remote sha>` per line. What
    /// counts is the remote ref (what the remote will call it: `git push origin main:refs/tags/v1.0.0`
    /// names a tag there) and the object it will point at, never the local name.
    public func run(input: String) throws -> HookVerdict {
        var verdict = HookVerdict()
        let zero = String(repeating: "0", count: 40)
        for line in input.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            if fields.count == 4, fields[0].hasPrefix("refs/heads/"), fields[2].hasPrefix("refs/heads/"), fields[1] != zero {
                try reviewRound(
                    branch: String(fields[0].dropFirst("refs/heads/".count)), commit: fields[1],
                    remote: fields[3] == zero ? nil : fields[3], into: &verdict)
                continue
            }
            guard fields.count == 4, fields[2].hasPrefix("refs/tags/") else { continue }
            let tag = String(fields[2].dropFirst("refs/tags/".count))
            // A published release tag stays where it is: deleting it, or pointing the remote's name
            // at another object (a re-made tag, force-pushed), rewrites what was released.
            if fields[3] != zero, configured ? config.releaseTag(tag) != nil : Self.looksLikeRelease(tag) {
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
            guard let (pack, version) = config.releaseTag(tag) else { continue }
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
                throw HookContext.gitFailure(error)
            }
        }
        return verdict
    }

    /// S39 at the push: `git.review-bump`, when the workflow lists it, asked of each configured pack
    /// in the pushed commit, with the configuration that commit carries.
    func reviewRound(branch: String, commit: String, remote: String?, into verdict: inout HookVerdict) throws {
        guard configured else { return }
        do {
            let config = try CommitVerifier.config(repository, at: commit) ?? self.config
            let workflow = try WorkflowLocator.load(config.workflow, root: hook.root)
            guard let use = workflow.phases.flatMap(\.gates).first(where: { $0.id == GitReviewBumpGate.id }) else { return }
            let facts = PushFacts(repository, branch: branch, commit: commit, remote: remote)
            for pack in config.packs where try repository.treeID(of: "\(config.packsRoot)/\(pack)", atCommit: commit) != nil {
                let context = GateContext.of(.commit(commit), repository: repository, root: hook.root, store: hook.store, config: config)
                    .with(git: facts).forPack(pack)
                let report = Engine.ask(GitReviewBumpGate.self, use, context)
                if !report.passed {
                    for reason in report.reasons {
                        verdict.refuse("\(GitReviewBumpGate.id) (\(branch)): \(reason)", fix: report.fix ?? "see the reason above")
                    }
                }
            }
        } catch let error as FlowError {
            throw error
        } catch {
            throw HookContext.gitFailure(error)
        }
    }
}
