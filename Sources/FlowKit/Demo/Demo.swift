import FlowCore
import Foundation

/// `flow demo`: builds a sample content repository and walks it through the whole lifecycle with
/// the flow binary itself and git's hooks, narrating each step and checking each step's exit
/// code, so the demo fails loudly if flow's behaviour drifts from what it narrates. The phases
/// that need demisto-sdk, ruff and pytest run only when they are installed; the summary names
/// the ones skipped.
public struct Demo {
    enum Action {
        case run([String], expect: Int32)
        case write(String, String)
    }

    struct Step {
        let say: String
        let action: Action
        let needsTools: Bool
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
    var zips: String { directory + "/zips" }
    static let pack = "HelloDemo"
    static let script = "Packs/HelloDemo/Scripts/Greeter"

    /// The environment every step runs in: an isolated HOME, a fixed git identity, the tools first on PATH.
    var environment: [String: String] {
        var env: [String: String] = [
            "HOME": directory + "/home", "GIT_AUTHOR_NAME": "flow demo", "GIT_AUTHOR_EMAIL": "demo@example.com",
            "GIT_COMMITTER_NAME": "flow demo", "GIT_COMMITTER_EMAIL": "demo@example.com", "NO_COLOR": "1",
            "GIT_CONFIG_NOSYSTEM": "1", "CI": "true", "DEMISTO_SDK_IGNORE_CONTENT_WARNING": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "DEMISTO_BASE_URL": "",
        ]
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        env["PATH"] = ([toolsBin, (flowPath as NSString).deletingLastPathComponent].compactMap { $0 } + [path])
            .joined(separator: ":")
        return env
    }

    func say(_ text: String, _ argv: [String], expect: Int32 = 0, tools: Bool = false) -> Step {
        Step(say: text, action: .run(argv, expect: expect), needsTools: tools)
    }

    func flow(_ args: String...) -> [String] { [flowPath] + args }

    var steps: [Step] {
        let hasTools = toolsBin != nil
        return [
            say(
                "A content repository: Packs/ at the root, build output ignored, a local bare repository as origin.",
                ["git", "init", "-q", "-b", "main"]),
            say("", ["git", "init", "-q", "--bare", "-b", "main", directory + "/origin.git"]),
            say("", ["git", "remote", "add", "origin", directory + "/origin.git"]),
            Step(
                say: "", action: .write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n__pycache__/\n.pytest_cache/\n"),
                needsTools: false),
            Step(say: "", action: .write("Packs/.gitkeep", ""), needsTools: false),
            Step(say: "", action: .write(".private-repo-settings", ""), needsTools: false),
            // The CI/CD template keeps CommonServerPython.py and demistomock.py at the root, where
            // the test phase finds them; the demo's are small stand-ins of its own for its script.
            Step(say: "", action: .write("CommonServerPython.py", Demo.commonServerPy), needsTools: false),
            Step(say: "", action: .write("demistomock.py", Demo.demistomockPy), needsTools: false),
            say("", ["git", "add", "-A"]),
            say("", ["git", "commit", "-q", "-m", "chore: content repository skeleton"]),
            say("", ["git", "push", "-q", "origin", "main"]),
            say("Nothing is configured yet, so flow refuses and says how to start.", flow("status"), expect: 2),
            say(
                "The survey, answered with flags (on a terminal flow asks; secrets are never written).",
                flow(
                    "init", "--pack", Demo.pack, "--pack-type", "local", "--platform", "xsoar6", "--author", "Flow Demo",
                    "--category", "Utilities", "--support", "community", "--zip-dir", zips)),
            say(
                "Hooks: pre-commit, pre-merge-commit, commit-msg and pre-push, chained with any hook already there.",
                flow("hooks", "install")),
            say("Work happens on a feature branch: on main, repo-setup is blocked and says so.", flow("next"), expect: 1),
            say("", flow("feature", "start", "greeting")),
            say("", flow("next")),
            say(
                "create: the pack scaffold (demisto-sdk init when installed, flow's own otherwise).",
                hasTools ? flow("create") : flow("create", "--no-sdk")),
            say("Its README is a template: pack.readme refuses it until it says what the pack does.", flow("next"), expect: 1),
            Step(
                say: "develop: a script and its unit test, written together.",
                action: .write(Demo.script + "/Greeter.py", Demo.greeterPy), needsTools: false),
            Step(say: "", action: .write(Demo.script + "/Greeter.yml", Demo.greeterYml), needsTools: false),
            Step(say: "", action: .write(Demo.script + "/Greeter_test.py", Demo.greeterTest), needsTools: false),
            Step(say: "", action: .write(Demo.script + "/README.md", Demo.greeterReadme), needsTools: false),
            Step(say: "", action: .write("Packs/\(Demo.pack)/README.md", Demo.packReadme), needsTools: false),
            say("", ["git", "add", "-A"]),
            say("", flow("next")),
            say("", flow("next")),
            say(
                "docs: a code change needs the release notes and the pack README in the same change; here the whole pack is new.",
                flow("next")),
            say(
                "A commit before the checks ran is refused by the pre-commit hook.",
                ["git", "commit", "-q", "-m", "feat(HelloDemo): Greeter script"], expect: 1),
            say(
                "test, lint, validate: real pytest, ruff and demisto-sdk, each result bound to the pack's tree id.",
                flow("next"), tools: true),
            say("", flow("next"), tools: true),
            say("", flow("next"), tools: true),
            say(
                "Now the commit goes through (its subject in the feat(<Pack>): form of \(LifecycleRule.cite("S50"))), and commit-msg adds the evidence trailer.",
                ["git", "commit", "-q", "-m", "feat(HelloDemo): Greeter script"], tools: true),
            say("", ["git", "log", "-1", "--format=%B"], tools: true),
            say("", flow("next"), tools: true),
            say("merge-tag: merge into main.", ["git", "checkout", "-q", "main"], tools: true),
            say("", ["git", "merge", "-q", "--no-ff", "feature/greeting", "-m", "Merge feature/greeting"], tools: true),
            say("Nothing is zipped before the release is tagged.", flow("build"), expect: 1, tools: true),
            say(
                "flow release: validate on main, annotated tag, bump to the next patch with a release-notes stub.",
                flow("release"), tools: true),
            say(
                "CI's checks: every commit carries valid evidence…", flow("verify", "commits", "--range", "v1.0.0~1..HEAD"),
                tools: true),
            say("…and only the tagged commit is a release.", flow("verify", "release"), expect: 1, tools: true),
            say("build-deploy, from the tag.", ["git", "checkout", "-q", "v1.0.0"], tools: true),
            say("", flow("verify", "release"), tools: true),
            say("", flow("build"), tools: true),
            say(
                "Without DEMISTO_BASE_URL, deploy leaves the zip in the zip directory and says where.",
                flow("deploy"), tools: true),
            say("Where every phase stands now.", flow("phases")),
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
                if !step.say.isEmpty { skipped.append(step.say) }
                continue
            }
            if !step.say.isEmpty { narrate("\n== \(step.say)") }
            switch step.action {
            case .write(let path, let text):
                narrate("(writes \(path))")
                let full = repo + "/" + path
                try FileManager.default.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            case .run(let argv, let expect):
                let shown = argv.map { $0 == flowPath ? "flow" : $0 }.joined(separator: " ")
                narrate("$ \(shown)")
                var environment = environment
                // CI=true is for the tools (demisto-sdk); flow itself runs as on a developer's
                // machine, where FLOW_WORKFLOWS_DIR (flow's development override) is allowed.
                if argv.first == flowPath { environment["CI"] = "false" }
                let result = runner.run(argv, in: repo, environment: environment, timeoutSeconds: 600)
                let output = result.output.trimmingCharacters(in: .newlines)
                if !output.isEmpty {
                    narrate(output.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
                }
                guard result.outcome == .exited(expect) else {
                    throw FlowError(
                        .blocked, "demo step `\(shown)` gave \(result.outcome), expected exit \(expect)",
                        hint: "this is a flow bug; the scratch repository is kept at \(repo)")
                }
            }
            count += 1
        }
        return Summary(steps: count, skipped: skipped)
    }

    // The sample script: flow's own, small, and clean under ruff with XSOAR's settings.
    static let greeterPy = """
        import demistomock as demisto
        from CommonServerPython import *


        def greet(name: str) -> str:
            return f"Hello, {name}!"


        def main() -> None:  # pragma: no cover
            try:
                return_results(greet(demisto.args().get("name", "world")))
            except Exception as e:
                return_error(f"Greeter failed: {e}")


        if __name__ in ("__main__", "__builtin__", "builtins"):
            main()

        """

    static let commonServerPy = """
        def return_results(results):
            print(results)

        """

    static let demistomockPy = """
        def args():
            return {}

        """

    static let greeterTest = """
        from Greeter import greet


        def test_greet():
            assert greet("Dbot") == "Hello, Dbot!"

        """

    static let greeterYml = """
        commonfields:
          id: Greeter
          version: -1
        name: Greeter
        script: '-'
        type: python
        subtype: python3
        tags: []
        comment: Greets a name.
        enabled: true
        args:
        - name: name
          description: Who to greet.
        scripttarget: 0
        dockerimage: demisto/python3:3.10.14.100715
        runas: DBotWeakRole
        fromversion: 6.5.0
        tests:
        - No tests

        """

    /// The pack README in the mandatory structure of rule S44 (docs.readme-sections, docs.readme-tables).
    static let packReadme = """
        # HelloDemo

        HelloDemo is flow's demonstration pack: one script, Greeter, that greets a name in the War Room.

        ## Dependencies

        *No dependencies*

        ## Scripts

        ### Greeter

        Greets a name.

        | Argument | Description |
        | --- | --- |
        | name | Who to greet. |

        ## Known Limitations

        - Greeter greets one name at a time.

        ## Troubleshooting

        | Issue | Solution |
        | --- | --- |
        | No greeting | Give a name. |

        """

    static let greeterReadme = """
        Greets a name.

        ## Script Data

        | **Name** | **Description** |
        | --- | --- |
        | Script Type | python3 |

        ## Inputs

        | **Argument Name** | **Description** |
        | --- | --- |
        | name | Who to greet. |

        """
}
