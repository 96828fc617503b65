import FlowCore
import Foundation
import Yams

/// A workflow that tunes a shipped one instead of copying it:
///
///     extends: xsoar-local
///     phases:
///       - id: develop            # a phase of the shipped workflow: what is given changes
///         drop: [pack.logo]      # its gates with these ids go
///         add:                   # gates added; one with an id the phase has replaces it
///           - {id: pack.release-notes, with: {initial: optional}}
///       - id: validate
///         remove: true           # the phase goes
///       - id: scan               # a new phase, after the one named (else at the end)
///         after: lint
///         action: {check: scan, run: [bandit, -r, "{packDir}"]}
///
/// `title`, `summary`, `gates` (the whole list), `action`, `transitions` and `role` replace the
/// shipped phase's. The result is checked as any workflow is; `flow workflow show --resolved`
/// prints it. Only shipped workflows can be extended, so the base is the one this flow carries.
extension WorkflowLoader.Parser {
    mutating func parseExtension(of baseNode: Node, top: Node.Mapping, id: String, title: String?) -> Workflow? {
        guard let baseName = baseNode.string, WorkflowLocator.isShippedName(baseName) else {
            report(baseNode, "`extends` names a shipped workflow (\(WorkflowLocator.builtInNames().joined(separator: ", ")))")
            return nil
        }
        let base: Workflow
        do {
            let (data, baseFile) = try WorkflowLocator.shipped(baseName)
            base = try WorkflowLoader.load(data: data, file: baseFile)
        } catch {
            report(baseNode, "`extends: \(baseName)`: \((error as? FlowError)?.message ?? "\(error)")")
            return nil
        }
        var phases = base.phases
        let list: [Node]
        if let node = top["phases"] {
            guard let sequence = node.sequence else {
                report(node, "`phases` must be a list")
                return nil
            }
            list = Array(sequence)
        } else {
            list = []
        }
        for node in list {
            guard let mapping = node.mapping, let phaseID = requiredString(mapping, "id", in: node) else {
                if node.mapping == nil { report(node, "a phase is a mapping with `id`") }
                continue
            }
            if let index = phases.firstIndex(where: { $0.id == phaseID }) {
                checkKeys(mapping, allowed: WorkflowLoader.phaseKeys.union(WorkflowLoader.extensionKeys).subtracting(["after"]))
                if let remove = mapping["remove"] {
                    guard remove.bool == true else {
                        report(remove, "`remove` takes true (or leave it out)")
                        continue
                    }
                    phases.remove(at: index)
                    continue
                }
                phases[index] = tuned(phases[index], mapping, node)
            } else {
                checkKeys(mapping, allowed: WorkflowLoader.phaseKeys.union(["after"]))
                guard let phase = parsePhase(node, extending: true) else { continue }
                if let after = mapping["after"] {
                    guard let name = after.string, let at = phases.firstIndex(where: { $0.id == name }) else {
                        report(after, "`after` names no phase of the workflow (\(phases.map(\.id).joined(separator: ", ")))")
                        continue
                    }
                    phases.insert(phase, at: at + 1)
                } else {
                    phases.append(phase)
                }
            }
        }
        // A transition to a removed phase is an error of the extension.
        let ids = Set(phases.map(\.id))
        for phase in phases {
            for target in phase.transitions ?? [] where !ids.contains(target) {
                report(
                    list.first { $0.mapping?["id"]?.string == phase.id } ?? baseNode,
                    "phase \(phase.id) moves to \(target), which this workflow removes: give phase \(phase.id) its own `transitions`")
            }
        }
        guard !phases.isEmpty else {
            report(baseNode, "the workflow has no phase left")
            return nil
        }
        return checked(Workflow(id: id, title: title ?? base.title, phases: phases, source: file))
    }

    /// A shipped phase with the extension's changes.
    mutating func tuned(_ phase: Phase, _ mapping: Node.Mapping, _ node: Node) -> Phase {
        // The keys a phase of its own may have are parsed as such, then laid over the shipped phase.
        var own: [(Node, Node)] = [(Node.scalar(.init("id")), Node.scalar(.init(phase.id)))]
        for (key, value) in mapping where WorkflowLoader.phaseKeys.contains(key.string ?? "") && key.string != "id" {
            own.append((key, value))
        }
        let parsed = parsePhase(Node.mapping(.init(own, .implicit, .any, node.mark)), extending: true)
        var gates = mapping["gates"] != nil ? parsed?.gates ?? [] : phase.gates
        if let drop = mapping["drop"] {
            guard let names = drop.sequence?.compactMap(\.string) else {
                report(drop, "`drop` of phase \(phase.id) is a list of gate ids")
                return phase
            }
            for (name, item) in zip(names, Array(drop.sequence ?? Node.Sequence())) where !gates.contains(where: { $0.id == name }) {
                report(item, "phase \(phase.id) has no gate \(name) to drop (it has: \(gates.map(\.id).joined(separator: ", ")))")
            }
            gates.removeAll { names.contains($0.id) }
        }
        if let add = mapping["add"] {
            guard let items = add.sequence else {
                report(add, "`add` of phase \(phase.id) is a list of gates")
                return phase
            }
            for item in items {
                guard let use = parseGate(item, phase: phase.id) else { continue }
                if let at = gates.firstIndex(where: { $0.id == use.id }) { gates[at] = use } else { gates.append(use) }
            }
        }
        return Phase(
            id: phase.id, title: mapping["title"] != nil ? parsed?.title ?? phase.title : phase.title,
            summary: mapping["summary"] != nil ? parsed?.summary : phase.summary, gates: gates,
            action: mapping["action"] != nil ? parsed?.action : phase.action,
            transitions: mapping["transitions"] != nil ? parsed?.transitions : phase.transitions,
            role: mapping["role"] != nil ? parsed?.role : phase.role, location: location(node) ?? phase.location)
    }
}
