import FlowCore
import FlowGitTypes
import Foundation

public struct PhaseLine: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable { case pass, fail, pending, current }
    public let id: String
    public let title: String
    public let status: Status
}

/// What `flow status`, `check` and `next` show, in human and JSON form.
public struct StatusReport: Codable, Equatable, Sendable {
    public let workflow: String
    public let branch: String
    public let phase: String
    public let finished: Bool
    public let phases: [PhaseLine]
    public let report: PhaseReport
    /// For `next`: where the branch moved to, if it moved.
    public var advancedTo: String?
    /// For `next`: what the phase's action did, per pack.
    public var actions: [ActionReport] = []
    /// For `status` on main right after `flow release` (its bump commit is main's tip): what comes
    /// next, which is a feature branch, not this phase's gates (they ask for a tag the bump is past).
    public var nextStep: String?
    /// At the build phase (`role: build`), once its gates pass: the builds and deploys of the
    /// current versions still to do, each with its command (`BuildProgress`).
    public var remaining: [Remaining] = []

    public struct Remaining: Codable, Equatable, Sendable {
        public let what: String
        public let fix: String
    }

    /// The gates passed, no action failed and nothing of the phase's work remains.
    public var passed: Bool { report.passed && !actions.contains { $0.result == .failed } && remaining.isEmpty }
}

/// The lifecycle operations on one project and branch.
public struct Lifecycle {
    public let project: Project
    public var runner: CommandRunning
    public var progress: ActionProgress

    public init(project: Project, runner: CommandRunning = ProcessRunner(), progress: ActionProgress = SilentProgress()) {
        self.project = project
        self.runner = runner
        self.progress = progress
    }

    var engine: Engine { Engine(workflow: project.workflow) }

    /// The branch's state: the stored one (`.git/flow/state.json`, a cache), else what the
    /// repository says (`DerivedState`: a fresh clone or a teammate's branch starts where the
    /// owner's clone would).
    public func currentState() throws -> (String, BranchState) {
        let (key, state, _) = try resolveState()
        return (key, state)
    }

    /// The branch's state, and the merged feature branch main took it over from (if it did). Once
    /// main's state is written, that branch's entry is dropped: the take-over happens once.
    func resolveState() throws -> (String, BranchState, String?) {
        let key = try project.branchKey()
        let state = try project.store.loadState()
        let now = Project.now()
        let mainBranch = project.config.mainBranch
        let derived = DerivedState(project: project)
        func known(_ branch: String) -> BranchState? {
            state.branches[branch].flatMap { project.workflow.phase($0.phase) != nil ? $0 : nil }
        }
        let mainState = known(mainBranch) ?? derived.main(now: now)
        let own: BranchState
        if let stored = known(key) {
            own = stored
        } else if key != mainBranch, key.hasPrefix(project.config.featurePrefix) {
            own = derived.feature(main: mainState, now: now)
        } else {
            own = mainState
        }
        if key == mainBranch, let (branch, adopted) = mergedFeatureState(state, beyond: own) {
            return (key, adopted, branch)
        }
        return (key, own, nil)
    }

    /// Main takes over the state of a feature branch merged into it that got further along the
    /// workflow: develop ... commit happen on feature branches, merge-tag on main once they are
    /// merged. A branch that cannot be resolved is ignored (main then keeps its own state).
    func mergedFeatureState(_ state: FlowState, beyond own: BranchState) -> (String, BranchState)? {
        let workflow = project.workflow
        guard let ownIndex = workflow.index(of: own.phase),
            let head = (try? project.repository.resolveCommit("HEAD")).flatMap({ $0 })
        else { return nil }
        var best: (String, BranchState)?
        for (branch, candidate) in state.branches.sorted(by: { $0.key < $1.key })
        where branch.hasPrefix(project.config.featurePrefix) && candidate.workflow == own.workflow {
            guard let index = workflow.index(of: candidate.phase), index > ownIndex,
                index > (best.flatMap { workflow.index(of: $0.1.phase) } ?? -1),
                let tip = (try? project.repository.resolveCommit("refs/heads/\(branch)")).flatMap({ $0 }),
                (try? project.repository.isAncestor(tip, of: head)) == true
            else { continue }
            best = (branch, candidate)
        }
        return best
    }

    public func evaluate(_ phaseID: String) throws -> PhaseReport {
        guard let phase = project.workflow.phase(phaseID) else {
            throw project.workflow.unknownPhase(phaseID)
        }
        let evidence = try project.store.loadEvidence()
        return engine.evaluate(phase, project.context(evidence: evidence, runner: runner))
    }

    func lines(for state: BranchState, current: PhaseReport?) -> [PhaseLine] {
        project.workflow.phases.map { phase in
            let status: PhaseLine.Status
            if phase.id == state.phase, let current {
                status = current.passed ? .pass : .fail
            } else if state.completed.contains(phase.id) {
                status = .pass
            } else {
                status = .pending
            }
            return PhaseLine(id: phase.id, title: phase.title, status: status)
        }
    }

    public func status() throws -> StatusReport {
        let (key, state) = try currentState()
        let report = try evaluate(state.phase)
        var status = StatusReport(
            workflow: project.workflow.id, branch: key, phase: state.phase,
            finished: engine.isFinished(state), phases: lines(for: state, current: report), report: report)
        if key == project.config.mainBranch, let released = releasedAtTip() {
            status.nextStep = released
        }
        status.remaining = try remainingWork(at: state.phase, report)
        return status
    }

    /// The build phase's gates say HEAD may be built; the phase is done once each pack's current
    /// version is built and deployed.
    func remainingWork(at phaseID: String, _ report: PhaseReport) throws -> [StatusReport.Remaining] {
        guard report.passed, project.workflow.phase(phaseID)?.role == .build else { return [] }
        return try BuildProgress.remaining(project).map { StatusReport.Remaining(what: $0.what, fix: $0.fix) }
    }

    /// When main's tip is `flow release`'s bump commit (a `checks=release` Flow-Evidence trailer):
    /// the sentence saying so; nil otherwise.
    func releasedAtTip() -> String? {
        guard let head = (try? project.repository.resolveCommit("HEAD")).flatMap({ $0 }),
            let info = try? project.repository.commitInfo(head)
        else { return nil }
        let bumps = EvidenceTrailer.all(in: info.message).filter(\.isRelease)
        guard !bumps.isEmpty else { return nil }
        return "main is released and bumped for the next cycle (\(info.subject)): the next change starts on a feature branch"
    }

    public func check(phase: String?) throws -> StatusReport {
        let (key, state) = try currentState()
        let report = try evaluate(phase ?? state.phase)
        return StatusReport(
            workflow: project.workflow.id, branch: key, phase: report.phase,
            finished: engine.isFinished(state), phases: lines(for: state, current: phase == nil ? report : nil),
            report: report)
    }

    /// Runs the current phase's action (unless this is a dry run), then evaluates its exit gates
    /// and, when the action passed and all gates pass, records the phase as done and moves on.
    /// `force` re-runs checks whose content already passed.
    public func next(dryRun: Bool, force: Bool = false) throws -> StatusReport {
        let (key, state, adoptedFrom) = try resolveState()
        var actions: [ActionReport] = []
        // The release phase's action is flow release's to run, on main, just before it tags.
        if !dryRun, let phase = project.workflow.phase(state.phase), let action = phase.action, phase.role != .release {
            let unmet = try unmetRequirements(of: action, in: phase)
            if unmet.isEmpty {
                actions = try ActionRunner(project: project, runner: runner, progress: progress)
                    .run(action, phase: phase.id, branch: key, force: force)
            } else {
                let label = action.check ?? phase.id
                actions = [
                    ActionReport(
                        phase: phase.id, check: action.check, pack: nil, tree: nil, result: .skipped,
                        tool: PhaseAction.toolArgv(action.run).joined(separator: " "), toolVersion: nil,
                        command: action.run, seconds: 0,
                        message: "\(label) not run: \(unmet.joined(separator: ", ")) must pass first (see below)",
                        output: nil, log: nil)
                ]
            }
        }
        let report = try evaluate(state.phase)
        var result = StatusReport(
            workflow: project.workflow.id, branch: key, phase: state.phase,
            finished: engine.isFinished(state), phases: lines(for: state, current: report), report: report)
        result.actions = actions
        result.remaining = try remainingWork(at: state.phase, report)
        guard result.passed, !dryRun else { return result }
        let moved = engine.advance(state, now: Project.now())
        if project.workflowIsOneOff { return oneOff(result) }
        _ = try project.store.updateState {
            $0.branches[key] = moved
            if let adoptedFrom { $0.branches[adoptedFrom] = nil }
        }
        try startReviewRound(from: state.phase, to: moved.phase)
        var done = StatusReport(
            workflow: result.workflow, branch: key, phase: moved.phase, finished: engine.isFinished(moved),
            phases: lines(for: moved, current: nil), report: report,
            advancedTo: moved.phase == state.phase ? nil : moved.phase)
        done.actions = actions
        return done
    }

    /// `flow next` looping back to an earlier phase under a workflow that asks `git.review-bump`
    /// starts a review round: what the reviewers see now (the branch's remote-tracking commit, which
    /// `git.pr-filed` asks to be HEAD) is recorded as the round's base in `refs/flow/review/<branch>`,
    /// so every push of the round is judged against it and one bump serves them all.
    func startReviewRound(from: String, to: String) throws {
        let workflow = project.workflow
        guard let before = workflow.index(of: from), let after = workflow.index(of: to), after < before,
            let use = workflow.phases.flatMap(\.gates).first(where: { $0.id == GitReviewBumpGate.id })
        else { return }
        let remote = use.params.string("remote", default: "origin")
        let repository = project.repository
        let found: (branch: String, base: String)?
        do {
            found = try repository.head().branchName.flatMap { branch in
                try (repository.resolveCommit("refs/remotes/\(remote)/\(branch)") ?? repository.resolveCommit("HEAD")).map { (branch, $0) }
            }
        } catch let error as GitError {
            throw FlowError(error)
        }
        guard let (branch, base) = found else { return }
        // git itself writes the ref (and its reflog): flow's libgit2 layer only reads refs.
        let result = ProcessRunner().run(
            ["git", "update-ref", "-m", "flow: review round", GitReviewBumpGate.roundRef(branch), base], in: project.root,
            environment: [:], timeoutSeconds: 60)
        guard result.succeeded else {
            throw FlowError.invalid(
                "could not record the review round's base (\(GitReviewBumpGate.roundRef(branch))): \(result.output)",
                hint: "git update-ref \(GitReviewBumpGate.roundRef(branch)) \(base)")
        }
    }

    /// `next` under a one-off `--workflow`: the gates passed, but the branch is not moved.
    func oneOff(_ result: StatusReport) -> StatusReport {
        var same = result
        same.advancedTo = nil
        return same
    }

    /// The action's `requires` gates that fail now (each asked as the phase asks it, per pack).
    func unmetRequirements(of action: PhaseAction, in phase: Phase) throws -> [String] {
        guard !action.requires.isEmpty else { return [] }
        let required = Phase(
            id: phase.id, title: phase.title, summary: phase.summary,
            gates: phase.gates.filter { action.requires.contains($0.id) }, action: nil,
            transitions: phase.transitions, role: phase.role, location: phase.location)
        let report = engine.evaluate(required, project.context(evidence: try project.store.loadEvidence(), runner: runner))
        var unmet: [String] = []
        for failure in report.failures where !unmet.contains(failure.gate) { unmet.append(failure.gate) }
        return unmet
    }

    public func goto(_ target: String) throws -> BranchState {
        let (key, state, adoptedFrom) = try resolveState()
        let moved = try engine.goBack(state, to: target, now: Project.now())
        guard !project.workflowIsOneOff else {
            throw FlowError.invalid(
                "goto moves the branch in its configured workflow; --workflow is a one-off view that writes no state",
                hint: "run `flow goto \(target)` without --workflow (or change `workflow:` in .flow/config.yml)")
        }
        _ = try project.store.updateState {
            $0.branches[key] = moved
            if let adoptedFrom { $0.branches[adoptedFrom] = nil }
        }
        return moved
    }

    /// Marks phases done on the current branch and moves past them (used by `init` for the survey).
    public func complete(_ phaseID: String) throws -> BranchState {
        let (key, state) = try currentState()
        guard state.phase == phaseID else { return state }
        let moved = engine.advance(state, now: Project.now())
        if project.workflowIsOneOff { return moved }
        _ = try project.store.updateState { $0.branches[key] = moved }
        return moved
    }

    /// Records this branch at `phase` with every earlier phase done, for a command that does a
    /// phase's work itself (`flow release` is the release phase): the stored state then says what hooks
    /// and `flow status` must see. Nothing happens when the workflow has no such phase.
    @discardableResult
    public func record(at phase: String, done: Bool = false) throws -> BranchState? {
        guard let index = project.workflow.index(of: phase) else { return nil }
        let (key, state, adoptedFrom) = try resolveState()
        var moved = state
        moved.phase = phase
        for earlier in project.workflow.phases.prefix(index).map(\.id) where !moved.completed.contains(earlier) {
            moved.completed.append(earlier)
        }
        moved.updatedAt = Project.now()
        if done { moved = engine.advance(moved, now: moved.updatedAt) }
        let final = moved
        if project.workflowIsOneOff { return final }
        _ = try project.store.updateState {
            $0.branches[key] = final
            if let adoptedFrom { $0.branches[adoptedFrom] = nil }
        }
        return final
    }
}

extension Lifecycle {
    /// `flow fix`: the `fix:` commands of the workflow's checks (or of the one named), for one pack
    /// or every configured one, each on the scope its check judges.
    public func fix(check: String?, pack: String?) throws -> [FixReport] {
        try project.checkPackNames()
        let actions = project.workflow.phases.compactMap(\.action).filter { !$0.fix.isEmpty && $0.check != nil }
        let chosen = check.map { name in actions.filter { $0.check == name } } ?? actions
        guard !chosen.isEmpty else {
            let known = actions.compactMap(\.check)
            if let check {
                throw FlowError.invalid(
                    "workflow \(project.workflow.id) has no `fix:` for check \(check)"
                        + (known.isEmpty ? "" : " (checks with one: \(known.joined(separator: ", ")))"),
                    hint: known.first.map { "flow fix --check \($0)" } ?? "add `fix:` to the check's action in the workflow")
            }
            throw FlowError.invalid(
                "workflow \(project.workflow.id) has no check with `fix:` commands",
                hint: "add `fix:` to a check's action in the workflow (flow workflow show --resolved shows them)")
        }
        let packs = pack.map { [$0] } ?? project.config.packs
        if let pack, !project.config.packs.contains(pack) {
            throw FlowError.invalid(
                "\(pack) is not a configured pack (\(project.config.packs.joined(separator: ", ")))",
                hint: project.config.packs.first.map { "flow fix --pack \($0)" } ?? "flow init --pack NAME")
        }
        let runner = ActionRunner(project: project, runner: self.runner, progress: progress)
        var reports: [FixReport] = []
        for action in chosen {
            for pack in packs { reports.append(try runner.fix(action, pack: pack)) }
        }
        return reports
    }
}
