import FlowKit
import Foundation
import Testing

@testable import FlowCore

/// A message a user meets, produced the way they meet it, with the words it must say and the
/// words it must never say (a wrong or dangerous fix).
struct MessageCase: Sendable, CustomTestStringConvertible {
    let name: String
    let expect: [String]
    let forbid: [String]
    let produce: @Sendable () throws -> String
    var testDescription: String { name }

    init(_ name: String, expect: [String], forbid: [String] = [], _ produce: @escaping @Sendable () throws -> String) {
        self.name = name
        self.expect = expect
        self.forbid = forbid
        self.produce = produce
    }
}

/// pytest's real output for a failing test with the tools' pytest_freezegun installed.
let pytestFailureWithToolWarnings = """
    t_test.py F                                                              [100%]

    =================================== FAILURES ===================================
    ____________________________________ test_a ____________________________________

        def test_a():
    >       assert 1 == 2
    E       assert 1 == 2

    t_test.py:2: AssertionError
    =============================== warnings summary ===============================
    ../../work/main/.build/xsoar-venv/lib/python3.11/site-packages/pytest_freezegun.py:17
    ../../work/main/.build/xsoar-venv/lib/python3.11/site-packages/pytest_freezegun.py:17
      /work/main/.build/xsoar-venv/lib/python3.11/site-packages/pytest_freezegun.py:17: DeprecationWarning: distutils Version classes are deprecated. Use packaging.version instead.
        if LooseVersion(pytest.__version__) < LooseVersion('3.6.0'):

    t_test.py:5
      t_test.py:5: UserWarning: my own warning

    -- Docs: https://docs.pytest.org/en/stable/how-to/capture-warnings.html
    =========================== short test summary info ============================
    FAILED t_test.py::test_a - assert 1 == 2
    ======================== 1 failed, 2 warnings in 0.41s =========================
    """

/// The gate's one-line outcome as `flow status` prints it: reasons, then the fix.
func gateMessage(_ outcome: GateOutcome) -> String {
    (outcome.reasons + ["fix: \(outcome.fix ?? "")"]).joined(separator: "\n")
}

@Suite("Messages tell the truth")
struct MessageTests {
    static let cases: [MessageCase] = [
        MessageCase(
            "merge-tag with v1.0.0–v1.0.2 tagged, main at 1.0.3: names v1.0.3, never moves a published tag",
            expect: [
                "does not carry v1.0.3, the tag for Demo's currentVersion 1.0.3",
                "earlier releases, on other commits: v1.0.0, v1.0.1, v1.0.2", "fix: tag this version on main: flow release",
                "to build or deploy the last release instead: git checkout v1.0.2",
            ],
            forbid: ["tag -d", "v1.0.0 points at", "matching *"]
        ) {
            let repo = try TempRepo()
            try repo.apply(
                GitTagOnHeadGate.releases(["1.0.0", "1.0.1", "1.0.2"])
                    + [.write("Packs/Demo/pack_metadata.json", "{\"currentVersion\": \"1.0.3\"}\n"), .stage(["Packs"]), .commit("1.0.3")])
            return gateMessage(try GitTagOnHeadGate.evaluate(GateParams([:]), makeContext(repo)))
        },
        MessageCase(
            "the current version's tag on another commit: check it out, never move it",
            expect: ["v1.0.0 points at", "git checkout v1.0.0", "a published tag is never moved"], forbid: ["tag -d"]
        ) {
            let repo = try TempRepo()
            try repo.apply(GitTagOnHeadGate.releases(["1.0.0"]) + [.write("b.txt", "b"), .stage(["b.txt"]), .commit("later")])
            return gateMessage(try GitTagOnHeadGate.evaluate(GateParams([:]), makeContext(repo)))
        },
        MessageCase("no tag at all and the default pattern: no raw `*`", expect: ["carries no tag"], forbid: ["matching *", "tag -d"]) {
            let repo = try TempRepo()
            try repo.apply(initialCommit)
            return gateMessage(try GitTagOnHeadGate.evaluate(GateParams([:]), makeContext(repo)))
        },
        MessageCase(
            "a lightweight release tag: deleted only if never pushed",
            expect: ["is lightweight", "if v1.0.0 was never pushed", "if it was, leave it"]
        ) {
            let repo = try TempRepo()
            try repo.apply(initialCommit + [.tag("v1.0.0", annotated: false)])
            return gateMessage(try GitTagOnHeadGate.evaluate(GateParams([:]), makeContext(repo)))
        },
        MessageCase(
            "flow build right after flow release: build the release that was tagged",
            expect: ["is the development of 1.0.1 after the release v1.0.0", "fix: to build or verify the release: git checkout v1.0.0"],
            forbid: ["fix: write the release notes"]
        ) {
            let repo = try ReleasePackRepo.make()
            let release = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
            guard release.status == 0 else { return "flow release failed: \(release.stdout)\(release.stderr)" }
            let build = try ReleasePackRepo.flow(["build"], repo)
            return build.stdout + build.stderr
        },
        MessageCase(
            "status at the commit phase with staged, unchecked work: what is stale and the re-run, not git stash",
            expect: [
                "test did not pass on this content of Packs/Demo: the pre-commit hook would refuse it",
                "re-run the checks (flow goto test && flow next), then commit: git commit",
            ],
            forbid: ["git stash"]
        ) {
            let repo = try evidenceRepo(workflow: "commit-clean.yml")
            try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'v1'\n")
            for _ in 0..<2 { _ = try flowIn(repo, ["next"]) }  // develop -> test -> commit
            try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'v2'\n")
            try repo.git(["add", "Packs/Demo/Scripts/Hello/Hello.py"])
            return try flowIn(repo, ["status"]).stdout
        },
        MessageCase(
            "lint with two commands, piped: one running line for the phase",
            expect: ["flow: lint: python3 [Demo] running…"]
        ) {
            let repo = try evidenceRepo()
            for _ in 0..<2 { _ = try flowIn(repo, ["next"]) }  // develop -> test -> lint
            let lint = try flowIn(repo, ["next"])
            let lines = lint.stderr.split(separator: "\n").filter { $0.contains("running…") }
            return lines.count == 1 ? lint.stderr : "\(lines.count) running lines:\n\(lint.stderr)"
        },
        MessageCase(
            "docs gate with a new integration not yet added: untracked is not part of the change, git add it",
            expect: [
                "Packs/Demo/Integrations/Hello has untracked code: untracked files are not part of the change",
                "fix: git add -- Packs/Demo/Integrations/Hello/Hello.py Packs/Demo/Integrations/Hello/Hello.yml",
            ]
        ) {
            let repo = try TempRepo()
            try repo.apply(
                initialCommit + [
                    PackExample.file("pack_metadata.json", PackExample.metadata()), .stage(["Packs"]),
                    .commit("pack"), .branch("feature/hello"),
                    PackExample.file("Integrations/Hello/Hello.py", "x = 1\n"),
                    PackExample.file("Integrations/Hello/Hello.yml", "name: Hello\n"),
                ])
            return gateMessage(try DocsUpdatedWithChangeGate.evaluate(GateParams([:]), makeContext(repo, pack: "Demo")))
        },
        MessageCase(
            "docs gate with only a private note untracked in an integration: nothing to add, never its directory",
            expect: ["nothing in Packs/Demo changed against main"], forbid: ["git add", "notes.txt"]
        ) {
            let repo = try TempRepo()
            try repo.apply(
                initialCommit + [
                    PackExample.file("pack_metadata.json", PackExample.metadata()),
                    PackExample.file("Integrations/AcmeThreatIntel/AcmeThreatIntel.py", "x = 1\n"), .stage(["Packs"]),
                    .commit("pack"), .branch("feature/acme"),
                    PackExample.file("Integrations/AcmeThreatIntel/notes.txt", "api key\n"),
                ])
            let outcome = try DocsUpdatedWithChangeGate.evaluate(GateParams([:]), makeContext(repo, pack: "Demo"))
            return outcome.passed ? (outcome.detail ?? "") : gateMessage(outcome)
        },
        MessageCase(
            "repo-setup before .gitignore exists: the set-up commit's fix writes it before git add names it",
            expect: [
                "printf '*.zip\\n*_build/\\nuploadable_packs/\\n' >> .gitignore && git add .gitignore .flow/config.yml && git commit -m 'chore: set up the repository'"
            ],
            forbid: ["Set up the repository"]
        ) {
            let repo = try TempRepo()
            try repo.write(".flow/config.yml", "workflow: minimal\npacks: [Demo]\n")
            let fix = try GitRepositoryGate.evaluate(GateParams([:]), makeContext(repo)).fix ?? ""
            let run = ProcessRunner().run(
                ["bash", "-c", fix], in: repo.path, environment: ["GIT_CONFIG_NOSYSTEM": "1"], timeoutSeconds: 60)
            return fix + (run.succeeded ? "" : "\nfailed: \(run.output)")
        },
        MessageCase(
            "git.clean with an untracked AcmeExport.ZIP: delete or ignore it, never commit it",
            expect: ["AcmeExport.ZIP is build output, never committed", "rm AcmeExport.ZIP", "*.[zZ][iI][pP]"],
            forbid: ["git add AcmeExport.ZIP", "git add -- AcmeExport.ZIP", "commit them (git add"]
        ) {
            let repo = try TempRepo()
            try repo.apply(initialCommit + [.writeBytes("AcmeExport.ZIP", GitNoArtifactsGate.zipBytes)])
            return gateMessage(try GitCleanGate.evaluate(GateParams([:]), makeContext(repo)))
        },
        MessageCase(
            "git.no-artifacts with *.zip in .gitignore and a staged .ZIP: the case-insensitive pattern, not *.zip again",
            expect: ["git rm -q --cached -- AcmeExport.ZIP", "printf '*.[zZ][iI][pP]\\n' >> .gitignore"],
            forbid: ["add `*.zip`", "printf '*.zip"]
        ) {
            let repo = try TempRepo()
            try repo.apply(
                initialCommit + [
                    .write(".gitignore", "*.zip\n"), .stage([".gitignore"]), .commit("ignore zips"),
                    .writeBytes("AcmeExport.ZIP", GitNoArtifactsGate.zipBytes), .stage(["AcmeExport.ZIP"]),
                ])
            return gateMessage(try GitNoArtifactsGate.evaluate(GateParams([:]), makeContext(repo)))
        },
        MessageCase(
            "pack.code-conventions for demisto.results() alone: the fix is about demisto.results(), not time.sleep",
            expect: ["demisto.results()", "return_results()"], forbid: ["time.sleep"]
        ) {
            let c = try #require(ExampleCase.all.first { $0.gateID == PackCodeConventionsGate.id && $0.example.name == "demisto.results" })
            let repo = try TempRepo()
            try repo.apply(c.example.steps)
            return gateMessage(try PackCodeConventionsGate.evaluate(GateParams([:]), makeContext(repo, pack: "Demo")))
        },
        MessageCase(
            "git.merged: the fix is one command line, no prose after it",
            expect: ["fix: git switch main && git merge --no-ff feature/x"], forbid: ["(or delete"]
        ) {
            let repo = try TempRepo()
            try repo.apply(
                initialCommit + [.branch("feature/x"), .write("x.txt", "x"), .stage(["x.txt"]), .commit("x"), .checkout("main")])
            return gateMessage(try GitMergedGate.evaluate(GateParams([:]), makeContext(repo)))
        },
        MessageCase(
            "a failing test: the user's failure and warning, not the tools' own warnings",
            expect: ["FAILED t_test.py::test_a - assert 1 == 2", "t_test.py:5: UserWarning: my own warning", "warnings summary"],
            forbid: ["pytest_freezegun", "LooseVersion"]
        ) {
            ToolNoise.filter(pytestFailureWithToolWarnings)
        },
        MessageCase(
            "only the tools' warnings: the warnings section is gone",
            expect: ["FAILED t_test.py::test_a"], forbid: ["warnings summary", "-- Docs:", "pytest_freezegun"]
        ) {
            ToolNoise.filter(
                pytestFailureWithToolWarnings.replacingOccurrences(
                    of: "t_test.py:5\n  t_test.py:5: UserWarning: my own warning\n\n", with: ""))
        },
        MessageCase(
            "demisto-sdk's repeated GitUrlParsed complaint is not shown",
            expect: ["[Errno 111] Connection refused"], forbid: ["GitUrlParsed", "defaulting to demisto/content"]
        ) {
            let line =
                "Could not get repository properties: 'GitUrlParsed' object has no attribute 'domain'\n"
                + "defaulting to demisto/content\n"
            return ToolNoise.clean(String(repeating: line, count: 6) + "\u{1B}[31m[Errno 111] Connection refused\u{1B}[0m\n")
        },
        MessageCase(
            "flow next with a failing test: noise filtered on screen, kept in the log",
            expect: ["FAILED t_test.py::test_a", "log keeps: pytest_freezegun"], forbid: ["LooseVersion"]
        ) {
            let repo = try evidenceRepo(workflow: "noisy-test.yml")
            try repo.write("noisy.py", "import sys\nprint(sys.argv and \(pythonLiteral(pytestFailureWithToolWarnings)))\nsys.exit(1)\n")
            _ = try flowIn(repo, ["next"])
            let run = try flowIn(repo, ["next"])
            let logs = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/flow/logs")
            let log = logs.compactMap { repo.read(".git/flow/logs/" + $0) }.joined()
            return run.stdout + run.stderr + (log.contains("pytest_freezegun") ? "\nlog keeps: pytest_freezegun" : "")
        },
        MessageCase(
            "flow init without a terminal: one command line with the survey's own defaults",
            expect: [
                "the survey is missing: --pack-type, --platform, --author, --category, --support, --zip-dir (no terminal to ask on; nothing was written)",
                "\n  fix: flow init --pack Demo --pack-type local --platform xsoar6 --author NAME --category Utilities --support community --zip-dir DIR\n",
            ],
            forbid: ["'xsoar'", "e.g."]
        ) {
            let repo = try TempRepo()
            try repo.apply(initialCommit)
            let run = try FlowBinary.run(["init", "--pack", "Demo"], in: repo.path)
            return run.stderr + "\n"
        },
        MessageCase(
            "flow init again without a terminal: the configuration's answers, as the survey offers them",
            expect: [
                "fix: flow init --pack Demo --pack-type local --platform xsoar6 --author 'Me Too' --category 'Data Enrichment & Threat Intelligence' --support partner --zip-dir /tmp/flow-zips --workflow minimal\n"
            ]
        ) {
            let repo = try TempRepo()
            try repo.apply(initialCommit)
            let args = CLITests.initArgs.map {
                $0 == "Me" ? "Me Too" : $0 == "community" ? "partner" : $0 == "Utilities" ? "Data Enrichment & Threat Intelligence" : $0
            }
            let first = try FlowBinary.run(args, in: repo.path)
            guard first.status == 0 else { return first.stderr }
            return try FlowBinary.run(["init", "--pack", "Demo", "--workflow", "minimal"], in: repo.path).stderr + "\n"
        },
        MessageCase(
            "flow feature start with no commit yet: name the set-up files, never git add -A",
            expect: ["branch main has no commits yet", "git add .gitignore .flow/config.yml && git commit -m"],
            forbid: ["git add -A"]
        ) {
            let repo = try TempRepo()
            try repo.write(".flow/config.yml", "workflow: minimal\npacks: [Demo]\n")
            let run = try FlowBinary.run(
                ["feature", "start", "first"], in: repo.path,
                environment: ["FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows"])
            return run.stdout + run.stderr
        },
        MessageCase(
            "the push flow release prints works on the first push (no upstream yet)",
            expect: ["push with `git push --follow-tags origin main`", "pushed: refs/tags/v1.0.0"]
        ) {
            let repo = try ReleasePackRepo.make()
            try repo.git(["init", "-q", "--bare", "-b", "main", repo.base + "/origin.git"], in: repo.base)
            try repo.git(["remote", "add", "origin", "../origin.git"])
            let release = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
            guard let range = release.stdout.range(of: #"push with `([^`]+)`"#, options: .regularExpression) else {
                return release.stdout + release.stderr
            }
            let command = release.stdout[range].dropFirst("push with `".count).dropLast().split(separator: " ").map(String.init)
            let push = ProcessRunner().run(command, in: repo.path, environment: [:], timeoutSeconds: 60)
            let tags = try repo.git(["ls-remote", "--tags", "origin"])
            return release.stdout + (push.succeeded && tags.contains("refs/tags/v1.0.0") ? "pushed: refs/tags/v1.0.0" : push.output)
        },
        MessageCase("flow build piped: a plain line per tool", expect: ["flow: build: demisto-sdk zip-packs [Demo] running…"]) {
            let repo = try ReleasePackRepo.make()
            try repo.apply([.tag("v1.0.0", annotated: true)])
            let sdk = try FakeSDK(base: repo.base, exitCode: 1)
            let build = try ReleasePackRepo.flow(["build"], repo, environment: ["PATH": sdk.path])
            return build.stderr
        },
        MessageCase("flow release piped: validate -a announced", expect: ["flow: release: demisto-sdk validate [Demo] running…"]) {
            let repo = try ReleasePackRepo.make()
            let sdk = try FakeSDK(base: repo.base, exitCode: 1)
            return try ReleasePackRepo.flow(["release"], repo, environment: ["PATH": sdk.path]).stderr
        },
        MessageCase("flow deploy piped: the upload announced", expect: ["flow: deploy: demisto-sdk upload [Demo] running…"]) {
            let (repo, sdk, env) = try TerminalTests().deployScene()
            _ = sdk
            return try FlowBinary.run(["deploy", "--yes"], in: repo.path, environment: env).stderr
        },
        MessageCase("flow create piped: demisto-sdk init announced", expect: ["flow: create: demisto-sdk init [Demo] running…"]) {
            let repo = try TempRepo()
            try repo.apply(initialCommit)
            let sdk = try FakeSDK(base: repo.base, exitCode: 1)
            let env = ["PATH": sdk.path, "FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows"]
            let initRun = try FlowBinary.run(CLITests.initArgs, in: repo.path, environment: env)
            guard initRun.status == 0 else { return initRun.stderr }
            return try FlowBinary.run(["create"], in: repo.path, environment: env).stderr
        },
    ]

    @Test("the message says what is true and the safe fix", arguments: cases)
    func message(_ c: MessageCase) throws {
        let text = try c.produce()
        for words in c.expect { #expect(text.contains(words), "missing: \(words)\nin:\n\(text)") }
        for words in c.forbid { #expect(!text.contains(words), "must not say: \(words)\nin:\n\(text)") }
        // Every fix line the message shows is one command line bash parses, or prose.
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("fix: ") else { continue }
            let fix = String(trimmed.dropFirst(5))
            if FixLine.isCommandLine(fix) { #expect(FixLine.syntaxProblem(fix) == nil, "\(fix): \(FixLine.syntaxProblem(fix) ?? "")") }
        }
    }

    @Test(
        "flow build on a terminal shows the running tool with its seconds",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func buildProgressOnATerminal() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.tag("v1.0.0", annotated: true)])
        let bin = repo.base + "/slow-bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try Data("#!/bin/sh\nsleep 2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: bin + "/demisto-sdk"))
        chmod(bin + "/demisto-sdk", 0o755)
        let run = try FlowBinary.run(
            ["build"], in: repo.path,
            environment: [
                "FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows", "PATH": "\(bin):/usr/local/bin:/usr/bin:/bin",
            ], onTerminal: true)
        #expect(run.stdout.contains("build: demisto-sdk zip-packs [Demo] 1s"), "\(run.stdout)")
    }
}

/// A Python string literal of the text (json.dumps-compatible for what the tests print).
func pythonLiteral(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .withoutEscapingSlashes
    return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
}
