import FlowCore

/// One commit of a range as the pre-commit hook judged it when it was made: "the merge-base with
/// main" is where the commit left the range's base, not where HEAD did (in CI, HEAD is the tip or
/// the merge result, and a local main branch may be missing). The gates that judge what a change
/// touches (pack.functions-tested, docs.readme-tables, docs.description-params) then see the
/// commit's change as the hook saw it. Everything else is the wrapped facts' answer.
final class CommitForkFacts: ForwardingFacts {
    private let fork: String?

    init(_ base: RepositoryFacts, fork: String?) {
        self.fork = fork
        super.init(base)
    }

    override func mergeBase(with base: String) throws -> String? { fork }
}
