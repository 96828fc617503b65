import FlowCore
import FlowGit

/// The repository as a pushed branch is judged by the pre-push hook (`git.review-bump`): HEAD is
/// the pushed commit on the pushed branch, its tree is the content ("the work tree"), and the
/// branch's remote-tracking ref is what the remote holds now (git's pre-push stdin), nil for a
/// branch the remote does not have yet.
final class PushFacts: ForwardingFacts {
    private let branch: String
    private let commit: String
    private let remote: String?

    init(_ base: RepositoryFacts, branch: String, commit: String, remote: String?) {
        self.branch = branch
        self.commit = commit
        self.remote = remote
        super.init(base)
    }

    override func head() throws -> Head { .branch(name: branch, commit: commit) }
    override func stagedChanges() throws -> [StagedChange] { [] }
    override func status(pathspec: String?) throws -> [StatusEntry] { [] }
    override func resolveCommit(_ spec: String) throws -> String? {
        if spec == "HEAD" { return commit }
        if spec.hasPrefix("refs/remotes/") && spec.hasSuffix("/" + branch)
            && spec.dropFirst("refs/remotes/".count).split(separator: "/").count == 1 + branch.split(separator: "/").count
        {
            return remote
        }
        return try base.resolveCommit(spec)
    }
    override func treeID(of directory: String, in source: TreeSource) throws -> String? {
        try base.treeID(of: directory, atCommit: commit)
    }
}
