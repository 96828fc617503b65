import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 24, slip rule 2: "every new function gets a test" (S15), `pack.functions-tested`. In a
/// pack already on main only the functions a change touches are judged, and the desk (`flow
/// check` on the work tree), the pre-commit hook (the index) and CI (`flow verify commits` on each
/// commit's tree, in a fresh clone without a local main) reach the same verdict.
@Suite("pack.functions-tested: an existing pack judged on what the change touches, alike at the desk, in the hook and in CI")
struct FunctionsTestedTests {
    /// minimal, with pack.functions-tested before commit: the hook asks it of a staged pack.
    static let workflow = """
        schema: 1
        id: functions
        extends: minimal
        phases:
          - id: develop
            gates: [git.branch, pack.functions-tested]

        """

    static let dir = "Packs/Demo/Scripts/Tool"
    static let yaml = "commonfields:\n  id: Tool\n  version: -1\nname: Tool\nscript: '-'\ntype: python\nsubtype: python3\nargs: []\n"
    /// `old_helper` has no test: old debt of a pack that is on main.
    static let code = "def old_helper():\n    return 1\n\n\ndef tool():\n    return 2\n\n\ndef main():\n    return_results(tool())\n"
    static let test = "from Tool import tool\n\n\ndef test_tool():\n    assert tool() == 2\n"

    /// main holds the pack (pushed to a bare origin); then feature/x.
    static func existingPack() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "workflow: .flow/wf.yml\npacks: [Demo]\n")
        try repo.write(".flow/wf.yml", workflow)
        try repo.write("\(dir)/Tool.yml", yaml)
        try repo.write("\(dir)/Tool.py", code)
        try repo.write("\(dir)/Tool_test.py", test)
        try repo.apply([.stage(["."]), .commit("initial")])
        try repo.git(["init", "-q", "--bare", "-b", "main", repo.base + "/origin.git"], in: repo.base)
        try repo.git(["remote", "add", "origin", repo.base + "/origin.git"])
        try repo.git(["push", "-q", "origin", "main"])
        try repo.apply([.branch("feature/x")])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        return repo
    }

    /// The staged change committed with --no-verify and pushed, then `flow verify commits` in a
    /// fresh clone of the branch, as CI runs it (no local main): the run and its output.
    static func verifyPastTheHook(_ repo: TempRepo, _ subject: String) throws -> (FlowRun, String) {
        try repo.git(["commit", "-q", "--no-verify", "-m", subject])
        try repo.git(["push", "-q", "origin", "feature/x"])
        let clone = repo.base + "/ci"
        try repo.git(["clone", "-q", "-b", "feature/x", "file://" + repo.base + "/origin.git", clone], in: repo.base)
        let ci = try FlowBinary.run(
            ["verify", "commits", "--range", "origin/main..HEAD"], in: clone, environment: ["GITHUB_ACTIONS": "false", "CI": "false"])
        return (ci, ci.stdout + ci.stderr)
    }

    @Test("an untouched old function without a test passes; once the change modifies it, the desk, the hook and CI refuse it by name")
    func existingPackIsJudgedOnWhatTheChangeTouches() throws {
        let repo = try Self.existingPack()
        // A change to the tested function: the old untested helper is not this change's.
        try repo.write("\(Self.dir)/Tool.py", Self.code.replacingOccurrences(of: "return 2", with: "return 1 + 1"))
        let desk = try flowIn(repo, ["check", "--phase", "develop"])
        #expect(desk.status == 0, "\(desk.stdout)\(desk.stderr)")
        #expect(gitHooked(repo, ["add", "\(Self.dir)/Tool.py"]).succeeded)
        let first = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): tool adds"])
        #expect(first.succeeded, "the hook refused an untouched old function: \(first.output)")

        // A change to the untested old function: it is this change's now.
        try repo.write(
            "\(Self.dir)/Tool.py",
            Self.code.replacingOccurrences(of: "return 2", with: "return 1 + 1").replacingOccurrences(
                of: "return 1\n", with: "return 0 + 1\n"))
        let expected =
            "Packs/Demo/Scripts/Tool/Tool.py:1: changed function old_helper() is called by no test in Tool_test.py (S15 (docs/xsoar-lifecycle.md#s15): every new function gets a test)"
        let refused = try flowIn(repo, ["check", "--phase", "develop"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect((refused.stdout + refused.stderr).contains(expected), "\(refused.stdout)\(refused.stderr)")
        #expect(gitHooked(repo, ["add", "\(Self.dir)/Tool.py"]).succeeded)
        let second = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): old helper"])
        #expect(!second.succeeded, "the hook let an untested changed function through: \(second.output)")
        #expect(second.output.contains(expected), "\(second.output)")
        #expect(!second.output.contains("tool()"), "the tested function is named: \(second.output)")

        // Past the hook: CI's fresh clone (no local main) refuses that commit alone, for the same function.
        let (ci, output) = try Self.verifyPastTheHook(repo, "feat(Demo): old helper")
        #expect(ci.status == 1, "\(output)")
        #expect(output.contains(expected), "\(output)")
        #expect(output.components(separatedBy: "is called by no test").count == 2, "only the second commit's function: \(output)")
        #expect(!output.contains("tool adds"), "the first commit touches no untested function: \(output)")
    }

    @Test(
        "an old untested function moved with its text unchanged passes the desk, the hook and CI; a new function whose only test is skipped is refused"
    )
    func movedPassesAndSkippedIsRefused() throws {
        let repo = try Self.existingPack()
        // old_helper moved below tool(), its text unchanged: no change to it.
        try repo.write(
            "\(Self.dir)/Tool.py",
            "def tool():\n    return 2\n\n\ndef old_helper():\n    return 1\n\n\ndef main():\n    return_results(tool())\n")
        let desk = try flowIn(repo, ["check", "--phase", "develop"])
        #expect(desk.status == 0, "\(desk.stdout)\(desk.stderr)")
        #expect(gitHooked(repo, ["add", "\(Self.dir)/Tool.py"]).succeeded)
        let moved = gitHooked(repo, ["commit", "-q", "-m", "refactor(Demo): move old_helper"])
        #expect(moved.succeeded, "the hook refused a moved old function: \(moved.output)")

        // A new function whose only test pytest skips: refused by name.
        try repo.write(
            "\(Self.dir)/Tool.py",
            "def shout(name):\n    return name.upper()\n\n\ndef tool():\n    return 2\n\n\ndef old_helper():\n    return 1\n\n\ndef main():\n    return_results(tool())\n"
        )
        try repo.write(
            "\(Self.dir)/Tool_test.py",
            "import pytest\n\nfrom Tool import shout, tool\n\n\ndef test_tool():\n    assert tool() == 2\n\n\n@pytest.mark.skip(reason='later')\ndef test_shout():\n    assert shout('a') == 'A'\n"
        )
        let expected = "Packs/Demo/Scripts/Tool/Tool.py:1: new function shout() is called by no test in Tool_test.py"
        let refused = try flowIn(repo, ["check", "--phase", "develop"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect((refused.stdout + refused.stderr).contains(expected), "\(refused.stdout)\(refused.stderr)")
        #expect(gitHooked(repo, ["add", Self.dir]).succeeded)
        let skipped = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): shout"])
        #expect(!skipped.succeeded, "the hook let a function tested only by a skipped test through: \(skipped.output)")
        #expect(skipped.output.contains(expected), "\(skipped.output)")

        // CI's fresh clone: the move passes, the skipped test's function is refused.
        let (ci, output) = try Self.verifyPastTheHook(repo, "feat(Demo): shout")
        #expect(ci.status == 1, "\(output)")
        #expect(output.contains(expected), "\(output)")
        #expect(!output.contains("old_helper"), "the moved function is judged: \(output)")
    }

    @Test("what used to slip: each failing example with its X_test.py passes pack.tests-for-sources, and pack.functions-tested refuses it")
    func theOldGateLetThemThrough() throws {
        let slipped = PackFunctionsTestedGate.examples.filter { example in
            !example.passes
                && example.steps.contains { if case .write(let path, _) = $0 { return path.hasSuffix("_test.py") } else { return false } }
        }
        #expect(slipped.count >= 3, "\(slipped.map(\.name))")
        for example in slipped {
            let repo = try TempRepo()
            try repo.apply(example.steps)
            let context = try makeContext(repo, pack: example.pack)
            #expect(try PackTestsForSourcesGate.evaluate(example.params, context).passed, "\(example.name)")
            #expect(try !PackFunctionsTestedGate.evaluate(example.params, context).passed, "\(example.name)")
        }
    }
}
