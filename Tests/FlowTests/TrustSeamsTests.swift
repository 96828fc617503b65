import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 22, "the merged tree and the released tree are checked", and issue 24 item 1 (a test
/// run that runs no test): each row fails on the code before it.
@Suite("trust: the merged tree and the released tree")
struct TrustSeamsTests {
    /// A checked change to the Demo pack committed through the hooks on a new branch from main.
    static func checkedBranch(_ repo: TempRepo, _ branch: String, file: String, _ text: String) throws {
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["checkout", "-q", "-b", branch])
        try repo.write(file, text)
        try repo.git(["add", "-A"])
        try passStandInChecks(repo)
        let commit = gitHooked(repo, ["commit", "-q", "-m", "\(branch) change"])
        #expect(commit.succeeded, "\(commit.output)")
    }

    @Test("git merge runs pre-merge-commit: a merged pack tree nobody checked is refused, a merge taking one side's tree is not")
    func mergedTreeNeedsEvidence() throws {
        let repo = try evidenceRepo(branch: nil)
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try Self.checkedBranch(repo, "feature/a", file: "Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'a'\n")
        try Self.checkedBranch(repo, "feature/b", file: "Packs/Demo/Scripts/Other/Other.py", "def other():\n    return 'b'\n")

        // Both features were checked; their merge is a third tree that never was.
        try repo.git(["checkout", "-q", "feature/a"])
        let feature = gitHooked(repo, ["merge", "-q", "--no-ff", "--no-edit", "feature/b"])
        #expect(feature.outcome == .exited(1), "\(feature.output)")
        #expect(feature.output.contains("flow pre-merge-commit: refused"), "\(feature.output)")
        #expect(feature.output.contains("test of Demo is stale"), "\(feature.output)")
        try repo.git(["merge", "--abort"])

        // On main: the first feature's tree comes in as it was checked; the second makes a new one.
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["commit", "-q", "--allow-empty", "--no-verify", "-m", "chore: diverge"])
        let first = gitHooked(repo, ["merge", "-q", "--no-ff", "--no-edit", "feature/a"])
        #expect(first.succeeded, "\(first.output)")
        let second = gitHooked(repo, ["merge", "-q", "--no-ff", "--no-edit", "feature/b"])
        #expect(second.outcome == .exited(1), "\(second.output)")
        #expect(second.output.contains("git merge --abort && git checkout feature/b && git merge main"), "\(second.output)")
        try repo.git(["merge", "--abort"])

        // A clean `git merge main` into a branch that did not touch the pack takes main's pack tree.
        try repo.git(["checkout", "-q", "-b", "feature/docs", "feature/b~1"])
        try repo.apply([.write("docs.md", "docs\n"), .stage(["docs.md"]), .commit("docs: notes")])
        let clean = gitHooked(repo, ["merge", "-q", "--no-ff", "--no-edit", "main"])
        #expect(clean.succeeded, "\(clean.output)")
    }

    @Test("flow hooks install on an existing install adds pre-merge-commit; status reports it missing until then")
    func installAddsPreMergeCommit() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try FileManager.default.removeItem(atPath: repo.path + "/.git/hooks/pre-merge-commit")
        let status = try flowIn(repo, ["hooks", "status"])
        #expect(status.status == 1, "\(status.stdout)\(status.stderr)")
        #expect(status.stdout.contains("pre-merge-commit"), "\(status.stdout)")
        #expect(status.stdout.contains("missing"), "\(status.stdout)")
        let again = try flowIn(repo, ["hooks", "install"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("pre-merge-commit: installed"), "\(again.stdout)")
        #expect(try flowIn(repo, ["hooks", "status"]).status == 0)
    }

    @Test("flow release refuses a tree without passing evidence (a --no-verify hotfix on main); ledger evidence from a branch counts")
    func releaseNeedsEvidenceForItsTree() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hotfix'\n"),
            .stage(["."]), .commit("fix(Demo): hotfix straight on main"),
        ])
        let refused = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("test, lint, validate never passed on Demo's tree"), "\(refused.stderr)")
        #expect(
            refused.stderr.contains("flow feature start NAME, then flow next until test, lint, validate have passed"), "\(refused.stderr)")
        #expect(try repo.git(["tag"]).isEmpty)

        // The checks passed on exactly this tree, on another branch: released.
        let tree = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        _ = try StateStore(gitCommonDirectory: repo.path + "/.git").updateEvidence { ledger in
            for check in ["test", "lint", "validate"] {
                ledger.add(
                    EvidenceRecord(
                        check: check, pack: "Demo", tree: tree, passed: true, tool: "stand-in", branch: "feature/hotfix",
                        recordedAt: "2026-01-01T00:00:00Z"))
            }
        }
        let released = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(released.status == 0, "\(released.stdout)\(released.stderr)")
    }

    @Test("a trailer counts only on a commit whose pack tree is the tree it names")
    func releaseTrailerOnItsTree() throws {
        let repo = try ReleasePackRepo.make()
        let checked = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        // A hotfix whose message claims the checked tree: not its own tree, so not evidence.
        try repo.apply([
            .write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hotfix'\n"), .stage(["."]),
            .commit("fix(Demo): hotfix"),
        ])
        try ReleasePackRepo.amendWithTrailer(repo, tree: checked)
        let refused = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("never passed on Demo's tree"), "\(refused.stderr)")
    }

    @Test("flow verify release refuses a hand-made tag on a tree without evidence; a trailer on a commit of that tree is evidence")
    func verifyReleaseNeedsEvidence() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hotfix'\n"),
            .stage(["."]), .commit("fix(Demo): hotfix straight on main"), .tag("v1.0.0", annotated: true),
        ])
        let refused = try ReleasePackRepo.flow(["verify", "release"], repo)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("test, lint, validate never passed on Demo's tree"), "\(refused.stdout)")

        let checked = try ReleasePackRepo.make()
        try checked.apply([.tag("v1.0.0", annotated: true)])
        let passed = try ReleasePackRepo.flow(["verify", "release"], checked)
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
    }

    /// A pack repository pushed to a bare remote with the hooks installed.
    static func pushRepo() throws -> (TempRepo, TempRepo) {
        let remote = try TempRepo(bare: true)
        let repo = try evidenceRepo(branch: nil)
        try repo.git(["remote", "add", "origin", remote.path])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        #expect(gitHooked(repo, ["push", "-q", "origin", "main"]).succeeded)
        return (repo, remote)
    }

    @Test("pre-push refuses a release tag on an intermediate commit of a merged branch")
    func prePushFirstParent() throws {
        let (repo, remote) = try Self.pushRepo()
        try repo.apply([
            .branch("feature/y"), .write("x.md", "x\n"), .stage(["x.md"]), .commit("docs: x"),
            .write("y.md", "y\n"), .stage(["y.md"]), .commit("docs: y"), .checkout("main"),
        ])
        try repo.git(["commit", "-q", "--allow-empty", "--no-verify", "-m", "chore: diverge"])
        let merge = gitHooked(repo, ["merge", "-q", "--no-ff", "--no-edit", "feature/y"])
        #expect(merge.succeeded, "\(merge.output)")
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0", "feature/y~1"])
        let intermediate = gitHooked(repo, ["push", "-q", "origin", "v1.0.0"])
        #expect(intermediate.outcome != .exited(0), "\(intermediate.output)")
        #expect(intermediate.output.contains("not on main's first-parent history"), "\(intermediate.output)")
        #expect(try remote.git(["tag", "--list"]).isEmpty)

        try repo.git(["tag", "-d", "v1.0.0"])
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0", "main"])
        let good = gitHooked(repo, ["push", "-q", "origin", "v1.0.0"])
        #expect(good.succeeded, "\(good.output)")
    }

    @Test("pre-push refuses deleting a published release tag and pushing it again elsewhere")
    func prePushPublishedTagStays() throws {
        let (repo, remote) = try Self.pushRepo()
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0"])
        #expect(gitHooked(repo, ["push", "-q", "origin", "v1.0.0"]).succeeded)
        let published = try remote.git(["rev-parse", "v1.0.0"])

        let delete = gitHooked(repo, ["push", "-q", "origin", ":refs/tags/v1.0.0"])
        #expect(delete.outcome != .exited(0), "\(delete.output)")
        #expect(delete.output.contains("deleting it there unpublishes a release"), "\(delete.output)")

        try repo.git(["tag", "-d", "v1.0.0"])
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0 again"])
        let moved = gitHooked(repo, ["push", "-q", "--force", "origin", "v1.0.0"])
        #expect(moved.outcome != .exited(0), "\(moved.output)")
        #expect(moved.output.contains("a published release is never moved"), "\(moved.output)")
        #expect(try remote.git(["rev-parse", "v1.0.0"]) == published)
        // Another tag name is nobody's business.
        try repo.git(["tag", "nightly"])
        #expect(gitHooked(repo, ["push", "-q", "origin", "nightly"]).succeeded)
        #expect(gitHooked(repo, ["push", "-q", "origin", ":refs/tags/nightly"]).succeeded)
    }

    @Test("flow verify release refuses a tag on an intermediate commit of a merged branch")
    func verifyReleaseFirstParent() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .branch("feature/y"), .write("x.md", "x\n"), .stage(["x.md"]), .commit("docs: x"),
            .write("y.md", "y\n"), .stage(["y.md"]), .commit("docs: y"), .checkout("main"),
            .write("z.md", "z\n"), .stage(["z.md"]), .commit("docs: z"), .merge("feature/y"),
        ])
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0", "feature/y~1"])
        try repo.git(["checkout", "-q", "v1.0.0"])
        let run = try ReleasePackRepo.flow(["verify", "release"], repo)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("not on main's first-parent history"), "\(run.stdout)\(run.stderr)")
    }

    @Test("flow verify release refuses a --skip-validate release unless allowSkippedValidate: true")
    func verifyReleaseSkippedValidate() throws {
        let repo = try ReleasePackRepo.make()
        #expect(try ReleasePackRepo.flow(["release", "--skip-validate"], repo).status == 0)
        try repo.git(["checkout", "-q", "v1.0.0"])
        let refused = try ReleasePackRepo.flow(["verify", "release"], repo)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("tagged with flow release --skip-validate"), "\(refused.stdout)")
        #expect(refused.stdout.contains("allowSkippedValidate: true"), "\(refused.stdout)")

        let allowing = try ReleasePackRepo.make(extraConfig: "allowSkippedValidate: true\n")
        #expect(try ReleasePackRepo.flow(["release", "--skip-validate"], allowing).status == 0)
        try allowing.git(["checkout", "-q", "v1.0.0"])
        let accepted = try ReleasePackRepo.flow(["verify", "release"], allowing)
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("allowSkippedValidate"), "\(accepted.stdout)")
    }

    /// A pack whose tests pytest runs on the pack directory, on feature/x at the test phase.
    static func pytestRepo(_ files: [String: String], workflow: String? = nil) throws -> TempRepo {
        let repo = try TempRepo()
        try repo.write(
            "pytest-only.yml",
            workflow
                ?? """
                schema: 1
                id: pytest-only
                phases:
                  - id: develop
                    role: feature-start
                  - id: test
                    action:
                      check: test
                      env: {PYTHONPATH: "{root}"}
                      run: [python3, -m, pytest, -q, -p, no:cacheprovider, "{packDir}"]
                  - id: commit
                    role: commit

                """)
        try repo.write(".flow/config.yml", "workflow: pytest-only.yml\npacks: [Demo]\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
        try repo.write(
            "Packs/Demo/Scripts/Hello/Hello_test.py", "from Hello import hello\n\n\ndef test_hello():\n    assert hello() == 'hi'\n")
        try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
        for (path, text) in files { try repo.write(path, text) }
        try repo.git(["add", "-A"])
        return repo
    }

    @Test(
        "one verdict at the desk and in CI: an xfail-only run is no pass; a component whose tests are all skipped beside one that passes is a pass that counts them",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func xfailAndSkippedComponent() throws {
        let bin = try #require(XsoarTools.bin)
        let env = ["PATH": XsoarTools.path(bin), "GITHUB_ACTIONS": "false"]
        // pytest per component directory, as the shipped test phase runs it.
        let perComponent = """
            schema: 1
            id: pytest-per-component
            phases:
              - id: develop
                role: feature-start
              - id: test
                action:
                  check: test
                  run: [python3, -m, pytest, -q, -p, no:cacheprovider, -c, /dev/null, --rootdir, "{root}/{packDir}", --confcutdir, "{root}/{packDir}", "{componentDir}"]
              - id: commit
                role: commit

            """
        func verdicts(_ files: [String: String]) throws -> (desk: FlowRun, ci: FlowRun) {
            let repo = try Self.pytestRepo(files, workflow: perComponent)
            let desk = try Self.runToTest(repo, bin: bin)
            try repo.apply([.commit("the change")])
            let ci = try FlowBinary.run(["verify", "checks", "--range", "main..HEAD"], in: repo.path, environment: env)
            return (desk, ci)
        }
        let xfail = try verdicts([
            "Packs/Demo/Scripts/Hello/Hello_test.py":
                "import pytest\nfrom Hello import hello\n\n\n@pytest.mark.xfail\ndef test_hello():\n    assert hello() == 'bye'\n"
        ])
        #expect(xfail.desk.status == 1, "\(xfail.desk.stdout)\(xfail.desk.stderr)")
        #expect((xfail.desk.stdout + xfail.desk.stderr).contains("1 xfailed"), "\(xfail.desk.stdout)\(xfail.desk.stderr)")
        #expect(xfail.ci.status == 1, "\(xfail.ci.stdout)\(xfail.ci.stderr)")
        #expect(xfail.ci.stdout.contains("pytest ran no test in Packs/Demo"), "\(xfail.ci.stdout)")

        let mixed = try verdicts([
            "Packs/Demo/Scripts/Other/Other.py": "def other():\n    return 1\n",
            "Packs/Demo/Scripts/Other/Other_test.py":
                "import pytest\nfrom Other import other\n\npytestmark = pytest.mark.skip\n\n\ndef test_other():\n    assert other() == 2\n",
        ])
        #expect(mixed.desk.status == 0, "\(mixed.desk.stdout)\(mixed.desk.stderr)")
        #expect(mixed.desk.stdout.contains("1 passed, 1 skipped"), "\(mixed.desk.stdout)")
        #expect(mixed.ci.status == 0, "the same verdict in CI: \(mixed.ci.stdout)\(mixed.ci.stderr)")
        #expect(mixed.ci.stdout.contains("1 skipped"), "\(mixed.ci.stdout)")
    }

    @Test(
        "flow next fails a test run that runs no test: collect_ignore_glob in the pack's conftest.py, a module-level skip",
        .enabled(if: XsoarTools.installed, "needs pytest from scripts/xsoar-tools.sh"))
    func noTestRunIsNoPass() throws {
        let bin = try #require(XsoarTools.bin)
        // The sound pack passes and says how many tests ran.
        let sound = try Self.pytestRepo([:])
        let good = try Self.runToTest(sound, bin: bin)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("1 passed"), "\(good.stdout)")

        let ignored = try Self.pytestRepo(["Packs/Demo/conftest.py": "collect_ignore_glob = [\"*_test.py\"]\n"])
        let none = try Self.runToTest(ignored, bin: bin)
        #expect(none.status == 1, "\(none.stdout)\(none.stderr)")
        #expect((none.stdout + none.stderr).contains("pytest ran no test in Packs/Demo"), "\(none.stdout)\(none.stderr)")

        let skipped = try Self.pytestRepo([
            "Packs/Demo/Scripts/Hello/Hello_test.py":
                "import pytest\nfrom Hello import hello\n\npytestmark = pytest.mark.skip\n\n\ndef test_hello():\n    assert hello() == 'hi'\n"
        ])
        let all = try Self.runToTest(skipped, bin: bin)
        #expect(all.status == 1, "\(all.stdout)\(all.stderr)")
        #expect((all.stdout + all.stderr).contains("0 passed, 1 skipped"), "\(all.stdout)\(all.stderr)")
        // The ledger holds the failure, so the hook refuses the commit.
        let ledger = try StateStore(gitCommonDirectory: skipped.path + "/.git").loadEvidence()
        #expect(ledger.records.last?.passed == false)
    }

    /// `flow next` from develop until the test phase's action has run; the last run.
    static func runToTest(_ repo: TempRepo, bin: String) throws -> FlowRun {
        let env = ["PATH": XsoarTools.path(bin), "GITHUB_ACTIONS": "false"]
        var run = try FlowBinary.run(["next"], in: repo.path, environment: env)
        if run.status == 0, !(run.stdout + run.stderr).contains("pytest") {
            run = try FlowBinary.run(["next"], in: repo.path, environment: env)
        }
        return run
    }
}
