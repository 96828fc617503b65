import FlowCore
import FlowGit
import Foundation

/// The phase of a branch that `.git/flow/state.json` has no entry for (a fresh clone, a
/// teammate's branch), read from the repository itself: what every clone sees alike.
///
/// - The set-up phases (those before `create`, or before `feature-start` in a workflow without
///   `create`) are done when main (or origin's main) has a committed `.flow/config.yml` and the
///   clone has an `origin` remote.
/// - `create` is done when a configured pack (or, with none configured, the packs root) is on main.
/// - A feature branch starts at `feature-start`; it is at the `commit` phase when every pack its
///   commits change carries a Flow-Evidence trailer for the pack's tree at the branch's tip.
struct DerivedState {
    let project: Project

    var workflow: Workflow { project.workflow }
    var repository: Repository { project.repository }
    var config: ProjectConfig { project.config }

    /// Main's tip, else origin's main (a clone that has not checked main out).
    func mainTip() -> String? {
        for spec in ["refs/heads/\(config.mainBranch)", "refs/remotes/origin/\(config.mainBranch)"] {
            if let id = (try? repository.resolveCommit(spec)).flatMap({ $0 }) { return id }
        }
        return nil
    }

    /// `phase` with every phase before it done.
    func state(at phase: Phase?, now: String) -> BranchState? {
        guard let phase, let index = workflow.index(of: phase.id) else { return nil }
        return BranchState(workflow: workflow.id, phase: phase.id, completed: workflow.phases.prefix(index).map(\.id), updatedAt: now)
    }

    /// Where main stands for a clone with no record of it.
    func main(now: String) -> BranchState {
        let start = Engine(workflow: workflow).start(now: now)
        guard let tip = mainTip(),
            (try? repository.treeFileEntry(at: ConfigStore.relativePath, atCommit: tip)) != nil,
            ((try? repository.remoteNames()) ?? []).contains("origin")
        else { return start }
        let root = config.packsRoot
        let packDirectories = config.packs.isEmpty ? [root] : config.packs.map { root + "/" + $0 }
        let packOnMain = packDirectories.contains { (try? repository.treeID(of: $0, atCommit: tip)).flatMap { $0 } != nil }
        let featureStart = workflow.phase(withRole: .featureStart)
        let target = packOnMain ? featureStart : (workflow.phase(withRole: .create) ?? featureStart)
        return state(at: target, now: now) ?? start
    }

    /// Where a feature branch flow has no record of stands, given main's state.
    func feature(main: BranchState, now: String) -> BranchState {
        let start = FeatureStart.startState(workflow: workflow, main: main, now: now)
        guard let commit = workflow.phase(withRole: .commit), let commitIndex = workflow.index(of: commit.id),
            (workflow.index(of: start.phase) ?? 0) < commitIndex,
            start.phase == workflow.phase(withRole: .featureStart)?.id,
            evidenceCoversTip()
        else { return start }
        return state(at: commit, now: now) ?? start
    }

    /// Every pack the branch changes against main carries, in one of the branch's commits, a
    /// Flow-Evidence trailer naming the pack's tree at the tip.
    func evidenceCoversTip() -> Bool {
        guard let head = (try? repository.resolveCommit("HEAD")).flatMap({ $0 }), let main = mainTip(),
            let base = (try? repository.mergeBase(head, main)).flatMap({ $0 }), base != head,
            let commits = try? repository.commits(from: base, to: head),
            let changed = try? repository.changedPaths(from: base, to: head)
        else { return false }
        let prefix = config.packsRoot + "/"
        var packs: [String] = []
        for path in changed where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/") else { continue }
            let pack = String(rest[..<slash])
            if !packs.contains(pack) { packs.append(pack) }
        }
        guard !packs.isEmpty else { return false }
        var trailers: [EvidenceTrailer] = []
        for id in commits {
            guard let info = try? repository.commitInfo(id) else { return false }
            trailers += EvidenceTrailer.all(in: info.message)
        }
        return packs.allSatisfy { pack in
            let tree = (try? repository.treeID(of: prefix + pack, atCommit: head)).flatMap { $0 }
            return trailers.contains { $0.pack == pack && $0.tree == tree && !$0.isRelease }
        }
    }
}
