import FlowCore
import FlowKit
import Foundation
import Testing

@Suite("phase actions")
struct ActionTests {
    @Test("a check whose content has not changed is not re-run; --force re-runs it")
    func unchangedNotRerun() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["next"]).status == 0)  // develop
        #expect(try flowIn(repo, ["next"]).status == 0)  // test: ran
        #expect(try flowIn(repo, ["goto", "test"]).status == 0)
        let again = try flowIn(repo, ["next"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("test: unchanged since it passed at"), "\(again.stdout)")
        #expect(again.stdout.contains("not re-run"))
        #expect(try flowIn(repo, ["goto", "test"]).status == 0)
        let forced = try flowIn(repo, ["next", "--force"])
        #expect(forced.stdout.contains("test passed ("), "\(forced.stdout)")
        let ledger = try StateStore(gitCommonDirectory: repo.path + "/.git").loadEvidence()
        #expect(ledger.records.filter { $0.check == "test" }.count == 2)
    }

    @Test("a failing check blocks, shows the tool's output indented, keeps the log and records the failure")
    func failureShown() throws {
        let repo = try evidenceRepo()
        try repo.write("Packs/Demo/FAIL", "")
        #expect(try flowIn(repo, ["next"]).status == 0)
        let run = try flowIn(repo, ["next"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("test failed: `python3 -c"), "\(run.stdout)")
        #expect(run.stdout.contains("       | testing Demo"), "\(run.stdout)")
        #expect(run.stdout.contains("Blocked at test"))
        let ledger = try StateStore(gitCommonDirectory: repo.path + "/.git").loadEvidence()
        let record = try #require(ledger.latest(check: "test", pack: "Demo"))
        #expect(!record.passed)
        let log = try #require(record.log)
        #expect(log.hasPrefix(repo.path + "/.git/flow/logs/test-Demo-"))
        #expect(String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self).contains("testing Demo"))
        let json = try flowIn(repo, ["status", "--json"])
        #expect(json.stdout.contains("\"phase\" : \"test\""))
    }

    @Test("an action whose required gate fails is not run (validate never runs on main)")
    func requiredGateBlocksTheAction() throws {
        let repo = try evidenceRepo(branch: nil)
        try repo.write(
            "guarded.yml",
            """
            schema: 1
            id: guarded
            phases:
              - id: validate
                action:
                  run: [python3, -c, "open('ran.txt', 'a').write('ran')"]
                  perPack: false
                  requires: [git.branch]
                gates: [git.branch]
              - id: done
            """)
        try repo.write(".flow/config.yml", "workflow: \(repo.path)/guarded.yml\npacks: [Demo]\n")
        let onMain = try flowIn(repo, ["next"])
        #expect(onMain.status == 1, "\(onMain.stdout)\(onMain.stderr)")
        #expect(onMain.stdout.contains("validate not run: git.branch must pass first"), "\(onMain.stdout)")
        #expect(onMain.stdout.contains("FAIL git.branch"))
        #expect(repo.read("ran.txt") == nil)
        let json = try flowIn(repo, ["next", "--json"])
        #expect(json.stdout.contains("\"result\" : \"skipped\""), "\(json.stdout)")
        #expect(repo.read("ran.txt") == nil)

        try repo.apply([.branch("feature/x")])
        let onFeature = try flowIn(repo, ["next"])
        #expect(onFeature.status == 0, "\(onFeature.stdout)\(onFeature.stderr)")
        #expect(repo.read("ran.txt") == "ran")
    }

    @Test("a missing tool exits 3 with how to install it")
    func missingTool() throws {
        let repo = try evidenceRepo(workflow: "xsoar-actions.yml")
        #expect(try flowIn(repo, ["next"]).status == 0)
        let run = try FlowBinary.run(["next"], in: repo.path, environment: ["PATH": "/nonexistent"])
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("python3 is not installed or not on PATH"), "\(run.stderr)")
        #expect(run.stderr.contains("fix: install Python"), "\(run.stderr)")
    }
}

@Suite("workflow actions in YAML")
struct ActionLoaderTests {
    @Test func alsoEnvStubsLoad() throws {
        let workflow = try WorkflowLoader.load(file: SourceTree.root + "/Tests/Workflows/xsoar-actions.yml")
        let lint = try #require(workflow.phase("lint")?.action)
        #expect(lint.commands.count == 2)
        #expect(lint.commands[1].starts(with: ["ruff", "format"]))
        let validate = try #require(workflow.phase("validate")?.action)
        #expect(validate.environment["DEMISTO_SDK_CONTENT_PATH"] == "{root}")
        #expect(validate.environment["DEMISTO_SDK_OFFLINE_ENV"] == nil)
        #expect(workflow.phase("test")?.action?.environment["PYTHONPATH"] == "{commonServerPath}:{testRequirementsPath}")
        #expect(PhaseAction.toolArgv(workflow.phase("test")?.action?.run ?? []) == ["python3", "-m", "pytest"])
    }

    @Test func badActionKeysReported() {
        let yaml = """
            schema: 1
            id: w
            phases:
              - id: a
                action:
                  run: [true]
                  also: [x]
                  env: {"BAD NAME": x}
                  stubs: [../outside.py]
              - id: b
                action: {check: test, perPack: false, run: [true]}
              - id: c
                gates: [git.clean]
                action: {run: [true], requires: [git.branch]}
              - id: d
                action: {run: [true], requires: git.branch}
            """
        let (_, problems) = WorkflowLoader.lint(data: Data(yaml.utf8), file: "w.yml")
        #expect(problems.contains { $0.message.contains("each entry of `also`") && $0.location.line == 7 })
        #expect(problems.contains { $0.message.contains("`env` names") })
        #expect(problems.contains { $0.message.contains("`stubs` must be a path inside") })
        #expect(problems.contains { $0.message.contains("needs perPack: true") })
        #expect(problems.contains { $0.message.contains("names git.branch, which is not a gate of that phase") && $0.location.line == 14 })
        #expect(problems.contains { $0.message.contains("`requires` of the action of phase d must be a list") })
    }
}

@Suite("the environment a check runs in")
struct ActionEnvironmentTests {
    @Test("the workflow's PYTHONPATH goes before the user's, which is kept (a pack's own dependencies live there)")
    func userPythonPathIsKept() throws {
        let repo = try TempRepo()
        try repo.write("deps/acmelib.py", "VALUE = 1\n")
        try repo.write(
            ".flow/quick.yml",
            """
            schema: 1
            id: quick
            phases:
              - id: test
                action: {check: test, env: {PYTHONPATH: "{root}/stand-ins"}, run: [python3, -c, "import acmelib"]}

            """)
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: .flow/quick.yml\npacks: [Demo]\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "import acmelib\n")
        try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
        let run = try FlowBinary.run(["next"], in: repo.path, environment: ["PYTHONPATH": repo.path + "/deps"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
