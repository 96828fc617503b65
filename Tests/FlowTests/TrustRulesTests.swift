import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 22, "CI judges with the base branch's rules", and issue 21's "flow verify names every
/// change a pull request makes to the policy". CI is simulated as the shipped GitHub Actions example
/// runs it: a fresh clone of the origin at the pull request's head, no local main,
/// `flow verify checks --range origin/main..HEAD`.
@Suite("trust: CI judges with the base branch's rules")
struct TrustRulesTests {
    /// The base's workflow: xsoar-local's test phase as shipped, lint and validate left out (the
    /// rows are about pytest and the policy files).
    static let workflow = """
        schema: 1
        id: tests-only
        extends: xsoar-local
        phases:
          - id: lint
            remove: true
          - id: validate
            remove: true

        """

    /// main: one pack whose one test passes, pushed to a bare origin; then `feature/x`.
    static func origin(onMain: [String: String] = [:]) throws -> TempRepo {
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "workflow: .flow/wf.yml\npacks: [Demo]\ncommonServer: stand-ins\n")
        try repo.write(".flow/wf.yml", workflow)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
        try repo.write(
            "Packs/Demo/Scripts/Hello/Hello_test.py", "from Hello import hello\n\n\ndef test_ok():\n    assert hello() == 'hi'\n")
        for (path, text) in onMain { try repo.write(path, text) }
        try repo.apply([.stage(["."]), .commit("initial")])
        try repo.git(["init", "-q", "--bare", "-b", "main", repo.base + "/origin.git"], in: repo.base)
        try repo.git(["remote", "add", "origin", repo.base + "/origin.git"])
        try repo.git(["push", "-q", "origin", "main"])
        try repo.apply([.branch("feature/x")])
        return repo
    }

    /// Commits the pull request's files on feature/x, pushes it, and returns CI's fresh clone of it.
    static func pullRequest(_ repo: TempRepo, _ files: [String: String], remove: [String] = []) throws -> String {
        for (path, text) in files { try repo.write(path, text) }
        for path in remove { try repo.git(["rm", "-q", "-r", path]) }
        try repo.apply([.stage(["."]), .commit("the pull request")])
        try repo.git(["push", "-q", "origin", "feature/x"])
        let clone = repo.base + "/ci-\(UUID().uuidString.prefix(8))"
        try repo.git(["clone", "-q", "-b", "feature/x", "file://" + repo.base + "/origin.git", clone], in: repo.base)
        return clone
    }

    static func ci(
        _ clone: String, _ extra: [String] = [], command: String = "checks",
        environment: [String: String] = [:]
    ) throws -> FlowRun {
        var env = ["GITHUB_ACTIONS": "false", "CI": "false"]
        if let bin = XsoarTools.bin { env["PATH"] = XsoarTools.path(bin) }
        env.merge(environment) { $1 }
        return try FlowBinary.run(["verify", command, "--range", "origin/main..HEAD"] + extra, in: clone, environment: env)
    }

    static let failingTest =
        "from Hello import hello\n\n\ndef test_ok():\n    assert hello() == 'hi'\n\n\ndef test_x():\n    assert hello() == 'bye'\n"
    /// A conftest.py that turns every failing test into a pass.
    static let forcePass = """
        import pytest


        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(item, call):
            outcome = yield
            report = outcome.get_result()
            if report.failed:
                report.outcome = "passed"

        """
    /// A conftest.py that makes pytest exit 0 whatever failed.
    static let forceExitZero = """
        import pytest


        @pytest.hookimpl(trylast=True)
        def pytest_sessionfinish(session, exitstatus):
            session.exitstatus = 0

        """

    @Test(
        "a policy file changed by the pull request fails both verifies, named, until a maintainer accepts it",
        arguments: [
            ("pytest.ini", "[pytest]\naddopts = -k \"not test_x\"\n"), ("conftest.py", forcePass), ("Packs/conftest.py", forcePass),
            ("ruff.toml", "[lint]\nselect = []\n"), (".ruff.toml", "[lint]\nselect = []\n"),
            ("pyproject.toml", "[tool.ruff.lint]\nselect = []\n"), ("setup.cfg", "[tool:pytest]\naddopts = -x\n"),
            ("tox.ini", "[pytest]\naddopts = -x\n"), ("validation_config.toml", "[use_git]\nselect = []\n"),
            (".demisto-sdk-conf", "[validate]\nconfig_path = lax.toml\n"), ("CommonServerPython.py", "def f():\n    pass\n"),
            ("demistomock.py", "results = print\n"), (".github/workflows/flow.yml", "on: push\njobs: {}\n"),
            (".flow/wf.yml", "schema: 1\nid: lax\nphases:\n  - id: test\n"),
            (".flow/config.yml", "workflow: .flow/wf.yml\npacks: [Demo]\ncommonServer: Lax\n"),
        ])
    func policyFileChanged(_ path: String, _ text: String) throws {
        let repo = try Self.origin()
        let clone = try Self.pullRequest(repo, [path: text])
        let checks = try Self.ci(clone)
        #expect(checks.status == 1, "\(path): \(checks.stdout)\(checks.stderr)")
        #expect(
            checks.stdout.contains("the rules changed in this range: \(path): needs a run with the new rules by a maintainer"),
            "\(checks.stdout)")
        #expect(checks.stdout.contains("--accept-rule-changes"))
        let json = try Self.ci(clone, ["--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        let changes = try #require(object["policyChanges"] as? [[String: String]])
        #expect(changes.map { $0["path"] ?? "" } == [path])
        #expect(object["passed"] as? Bool == false)

        let commits = try Self.ci(clone, command: "commits")
        #expect(commits.status == 1, "\(commits.stdout)")
        #expect(commits.stdout.contains("the rules changed in this range: \(path)"), "\(commits.stdout)")

        let accepted = try Self.ci(clone, ["--accept-rule-changes", "--json"], command: "commits")
        let acceptedObject = try #require(try JSONSerialization.jsonObject(with: Data(accepted.stdout.utf8)) as? [String: Any])
        #expect(acceptedObject["acceptedRuleChanges"] as? Bool == true, "\(accepted.stdout)")
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
    }

    @Test(
        "the pack's own files, files beside the packs that configure nothing, and a configuration change only to packs:/zipDir are not policy changes",
        arguments: [
            ("Packs/Demo/Scripts/Hello/conftest.py", "# x\n"), ("Packs/Demo/pytest.ini", "# x\n"), ("README.md", "# x\n"),
            (".github/CODEOWNERS", "# x\n"),
            (".flow/config.yml", "workflow: .flow/wf.yml\npacks: [Demo, Other]\ncommonServer: stand-ins\nzipDir: dist\n"),
        ])
    func notPolicy(_ path: String, _ text: String) throws {
        let repo = try Self.origin()
        let clone = try Self.pullRequest(repo, [path: text])
        let commits = try Self.ci(clone, ["--json"], command: "commits")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(commits.stdout.utf8)) as? [String: Any], "\(commits.stdout)")
        #expect((object["policyChanges"] as? [Any])?.isEmpty == true, "\(path): \(commits.stdout)")
    }

    @Test(
        "a root pytest.ini on main that deselects the failing test changes nothing: the pack's test fails",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func rootPytestIni() throws {
        let repo = try Self.origin(onMain: ["pytest.ini": "[pytest]\naddopts = -k \"not test_x\"\n"])
        let clone = try Self.pullRequest(repo, ["Packs/Demo/Scripts/Hello/Hello_test.py": Self.failingTest])
        let run = try Self.ci(clone)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("FAIL test failed"), "\(run.stdout)")
    }

    @Test(
        "a root conftest.py on main that turns failures into passes (rootdir made the root by an empty pytest.ini) changes nothing: the pack's test fails",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func rootConftest() throws {
        // The two-step attack: the first pull request brings only these (no pack changed), the second the failing test.
        let repo = try Self.origin(onMain: ["conftest.py": Self.forcePass, "pytest.ini": "[pytest]\n"])
        let clone = try Self.pullRequest(repo, ["Packs/Demo/Scripts/Hello/Hello_test.py": Self.failingTest])
        let run = try Self.ci(clone)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("FAIL test failed"), "\(run.stdout)")
        #expect(run.stdout.contains("exited with 1"), "pytest itself fails: the root conftest.py was not loaded\n\(run.stdout)")
    }

    @Test(
        "a pack's own conftest.py that forces exit 0 does not turn \"1 failed\" into a pass",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func packConftestExitZero() throws {
        let repo = try Self.origin()
        let clone = try Self.pullRequest(
            repo,
            [
                "Packs/Demo/Scripts/Hello/conftest.py": Self.forceExitZero,
                "Packs/Demo/Scripts/Hello/Hello_test.py": Self.failingTest,
            ])
        let run = try Self.ci(clone)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("pytest reported 1 failed"), "\(run.stdout)")
        #expect(!run.stdout.contains("the rules changed"), "a pack's conftest.py is the pack's own\n\(run.stdout)")
    }

    @Test(
        "a pull request that adds the root pytest.ini with its failing test: named, and accepted it still fails the test",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func pytestIniInThePullRequest() throws {
        let repo = try Self.origin()
        let clone = try Self.pullRequest(
            repo,
            [
                "pytest.ini": "[pytest]\naddopts = -k \"not test_x\"\n",
                "Packs/Demo/Scripts/Hello/Hello_test.py": Self.failingTest,
            ])
        let run = try Self.ci(clone)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("the rules changed in this range: pytest.ini"), "\(run.stdout)")
        let accepted = try Self.ci(clone, ["--accept-rule-changes"])
        #expect(accepted.status == 1, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("accepted with --accept-rule-changes"), "\(accepted.stdout)")
        #expect(accepted.stdout.contains("FAIL test failed"), "\(accepted.stdout)")
    }

    @Test(
        "a pull request that moves packsRoot is named, and its pack under the new root is still checked",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func movedPacksRoot() throws {
        let repo = try Self.origin()
        try repo.git(["mv", "Packs", "Content"])
        let clone = try Self.pullRequest(
            repo,
            [
                ".flow/config.yml": "workflow: .flow/wf.yml\npacks: [Demo]\ncommonServer: stand-ins\npacksRoot: Content\n",
                "Content/Demo/Scripts/Hello/Hello_test.py": Self.failingTest,
            ])
        let plan = try Self.ci(clone, ["--plan", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any], "\(plan.stdout)")
        #expect((object["include"] as? [[String: String]])?.map { $0["pack"] ?? "" } == ["Demo"], "\(plan.stdout)")
        #expect((object["policyChanges"] as? [[String: String]])?.first?["path"] == ".flow/config.yml", "\(plan.stdout)")
        let run = try Self.ci(clone)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("the rules changed in this range: .flow/config.yml"), "\(run.stdout)")
        let accepted = try Self.ci(clone, ["--accept-rule-changes"])
        #expect(accepted.status == 1, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("Demo (tree"), "\(accepted.stdout)")
        #expect(accepted.stdout.contains("FAIL test failed"), "\(accepted.stdout)")
    }

    @Test("a base configuration that spells its workflow ./.flow/wf.yml judges with the base's copy, not the pull request's")
    func dotSlashWorkflow() throws {
        let repo = try Self.origin(onMain: [".flow/config.yml": "workflow: ./.flow/wf.yml\npacks: [Demo]\ncommonServer: stand-ins\n"])
        let lax = "schema: 1\nid: lax\nphases:\n  - id: test\n    action:\n      check: test\n      run: [\"true\"]\n"
        let clone = try Self.pullRequest(repo, [".flow/wf.yml": lax, "Packs/Demo/README.md": "# Demo\n"])
        let plan = try Self.ci(clone, ["--plan"])
        #expect(plan.stdout.contains("with the base branch's workflow tests-only"), "\(plan.stdout)")
        #expect(plan.stdout.contains("the rules changed in this range: .flow/wf.yml"), "\(plan.stdout)")
        #expect(plan.status == 1)
    }

    @Test("FLOW_WORKFLOWS_DIR: flow verify refuses it in CI; outside CI a command that reads a workflow says so on stderr")
    func workflowsDirOverride() throws {
        let repo = try Self.origin()
        let clone = try Self.pullRequest(repo, ["README.md": "# readme\n"])
        let dir = SourceTree.root + "/Workflows"
        for ci in [["CI": "true"], ["GITHUB_ACTIONS": "true"]] {
            for command in ["checks", "commits"] {
                let run = try Self.ci(clone, command: command, environment: ci.merging(["FLOW_WORKFLOWS_DIR": dir]) { $1 })
                #expect(run.status == 2, "\(command) \(ci): \(run.stdout)\(run.stderr)")
                #expect(run.stderr.contains("for development only"), "\(run.stderr)")
            }
        }
        let local = try FlowBinary.run(
            ["workflow", "show", "minimal"], in: clone,
            environment: ["FLOW_WORKFLOWS_DIR": dir, "CI": "false", "GITHUB_ACTIONS": "false"])
        #expect(local.status == 0, "\(local.stderr)")
        let announced = local.stderr.split(separator: "\n").filter { $0.contains("FLOW_WORKFLOWS_DIR=\(dir)") }
        #expect(announced.count == 1, "\(local.stderr)")
    }

    /// A test that rewrites the sources (drops the print() and the unused import) before lint looks:
    /// lint would pass the rewritten file and the pull request would go green. A check that changes
    /// the checkout it judges fails, and nothing runs after it.
    @Test(
        "CI fails a check that changes the content it judges: a test rewriting the sources before lint looks",
        .enabled(if: XsoarTools.installed, "runs pytest and ruff (scripts/xsoar-tools.sh)"))
    func checkThatRewritesTheSourcesFails() throws {
        let withLint = "schema: 1\nid: test-lint\nextends: xsoar-local\nphases:\n  - id: validate\n    remove: true\n"
        let repo = try Self.origin(onMain: [".flow/wf.yml": withLint])
        let rewrite = [
            "import pathlib", "", "from Hello import hello", "", "",
            "def test_ok():", "    assert hello() == 'hi'",
            "    pathlib.Path(__file__).with_name('Hello.py').write_text(\"def hello():\\n    return 'hi'\\n\")", "",
        ].joined(separator: "\n")
        let clone = try Self.pullRequest(
            repo,
            [
                "Packs/Demo/Scripts/Hello/Hello.py": "import os\n\n\ndef hello():\n    print('debug')\n    return 'hi'\n",
                "Packs/Demo/Scripts/Hello/Hello_test.py": rewrite,
            ])
        let run = try Self.ci(clone)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("test changed the checkout it judges (Packs/Demo/Scripts/Hello/Hello.py)"), "\(run.stdout)")
        #expect(!run.stdout.contains("lint passed"), "\(run.stdout)")
    }
}
