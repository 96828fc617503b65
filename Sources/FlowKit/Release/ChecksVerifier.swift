import FlowCore
import FlowGit
import Foundation

/// `flow verify checks`: what the evidence trailers claim, done again in CI. For each pack whose
/// tree changed in the range, the base branch workflow's checks (its phases' `check:` actions:
/// test, lint, validate) run on the tip; a hand-edited ledger, a `--no-verify` commit with a
/// copied trailer or a workflow whose checks run `true` in the pull request change nothing here.
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
        public var checks: [Check]
        public var passed: Bool { checks.allSatisfy(\.passed) }
    }

    public let range: String
    public let workflow: String
    public let packs: [Pack]
    /// True for `--plan`: the packs are listed, nothing ran.
    public let plan: Bool
    public var passed: Bool { packs.allSatisfy(\.passed) }
    /// `{"pack": NAME}` per pack, for a GitHub Actions matrix (`fromJSON(...).include`).
    public var include: [[String: String]] { packs.map { ["pack": $0.pack] } }

    enum CodingKeys: String, CodingKey { case range, workflow, packs, plan, passed, include }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(range, forKey: .range)
        try c.encode(workflow, forKey: .workflow)
        try c.encode(packs, forKey: .packs)
        try c.encode(plan, forKey: .plan)
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
    }
}

public struct ChecksVerifier {
    public let project: Project
    public var runner: CommandRunning

    public init(project: Project, runner: CommandRunning = ProcessRunner()) {
        self.project = project
        self.runner = runner
    }

    public func verify(range: String?, pack only: String?, plan: Bool) throws -> ChecksReport {
        let repo = project.repository
        let (baseSpec, tipSpec) = try CommitVerifier.split(range, project)
        guard let tip = try CommitVerifier.git({ try repo.resolveCommit(tipSpec) }) else {
            throw FlowError.invalid("\(tipSpec) does not name a commit here", hint: "pass --range BASE..TIP with existing revisions")
        }
        var base: String?
        if let baseSpec {
            guard let resolved = try CommitVerifier.git({ try repo.resolveCommit(baseSpec) }) else {
                throw FlowError.invalid("\(baseSpec) does not name a commit here",
                                        hint: "fetch it (git fetch origin \(project.config.mainBranch)) or pass --range BASE..TIP")
            }
            // What the range brings: against where the tip left the base, not the base's newer commits.
            base = try CommitVerifier.git { try repo.mergeBase(resolved, tip) } ?? resolved
        }
        let shown = "\(baseSpec.map { $0 + ".." } ?? "")\(tipSpec)"
        let rules = try CommitVerifier.git { try CommitVerifier.rules(repo, project, base: base) }
        let root = rules.config.packsRoot + "/"
        var names: [String] = []
        for path in try CommitVerifier.git({ try repo.changedPaths(from: base, to: tip) }) where path.hasPrefix(root) {
            let parts = path.dropFirst(root.count).split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if !names.contains(String(parts[0])) { names.append(String(parts[0])) }
        }
        if let only {
            guard names.contains(only) else {
                throw FlowError.invalid("pack \(only) did not change in \(shown) (changed: \(names.isEmpty ? "none" : names.joined(separator: ", ")))",
                                        hint: "flow verify checks --plan lists the packs to check")
            }
            names = [only]
        }
        var packs: [ChecksReport.Pack] = []
        for name in names {
            if let problem = PackName.pathProblem(name) {
                throw FlowError.invalid("\(root)\(name): \(problem)", hint: "rename the pack directory")
            }
            // A pack deleted by the range has nothing to check.
            guard let tree = try CommitVerifier.git({ try repo.treeID(of: root + name, atCommit: tip) }) else { continue }
            packs.append(ChecksReport.Pack(pack: name, tree: tree, checks: []))
        }
        guard !plan else { return ChecksReport(range: shown, workflow: rules.workflow.id, packs: packs, plan: true) }
        try requireCheckout(of: tip, packs: packs.map(\.pack), root: root)
        let actions = rules.workflow.phases.compactMap { phase in phase.action.map { (phase.id, $0) } }
            .filter { $0.1.check != nil && $0.1.perPack }
        for index in packs.indices {
            for (phase, action) in actions {
                packs[index].checks.append(try run(action, phase: phase, pack: packs[index].pack, packsRoot: rules.config.packsRoot))
            }
        }
        return ChecksReport(range: shown, workflow: rules.workflow.id, packs: packs, plan: false)
    }

    /// The checks run on the files on disk: they must be the tip's.
    func requireCheckout(of tip: String, packs: [String], root: String) throws {
        let repo = project.repository
        let head = try CommitVerifier.git { try repo.head().commit }
        guard head == tip else {
            throw FlowError.invalid("the checks run on the checked-out files, but HEAD is not the range's tip \(tip.prefix(12))",
                                    hint: "check out the tip first: git checkout \(tip.prefix(12)) (in CI: actions/checkout of the pull request's head)")
        }
        for pack in packs {
            let onDisk = try CommitVerifier.git { try repo.treeID(of: root + pack, in: .workTree) }
            let committed = try CommitVerifier.git { try repo.treeID(of: root + pack, atCommit: tip) }
            guard onDisk == committed else {
                throw FlowError.invalid("\(root)\(pack) differs from the tip's committed content",
                                        hint: "set the changes aside (git stash), then run flow verify checks again")
            }
        }
    }

    /// Runs the check exactly as `flow next` does (ActionRunner: same commands, tokens, per-component
    /// runs, and the same TestRunRule: a pack with Python sources whose pytest runs passed no test
    /// fails there and here alike).
    func run(_ action: PhaseAction, phase: String, pack: String, packsRoot: String) throws -> ChecksReport.Check {
        let packDir = "\(packsRoot)/\(pack)"
        let check = action.check ?? phase
        let actions = ActionRunner(project: project, runner: runner, progress: SilentProgress())
        try actions.createStubs(action.stubs)
        let report = try actions.runOnce(action, phase: phase, pack: pack, branch: "flow-verify-checks", force: true)
        guard report.result == .passed else {
            return .init(check: check, passed: false, tool: report.tool, message: report.message, output: report.output)
        }
        if report.tool.contains("pytest"), !hasPythonSources(packDir) {
            return .init(check: check, passed: true, tool: report.tool, message: "\(check): nothing to test (\(packDir) has no Python sources)",
                         output: nil)
        }
        return .init(check: check, passed: true, tool: report.tool, message: report.message, output: nil)
    }

    func hasPythonSources(_ packDir: String) -> Bool { TestRunRule.hasPythonSources(root: project.root, packDir: packDir) }
}
