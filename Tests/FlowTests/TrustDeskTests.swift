import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 22's local holes: evidence the hooks trust comes only from the configured workflow, and
/// only for code a commit carries.
@Suite("trust: evidence at the desk")
struct TrustDeskTests {
    static let quick = "schema: 1\nid: quick\nphases:\n  - id: test\n    action: {check: test, run: [python3, -c, \"print(1)\"]}\n"

    static func repo() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: minimal\npacks: [Demo]\n")
        try repo.write(".flow/quick.yml", quick)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
        try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
        return repo
    }

    @Test("flow next --workflow FILE runs the checks but records no evidence the hooks would trust")
    func oneOffWorkflowRecordsNoEvidence() throws {
        let repo = try Self.repo()
        let run = try FlowBinary.run(["next", "--workflow", ".flow/quick.yml"], in: repo.path)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("not recorded as evidence"), "\(run.stdout)\(run.stderr)")
        let ledger = try Project.open(at: repo.path).store.loadEvidence()
        #expect(ledger.records.isEmpty, "\(ledger.records)")
    }

    @Test("an ignored conftest.py in the pack stops the checks: CI's fresh clone would never see it")
    func ignoredCodeInThePackStopsTheChecks() throws {
        let repo = try Self.repo()
        try repo.write("Packs/Demo/.gitignore", "conftest.py\n")
        try repo.write("Packs/Demo/Scripts/Hello/conftest.py", "import pytest\n")
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: .flow/quick.yml\npacks: [Demo]\n")
        let run = try FlowBinary.run(["next"], in: repo.path)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("Packs/Demo/Scripts/Hello/conftest.py is ignored by git, but test would load it"), "\(run.stderr)")
        // The runtime modules demisto-sdk copies next to the code are not the pack's code.
        try FileManager.default.removeItem(atPath: repo.path + "/Packs/Demo/Scripts/Hello/conftest.py")
        try repo.write("Packs/Demo/.gitignore", "CommonServerPython.py\n")
        try repo.write("Packs/Demo/Scripts/Hello/CommonServerPython.py", "\n")
        let again = try FlowBinary.run(["next"], in: repo.path)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
    }

    @Test("an unstaged edit of packsRoot does not switch the hook off: it judges with the configuration the commit carries")
    func hookJudgesWithTheStagedConfiguration() throws {
        let repo = try TrustRulesTests.origin()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hey'\n")
        #expect(gitHooked(repo, ["add", "Packs/Demo/Scripts/Hello/Hello.py"]).succeeded)
        let config = try #require(repo.read(".flow/config.yml"))
        try repo.write(".flow/config.yml", config + "packsRoot: Elsewhere\n")
        let commit = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): hey"])
        #expect(!commit.succeeded, "the hook let an unchecked pack change through: \(commit.output)")
        #expect(commit.output.contains("Demo"), "\(commit.output)")
    }

    @Test(
        "a clean filter that rewrites the pack's code when staged: the desk and the hook refuse it by name",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func cleanFilterIsRefused() throws {
        let bin = try #require(XsoarTools.bin)
        let repo = try TrustRulesTests.origin()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        // On disk the code passes its test; git stores what the filter makes of it.
        try repo.git(["config", "filter.rewrite.clean", "sed -e s/hi/bye/"])
        try repo.write(".gitattributes", "Packs/**/Hello.py filter=rewrite\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'  # friendlier\n")
        #expect(gitHooked(repo, ["add", ".gitattributes", "Packs/Demo/Scripts/Hello/Hello.py"]).succeeded)
        let staged = try repo.git(["show", ":Packs/Demo/Scripts/Hello/Hello.py"])
        #expect(staged.contains("bye"), "the filter ran: \(staged)")
        // The desk stops at develop, before any test runs (before, the test ran on the file on disk and passed).
        let next = try TrustSeamsTests.runToTest(repo, bin: bin)
        #expect(next.status == 1, "\(next.stdout)\(next.stderr)")
        #expect((next.stdout + next.stderr).contains("goes through the clean filter rewrite"), "\(next.stdout)\(next.stderr)")
        let commit = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): friendlier"])
        #expect(!commit.succeeded, "the commit holds code no test ran on: \(commit.output)")
        #expect(commit.output.contains("pack.no-links"), "\(commit.output)")
        #expect(commit.output.contains("Packs/Demo/Scripts/Hello/Hello.py goes through the clean filter rewrite"), "\(commit.output)")
    }

    @Test("flow goto repo-setup on main does not re-open commits on main once a feature was merged into it")
    func gotoOnMainDoesNotReopenMain() throws {
        let repo = try TrustRulesTests.origin()
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hey'\n")
        try repo.apply([.stage(["."]), .commit("feat(Demo): hey"), .checkout("main"), .merge("feature/x")])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        let goto = try FlowBinary.run(["goto", "repo-setup"], in: repo.path)
        #expect(goto.status == 0, "\(goto.stdout)\(goto.stderr)")
        try repo.write("NOTES.md", "a change straight on main\n")
        #expect(gitHooked(repo, ["add", "NOTES.md"]).succeeded)
        let commit = gitHooked(repo, ["commit", "-q", "-m", "docs: notes"])
        #expect(!commit.succeeded, "main is set up (a feature was merged into it): \(commit.output)")
    }
}
