import FlowGitTypes

/// The state machine: evaluates a phase's exit gates and moves a branch along its workflow.
public struct Engine {
    public let workflow: Workflow

    public init(workflow: Workflow) { self.workflow = workflow }

    /// Asks every gate of the phase (per pack where the gate is about a pack). Never throws: a
    /// gate that cannot get an answer fails closed with the reason.
    public func evaluate(_ phase: Phase, _ context: GateContext) -> PhaseReport {
        let context = context.checks == nil ? context.with(checks: workflow.checks()) : context
        var reports: [GateReport] = []
        for use in phase.gates {
            guard let gate = GateRegistry.gate(use.id) else {
                reports.append(
                    GateReport(
                        gate: use.id, pack: nil, passed: false,
                        reasons: ["unknown gate \(use.id)"],
                        fix: "run `flow workflow lint` on \(workflow.source)", detail: nil))
                continue
            }
            switch gate.scope {
            case .repository:
                reports.append(Engine.ask(gate, use, context))
            case .pack:
                if context.config.packs.isEmpty {
                    reports.append(
                        GateReport(
                            gate: use.id, pack: nil, passed: false,
                            reasons: ["no pack is configured"],
                            fix: "add the pack: flow init --pack NAME, or list it under packs: in .flow/config.yml",
                            detail: nil))
                }
                for pack in context.config.packs {
                    // A name such as ../../x would send a pack gate's reads outside Packs/: only
                    // pack.name-safe looks at it, every other pack gate fails without reading.
                    if gate.id != PackNameSafeGate.id, let problem = PackName.pathProblem(pack) {
                        reports.append(
                            GateReport(
                                gate: use.id, pack: pack, passed: false,
                                reasons: ["not checked: \(problem)"],
                                fix: "rename the pack under `packs:` in .flow/config.yml", detail: nil))
                        continue
                    }
                    reports.append(Engine.ask(gate, use, context.forPack(pack)))
                }
            }
        }
        return PhaseReport(phase: phase.id, title: phase.title, gates: reports)
    }

    public static func ask(_ gate: any Gate.Type, _ use: GateUse, _ context: GateContext) -> GateReport {
        let outcome: GateOutcome
        do {
            outcome = try gate.evaluate(use.params, context)
        } catch {
            outcome = .fail("git could not answer: \(error)", fix: "run `flow doctor`, then fix the repository and retry")
        }
        // A per-pack exception in the configuration: what the gate finds is listed with the reason.
        if !outcome.passed, let pack = context.pack, Baseline.covers(use.id),
            let exception = context.config.exception(pack: pack, gate: use.id)
        {
            return GateReport(
                gate: use.id, pack: pack, passed: true, reasons: [], fix: nil,
                detail: "\(outcome.reasons.count) finding(s) excepted for \(pack) in .flow/config.yml: \(exception.reason)")
        }
        // An adopted pack's recorded debt: its known findings are listed, never refused; only new ones fail.
        if !outcome.passed, let pack = context.pack, Baseline.covers(use.id), !context.config.baseline.isEmpty {
            let (fresh, known) = context.config.baseline.unknown(outcome.reasons, pack: pack, gate: use.id)
            if known > 0 {
                let debt = "\(known) known finding(s) of \(pack) recorded as debt in \(Baseline.relativePath) (flow debt lists them)"
                return GateReport(
                    gate: use.id, pack: pack, passed: fresh.isEmpty, reasons: fresh,
                    fix: fresh.isEmpty ? nil : outcome.fix, detail: debt)
            }
        }
        return GateReport(
            gate: use.id, pack: context.pack, passed: outcome.passed, reasons: outcome.reasons,
            fix: outcome.fix, detail: outcome.detail)
    }

    /// The state of a branch flow has not seen yet: at the first phase, or at `phase` if given.
    public func start(at phase: String? = nil, completed: [String] = [], now: String) -> BranchState {
        BranchState(
            workflow: workflow.id, phase: phase ?? workflow.phases.first?.id ?? "", completed: completed,
            updatedAt: now)
    }

    /// The current phase passed: record it and move to its successor (stay if it was the last).
    public func advance(_ state: BranchState, now: String) -> BranchState {
        var next = state
        if !next.completed.contains(state.phase) { next.completed.append(state.phase) }
        if let successor = workflow.successor(of: state.phase) { next.phase = successor }
        next.updatedAt = now
        return next
    }

    /// True when the last phase has passed.
    public func isFinished(_ state: BranchState) -> Bool {
        workflow.successor(of: state.phase) == nil && state.completed.contains(state.phase)
    }

    /// Moves back to an earlier phase, forgetting what was completed from there on.
    public func goBack(_ state: BranchState, to target: String, now: String) throws -> BranchState {
        guard let targetIndex = workflow.index(of: target) else {
            throw workflow.unknownPhase(target)
        }
        let currentIndex = workflow.index(of: state.phase) ?? 0
        // Only back (or the same phase): a forward edge, declared or implicit, is `flow next`'s,
        // which asks the gates on the way; goto asks none.
        guard targetIndex <= currentIndex else {
            throw FlowError(
                .blocked, "\(target) is ahead of \(state.phase): goto only moves back",
                hint: "run `flow next` to move forward through the gates")
        }
        var next = state
        next.phase = target
        let keep = Set(workflow.phases.prefix(targetIndex).map(\.id))
        next.completed = state.completed.filter { keep.contains($0) }
        next.updatedAt = now
        return next
    }
}
