import FlowCore
import Foundation

/// An adopted pack's debt: the findings of the content gates recorded in `.flow/baseline.txt`,
/// looked at again on the pack as it is now (`flow debt`).
public struct PackDebt: Codable, Equatable, Sendable {
    public let pack: String
    /// Recorded findings the gates still find, as `gate: finding`.
    public let left: [String]
    /// Recorded findings the gates no longer find: `flow debt --prune` drops them.
    public let fixed: [String]

    /// What the content gates of the workflow find in `pack` now, as baseline entries.
    static func findings(_ project: Project, pack: String) throws -> [Baseline.Entry] {
        var config = project.config
        config.baseline = Baseline()
        let context = project.context(evidence: try project.store.loadEvidence()).with(config: config)
        return CommitPolicy(workflow: project.workflow, scope: .commit).failures(pack: pack, context)
            .filter { Baseline.covers($0.gate) }
            .flatMap { report in report.reasons.map { Baseline.Entry(pack: pack, gate: report.gate, finding: Baseline.finding($0)) } }
    }

    /// Records what the gates find in `pack` now as its debt (replacing what was recorded for it).
    public static func record(_ project: Project, pack: String) throws -> Int {
        let found = try findings(project, pack: pack)
        var baseline = try ConfigStore.loadBaseline(root: project.root)
        baseline.entries = baseline.entries.filter { $0.pack != pack } + found
        try ConfigStore.saveBaseline(baseline, root: project.root)
        return found.count
    }

    /// Each pack with recorded debt, split into what is left and what is fixed.
    public static func survey(_ project: Project) throws -> [PackDebt] {
        let baseline = project.config.baseline
        var packs: [String] = []
        for entry in baseline.entries where !packs.contains(entry.pack) { packs.append(entry.pack) }
        return try packs.map { pack in
            var found = try findings(project, pack: pack)
            var left: [String] = []
            var fixed: [String] = []
            for entry in baseline.entries where entry.pack == pack {
                if let at = found.firstIndex(of: entry) {
                    found.remove(at: at)
                    left.append("\(entry.gate): \(entry.finding)")
                } else {
                    fixed.append("\(entry.gate): \(entry.finding)")
                }
            }
            return PackDebt(pack: pack, left: left, fixed: fixed)
        }
    }

    /// Drops the fixed findings from `.flow/baseline.txt`; the count dropped.
    public static func prune(_ project: Project) throws -> Int {
        let debts = try survey(project)
        var baseline = project.config.baseline
        var dropped = 0
        for debt in debts {
            for fixed in debt.fixed {
                if let at = baseline.entries.firstIndex(where: { $0.pack == debt.pack && "\($0.gate): \($0.finding)" == fixed }) {
                    baseline.entries.remove(at: at)
                    dropped += 1
                }
            }
        }
        if dropped > 0 { try ConfigStore.saveBaseline(baseline, root: project.root) }
        return dropped
    }
}
