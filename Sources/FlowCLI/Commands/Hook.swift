import ArgumentParser
import FlowCore
import FlowGitTypes
import FlowKit
import Foundation

/// What the installed hook scripts call. Not meant to be typed, but safe to: it only reads.
struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Run one of flow's git hooks (called by the scripts `flow hooks install` writes).")

    @Argument(help: "pre-commit, pre-merge-commit, commit-msg or pre-push.")
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "The arguments git gave the hook.")
    var arguments: [String] = []

    func validate() throws {
        guard HooksInstaller.names.contains(name) else {
            throw InvalidArgument.refuse("unknown hook \(name) (known: \(HooksInstaller.names.joined(separator: ", ")))")
        }
        if name == "commit-msg" && arguments.isEmpty {
            throw InvalidArgument.refuse("the commit-msg hook needs the message file git passes it")
        }
    }

    func run() throws {
        try Self.run(name: name, arguments: arguments)
    }

    /// The hook's repository, kept to the end of the process: the process ends right after the
    /// hook, and freeing the parsed index (5,300 cache-tree nodes at 100,000 files) cost more than
    /// the kernel's unmapping of it.
    nonisolated(unsafe) private static var keptUntilExit: HookContext?

    static func run(name: String, arguments: [String]) throws {
        try runReporting {
            let hook = try name == "pre-push" ? HookContext.openForPush() : HookContext.open()
            keptUntilExit = hook
            if !hook.configured && name != "pre-push" {
                FileHandle.standardError.write(Data("flow \(name): \(hook.unconfiguredNote)\n".utf8))
                return .success
            }
            let verdict: HookVerdict
            switch name {
            // git merge runs pre-merge-commit where git commit runs pre-commit: one set of checks.
            case "pre-commit", "pre-merge-commit": verdict = try PreCommitHook(hook).run()
            case "commit-msg": verdict = try CommitMsgHook(hook).run(file: arguments[0])
            default:
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                verdict = try PrePushHook(hook).run(input: input)
            }
            FileHandle.standardError.write(Data(verdict.render(hook: name).utf8))
            return verdict.allowed ? .success : .blocked
        }
    }
}

extension FlowCommand {
    /// The CI plan (`verify checks --plan` as CI asks for it, `VerifyChecks.Request.direct`) run
    /// without ArgumentParser, as the hook is below: the plan's cost should follow the change, and
    /// the parser's set-up is a quarter of it. Returns nil for any other arguments.
    public static func runPlanDirectly(_ arguments: [String]) -> Never? {
        guard FastPath.enabled, let request = VerifyChecks.Request.direct(arguments) else { return nil }
        var status: Int32 = 0
        do {
            try runReporting { try VerifyChecks.execute(request) { try Project.open(at: nil) } }
        } catch let code as ExitCode {
            status = code.rawValue
        } catch {
            FlowCommand.exit(withError: error)
        }
        fflush(nil)
        _exit(status)
    }

    /// `flow hook pre-commit` runs on every commit: its exact argv skips ArgumentParser, whose
    /// command-tree set-up costs more than the hook's own checks (~3 ms of reflection and
    /// protocol-conformance lookups). Any other argv is parsed as usual. Returns nil when the
    /// arguments are not exactly that.
    public static func runHookDirectly(_ arguments: [String]) -> Never? {
        guard FastPath.enabled, arguments == ["hook", "pre-commit"] else { return nil }
        var status: Int32 = 0
        do {
            try Hook.run(name: "pre-commit", arguments: [])
        } catch let code as ExitCode {
            status = code.rawValue  // what ArgumentParser would exit with: no message, the code
        } catch {
            FlowCommand.exit(withError: error)
        }
        // A short-lived process: skip the exit handlers (OpenSSL's and ICU's clean-ups) and
        // leave the memory to the kernel. Nothing is buffered but stdio, flushed here.
        fflush(nil)
        _exit(status)
    }
}
