import ArgumentParser
import FlowCore
import FlowKit

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the prerequisites (git, python3, demisto-sdk, ruff, pytest, docker) and known traps, each with its fix.")

    @Option(name: [.customShort("C"), .customLong("repo")], help: "Run as if flow was started in this directory.")
    var directory: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReporting {
            let report = FlowKit.Doctor().run(at: directory)
            if output.json {
                printOut(JSONOutput.render(report))
            } else {
                let console = Console.forStandardOutput()
                for check in report.checks {
                    let mark: String
                    switch check.level {
                    case .ok: mark = console.green("ok     ")
                    case .warning: mark = console.yellow("warning")
                    case .missing: mark = console.red("MISSING")
                    }
                    printOut("  \(mark) \(check.name): \(check.detail)")
                    if let fix = check.fix, check.level != .ok { printOut("          fix: \(fix)") }
                }
            }
            return report.healthy ? .success : .blocked
        }
    }
}
