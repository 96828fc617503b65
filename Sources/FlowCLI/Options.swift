import ArgumentParser
import FlowCore
import FlowKit
import Foundation

/// Where to work: the repository around the current directory unless told otherwise.
struct RepositoryOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("repo")], help: "Run as if flow was started in this directory.")
    var directory: String?

    @Option(help: "Use this workflow (a shipped name or a YAML file) instead of the configured one.")
    var workflow: String?

    /// The project; unless `checkHooks` is false, first a one-line warning on stderr when this
    /// clone's git hooks are missing or stale (`flow hooks install` is the fix).
    func project(checkHooks: Bool = true) throws -> Project {
        let project = try Project.open(at: directory, workflow: workflow)
        if checkHooks, !project.config.hooksAreManual,
            let notice = try? HooksInstaller(project: project).health().notice
        {
            FileHandle.standardError.write(Data((notice + "\n").utf8))
        }
        return project
    }
}

struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON document on stdout instead of text.")
    var json = false
}

/// Runs a command body, turning flow's errors into a message on stderr and the documented exit code.
func runReporting(_ body: () throws -> ExitStatus) throws {
    let status: ExitStatus
    do {
        status = try body()
    } catch {
        // The one place errors become exit codes: flow's own and git's (FlowError.from), the
        // argument parser's (ExitCode, usage) passed on as they are.
        guard let error = FlowError.from(error) else { throw error }
        FileHandle.standardError.write(Data("flow: error: \(error.description)\n".utf8))
        throw ExitCode(error.status.rawValue)
    }
    if status != .success { throw ExitCode(status.rawValue) }
}

func printOut(_ text: String) {
    print(text)
}
