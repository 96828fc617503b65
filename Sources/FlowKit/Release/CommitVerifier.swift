import FlowCore
import FlowGit
import Foundation

/// `flow verify commits`: every commit of a range that changes a pack directory's tree (any
/// `Packs/*`, configured or not; a merge only when its pack tree differs from every parent)
/// carries an evidence trailer naming that tree and the checks the base branch workflow requires
/// (none asked when its phases record none), and the pack's content passes that workflow's
/// pack.*/docs.* gates on the commit's own tree. The range's changes to the policy inputs
/// (PolicyInputs) are listed and fail it unless accepted (`--accept-rule-changes`).
public struct CommitsReport: Codable, Equatable, Sendable {
    public struct Offender: Codable, Equatable, Sendable {
        public let commit: String
        public let subject: String
        public let reasons: [String]
        /// Every reason is a content gate's finding: the hooks ran (the trailer is in order), the
        /// content fails the rules the range is judged by, and `fix` says how to fix the content.
        public var contentOnly = false
        public var fix: String?
    }

    public let range: String
    public let checked: Int
    /// Merges that only join their parents' pack trees (a merge with new pack content is checked).
    public let skippedMerges: Int
    public let offenders: [Offender]
    /// Commits that touch a pack and were made by `git revert` or `git cherry-pick`, which run no
    /// pre-commit hook: listed even when they pass.
    public var flagged: [String] = []
    /// Whose rules the content gates applied: the base branch's, else this checkout's.
    public var rules = ""
    /// The policy inputs the range changes (PolicyInputs): a pull request's change to the rules.
    public var policyChanges: [PolicyInputs.Change] = []
    /// `--accept-rule-changes`: a maintainer accepted them; the range was judged with the new rules.
    public var acceptedRuleChanges = false
    /// The base has no flow configuration: the range sets the rules up (listed, accepted).
    public var rulesSetUp = false
    public var rulesChanged: Bool { !policyChanges.isEmpty && !acceptedRuleChanges }
    public var passed: Bool { offenders.isEmpty && !rulesChanged }

    enum CodingKeys: String, CodingKey {
        case range, checked, skippedMerges, offenders, flagged, rules, policyChanges, acceptedRuleChanges, rulesSetUp, passed
    }

    public init(range: String, checked: Int, skippedMerges: Int, offenders: [Offender], flagged: [String] = []) {
        self.range = range
        self.checked = checked
        self.skippedMerges = skippedMerges
        self.offenders = offenders
        self.flagged = flagged
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        range = try c.decode(String.self, forKey: .range)
        checked = try c.decode(Int.self, forKey: .checked)
        skippedMerges = try c.decode(Int.self, forKey: .skippedMerges)
        offenders = try c.decode([Offender].self, forKey: .offenders)
        flagged = try c.decodeIfPresent([String].self, forKey: .flagged) ?? []
        rules = try c.decodeIfPresent(String.self, forKey: .rules) ?? ""
        policyChanges = try c.decodeIfPresent([PolicyInputs.Change].self, forKey: .policyChanges) ?? []
        acceptedRuleChanges = try c.decodeIfPresent(Bool.self, forKey: .acceptedRuleChanges) ?? false
        rulesSetUp = try c.decodeIfPresent(Bool.self, forKey: .rulesSetUp) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(range, forKey: .range)
        try c.encode(checked, forKey: .checked)
        try c.encode(skippedMerges, forKey: .skippedMerges)
        try c.encode(offenders, forKey: .offenders)
        try c.encode(flagged, forKey: .flagged)
        try c.encode(rules, forKey: .rules)
        try c.encode(policyChanges, forKey: .policyChanges)
        try c.encode(acceptedRuleChanges, forKey: .acceptedRuleChanges)
        try c.encode(rulesSetUp, forKey: .rulesSetUp)
        try c.encode(passed, forKey: .passed)
    }
}

public enum CommitVerifier {
    /// Resolves `A..B` (or the default `origin/<main>..HEAD`, else `<main>..HEAD`) and checks it.
    public static func verify(_ project: Project, range: String?, acceptRuleChanges: Bool = false) throws -> CommitsReport {
        let repo = project.repository
        let (baseSpec, tipSpec) = try split(range, project)
        guard let tip = try git({ try repo.resolveCommit(tipSpec) }) else {
            throw FlowError.invalid("\(tipSpec) does not name a commit here", hint: "pass --range BASE..TIP with existing revisions")
        }
        var base: String?
        if let baseSpec {
            guard let resolved = try git({ try repo.resolveCommit(baseSpec) }) else {
                throw FlowError.invalid(
                    "\(baseSpec) does not name a commit here",
                    hint: "fetch it (git fetch origin \(project.config.mainBranch)) or pass --range BASE..TIP")
            }
            base = resolved
        }
        let shown = "\(baseSpec.map { $0 + ".." } ?? "")\(tipSpec)"
        return try git { try check(repo, project, base: base, baseName: baseSpec, tip: tip, shown: shown, accept: acceptRuleChanges) }
    }

    static func split(_ range: String?, _ project: Project) throws -> (String?, String) {
        if let range {
            let parts = range.components(separatedBy: "..")
            guard parts.count == 2, !parts[1].hasPrefix("."), !parts[0].isEmpty || !parts[1].isEmpty else {
                throw FlowError.invalid("--range \(range) is not of the form BASE..TIP", hint: "e.g. --range origin/main..HEAD")
            }
            return (parts[0].isEmpty ? "HEAD" : parts[0], parts[1].isEmpty ? "HEAD" : parts[1])
        }
        let main = project.config.mainBranch
        if try git({ try project.repository.resolveCommit("refs/remotes/origin/\(main)") }) != nil {
            return ("origin/\(main)", "HEAD")
        }
        if try git({ try project.repository.resolveCommit("refs/heads/\(main)") }) != nil {
            return (main, "HEAD")
        }
        throw FlowError.invalid(
            "neither origin/\(main) nor \(main) exists, so there is no default range",
            hint: "pass --range BASE..TIP (in CI: git fetch origin \(main))")
    }

    /// The rules a range is judged by: the base branch's configuration and workflow (a pull request
    /// cannot edit its own rules), else this checkout's when the base has none yet.
    struct Rules {
        let config: ProjectConfig
        let workflow: Workflow
        let content: CommitPolicy
        /// True when they are the base's own (its .flow/config.yml), false for this checkout's.
        var fromBase = true
    }

    static func rules(_ repo: Repository, _ project: Project, base: String?) throws -> Rules {
        let own = Rules(
            config: project.config, workflow: project.workflow,
            content: CommitPolicy(workflow: project.workflow, scope: .commit), fromBase: false)
        guard let base, let config = try config(repo, at: base) else { return own }
        let name = config.workflow
        let workflow: Workflow
        if !WorkflowLocator.isShippedName(name), !name.hasPrefix("/"),
            let bytes = try repo.fileContent(PolicyInputs.normalised(name), at: base)
        {
            // The base branch's own copy of a workflow kept in the repository (`./.flow/wf.yml` too).
            workflow = try WorkflowLoader.load(data: Data(bytes), file: "\(name) at \(base.prefix(12))")
        } else {
            workflow = try WorkflowLocator.load(name, root: project.root)
        }
        return Rules(config: config, workflow: workflow, content: CommitPolicy(workflow: workflow, scope: .commit))
    }

    /// The `.flow/config.yml` committed at `commit`; nil when it has none.
    static func config(_ repo: Repository, at commit: String) throws -> ProjectConfig? {
        guard let bytes = try repo.fileContent(ConfigStore.relativePath, at: commit) else { return nil }
        let file = "\(ConfigStore.relativePath) at \(commit.prefix(12))"
        guard bytes.count <= ConfigStore.maximumBytes, let text = String(bytes: bytes, encoding: .utf8) else {
            throw FlowError.invalid(
                "\(file) is not a flow configuration (over 1 MB, or not UTF-8)", hint: "fix it in a commit of its own")
        }
        var config = try ConfigStore.decodeSettings(text, file: file)
        // The recorded debt at that commit judges too: a pull request cannot excuse its own findings.
        if let debt = try repo.fileContent(Baseline.relativePath, at: commit) {
            config.baseline = try ConfigStore.baseline(debt, file: "\(Baseline.relativePath) at \(commit.prefix(12))")
        }
        return config
    }

    /// What the range does to the rules: the policy inputs it changes (PolicyInputs, under the
    /// base's configuration and the tip's), and the packs roots whose packs it judges (the base's
    /// and the tip's: moving packsRoot does not take a pack out of the checks).
    struct PolicyChange {
        var changes: [PolicyInputs.Change] = []
        var packsRoots: [String]
        /// The base has no `.flow/config.yml`: the range sets flow up, there are no earlier rules to
        /// loosen, and its own judge it (listed, not a failure).
        var setUp = false
    }

    static func policyChange(
        _ repo: Repository, _ project: Project, base: String?, tip: String, rules: Rules,
        changed: [String]? = nil
    ) throws -> PolicyChange {
        let tipConfig = try config(repo, at: tip) ?? project.config
        var roots = [PolicyInputs.normalised(rules.config.packsRoot)]
        if !roots.contains(PolicyInputs.normalised(tipConfig.packsRoot)) { roots.append(PolicyInputs.normalised(tipConfig.packsRoot)) }
        guard let base else { return PolicyChange(packsRoots: roots) }
        var settings: [PolicyInputs.Setting] = []
        for (commit, config) in [(base, rules.config), (tip, tipConfig)] {
            let sdkConf = try repo.fileContent(".demisto-sdk-conf", at: commit).map { String(decoding: $0, as: UTF8.self) }
            settings.append(
                PolicyInputs.Setting(
                    workflow: config.workflow, commonServer: config.commonServer, packsRoot: config.packsRoot,
                    validationConfig: sdkConf.flatMap { ValidationConfig.configPath(sdkConf: $0) }))
        }
        let baseConfig = try config(repo, at: base)
        var changes = PolicyInputs.changes(try changed ?? repo.changedPaths(from: base, to: tip), settings: settings)
        if changes.contains(where: { $0.path == PolicyInputs.configPath }),
            !PolicyInputs.configChangesRules(baseConfig, try config(repo, at: tip))
        {
            changes.removeAll { $0.path == PolicyInputs.configPath }
        }
        // The recorded debt may only shrink: entries the tip has and the base had not excuse findings.
        if let baseConfig, let added = try config(repo, at: tip)?.baseline.added(over: baseConfig.baseline), !added.isEmpty {
            changes.append(
                PolicyInputs.Change(
                    path: Baseline.relativePath,
                    why: "\(added.count) finding(s) added to the recorded debt of adopted packs, which the gates then do not refuse"))
        }
        return PolicyChange(changes: changes, packsRoots: roots, setUp: baseConfig == nil)
    }

    static func check(
        _ repo: Repository, _ project: Project, base: String?, baseName: String?, tip: String,
        shown: String, accept: Bool = false
    ) throws -> CommitsReport {
        var offenders: [CommitsReport.Offender] = []
        var checked = 0
        var merges = 0
        var flagged: [String] = []
        let baseRules = try rules(repo, project, base: base)
        // What judges a range: the base's rules; with --accept-rule-changes and a range that
        // changes them, the new rules (the tip's, checked out here).
        let policy = try policyChange(repo, project, base: base, tip: tip, rules: baseRules)
        let acceptsNew = (accept || policy.setUp) && !policy.changes.isEmpty
        let rules = acceptsNew ? try rules(repo, project, base: nil) : baseRules
        let whose =
            policy.setUp
            ? "this checkout's rules (\(baseName ?? "the base") has no \(ConfigStore.relativePath))"
            : acceptsNew
                ? "the new rules of this range (accepted with --accept-rule-changes)"
                : rules.fromBase
                    ? "the rules of \(baseName ?? "the base")"
                    : "this checkout's rules (\(baseName ?? "the base") has no \(ConfigStore.relativePath))"
        let main = rules.config.mainBranch
        let mainTips = try ["refs/heads/\(main)", "refs/remotes/origin/\(main)"].compactMap { try repo.resolveCommit($0) }
        // The pack trees known to be checked: the base's (main as it is) and those of the range's
        // commits that passed. A commit back to one of them (a revert, a rebase that lands on a
        // checked tree) brings nothing unchecked, with or without its own trailer.
        var bases: [String] = []
        if let base {
            bases.append(base)
            if let fork = try repo.mergeBase(base, tip), fork != base { bases.append(fork) }
        }
        var checkedTrees = CheckedTrees(repo: repo, bases: bases)
        // docs.updated-with-change compares a branch with main: asked once of the whole range
        // (from where it left the base to the tip), as the hook asks it of the branch's staged
        // change, and reported on the tip.
        let docs = try rangeDocsProblems(repo, project, rules, base: base, tip: tip, packsRoots: policy.packsRoots)
        // With `per: commit`, each commit that changes code or YAML brings that code's docs itself
        // (the gate's commit judgement, the one the hook asked when the commit was made: RangeFacts with its parent as the base).
        let perCommitDocs = CommitPolicy(workflow: rules.workflow, scope: .staged).uses.first {
            $0.id == DocsUpdatedWithChangeGate.id && DocsUpdatedWithChangeGate.judgesEachCommit($0.params)
        }
        // Oldest first, so that a commit's tree is known when a later one comes back to it; the
        // report lists them newest first, as git log does.
        for id in try repo.commits(from: base, to: tip).reversed() {
            let info = try repo.commitInfo(id)
            var packs: [(pack: String, tree: String?, root: String)] = []
            for root in policy.packsRoots {
                packs += try touchedPacks(info, repo, root).map { ($0.pack, $0.tree, root) }
            }
            // What the pre-commit hook's git.no-artifacts refuses, asked of the files the commit
            // adds or changes (a merge brings what its branch's commits were judged on).
            let artifacts = info.isMerge ? [] : try artifactProblems(info, repo)
            if info.isMerge && packs.isEmpty {
                merges += 1
                continue
            }
            checked += 1
            // Each commit is judged against the range's base as main, as its own branch would be
            // against main at the desk: CI's fresh clone has no local main to compare with.
            let facts = try base.flatMap { try RangeFacts.of(id, base: $0, repo, mainBranch: rules.config.mainBranch) }
            var (reasons, content) = try problems(
                of: info, packs: packs, repo, project, rules, facts: facts, mainTips: mainTips, checked: &checkedTrees)
            if let use = perCommitDocs, !info.isMerge, let parent = info.parents.first,
                let own = try RangeFacts.of(id, base: parent, repo, mainBranch: rules.config.mainBranch)
            {
                // flow release's bump is flow's own (its notes are checked at the next release).
                let releases = EvidenceTrailer.all(in: info.message).filter(\.isRelease).map(\.pack)
                for (pack, tree, root) in packs where tree != nil && !releases.contains(pack) {
                    var config = rules.config
                    config.packsRoot = root
                    let context = GateContext.of(.commit(id), repository: repo, root: project.root, store: project.store, config: config)
                        .with(git: own).forPack(pack)
                    let report = Engine.ask(DocsUpdatedWithChangeGate.EachCommit.self, use, context)
                    guard !report.passed else { continue }
                    reasons += report.reasons.map { "pack \(pack): \(DocsUpdatedWithChangeGate.id) (this commit): \($0)" }
                    content.reasons += report.reasons.count
                    content.fixes.append("\(DocsUpdatedWithChangeGate.id): \(report.fix ?? "see the reasons above")")
                }
            }
            if !artifacts.isEmpty {
                reasons += artifacts.map { "\(GitNoArtifactsGate.id): \($0)" }
                content.reasons += artifacts.count
                content.fixes.append(
                    "\(GitNoArtifactsGate.id): take each file out of the commit that added it (git rm --cached, then amend or "
                        + "rebase that commit) and let .gitignore ignore build output")
            }
            // The set-up rules on committed files (.gitignore), asked of the commit that changes them.
            let changedFiles = Set(try repo.changedPaths(info.id))
            if !changedFiles.isDisjoint(with: CommitPolicy.repositoryGates.values) {
                var view = GateContext.of(.commit(id), repository: repo, root: project.root, store: project.store, config: rules.config)
                if let facts { view = view.with(git: facts) }
                for failure in rules.content.repositoryFailures(changed: changedFiles, view) {
                    reasons += failure.reasons.map { "\(failure.gate): \($0)" }
                    content.reasons += failure.reasons.count
                    content.fixes.append("\(failure.gate): \(failure.fix ?? "see the reasons above")")
                }
            }
            if !packs.isEmpty, let how = replayed(info.message) {
                // git runs no pre-commit hook for these: only the trailer and CI stand behind them.
                flagged.append("\(id.prefix(12)) \(info.subject): made by git \(how), which runs no pre-commit hook")
                if !reasons.isEmpty {
                    reasons.append("made by git \(how) (no pre-commit hook ran): re-run the checks and commit through the hooks")
                }
            }
            if reasons.isEmpty {
                for pack in packs { if let tree = pack.tree { checkedTrees.add(tree, of: pack.root + "/" + pack.pack) } }
            } else {
                var offender = CommitsReport.Offender(commit: String(id.prefix(12)), subject: info.subject, reasons: reasons)
                if content.reasons == reasons.count {
                    // Through the hooks, refused by the content gates: the content is what to fix.
                    var fixes: [String] = []
                    for fix in content.fixes where !fixes.contains(fix) { fixes.append(fix) }
                    offender.contentOnly = true
                    offender.fix =
                        fixes.joined(separator: "; ") + "; each commit is judged on its own tree with \(whose), "
                        + "so the change belongs in \(offender.commit) itself (`git commit --amend` through the hooks when it is the last commit)"
                } else {
                    // Through the hooks again: the commit-msg hook writes the trailer for the tree
                    // the local evidence covers (a fixup squashed by `rebase --autosquash` lost its own).
                    offender.fix =
                        id == tip
                        ? "git commit --amend --no-edit"
                        : "git rebase --exec 'git commit --amend --no-edit' \(baseName ?? "--root")"
                }
                offenders.append(offender)
            }
        }
        if !docs.reasons.isEmpty {
            let info = try repo.commitInfo(tip)
            let commit = String(tip.prefix(12))
            if let last = offenders.last, last.commit == commit {
                offenders.removeLast()
                var merged = CommitsReport.Offender(commit: commit, subject: last.subject, reasons: last.reasons + docs.reasons)
                merged.contentOnly = last.contentOnly
                // A commit without the hooks' trailer keeps its one command: the hook it runs then
                // names the docs; content fixes are prose and join.
                merged.fix = last.contentOnly ? [last.fix, docs.fix].compactMap { $0 }.joined(separator: "; ") : last.fix
                offenders.append(merged)
            } else {
                var offender = CommitsReport.Offender(commit: commit, subject: info.subject, reasons: docs.reasons)
                offender.contentOnly = true
                offender.fix = docs.fix + "; the range is judged as one change with \(whose)"
                offenders.append(offender)
            }
        }
        var report = CommitsReport(
            range: shown, checked: checked, skippedMerges: merges, offenders: offenders.reversed(), flagged: flagged.reversed())
        report.rules = whose
        report.policyChanges = policy.changes
        report.acceptedRuleChanges = acceptsNew
        report.rulesSetUp = policy.setUp && !policy.changes.isEmpty
        return report
    }

    /// What `docs.updated-with-change` (when the rules' phases before commit list it) finds in the
    /// range's change, pack by pack, and its fix; nothing without a base.
    static func rangeDocsProblems(
        _ repo: Repository, _ project: Project, _ rules: Rules, base: String?, tip: String, packsRoots: [String]
    ) throws -> (reasons: [String], fix: String) {
        guard let base,
            let use = CommitPolicy(workflow: rules.workflow, scope: .staged).uses.first(where: { $0.id == DocsUpdatedWithChangeGate.id }),
            let fork = try repo.mergeBase(base, tip)
        else { return ([], "") }
        let changed = try repo.changedPaths(from: fork, to: tip)
        let facts = RangeFacts(repo, fork: fork, changed: changed, main: ("refs/heads/\(rules.config.mainBranch)", base))
        var reasons: [String] = []
        var fixes: [String] = []
        for packsRoot in packsRoots {
            var names: [String] = []
            for path in changed where path.hasPrefix(packsRoot + "/") {
                let parts = path.dropFirst(packsRoot.count + 1).split(separator: "/", maxSplits: 1)
                if parts.count == 2, !names.contains(String(parts[0])) { names.append(String(parts[0])) }
            }
            for name in names where PackName.pathProblem(name) == nil {
                guard try repo.treeID(of: packsRoot + "/" + name, atCommit: tip) != nil else { continue }  // deleted
                var config = rules.config
                config.packsRoot = packsRoot
                let context = GateContext.of(.commit(tip), repository: repo, root: project.root, store: project.store, config: config)
                    .with(git: facts).forPack(name)
                let report = Engine.ask(DocsUpdatedWithChangeGate.self, use, context)
                guard !report.passed else { continue }
                reasons += report.reasons.map { "pack \(name): \(DocsUpdatedWithChangeGate.id) (the range's change): \($0)" }
                if let fix = report.fix, !fixes.contains(fix) { fixes.append(fix) }
            }
        }
        return (reasons, fixes.joined(separator: "; "))
    }

    /// The build artifacts a commit adds or changes, by name or by content, as the pre-commit
    /// hook's `git.no-artifacts` finds them in the staged files.
    static func artifactProblems(_ info: CommitInfo, _ repo: Repository) throws -> [String] {
        var found: [String] = []
        for path in try repo.changedPaths(info.id) {
            guard let bytes = try repo.fileContent(path, at: info.id) else { continue }  // deleted
            if GitNoArtifactsGate.isArtifactName(path) {
                found.append("committed build artifact: \(path)")
            } else if let problem = GitNoArtifactsGate.zipByContent(path, head: Array(bytes.prefix(4)), whole: { bytes }) {
                found.append("committed file \(problem)")
            }
        }
        return found
    }

    /// `git revert` and `git cherry-pick -x` leave their mark in the message.
    static func replayed(_ message: String) -> String? {
        if message.contains("This reverts commit ") { return "revert" }
        if message.contains("(cherry picked from commit ") { return "cherry-pick" }
        return nil
    }

    /// Every pack directory whose tree the commit changed (against its parent; a merge: against
    /// every parent), configured or not, with its tree in the commit (nil: deleted).
    static func touchedPacks(_ info: CommitInfo, _ repo: Repository, _ packsRoot: String) throws -> [(pack: String, tree: String?)] {
        let root = packsRoot + "/"
        var names: [String] = []
        for path in try repo.changedPaths(info.id) where path.hasPrefix(root) {
            let parts = path.dropFirst(root.count).split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if !names.contains(String(parts[0])) { names.append(String(parts[0])) }
        }
        var result: [(String, String?)] = []
        for name in names {
            let tree = try repo.treeID(of: root + name, atCommit: info.id)
            if info.isMerge {
                // A clean merge takes each pack from one side; only a tree no parent has is new content.
                var differsFromAll = true
                for parent in info.parents where try repo.treeID(of: root + name, atCommit: parent) == tree {
                    differsFromAll = false
                }
                if !differsFromAll { continue }
            }
            result.append((name, tree))
        }
        return result
    }

    /// Why one commit fails, empty when it passes; how many of the reasons are content-gate
    /// findings, and the gates' fixes.
    static func problems(
        of info: CommitInfo, packs: [(pack: String, tree: String?, root: String)], _ repo: Repository, _ project: Project,
        _ rules: Rules, facts: RangeFacts?, mainTips: [String], checked: inout CheckedTrees
    ) throws -> (reasons: [String], content: (reasons: Int, fixes: [String])) {
        let trailers = EvidenceTrailer.all(in: info.message)
        var reasons = EvidenceTrailer.malformed(in: info.message).map { "malformed trailer: \($0)" }
        var content: (reasons: Int, fixes: [String]) = (0, [])
        for (pack, tree, root) in packs {
            // The pack's content gates read it under its own root (a pack under the tip's moved root too).
            var config = rules.config
            config.packsRoot = root
            var context = GateContext.of(.commit(info.id), repository: repo, root: project.root, store: project.store, config: config)
            if let facts { context = context.with(git: facts) }
            guard let tree else { continue }  // the pack was deleted: nothing to check
            let ofPack = trailers.filter { $0.pack == pack }
            let required = rules.content.checkNames
            if !ofPack.contains(where: { $0.tree == tree }), try checked.contains(tree, of: root + "/" + pack) {
                reasons += contentProblems(pack, rules, context, &content)
                continue
            }
            // squash/fixup keeps every trailer: the one naming the final tree is the one that counts.
            guard let trailer = ofPack.last(where: { $0.tree == tree }) ?? ofPack.last else {
                // A workflow whose phases record no check asks only its content gates of a commit.
                if !required.isEmpty {
                    reasons.append(
                        "no \(EvidenceTrailer.key) trailer for pack \(pack) (committed with --no-verify, or without flow's hooks?)")
                }
                reasons += contentProblems(pack, rules, context, &content)
                continue
            }
            if trailer.tree != tree {
                reasons.append(
                    "pack \(pack): the trailer's tree \(trailer.tree.prefix(12)) is not the committed tree "
                        + "\(tree.prefix(12)) (the content changed after the checks ran)")
            }
            if trailer.isRelease {
                if let problem = try releaseBumpProblem(info, pack: pack, repo, config, mainTips: mainTips) {
                    reasons.append("pack \(pack): checks=release, but \(problem)")
                }
                continue  // the release stub is flow's own; its notes are checked at the next release
            } else if case let missing = required.filter({ !trailer.checks.contains($0) }), !missing.isEmpty {
                reasons.append("pack \(pack): the trailer lacks the checks \(missing.joined(separator: ", "))")
            }
            reasons += contentProblems(pack, rules, context, &content)
        }
        return (reasons, content)
    }

    /// The base branch workflow's content gates asked of the pack in the commit's tree; counted,
    /// with the gates' fixes, in `content`.
    static func contentProblems(
        _ pack: String, _ rules: Rules, _ context: GateContext,
        _ content: inout (reasons: Int, fixes: [String])
    ) -> [String] {
        var reasons: [String] = []
        for failure in rules.content.failures(pack: pack, context) {
            reasons += failure.reasons.map { "pack \(pack): \(failure.gate): \($0)" }
            content.reasons += failure.reasons.count
            content.fixes.append("\(failure.gate): \(failure.fix ?? "see the reasons above")")
        }
        return reasons
    }

    /// Why a `checks=release` trailer does not fit the commit; nil when the commit is exactly
    /// what `flow release` writes on main: the pack's currentVersion raised (nothing else in
    /// pack_metadata.json) and the new version's release-note file added.
    static func releaseBumpProblem(
        _ info: CommitInfo, pack: String, _ repo: Repository, _ config: ProjectConfig,
        mainTips: [String]
    ) throws -> String? {
        guard !info.isMerge, let parent = info.parents.first else { return "it is not a single-parent commit" }
        guard try mainTips.contains(where: { try repo.isAncestor(info.id, of: $0) }) else {
            return "the commit is not on \(config.mainBranch) (flow release bumps only on \(config.mainBranch))"
        }
        let layout = PackLayout(pack: pack, packsRoot: config.packsRoot)
        var changes: [ReleaseBump.Change] = []
        for path in try repo.changedPaths(info.id) {
            changes.append(ReleaseBump.Change(path: path, added: try repo.fileContent(path, at: parent) == nil))
        }
        return ReleaseBump.problem(
            pack: layout, before: try repo.fileContent(layout.metadata, at: parent),
            after: try repo.fileContent(layout.metadata, at: info.id), changes: changes)
    }

    /// Turns libgit2 failures into exit 2 with the reason.
    static func git<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GitError {
            throw FlowError(error)
        }
    }
}

/// The pack trees a range has shown to be checked, by pack directory: each pack's tree at the base
/// and where the range left it (read once, when the pack is first asked about), and the trees of
/// the range's commits that passed.
struct CheckedTrees {
    let repo: Repository
    let bases: [String]
    private var trees: [String: Set<String>] = [:]

    init(repo: Repository, bases: [String]) {
        self.repo = repo
        self.bases = bases
    }

    mutating func contains(_ tree: String, of directory: String) throws -> Bool {
        try load(directory)
        return trees[directory]?.contains(tree) == true
    }

    mutating func add(_ tree: String, of directory: String) {
        // A base that cannot be read only leaves a tree unknown: stricter, never looser.
        try? load(directory)
        trees[directory, default: []].insert(tree)
    }

    private mutating func load(_ directory: String) throws {
        guard trees[directory] == nil else { return }
        var known: Set<String> = []
        for base in bases { if let tree = try repo.treeID(of: directory, atCommit: base) { known.insert(tree) } }
        trees[directory] = known
    }
}
