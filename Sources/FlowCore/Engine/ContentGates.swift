/// The content gates a commit must pass whatever the evidence ledger says: the `pack.*` and
/// `docs.*` gates of the phases before the commit phase. The pre-commit hook asks them of the
/// staged tree, `flow verify commits` of each commit's tree, the release commands of the release
/// tree (the context's file reader says which), so `goto` games and hand-edited ledgers cannot
/// commit a pack whose logo, README or release notes are wrong.
public struct ContentGates {
    /// Where the gates are asked: a branch-relative gate (`docs.updated-with-change` compares this
    /// branch with main) only answers for the staged change, not for one commit of a history.
    public enum Scope: Sendable { case staged, commit }

    public let uses: [GateUse]

    /// Every phase before the workflow's commit phase (`role: commit`) counts; all phases when it
    /// has none.
    public init(workflow: Workflow, scope: Scope) {
        let end = workflow.phase(withRole: .commit).flatMap { workflow.index(of: $0.id) } ?? workflow.phases.count
        var uses: [GateUse] = []
        for phase in workflow.phases.prefix(end) {
            for use in phase.gates where use.id.hasPrefix("pack.") || use.id.hasPrefix("docs.") {
                if scope == .commit && use.id == DocsUpdatedWithChangeGate.id { continue }
                if !uses.contains(where: { $0.id == use.id && $0.params == use.params }) {
                    uses.append(GateUse(id: use.id, params: use.params))
                }
            }
        }
        self.uses = uses
    }

    public init(uses: [GateUse]) { self.uses = uses }

    /// The gates asked when no workflow can be loaded at all.
    public static let fallback: [GateUse] = [PackNameSafeGate.id, PackMetadataGate.id, PackReadmeGate.id, PackLogoGate.id,
                                             PackReleaseNotesGate.id, DocsAsciiGate.id].map { GateUse(id: $0) }

    /// Every content gate, asked about one pack; only the failures are returned.
    public func failures(pack: String, _ context: GateContext) -> [GateReport] {
        if let problem = PackName.pathProblem(pack) {
            return [GateReport(gate: PackNameSafeGate.id, pack: pack, passed: false, reasons: ["not checked: \(problem)"],
                               fix: "rename the directory \(context.config.packsRoot)/\(pack)", detail: nil)]
        }
        var failed: [GateReport] = []
        for use in uses {
            guard let gate = GateRegistry.gate(use.id) else { continue }
            let report = Engine.ask(gate, use, context.forPack(pack))
            if !report.passed { failed.append(report) }
        }
        return failed
    }
}
