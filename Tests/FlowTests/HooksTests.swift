import FlowCore
import FlowKit
import Foundation
import Testing

/// A feature-branch repository with one pack, configured for the stand-in check workflow.
func evidenceRepo(workflow: String = "trivial-actions.yml", branch: String? = "feature/x") throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write(".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/\(workflow)\npacks: [Demo]\n")
    try repo.write("Packs/Demo/pack_metadata.json", "{\"name\": \"Demo\", \"currentVersion\": \"1.0.0\"}\n")
    try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
    try repo.apply([.stage(["."]), .commit("initial")])
    if let branch { try repo.apply([.branch(branch)]) }
    return repo
}

/// `git` with hooks enabled; returns the outcome instead of throwing on a refusal.
func gitHooked(_ repo: TempRepo, _ args: [String]) -> CommandResult {
    ProcessRunner().run(["git"] + args, in: repo.path, environment: ["GIT_CONFIG_NOSYSTEM": "1"], timeoutSeconds: 120)
}

func flowIn(_ repo: TempRepo, _ args: [String], binary: String = FlowBinary.path) throws -> FlowRun {
    try FlowBinary.run(args, in: repo.path, binary: binary)
}

/// develop → test → lint → validate → commit with the stand-in checks.
func passStandInChecks(_ repo: TempRepo, binary: String = FlowBinary.path) throws {
    for _ in 0..<4 {
        let run = try flowIn(repo, ["next"], binary: binary)
        #expect(run.status == 0, "flow next: \(run.stdout)\(run.stderr)")
    }
}

@Suite("git hooks on real repositories")
struct HooksTests {
    @Test("commit refused before the checks, allowed right after with the trailer, refused after a one-character edit")
    func evidenceBoundToStagedContent() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.git(["add", "-A"])

        let before = gitHooked(repo, ["commit", "-q", "-m", "friendlier"])
        #expect(before.outcome == .exited(1))
        #expect(before.output.contains("test has not run on Demo"), "\(before.output)")
        #expect(
            before.output.contains("fix: re-run them: flow goto test, then flow next until test, lint, validate have run"),
            "\(before.output)")

        try passStandInChecks(repo)
        let allowed = gitHooked(repo, ["commit", "-q", "-m", "friendlier"])
        #expect(allowed.succeeded, "\(allowed.output)")
        let tree = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        let message = try repo.git(["log", "-1", "--format=%B"])
        #expect(message.contains("Flow-Evidence: pack=Demo tree=\(tree) checks=test,lint,validate"), "\(message)")
        #expect(EvidenceTrailer.all(in: message) == [EvidenceTrailer(pack: "Demo", tree: tree, checks: ["test", "lint", "validate"])])

        // An amend keeps exactly one trailer.
        let amended = gitHooked(repo, ["commit", "-q", "--amend", "--no-edit"])
        #expect(amended.succeeded, "\(amended.output)")
        #expect(EvidenceTrailer.all(in: try repo.git(["log", "-1", "--format=%B"])).count == 1)

        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hellO'\n")
        try repo.git(["add", "-A"])
        let after = gitHooked(repo, ["commit", "-q", "-m", "typo"])
        #expect(after.outcome == .exited(1))
        #expect(after.output.contains("test of Demo is stale"), "\(after.output)")
    }

    @Test("pre-commit checks what git will commit: `git commit -a` uses its own index (GIT_INDEX_FILE)")
    func commitAllUsesGitsIndex() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'v1'\n")
        try repo.git(["add", "-A"])
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'v2'\n")
        try passStandInChecks(repo)  // the checks ran on v2, in the work tree; v1 is staged
        let staged = gitHooked(repo, ["commit", "-q", "-m", "v1"])
        #expect(staged.outcome == .exited(1))
        // The checked content is in the work tree: the fix stages it, naming the file.
        #expect(staged.output.contains("fix: git add -- Packs/Demo/Scripts/Hello/Hello.py"), "\(staged.output)")
        let all = gitHooked(repo, ["commit", "-q", "-a", "-m", "v2"])
        #expect(all.succeeded, "\(all.output)")
        #expect(try repo.git(["log", "-1", "--format=%B"]).contains("tree=\(try repo.git(["rev-parse", "HEAD:Packs/Demo"]))"))
    }

    @Test("the evidence tree is the tree git records for the checked content")
    func evidenceTreeMatchesGit() throws {
        let repo = try evidenceRepo()
        try repo.write("Packs/Demo/Scripts/Hello/Hello_test.py", "def test_hello():\n    pass\n")
        try passStandInChecks(repo)
        try repo.git(["add", "-A"])
        let staged = try repo.git(["rev-parse", "\(try repo.git(["write-tree"])):Packs/Demo"])
        let ledger = try StateStore(gitCommonDirectory: repo.path + "/.git").loadEvidence()
        #expect(Set(ledger.records.map(\.check)) == ["test", "lint", "validate"])
        #expect(ledger.records.allSatisfy { $0.tree == staged && $0.passed && $0.branch == "feature/x" })
        #expect(ledger.records.allSatisfy { $0.toolVersion?.hasPrefix("Python 3") == true }, "\(ledger.records)")
        #expect(ledger.records.allSatisfy { $0.log.map { FileManager.default.fileExists(atPath: $0) } == true })
        // The stubs exist for the tests and stay out of git.
        #expect(FileManager.default.fileExists(atPath: repo.path + "/CommonServerPython.py"))
        #expect(try repo.git(["ls-files", "--others", "--exclude-standard"]).isEmpty)
    }

    @Test("a staged zip is refused in every phase")
    func zipRefusedEverywhere() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        let zip: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
        for step in 0...4 {
            try repo.write("Demo-1.0.0.zip", zip)
            try repo.git(["add", "Demo-1.0.0.zip"])
            let result = gitHooked(repo, ["commit", "-q", "-m", "zip"])
            #expect(result.outcome == .exited(1), "step \(step)")
            #expect(result.output.contains("staged build artifact: Demo-1.0.0.zip"), "step \(step): \(result.output)")
            try repo.git(["rm", "-q", "--cached", "Demo-1.0.0.zip"])
            if step < 4 { #expect(try flowIn(repo, ["next"]).status == 0) }
        }
        // And on main too.
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["add", "Demo-1.0.0.zip"])
        let onMain = gitHooked(repo, ["commit", "-q", "-m", "zip"])
        #expect(onMain.outcome == .exited(1))
        #expect(onMain.output.contains("staged build artifact"))
    }

    @Test("an existing pre-commit hook still runs (and can block) after install, and uninstall restores it byte for byte")
    func existingHookChained() throws {
        let repo = try evidenceRepo()
        let hook = repo.path + "/.git/hooks/pre-commit"
        let original = "#!/bin/sh\n# my own hook\necho ran >> \"$(git rev-parse --git-dir)/original-ran\"\n[ ! -f BLOCK ]\n"
        try repo.write(".git/hooks/pre-commit", original)
        chmod(hook, 0o750)
        let install = try flowIn(repo, ["hooks", "install"])
        #expect(install.stdout.contains("kept your hook"))
        #expect(try flowIn(repo, ["hooks", "install"]).stdout.contains("pre-commit: already installed, unchanged"))
        #expect(try flowIn(repo, ["hooks", "status"]).status == 0)

        try repo.write("README.md", "changed\n")
        try repo.git(["add", "README.md"])
        #expect(gitHooked(repo, ["commit", "-q", "-m", "readme"]).succeeded)
        #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/original-ran"))

        try repo.write("BLOCK", "")
        try repo.write("README.md", "changed again\n")
        try repo.git(["add", "README.md"])
        #expect(!gitHooked(repo, ["commit", "-q", "-m", "blocked by my hook"]).succeeded)

        // Edited after install: status says so.
        try repo.write(".git/hooks/commit-msg", (repo.read(".git/hooks/commit-msg") ?? "") + "# edited\n")
        let status = try flowIn(repo, ["hooks", "status"])
        #expect(status.status == 1)
        #expect(status.stdout.contains("commit-msg: modified"))

        #expect(try flowIn(repo, ["hooks", "uninstall"]).status == 0)
        #expect(repo.read(".git/hooks/pre-commit") == original)
        let mode = (try FileManager.default.attributesOfItem(atPath: hook)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o750)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/pre-push"))
        #expect(!FileManager.default.fileExists(atPath: hook + ".flow-chained"))
    }

    @Test("a hook in a checkout without flow's configuration (an orphan branch) lets the commit through with a one-line note")
    func noConfig() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let run = try flowIn(repo, ["hook", "pre-commit"])
        #expect(run.status == 0)
        #expect(
            run.stderr == "flow pre-commit: this checkout has no .flow/config.yml (an orphan branch such as gh-pages?): not checked\n",
            "\(run.stderr)")
        #expect(try flowIn(repo, ["hook", "nope"]).status == 2)
    }

    @Test("core.hooksPath is honoured")
    func hooksPathHonoured() throws {
        let repo = try evidenceRepo()
        try repo.git(["config", "core.hooksPath", "githooks"])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        #expect(FileManager.default.isExecutableFile(atPath: repo.path + "/githooks/pre-commit"))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/pre-commit"))
        try repo.write("Packs/Demo/new.py", "x = 1\n")
        try repo.git(["add", "Packs/Demo/new.py"])
        let refused = gitHooked(repo, ["commit", "-q", "-m", "unchecked"])
        #expect(refused.outcome == .exited(1))
        #expect(refused.output.contains("has not run on Demo"))
    }

    @Test("the hook finds flow by the path recorded at install, with an empty PATH")
    func thinPath() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/new.py", "x = 1\n")
        try repo.git(["add", "Packs/Demo/new.py"])
        // Run the hook script the way a GUI would: no PATH beyond /usr/bin:/bin.
        let result = ProcessRunner().run(
            [repo.path + "/.git/hooks/pre-commit"], in: repo.path,
            environment: ["PATH": "/usr/bin:/bin"], timeoutSeconds: 60)
        #expect(result.outcome == .exited(1))
        #expect(result.output.contains("has not run on Demo"), "\(result.output)")
    }

    @Test("a commit on main is refused, except a merge in progress")
    func mainBranch() throws {
        let repo = try evidenceRepo()
        try repo.apply([
            .write("docs.md", "feature\n"), .stage(["docs.md"]), .commit("feature work"), .checkout("main"),
            .write("other.md", "main\n"), .stage(["other.md"]), .commit("diverge"),
        ])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("README.md", "on main\n")
        try repo.git(["add", "README.md"])
        let refused = gitHooked(repo, ["commit", "-q", "-m", "direct"])
        #expect(refused.outcome == .exited(1))
        #expect(refused.output.contains("commits on main are refused"), "\(refused.output)")
        #expect(refused.output.contains("flow feature start"))
        try repo.git(["reset", "-q", "--hard"])
        try repo.git(["merge", "-q", "--no-ff", "--no-commit", "feature/x"])
        let merge = gitHooked(repo, ["commit", "-q", "-m", "merge feature/x"])
        #expect(merge.succeeded, "\(merge.output)")
    }

    @Test("main's own set-up (.gitignore) is committed on main while main is at repo-setup, refused after it")
    func setUpCommitsOnMain() throws {
        // The shipped workflow: set-up is what comes before its create phase (role: create).
        let repo = try evidenceRepo(branch: nil)
        try repo.write(".flow/config.yml", "workflow: xsoar-local\npacks: [Demo]\n")
        try repo.apply([.stage([".flow/config.yml"]), .commit("the shipped workflow")])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        let store = StateStore(gitCommonDirectory: repo.path + "/.git")
        _ = try store.updateState { $0.branches["main"] = BranchState(workflow: "xsoar-local", phase: "repo-setup", updatedAt: "t") }
        try repo.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n")
        try repo.git(["add", ".gitignore"])
        let setUp = gitHooked(repo, ["commit", "-q", "-m", "Ignore build output"])
        #expect(setUp.succeeded, "\(setUp.output)")
        _ = try store.updateState { $0.branches["main"] = BranchState(workflow: "xsoar-local", phase: "create", updatedAt: "t") }
        try repo.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n__pycache__/\n")
        try repo.git(["add", ".gitignore"])
        let later = gitHooked(repo, ["commit", "-q", "-m", "more ignores"])
        #expect(later.outcome == .exited(1))
        #expect(later.output.contains("commits on main are refused"), "\(later.output)")
    }

    @Test(
        "a feature branch cannot commit a .gitignore that stops ignoring *.zip (repo.gitignore before commit), one that keeps it commits"
    )
    func gitignoreHeldAtCommit() throws {
        let repo = try evidenceRepo(branch: nil)
        try repo.write(".flow/config.yml", "workflow: xsoar-local\npacks: [Demo]\n")
        try repo.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n")
        try repo.apply([.stage(["."]), .commit("set-up"), .branch("feature/x")])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        // The work tree keeps the line; the staged .gitignore, what the commit records, drops it.
        try repo.write(".gitignore", "*_build/\nuploadable_packs/\n")
        try repo.git(["add", ".gitignore"])
        try repo.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n")
        let refused = gitHooked(repo, ["commit", "-q", "-m", "chore: ignore less"])
        #expect(refused.outcome == .exited(1))
        #expect(refused.output.contains("repo.gitignore (staged): .gitignore does not ignore *.zip"), "\(refused.output)")
        #expect(refused.output.contains("printf '*.zip\\n' >> .gitignore && git add .gitignore"), "\(refused.output)")
        try repo.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n.venv/\n")
        try repo.git(["add", ".gitignore"])
        let kept = gitHooked(repo, ["commit", "-q", "-m", "chore: ignore the venv"])
        #expect(kept.succeeded, "\(kept.output)")
        // Committed round the hooks, flow verify commits names it.
        try repo.write(".gitignore", "*_build/\nuploadable_packs/\n")
        try repo.git(["add", ".gitignore"])
        _ = gitHooked(repo, ["commit", "-q", "--no-verify", "-m", "chore: ignore less"])
        let verify = try flowIn(repo, ["verify", "commits", "--range", "main..HEAD"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("repo.gitignore: .gitignore does not ignore *.zip"), "\(verify.stdout)\(verify.stderr)")
        // A workflow that lists no repo.gitignore before its commit phase asks nothing of it.
        let other = try evidenceRepo()
        #expect(try flowIn(other, ["hooks", "install"]).status == 0)
        try other.write(".gitignore", "*_build/\n")
        try other.git(["add", ".gitignore"])
        let free = gitHooked(other, ["commit", "-q", "-m", "chore: ignore build output"])
        #expect(free.succeeded, "\(free.output)")
    }

    @Test("a release bump on main is allowed during merge-tag only")
    func releaseBump() throws {
        let repo = try evidenceRepo(branch: nil)
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/pack_metadata.json", "{\"name\": \"Demo\", \"currentVersion\": \"1.0.1\"}\n")
        try repo.write("Packs/Demo/ReleaseNotes/1_0_1.md", "#### Scripts\n\n##### Hello\n\n- Stub.\n")
        try repo.git(["add", "-A"])
        #expect(gitHooked(repo, ["commit", "-q", "-m", "bump"]).outcome == .exited(1))
        var state = FlowState()
        state.branches["main"] = BranchState(workflow: "trivial-actions", phase: "merge-tag", updatedAt: "2026-01-01T00:00:00Z")
        _ = try StateStore(gitCommonDirectory: repo.path + "/.git").updateState { $0 = state }
        let bump = gitHooked(repo, ["commit", "-q", "-m", "bump"])
        #expect(bump.succeeded, "\(bump.output)")
    }

    @Test("pre-push refuses a release tag that does not match pack_metadata.json or is not on main")
    func prePush() throws {
        let remote = try TempRepo(bare: true)
        let repo = try evidenceRepo(branch: nil)
        try repo.git(["remote", "add", "origin", remote.path])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        #expect(gitHooked(repo, ["push", "-q", "origin", "main"]).succeeded)

        try repo.git(["tag", "-a", "v2.0.0", "-m", "wrong version"])
        let wrong = gitHooked(repo, ["push", "-q", "origin", "v2.0.0"])
        #expect(wrong.outcome != .exited(0))
        #expect(wrong.output.contains("release tag v2.0.0 says 2.0.0 but Packs/Demo/pack_metadata.json"), "\(wrong.output)")

        try repo.apply([.branch("feature/y"), .write("x.md", "x\n"), .stage(["x.md"]), .commit("off main")])
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0"])
        let offMain = gitHooked(repo, ["push", "-q", "origin", "v1.0.0"])
        #expect(offMain.outcome != .exited(0))
        #expect(offMain.output.contains("which is not on main"), "\(offMain.output)")

        try repo.git(["tag", "-d", "v1.0.0"])
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0", "main"])
        let good = gitHooked(repo, ["push", "-q", "origin", "v1.0.0"])
        #expect(good.succeeded, "\(good.output)")
        #expect(try remote.git(["tag", "--list"]) == "v1.0.0")
    }
}
