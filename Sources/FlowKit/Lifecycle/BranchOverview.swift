import FlowCore
import FlowGit
import Foundation

/// One local branch in `flow status --all`.
public struct BranchStatus: Codable, Equatable, Sendable {
    public let branch: String
    /// Where flow has the branch; nil when flow has not seen it yet.
    public let phase: String?
    /// The work tree the branch is checked out in, if any.
    public let worktree: String?
    /// Whether the phase's gates pass; nil when they could not be evaluated (not checked out).
    public let passed: Bool?
    /// "gate [pack]: reason" for each failing gate.
    public let blockers: [String]
    public let fix: String?
    public let note: String?
}

/// `flow status --all`: every local branch with its phase and what blocks it. Gates read a work
/// tree, so they are evaluated where the branch is checked out (this work tree or a linked one);
/// for any other branch the recorded phase is shown with the command that evaluates it.
public enum BranchOverview {
    public static func all(_ project: Project, runner: CommandRunning = ProcessRunner()) throws -> [BranchStatus] {
        let branches: [String]
        do {
            branches = try project.repository.localBranches().sorted()
        } catch let error as GitError {
            throw FlowError(error, doing: "listing the local branches")
        }
        let worktrees = checkedOut(project, runner: runner)
        let state = try project.store.loadState()
        return try branches.map { branch in
            if let path = worktrees[branch] {
                let here = try Project.open(at: path)
                let report = try Lifecycle(project: here, runner: runner).status()
                let failures = report.report.failures
                return BranchStatus(
                    branch: branch, phase: report.phase, worktree: path, passed: failures.isEmpty,
                    blockers: failures.flatMap { f in f.reasons.map { "\(f.gate)\(f.pack.map { " [\($0)]" } ?? ""): \($0)" } },
                    fix: failures.first?.fix, note: nil)
            }
            // Main takes over a merged feature branch's state and drops its entry: say so rather than "not seen".
            let main = project.config.mainBranch
            if state.branches[branch] == nil, branch != main,
                let tip = (try? project.repository.resolveCommit("refs/heads/\(branch)")).flatMap({ $0 }),
                let mainTip = (try? project.repository.resolveCommit("refs/heads/\(main)")).flatMap({ $0 }),
                (try? project.repository.isAncestor(tip, of: mainTip)) == true
            {
                return BranchStatus(
                    branch: branch, phase: nil, worktree: nil, passed: nil, blockers: [], fix: nil,
                    note: "merged into \(main), which carries on from it (git branch -d \(branch) when done)")
            }
            return BranchStatus(
                branch: branch, phase: state.branches[branch]?.phase, worktree: nil, passed: nil, blockers: [],
                fix: nil, note: "not checked out: git switch \(branch) && flow status shows what blocks it")
        }
    }

    /// branch -> work tree path, from `git worktree list --porcelain`.
    static func checkedOut(_ project: Project, runner: CommandRunning) -> [String: String] {
        let result = runner.run(["git", "worktree", "list", "--porcelain"], in: project.root, environment: [:], timeoutSeconds: 60)
        var map: [String: String] = [:]
        var path: String?
        for line in result.output.split(separator: "\n") {
            if line.hasPrefix("worktree ") { path = String(line.dropFirst("worktree ".count)) }
            if line.hasPrefix("branch refs/heads/"), let path { map[String(line.dropFirst("branch refs/heads/".count))] = path }
        }
        if map.isEmpty, case .branch(let name, _)? = try? project.repository.head() { map[name] = project.root }
        return map
    }
}
