import FlowGitTypes

/// `command`: any program as a gate; exit 0 passes. argv only, never a shell.
public enum CommandGate: Gate {
    public static let id = "command"
    public static let summary = "a command of yours (argv, no shell) exits 0"
    public static let parameters = [
        GateParameter("argv", .strings, required: true, "the program and its arguments"),
        GateParameter("timeout", .int, "seconds before it is stopped (default 300)"),
        GateParameter("fix", .string, "what to tell the user when it fails"),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let argv = params.strings("argv", default: [])
        guard !argv.isEmpty else { return .fail("command gate without argv", fix: "give it `argv: [program, args…]`") }
        let shown = argv.joined(separator: " ")
        let result = context.commands.run(
            argv, in: context.git.workDirectory, environment: [:],
            timeoutSeconds: params.int("timeout", default: 300))
        let fix = params.string("fix", default: "run `\(shown)` and fix what it reports")
        let tail = result.output.split(separator: "\n").suffix(5).map { "  \($0)" }
        switch result.outcome {
        case .exited(0): return .pass(shown)
        case .exited(let code): return .fail(reasons: ["`\(shown)` exited \(code)"] + tail, fix: fix)
        case .timedOut(let s): return .fail("`\(shown)` did not finish within \(s) s", fix: fix)
        case .notStarted(let why): return .fail("`\(shown)` could not start: \(why)", fix: "install \(argv[0]) or fix the path")
        }
    }

    public static let examples: [GateExample] = [
        .passing("true", params: ["argv": .list([.string("true")])], initialCommit),
        .failing("false", params: ["argv": .list([.string("false")])], reason: "exited 1", initialCommit),
        .failing(
            "missing program", params: ["argv": .list([.string("flow-no-such-program")])], reason: "could not start",
            initialCommit),
        .passing("file exists", params: ["argv": .list([.string("test"), .string("-f"), .string("README.md")])], initialCommit),
    ]
}
