import FlowCore
import Foundation

/// A command runner that shows what it runs the way `flow next` does: on a terminal one updating
/// line (phase, tool, pack, seconds), a plain line when piped. Used by release, build and deploy,
/// whose tools (validate -a, zip-packs, upload) can take minutes. git and `--version` calls are
/// flow's own bookkeeping and stay quiet.
public struct ReportingRunner: CommandRunning {
    public let base: CommandRunning
    public let progress: ActionProgress
    public let phase: String
    public let pack: String?

    public init(
        phase: String, pack: String?, base: CommandRunning = ProcessRunner(),
        progress: ActionProgress = StandardErrorProgress()
    ) {
        self.base = base
        self.progress = progress
        self.phase = phase
        self.pack = pack
    }

    public func run(_ argv: [String], in directory: String?, environment: [String: String], timeoutSeconds: Int) -> CommandResult {
        let quiet = argv.first == "git" || argv.contains("--version")
        // "demisto-sdk zip-packs": the program and its subcommand.
        let tool =
            ([(argv.first.map { ($0 as NSString).lastPathComponent }) ?? ""]
            + argv.dropFirst().prefix(1).filter { !$0.hasPrefix("-") }).joined(separator: " ")
        if !quiet { progress.started(phase: phase, tool: tool, pack: pack) }
        defer { if !quiet { progress.finished() } }
        return base.run(argv, in: directory, environment: environment, timeoutSeconds: timeoutSeconds)
    }
}
