import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct Debt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debt",
        abstract: "Show the recorded debt of adopted packs (.flow/baseline.txt): what is left, what is fixed.",
        discussion: """
            flow adopt records what the content gates find in an existing pack as its debt: the gates
            then refuse only new findings. As the pack is cleaned up, findings are fixed; --prune drops
            them from .flow/baseline.txt, which only ever shrinks (CI names a change that adds to it).
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Drop the fixed findings from .flow/baseline.txt.") var prune = false

    func run() throws {
        try runReporting {
            let project = try repository.project()
            let dropped = prune ? try PackDebt.prune(project) : 0
            let debts = try PackDebt.survey(prune ? try repository.project() : project)
            if output.json {
                printOut(JSONOutput.render(debts))
                return .success
            }
            if debts.isEmpty { printOut("No recorded debt\(dropped > 0 ? " left" : ""): every pack meets every rule it is held to.") }
            for debt in debts {
                printOut("\(debt.pack): \(debt.left.count) known finding(s) left\(debt.fixed.isEmpty ? "" : ", \(debt.fixed.count) fixed")")
                for finding in debt.left { printOut("  - \(finding)") }
                for finding in debt.fixed { printOut("  fixed: \(finding)") }
            }
            if dropped > 0 {
                printOut("Dropped \(dropped) fixed finding(s) from \(Baseline.relativePath).")
                printOut("Next: git add \(Baseline.relativePath)")
            } else if debts.contains(where: { !$0.fixed.isEmpty }) {
                printOut("Next: flow debt --prune")
            }
            return .success
        }
    }
}
