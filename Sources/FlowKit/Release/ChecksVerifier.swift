import FlowCore
import FlowGit
import Foundation

/// `flow verify checks`: what the evidence trailers claim, done again in CI. For each pack whose
/// tree changed in the range, the base branch workflow's checks (its phases' `check:` actions:
/// test, lint, validate) run on the tip; a hand-edited ledger, a `--no-verify` commit with a
/// copied trailer or a workflow whose checks run `true` in the pull request change nothing here.
/// A range that changes a policy input (PolicyInputs) is named and fails unless a maintainer
/// accepts it (`--accept-rule-changes`, then the new rules judge); the packs judged are those under
/// the base's packsRoot and the tip's.
public struct ChecksReport: Codable, Equatable, Sendable {
    public struct Check: Codable, Equatable, Sendable {
        public let check: String
        public let passed: Bool
        public let tool: String
        public let message: String
        public let output: String?
    }

    public struct Pack: Codable, Equatable, Sendable {
        public let pack: String
        public let tree: String
        /// The pack's directory (under the base's packsRoot, or the tip's when the range moves it).
        public var directory: String?
        public var checks: [Check]
        public var passed: Bool { checks.allSatisfy(\.passed) }
    }

    public let range: String
    public let workflow: String
    public let packs: [Pack]
    /// True for `--plan`: the packs are listed, nothing ran.
    public let plan: Bool
    /// The policy inputs the range changes (PolicyInputs): named, and a failure unless accepted.
    public var policyChanges: [PolicyInputs.Change] = []
    /// `--accept-rule-changes`: a maintainer accepted them; the range was judged with the new rules.
    public var acceptedRuleChanges = false
    /// The base has no flow configuration: the range sets the rules up (listed, accepted).
    public var rulesSetUp = false
    public var rulesChanged: Bool { !policyChanges.isEmpty && !acceptedRuleChanges }
    public var passed: Bool { packs.allSatisfy(\.passed) && !rulesChanged }
    /// `{"pack": NAME}` per pack, for a GitHub Actions matrix (`fromJSON(...).include`).
    public var include: [[String: String]] { packs.map { ["pack": $0.pack] } }

    enum CodingKeys: String, CodingKey {
        case range, workflow, packs, plan, policyChanges, acceptedRuleChanges, rulesSetUp, passed, include
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(range, forKey: .range)
        try c.encode(workflow, forKey: .workflow)
        try c.encode(packs, forKey: .packs)
        try c.encode(plan, forKey: .plan)
        try c.encode(policyChanges, forKey: .policyChanges)
        try c.encode(acceptedRuleChanges, forKey: .acceptedRuleChanges)
        try c.encode(rulesSetUp, forKey: .rulesSetUp)
        try c.encode(passed, forKey: .passed)
        try c.encode(include, forKey: .include)
    }

    public init(range: String, workflow: String, packs: [Pack], plan: Bool) {
        self.range = range
        self.workflow = workflow
        self.packs = packs
        self.plan = plan
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        range = try c.decode(String.self, forKey: .range)
        workflow = try c.decode(String.self, forKey: .workflow)
        packs = try c.decode([Pack].self, forKey: .packs)
        plan = try c.decode(Bool.self, forKey: .plan)
        policyChanges = try c.decodeIfPresent([PolicyInputs.Change].self, forKey: .policyChanges) ?? []
        acceptedRuleChanges = try c.decodeIfPresent(Bool.self, forKey: .acceptedRuleChanges) ?? false
        rulesSetUp = try c.decodeIfPresent(Bool.self, forKey: .rulesSetUp) ?? false
    }
}

public struct ChecksVerifier {
    public let project: Project
    public var runner: CommandRunning

    public init(project: Project, runner: CommandRunning = ProcessRunner()) {
        self.project = project
        self.runner = runner
    }

    public func verify(range: String?, pack only: String?, plan: Bool, acceptRuleChanges: Bool = false) throws -> ChecksReport {
        let repo = project.repository
        let (baseSpec, tipSpec) = try CommitVerifier.split(range, project)
        guard let tip = try CommitVerifier.git({ try repo.resolveCommit(tipSpec) }) else {
            throw FlowError.invalid("\(tipSpec) does not name a commit here", hint: "pass --range BASE..TIP with existing revisions")
        }
        var base: String?
        if let baseSpec {
            guard let resolved = try CommitVerifier.git({ try repo.resolveCommit(baseSpec) }) else {
                throw FlowError.invalid(
                    "\(baseSpec) does not name a commit here",
                    hint: "fetch it (git fetch origin \(project.config.mainBranch)) or pass --range BASE..TIP")
            }
            // What the range brings: against where the tip left the base, not the base's newer commits.
            base = try CommitVerifier.git { try repo.mergeBase(resolved, tip) } ?? resolved
        }
        let shown = "\(baseSpec.map { $0 + ".." } ?? "")\(tipSpec)"
        let baseRules = try CommitVerifier.git { try CommitVerifier.rules(repo, project, base: base) }
        let changed = try CommitVerifier.git { try repo.changedPaths(from: base, to: tip) }
        let policy = try CommitVerifier.git {
            try CommitVerifier.policyChange(repo, project, base: base, tip: tip, rules: baseRules, changed: changed)
        }
        // With the rules changed and accepted by a maintainer, the new rules (this checkout's) judge.
        let acceptsNew = (acceptRuleChanges || policy.setUp) && !policy.changes.isEmpty
        let rules = acceptsNew ? try CommitVerifier.git { try CommitVerifier.rules(repo, project, base: nil) } : baseRules
        // The packs under the base's packsRoot and under the tip's: moving the root hides nothing.
        var names: [(name: String, root: String)] = []
        for packsRoot in policy.packsRoots {
            let root = packsRoot + "/"
            for path in changed where path.hasPrefix(root) {
                let parts = path.dropFirst(root.count).split(separator: "/", maxSplits: 1)
                guard parts.count == 2 else { continue }
                if !names.contains(where: { $0.name == String(parts[0]) && $0.root == packsRoot }) {
                    names.append((String(parts[0]), packsRoot))
                }
            }
        }
        if let only {
            guard names.contains(where: { $0.name == only }) else {
                let listed = Array(Set(names.map(\.name))).sorted()
                throw FlowError.invalid(
                    "pack \(only) did not change in \(shown) (changed: \(listed.isEmpty ? "none" : listed.joined(separator: ", ")))",
                    hint: "flow verify checks --plan lists the packs to check")
            }
            names = names.filter { $0.name == only }
        }
        var packs: [ChecksReport.Pack] = []
        var roots: [String] = []
        for (name, packsRoot) in names {
            if let problem = PackName.pathProblem(name) {
                throw FlowError.invalid("\(packsRoot)/\(name): \(problem)", hint: "rename the pack directory")
            }
            // A pack deleted by the range has nothing to check.
            guard let tree = try CommitVerifier.git({ try repo.treeID(of: packsRoot + "/" + name, atCommit: tip) }) else { continue }
            packs.append(ChecksReport.Pack(pack: name, tree: tree, directory: packsRoot + "/" + name, checks: []))
            roots.append(packsRoot)
        }
        func report(_ packs: [ChecksReport.Pack], plan: Bool) -> ChecksReport {
            var report = ChecksReport(range: shown, workflow: rules.workflow.id, packs: packs, plan: plan)
            report.policyChanges = policy.changes
            report.acceptedRuleChanges = acceptsNew
            report.rulesSetUp = policy.setUp && !policy.changes.isEmpty
            return report
        }
        guard !plan else { return report(packs, plan: true) }
        // The base's test requirements judge, as its workflow does (the new list once accepted).
        let requirements: TestRequirements?? = try base.flatMap { base in
            acceptsNew ? nil : .some(try TestRequirements.load(repo, at: base))
        }
        try requireCheckout(of: tip, directories: packs.map { $0.directory ?? $0.pack })
        let actions = rules.workflow.phases.compactMap { phase in phase.action.map { (phase.id, $0) } }
            .filter { $0.1.check != nil && $0.1.perPack }
        // Each check must leave the checkout as it found it: a test that rewrites the sources (or
        // writes a ruff.toml) would otherwise decide what the next check reads.
        let untouched = try checkoutChanges()
        for index in packs.indices {
            for (phase, action) in actions {
                var check = try run(
                    action, phase: phase, pack: packs[index].pack, packsRoot: roots[index], base: base, requirements: requirements)
                let changed = try checkoutChanges().subtracting(untouched).filter {
                    $0.tracked || $0.path.hasPrefix(roots[index] + "/" + packs[index].pack + "/")
                        || PolicyInputs.toolConfigurations[String($0.path.split(separator: "/").last ?? "")] != nil
                }.map(\.path).sorted()
                if !changed.isEmpty {
                    check = .init(
                        check: check.check, passed: false, tool: check.tool,
                        message: "\(check.check) changed the checkout it judges (\(changed.prefix(5).joined(separator: ", "))"
                            + "\(changed.count > 5 ? ", ..." : "")): a check must leave the committed content as it found it",
                        output: check.output)
                    packs[index].checks.append(check)
                    return report(packs, plan: false)
                }
                packs[index].checks.append(check)
            }
        }
        return report(packs, plan: false)
    }

    struct CheckoutChange: Hashable {
        let path: String
        let tracked: Bool
    }

    /// What differs in the checkout from HEAD: tracked files changed, untracked files not ignored.
    func checkoutChanges() throws -> Set<CheckoutChange> {
        let entries = try CommitVerifier.git { try project.repository.status() }
        return Set(
            entries.filter { $0.unstaged || $0.untracked || $0.staged }.map { CheckoutChange(path: $0.path, tracked: !$0.untracked) })
    }

    /// The checks run on the files on disk: they must be the tip's.
    func requireCheckout(of tip: String, directories: [String]) throws {
        let repo = project.repository
        let head = try CommitVerifier.git { try repo.head().commit }
        guard head == tip else {
            throw FlowError.invalid(
                "the checks run on the checked-out files, but HEAD is not the range's tip \(tip.prefix(12))",
                hint: "check out the tip first: git checkout \(tip.prefix(12)) (in CI: actions/checkout of the pull request's head)")
        }
        for directory in directories {
            let onDisk = try CommitVerifier.git { try repo.treeID(of: directory, in: .workTree) }
            let committed = try CommitVerifier.git { try repo.treeID(of: directory, atCommit: tip) }
            guard onDisk == committed else {
                throw FlowError.invalid(
                    "\(directory) differs from the tip's committed content",
                    hint: "set the changes aside (git stash), then run flow verify checks again")
            }
        }
    }

    /// Runs the check exactly as `flow next` does (ActionRunner: same commands, tokens, per-component
    /// runs, and the same TestRunRule: a pack with Python sources whose pytest runs passed no test
    /// fails there and here alike).
    /// `base`: the change is measured from there, as the desk measures it from where the branch
    /// left main (lint targets, changed lines).
    func run(
        _ action: PhaseAction, phase: String, pack: String, packsRoot: String, base: String?,
        requirements: TestRequirements?? = nil
    ) throws -> ChecksReport.Check {
        let packDir = "\(packsRoot)/\(pack)"
        let check = action.check ?? phase
        let actions = ActionRunner(
            project: project, runner: runner, progress: SilentProgress(), changeBase: base, testRequirements: requirements)
        try actions.createStubs(action.stubs)
        let report = try actions.runOnce(action, phase: phase, pack: pack, branch: "flow-verify-checks", force: true, packsRoot: packsRoot)
        guard report.result == .passed else {
            return .init(check: check, passed: false, tool: report.tool, message: report.message, output: report.output)
        }
        if report.tool.contains("pytest"), !hasPythonSources(packDir) {
            return .init(
                check: check, passed: true, tool: report.tool, message: "\(check): nothing to test (\(packDir) has no Python sources)",
                output: nil)
        }
        return .init(check: check, passed: true, tool: report.tool, message: report.message, output: nil)
    }

    func hasPythonSources(_ packDir: String) -> Bool { TestRunRule.hasPythonSources(root: project.root, packDir: packDir) }
}
