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

    init(repository: Repository, root: String, config: ProjectConfig, workflow: Workflow) {
        self.repository = repository
        self.root = root
        self.store = StateStore(gitCommonDirectory: repository.commonDirectory)
        self.config = config
        self.workflow = workflow
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
            throw FlowError.invalid("\(repository.gitDirectory) is a bare repository: flow needs a work tree",
                                    hint: "clone it (git clone \(repository.gitDirectory) pack-repo) and run flow there")
        }
        return (repository, root)
    }

    public static func open(at path: String?, workflow override: String? = nil) throws -> Project {
        let (repository, root) = try openRepository(at: path)
        guard let config = try ConfigStore.load(root: root) else {
            throw FlowError.invalid("no flow configuration in \(root) (\(ConfigStore.relativePath) is missing)",
                                    hint: "run `flow init` first")
        }
        let workflow = try WorkflowLocator.load(override ?? config.workflow, root: root)
        return Project(repository: repository, root: root, config: config, workflow: workflow)
    }

    /// State is kept per branch; a detached HEAD gets its own key.
    public func branchKey() throws -> String {
        do {
            switch try repository.head() {
            case .branch(let name, _), .unborn(let name): return name
            case .detached(let commit): return "detached@\(commit.prefix(12))"
            }
        } catch let error as GitError {
            throw FlowError(error)
        }
    }

    public func context(evidence: EvidenceLedger, runner: CommandRunning = ProcessRunner()) -> GateContext {
        GateContext(git: FactsSnapshot(repository), files: LocalFiles(root: root), config: config,
                    evidence: evidence, commands: runner, content: ContentReader())
    }

    public static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
