import FlowCore
import Foundation

/// `flow demo`: builds a sample content repository and walks it through the lifecycle with the
/// flow binary itself, narrating each step and checking each step's exit code, so the demo
/// fails loudly if flow's behaviour drifts from what it narrates.
public struct Demo {
    public struct Step {
        let say: String
        let argv: [String]
        /// The exit code this step must give (flow's refusals are part of the story).
        let expect: Int32
        let needsTools: Bool

        init(_ say: String, _ argv: [String], expect: Int32 = 0, needsTools: Bool = false) {
            self.say = say
            self.argv = argv
            self.expect = expect
            self.needsTools = needsTools
        }
    }

    public let directory: String
    public let flowPath: String
    public let toolsBin: String?
    public let narrate: (String) -> Void

    public init(directory: String, flowPath: String, toolsBin: String?, narrate: @escaping (String) -> Void) {
        self.directory = directory
        self.flowPath = flowPath
        self.toolsBin = toolsBin
        self.narrate = narrate
    }

    var repo: String { directory + "/content" }

    /// The environment every step runs in: an isolated HOME, a fixed git identity, the tools first on PATH.
    var environment: [String: String] {
        var env: [String: String] = [
            "HOME": directory + "/home", "GIT_AUTHOR_NAME": "flow demo", "GIT_AUTHOR_EMAIL": "demo@example.com",
            "GIT_COMMITTER_NAME": "flow demo", "GIT_COMMITTER_EMAIL": "demo@example.com", "NO_COLOR": "1",
            "GIT_CONFIG_NOSYSTEM": "1", "CI": "true", "DEMISTO_SDK_IGNORE_CONTENT_WARNING": "1",
        ]
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        env["PATH"] = ([toolsBin, (flowPath as NSString).deletingLastPathComponent].compactMap { $0 } + [path])
            .joined(separator: ":")
        return env
    }

    func flow(_ args: String...) -> [String] { [flowPath] + args }

    var steps: [Step] {
        [
            Step("A content repository with a local bare repository as origin.",
                 ["git", "init", "-q", "-b", "main"]),
            Step("Nothing is configured yet, so flow refuses and says how to start.", flow("status"), expect: 2),
            Step("The survey, answered with flags (on a terminal flow would ask).",
                 flow("init", "--pack", "HelloDemo", "--pack-type", "local", "--platform", "xsoar6", "--author", "Flow Demo",
                      "--category", "Utilities", "--support", "community", "--zip-dir", directory + "/zips")),
            Step("Where are we? The repository has no commit and no origin yet.", flow("next"), expect: 1),
            Step("Fix what flow asked for: a first commit and an origin.",
                 ["git", "commit", "-q", "--allow-empty", "-m", "Initial commit"]),
            Step("", ["git", "init", "-q", "--bare", "-b", "main", directory + "/origin.git"]),
            Step("", ["git", "remote", "add", "origin", directory + "/origin.git"]),
            Step("Now the repo-setup gates pass and flow moves on.", flow("next")),
            Step("The whole workflow and where this branch stands.", flow("phases")),
            Step("A zip staged by mistake is caught by content, whatever its name.",
                 ["sh", "-c", "printf 'PK\\003\\004rest' > notes.txt && git add notes.txt"]),
            Step("", flow("check"), expect: 1),
            Step("", ["git", "rm", "-q", "--cached", "notes.txt"]),
            Step("The same report as JSON, with stable gate ids, for scripts and CI.", flow("check", "--json"), expect: 1),
        ]
    }

    public struct Summary {
        public let steps: Int
        public let skipped: [String]
    }

    public func run() throws -> Summary {
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
        let runner = ProcessRunner()
        var skipped: [String] = []
        var count = 0
        for step in steps {
            if step.needsTools && toolsBin == nil {
                skipped.append(step.say)
                continue
            }
            if !step.say.isEmpty { narrate("\n== \(step.say)") }
            let shown = step.argv.map { $0 == flowPath ? "flow" : $0 }.joined(separator: " ")
            narrate("$ \(shown)")
            let result = runner.run(step.argv, in: repo, environment: environment, timeoutSeconds: 300)
            let output = result.output.trimmingCharacters(in: .newlines)
            if !output.isEmpty { narrate(output.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")) }
            guard result.outcome == .exited(step.expect) else {
                throw FlowError(.blocked, "demo step `\(shown)` gave \(result.outcome), expected exit \(step.expect)",
                                hint: "this is a flow bug; the scratch repository is kept at \(repo)")
            }
            count += 1
        }
        return Summary(steps: count, skipped: skipped)
    }
}
