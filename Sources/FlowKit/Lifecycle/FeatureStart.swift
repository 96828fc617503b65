import FlowCore
import FlowGit
import Foundation

/// `flow feature start NAME`: a feature branch from main, put at the workflow's feature-start phase.
public enum FeatureStart {
    /// Why NAME cannot be a branch name (after the feature prefix), or nil.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the feature name is empty" }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")
        if !name.unicodeScalars.allSatisfy(allowed.contains) {
            return "feature name \(name) may only hold letters, digits, -, _, . and /"
        }
        if name.contains("..") || name.contains("//") || name.hasPrefix("/") || name.hasSuffix("/") || name.hasPrefix("-")
            || name.hasPrefix(".") || name.hasSuffix(".") || name.hasSuffix(".lock") || name.contains("/.")
        {
            return "feature name \(name) is not a valid git branch name"
        }
        return nil
    }

    public struct Result {
        public let branch: String
        public let state: BranchState
        /// The hooks flow installed on the way (unless `hooks: manual`), or what to add for another manager.
        public var hookNotes: [String] = []
    }

    public static func start(_ name: String, project: Project, runner: CommandRunning = ProcessRunner()) throws -> Result {
        if let problem = nameProblem(name) {
            throw FlowError.invalid(problem, hint: "e.g. flow feature start add-search-command")
        }
        let config = project.config
        let branch = config.featurePrefix + name
        let repo = project.repository
        do {
            guard try repo.resolveCommit("refs/heads/\(config.mainBranch)") != nil else {
                throw FlowError.invalid(
                    "branch \(config.mainBranch) has no commits yet, so there is nothing to branch from",
                    hint: "commit the repository set-up on \(config.mainBranch) first, naming the files "
                        + "(\(GitRepositoryGate.setUpCommit(LocalFiles(root: project.root)))); "
                        + "flow status says what else the set-up needs")
            }
            if try repo.resolveCommit("refs/heads/\(branch)") != nil {
                throw FlowError.invalid(
                    "branch \(branch) already exists", hint: "switch to it (git switch \(branch)) or choose another name")
            }
            let dirty = try repo.status().filter { $0.staged || $0.unstaged }
            if !dirty.isEmpty {
                throw FlowError.invalid(
                    "the work tree has uncommitted changes: "
                        + dirty.prefix(5).map(\.path).joined(separator: ", ") + (dirty.count > 5 ? ", ..." : ""),
                    hint: "git stash && flow feature start \(name) && git stash pop")
            }
        } catch let error as GitError {
            throw FlowError(error)
        }
        let lifecycle = Lifecycle(project: project, runner: runner)
        // Main's state before switching: the new branch starts from it.
        let (_, mainState) = try lifecycle.currentState()
        let result = runner.run(
            ["git", "switch", "-c", branch, config.mainBranch], in: project.root, environment: [:],
            timeoutSeconds: 60)
        switch result.outcome {
        case .notStarted(let why): throw FlowError(.toolMissing, why, hint: "install git")
        case .timedOut(let s): throw FlowError(.blocked, "git switch timed out after \(s)s", hint: "retry")
        case .exited(let code) where code != 0:
            throw FlowError(
                .blocked, "git switch -c \(branch) failed: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))",
                hint: "resolve what git says, then retry")
        case .exited: break
        }
        let state = startState(workflow: project.workflow, main: mainState, now: Project.now())
        _ = try project.store.updateState { $0.branches[branch] = state }
        var started = Result(branch: branch, state: state)
        do {
            started.hookNotes = try HooksInstaller(repository: repo).ensureInstalled(config: config)
        } catch {
            started.hookNotes = ["flow: warning: the git hooks were not installed (\(FlowError.from(error)?.description ?? "\(error)"))"]
        }
        return started
    }

    /// A feature branch starts at the workflow's feature-start phase (`role: feature-start`), with
    /// the phases before it counted as done. While main has not yet got through the create phase
    /// (`role: create`, the first pack), the branch starts where main stands so the set-up and
    /// create gates are not skipped; so it does in a workflow without a feature-start phase.
    public static func startState(workflow: Workflow, main: BranchState, now: String) -> BranchState {
        guard let start = workflow.phase(withRole: .featureStart), let startIndex = workflow.index(of: start.id) else { return main }
        let before = workflow.phases.prefix(startIndex).map(\.id)
        let mainIndex = workflow.index(of: main.phase) ?? 0
        let createDone =
            workflow.phase(withRole: .create).flatMap { create in
                workflow.index(of: create.id).map { main.completed.contains(create.id) || mainIndex > $0 }
            } ?? true
        guard createDone else { return BranchState(workflow: workflow.id, phase: main.phase, completed: main.completed, updatedAt: now) }
        return BranchState(workflow: workflow.id, phase: start.id, completed: before, updatedAt: now)
    }
}
