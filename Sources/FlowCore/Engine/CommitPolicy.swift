/// A check a commit needs: recorded by the action of `phase` (`check:` in the workflow file).
public struct RequiredCheck: Equatable, Sendable {
    public let check: String
    /// The first phase whose action records it: where `flow goto` sends the user to run it again.
    public let phase: String

    public init(check: String, phase: String) {
        self.check = check
        self.phase = phase
    }
}

extension Workflow {
    /// The checks the phases' per-pack actions record, in workflow order, each with the first
    /// phase that records it; with `before`, only phases before that index.
    public func checks(before end: Int? = nil) -> [RequiredCheck] {
        var found: [RequiredCheck] = []
        for phase in phases.prefix(end ?? phases.count) {
            guard let action = phase.action, action.perPack, let check = action.check else { continue }
            if !found.contains(where: { $0.check == check }) { found.append(RequiredCheck(check: check, phase: phase.id)) }
        }
        return found
    }

    /// The index of the commit phase (`role: commit`); the phase count when the workflow has none.
    var commitIndex: Int { phase(withRole: .commit).flatMap { index(of: $0.id) } ?? phases.count }
}

/// What a commit of a pack needs, read from the workflow alone: the checks the actions of the
/// phases before the commit phase record (passing on exactly the committed pack tree), and the
/// content gates (`pack.*`, `docs.*`) those phases list, asked whatever the evidence ledger says;
/// and the set-up rules on committed files those phases list (`repositoryGates`), asked of a
/// commit that changes their file.
/// The pre-commit hook asks it of the staged tree, `flow verify commits` of each commit's tree,
/// the release commands of the release tree (the context's file reader says which), so `goto`
/// games and hand-edited ledgers cannot commit a pack whose logo, README or release notes are
/// wrong, and a workflow without a test phase never asks for a test.
public struct CommitPolicy {
    /// Where the gates are asked: a branch-relative gate (`docs.updated-with-change` compares this
    /// branch with main) answers for the staged change, not for one commit of a history; `flow
    /// verify commits` asks it once of the range's whole change instead (`rangeDocsProblems`), and
    /// with `per: commit` its commit judgement of each commit (`DocsUpdatedWithChangeGate.EachCommit`).
    public enum Scope: Sendable { case staged, commit }

    public let checks: [RequiredCheck]
    public let uses: [GateUse]

    /// Every phase before the workflow's commit phase (`role: commit`) counts; all phases when it
    /// has none.
    public init(workflow: Workflow, scope: Scope) {
        let end = workflow.commitIndex
        var uses: [GateUse] = []
        for phase in workflow.phases.prefix(end) {
            for use in phase.gates where Self.isContentGate(use.id) || Self.repositoryGates[use.id] != nil {
                if scope == .commit && use.id == DocsUpdatedWithChangeGate.id { continue }
                if !uses.contains(where: { $0.id == use.id && $0.params == use.params }) {
                    uses.append(GateUse(id: use.id, params: use.params))
                }
            }
        }
        self.uses = uses
        checks = workflow.checks(before: end)
    }

    public init(uses: [GateUse], checks: [RequiredCheck] = []) {
        self.uses = uses
        self.checks = checks
    }

    /// A gate on a pack's content, asked of each pack a commit changes.
    public static func isContentGate(_ id: String) -> Bool { id.hasPrefix("pack.") || id.hasPrefix("docs.") }

    /// Set-up rules on committed files outside the packs: listed before the commit phase, they are
    /// asked of a commit that changes their file, so a feature branch cannot undo them (issue 24).
    public static let repositoryGates: [String: String] = [RepoGitignoreGate.id: ".gitignore"]

    /// The repository rules the policy keeps, with the file whose change asks each.
    public var repositoryUses: [(use: GateUse, file: String)] {
        uses.compactMap { use in Self.repositoryGates[use.id].map { (use, $0) } }
    }

    /// The content gates alone (what is asked of each pack).
    public var contentUses: [GateUse] { uses.filter { Self.isContentGate($0.id) } }

    /// The repository rules whose file is among `changed`, asked of `context` (whose file reader
    /// says which version: the staged one in the pre-commit hook); only the failures are returned.
    public func repositoryFailures(changed: Set<String>, _ context: GateContext) -> [GateReport] {
        var failed: [GateReport] = []
        for (use, file) in repositoryUses where changed.contains(file) {
            guard let gate = GateRegistry.gate(use.id) else { continue }
            let report = Engine.ask(gate, use, context)
            if !report.passed { failed.append(report) }
        }
        return failed
    }

    /// The names of the required checks, in workflow order.
    public var checkNames: [String] { checks.map(\.check) }

    /// The gates asked when no workflow can be loaded at all.
    public static let fallback: [GateUse] = [
        PackNameSafeGate.id, PackMetadataGate.id, PackReadmeGate.id, PackLogoGate.id,
        PackReleaseNotesGate.id, DocsAsciiGate.id,
    ].map { GateUse(id: $0) }

    /// Every content gate, asked about one pack; only the failures are returned.
    public func failures(pack: String, _ context: GateContext) -> [GateReport] {
        if let problem = PackName.pathProblem(pack) {
            return [
                GateReport(
                    gate: PackNameSafeGate.id, pack: pack, passed: false, reasons: ["not checked: \(problem)"],
                    fix: "rename the directory \(context.config.packsRoot)/\(pack)", detail: nil)
            ]
        }
        var failed: [GateReport] = []
        let context = context.forPack(pack).with(checks: checks)
        for use in contentUses {
            guard let gate = GateRegistry.gate(use.id) else { continue }
            let report = Engine.ask(gate, use, context)
            if !report.passed { failed.append(report) }
        }
        return failed
    }
}
