import FlowCore
import FlowGit
import Foundation

/// A repository flow works in: the git handle, the project configuration, the workflow and the
/// state store, opened together.
public final class Project {
    public let repository: Repository
    public let root: String
    public let store: StateStore
    public let config: ProjectConfig
    public let workflow: Workflow
    /// `--workflow` named another workflow than the configured one for this command only: the
    /// branch's stored state is read, never written (a one-off view must not reset phases).
    public let workflowIsOneOff: Bool
    /// The pack directories' work-tree content as this command saw it (one hashing per state).
    public let workTree: WorkTreeSnapshot

    init(repository: Repository, root: String, config: ProjectConfig, workflow: Workflow, workflowIsOneOff: Bool = false) {
        self.repository = repository
        self.root = root
        self.store = StateStore(gitCommonDirectory: repository.commonDirectory)
        self.config = config
        self.workflow = workflow
        self.workflowIsOneOff = workflowIsOneOff
        self.workTree = WorkTreeSnapshot(repository: repository)
    }

    /// Opens the repository around `path` (or git's environment and the current directory).
    public static func openRepository(at path: String?) throws -> (Repository, String) {
        let repository: Repository
        do {
            repository = try Repository.discover(from: path)
        } catch let error as GitError {
            throw FlowError(error)
        }
        guard let root = repository.workDirectory else {
            throw FlowError.invalid(
                "\(repository.gitDirectory) is a bare repository: flow needs a work tree",
                hint: "clone it (git clone \(repository.gitDirectory) pack-repo) and run flow there")
        }
        return (repository, root)
    }

    public static func open(at path: String?, workflow override: String? = nil) throws -> Project {
        let (repository, root) = try openRepository(at: path)
        guard let config = try ConfigStore.load(root: root) else {
            throw FlowError.invalid(
                "no flow configuration in \(root) (\(ConfigStore.relativePath) is missing)",
                hint: "run `flow init` first")
        }
        let workflow = try WorkflowLocator.load(override ?? config.workflow, root: root)
        // A shipped workflow is its name; a file is its path from the root.
        func identity(_ nameOrPath: String) -> String? {
            WorkflowLocator.isShippedName(nameOrPath) ? nameOrPath : try? WorkflowLocator.resolve(nameOrPath, root: root)
        }
        let oneOff = override.map { identity($0) != identity(config.workflow) } ?? false
        return Project(repository: repository, root: root, config: config, workflow: workflow, workflowIsOneOff: oneOff)
    }

    /// State is kept per branch; a detached HEAD gets its own key.
    public func branchKey() throws -> String {
        do {
            return try Project.branchKey(of: repository)
        } catch let error as GitError {
            throw FlowError(error)
        }
    }

    /// The branch name, else mid-rebase the branch being rebased (git keeps it in
    /// rebase-merge/head-name or rebase-apply/head-name: its state and evidence are the ones that
    /// count), else `detached@<commit>`.
    public static func branchKey(of repository: Repository) throws -> String {
        switch try repository.head() {
        case .branch(let name, _), .unborn(let name): return name
        case .detached(let commit):
            for file in ["rebase-merge/head-name", "rebase-apply/head-name"] {
                guard let data = FileManager.default.contents(atPath: repository.gitDirectory + "/" + file) else { continue }
                let ref = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if ref.hasPrefix("refs/heads/") { return String(ref.dropFirst("refs/heads/".count)) }
            }
            return "detached@\(commit.prefix(12))"
        }
    }

    /// What the gates see of the checkout, judged with `evidence`.
    public func context(evidence: EvidenceLedger, runner: CommandRunning = ProcessRunner()) -> GateContext {
        GateContext.of(
            .checkout(evidence: evidence), repository: repository, root: root, store: store, config: config, commands: runner,
            workTree: workTree)
    }

    public static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
