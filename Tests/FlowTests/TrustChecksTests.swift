import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 13: `flow verify checks` re-runs the base branch workflow's checks on the tip, for the
/// packs the range changed, whatever the ledger, the trailers or the pull request's workflow say.
@Suite("trust: flow verify checks")
struct TrustChecksTests {
    static func flow(_ repo: TempRepo, _ args: [String], path: String? = nil) throws -> FlowRun {
        var env: [String: String] = ["GITHUB_ACTIONS": "false"]
        if let path { env["PATH"] = path }
        return try FlowBinary.run(args, in: repo.path, environment: env)
    }

    @Test("--plan --json lists the changed packs (a matrix under include); unchanged packs are left out")
    func plan() throws {
        let repo = try evidenceRepo()
        try repo.write("Packs/Quiet/README.md", "# Quiet\n")
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "--no-verify", "--amend", "--no-edit"])
        try repo.git(["branch", "-f", "main", "HEAD"])
        try repo.apply([
            .write("Packs/Demo/README.md", "# Demo\n"), .write("Packs/New/README.md", "# New\n"),
            .stage(["."]), .commit("two packs"),
        ])
        let run = try Self.flow(repo, ["verify", "checks", "--range", "main..HEAD", "--plan", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let include = try #require(object["include"] as? [[String: String]])
        #expect(include.map { $0["pack"] ?? "" } == ["Demo", "New"])
        #expect(object["plan"] as? Bool == true)
    }

    @Test("a failing check on the tip fails, even when the pull request's workflow runs `true`")
    func failingCheckAndLaxWorkflow() throws {
        let repo = try evidenceRepo()
        try repo.write("lax.yml", "schema: 1\nid: lax\nphases:\n  - id: test\n    action:\n      check: test\n      run: [\"true\"]\n")
        try repo.write(".flow/config.yml", "workflow: lax.yml\npacks: [Demo]\n")
        try repo.write("Packs/Demo/FAIL", "")
        try repo.apply([.stage(["."]), .commit("lax and failing")])
        let run = try Self.flow(repo, ["verify", "checks", "--range", "main..HEAD"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("with the base branch's workflow trivial-actions"), "\(run.stdout)")
        #expect(run.stdout.contains("FAIL test failed"), "\(run.stdout)")
        #expect(run.stdout.contains("PASS lint passed"))

        try repo.apply([.remove("Packs/Demo/FAIL"), .write("Packs/Demo/README.md", "# Demo\n"), .stage(["."]), .commit("fixed")])
        let fixed = try Self.flow(repo, ["verify", "checks", "--range", "main..HEAD", "--pack", "Demo"])
        #expect(fixed.status == 1, "the pull request changes the rules: \(fixed.stdout)\(fixed.stderr)")
        #expect(fixed.stdout.contains("the rules changed in this range: "), "\(fixed.stdout)")
        #expect(fixed.stdout.contains(".flow/config.yml") && fixed.stdout.contains("lax.yml: the workflow"), "\(fixed.stdout)")
        let accepted = try Self.flow(repo, ["verify", "checks", "--range", "main..HEAD", "--pack", "Demo", "--accept-rule-changes"])
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("with the new rules' workflow lax (accepted with --accept-rule-changes)"), "\(accepted.stdout)")
        #expect(try Self.flow(repo, ["verify", "checks", "--range", "main..HEAD", "--pack", "Nope"]).status == 2)
    }

    @Test("the checks run on the tip's files: a dirty pack or another HEAD is refused")
    func requiresTheTip() throws {
        let repo = try evidenceRepo()
        try repo.apply([.write("Packs/Demo/README.md", "# Demo\n"), .stage(["."]), .commit("change")])
        try repo.write("Packs/Demo/README.md", "# Demo, edited\n")
        let dirty = try Self.flow(repo, ["verify", "checks", "--range", "main..HEAD"])
        #expect(dirty.status == 2)
        #expect(dirty.stderr.contains("differs from the tip's committed content"), "\(dirty.stderr)")
    }

    @Test(
        "pytest that skips everything (a root conftest.py) is not a pass; a pack without Python sources has nothing to test",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func pytestMustRunSomething() throws {
        let bin = try #require(XsoarTools.bin)
        let repo = try TempRepo()
        try repo.write(
            "pytest-only.yml",
            """
            schema: 1
            id: pytest-only
            phases:
              - id: test
                action:
                  check: test
                  env: {PYTHONPATH: "{root}"}
                  run: [python3, -m, pytest, -q, -p, no:cacheprovider, "{packDir}"]

            """)
        try repo.write(".flow/config.yml", "workflow: pytest-only.yml\npacks: [Demo]\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
        try repo.write(
            "Packs/Demo/Scripts/Hello/Hello_test.py", "from Hello import hello\n\ndef test_hello():\n    assert hello() == 'hi'\n")
        try repo.write("Packs/Docs/README.md", "# Docs only\n")
        try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
        try repo.write("Packs/Demo/README.md", "# Demo\n")
        try repo.write("Packs/Docs/README.md", "# Docs only, edited\n")
        try repo.apply([.stage(["."]), .commit("change")])
        let path = XsoarTools.path(bin)
        let good = try Self.flow(repo, ["verify", "checks", "--range", "main..HEAD"], path: path)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("test: nothing to test (Packs/Docs has no Python sources)"), "\(good.stdout)")

        try repo.write(
            "conftest.py",
            """
            import pytest

            def pytest_collection_modifyitems(items):
                for item in items:
                    item.add_marker(pytest.mark.skip(reason="skipped by conftest"))

            """)
        try repo.apply([.stage(["."]), .commit("skip everything")])
        let skipped = try Self.flow(repo, ["verify", "checks", "--range", "main..HEAD", "--pack", "Demo"], path: path)
        #expect(skipped.status == 1, "\(skipped.stdout)\(skipped.stderr)")
        #expect(skipped.stdout.contains("pytest ran no test"), "\(skipped.stdout)")
    }
}
