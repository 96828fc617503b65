import FlowCore
import FlowGit

extension GateContext {
    /// What the gates judge: the checkout as it is, or a commit's tree.
    enum Subject {
        /// The work tree's files, with the evidence ledger and the branch that evidence is for.
        case checkout(evidence: EvidenceLedger)
        /// A commit's tree, read from git under the configuration's `packsRoot` (`flow verify
        /// commits`, a commit's content gates): no evidence and no branch, since neither is the
        /// commit's.
        case commit(String)
    }

    /// The one place FlowKit decides what a gate context holds, so that `flow next`, the hooks,
    /// `flow release` and `flow verify` hand the gates the same ingredients. The pre-commit hook's
    /// view of one pack is derived from it (`packView`).
    static func of(
        _ subject: Subject, repository: Repository, root: String, store: StateStore, config: ProjectConfig,
        commands: CommandRunning = ProcessRunner(), workTree: WorkTreeSnapshot? = nil
    ) -> GateContext {
        switch subject {
        case .checkout(let evidence):
            // A project's command shares its work-tree snapshot with the gates (`Project.context`).
            let facts: RepositoryFacts = workTree.map { CheckoutFacts(repository, workTree: $0) } ?? repository
            return GateContext(
                git: FactsSnapshot(facts), files: LocalFiles(root: root), config: config, evidence: evidence,
                commands: commands, branch: try? Project.branchKey(of: repository),
                content: ContentReader(cacheDirectory: store.directory + "/ast-cache"))
        case .commit(let id):
            // Without the Python facts' cache: it serves the checkout's repeated reads (the hook
            // after `flow next`); a commit's tree is read as it always was.
            return GateContext(
                git: FactsSnapshot(repository),
                files: GitTreeFiles(repository: repository, source: .commit(id), packsRoot: config.packsRoot),
                config: config, evidence: EvidenceLedger(), commands: commands, content: ContentReader())
        }
    }
}
