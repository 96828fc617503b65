import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 13, smaller holes and wrong refusals: squash merges and conflicts on main, the comment
/// character given with `git -c`, and `flow next` in the middle of a rebase.
@Suite("trust: smaller holes")
struct TrustSmallHolesTests {
    static func git(_ repo: TempRepo, _ args: [String], environment: [String: String] = [:]) -> CommandResult {
        var env = ["GIT_CONFIG_NOSYSTEM": "1"]
        env.merge(environment) { _, new in new }
        return ProcessRunner().run(["git"] + args, in: repo.path, environment: env, timeoutSeconds: 120)
    }

    /// A checked change committed through the hooks on feature/x.
    static func checkedFeature() throws -> TempRepo {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try passStandInChecks(repo)
        try repo.git(["add", "-A"])
        let commit = gitHooked(repo, ["commit", "-q", "-m", "friendlier"])
        #expect(commit.succeeded, "\(commit.output)")
        return repo
    }

    @Test("git merge --squash of a checked feature into main commits (the packs' evidence and content still checked)")
    func squashMergeOnMain() throws {
        let repo = try Self.checkedFeature()
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--squash", "feature/x"])
        let commit = gitHooked(repo, ["commit", "-q", "--no-edit"])
        #expect(commit.succeeded, "\(commit.output)")
        #expect(try repo.git(["log", "-1", "--format=%B"]).contains("Flow-Evidence: pack=Demo"))

        // An unchecked squash is still refused.
        let other = try Self.checkedFeature()
        try Self.uncheckedSquash(other)
    }

    static func uncheckedSquash(_ repo: TempRepo) throws {
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'unchecked'\n")
        try repo.git(["commit", "-q", "--no-verify", "-am", "unchecked"])
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--squash", "feature/x"])
        let unchecked = gitHooked(repo, ["commit", "-q", "--no-edit"])
        #expect(unchecked.outcome == .exited(1), "\(unchecked.output)")
    }

    @Test("a conflict resolved on main is refused with a fix that works: resolve on the feature branch")
    func conflictOnMain() throws {
        let repo = try Self.checkedFeature()
        try repo.git(["checkout", "-q", "main"])
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'main'\n")
        try repo.git(["commit", "-q", "--no-verify", "-am", "main side"])
        #expect(!Self.git(repo, ["merge", "-q", "feature/x"]).succeeded)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'resolved'\n")
        try repo.git(["add", "-A"])
        let commit = gitHooked(repo, ["commit", "-q", "--no-edit"])
        #expect(commit.outcome == .exited(1), "\(commit.output)")
        #expect(commit.output.contains("git merge --abort && git checkout feature/x && git merge main"), "\(commit.output)")
        // The path works: on the feature branch the checks run and the merge is then clean.
        try repo.git(["merge", "--abort"])
        try repo.git(["checkout", "-q", "feature/x"])
        #expect(!Self.git(repo, ["merge", "-q", "main"]).succeeded)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'resolved'\n")
        try repo.git(["add", "-A"])
        #expect(try flowIn(repo, ["goto", "test"]).status == 0)
        for _ in 0..<3 { #expect(try flowIn(repo, ["next"]).status == 0) }
        let resolved = gitHooked(repo, ["commit", "-q", "--no-edit"])
        #expect(resolved.succeeded, "\(resolved.output)")
        try repo.git(["checkout", "-q", "main"])
        let merge = gitHooked(repo, ["merge", "-q", "--no-ff", "--no-edit", "feature/x"])
        #expect(merge.succeeded, "\(merge.output)")
    }

    @Test("git -c core.commentChar=';' commit -v keeps the trailer")
    func commentCharFromCommandLine() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try passStandInChecks(repo)
        try repo.git(["add", "-A"])
        let commit = Self.git(
            repo, ["-c", "core.commentChar=;", "commit", "-q", "-v", "-e", "-m", "semicolons"],
            environment: ["GIT_EDITOR": "true"])
        #expect(commit.succeeded, "\(commit.output)")
        let message = try repo.git(["log", "-1", "--format=%B"])
        #expect(message.contains("Flow-Evidence: pack=Demo"), "\(message)")
        #expect(!message.contains(">8"))
    }

    @Test("mid-rebase (detached HEAD) flow uses the state of the branch being rebased")
    func midRebaseUsesTheRebasedBranch() throws {
        let repo = try Self.checkedFeature()
        let before = try flowIn(repo, ["status", "--json"])
        #expect(before.stdout.contains("\"phase\" : \"commit\""), "\(before.stdout)")
        let rebase = Self.git(repo, ["rebase", "-i", "HEAD~1"], environment: ["GIT_SEQUENCE_EDITOR": "sed -i s/^pick/edit/"])
        #expect(rebase.succeeded, "\(rebase.output)")
        #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/rebase-merge/head-name"))
        let during = try flowIn(repo, ["status", "--json"])
        #expect(during.stdout.contains("\"branch\" : \"feature/x\""), "\(during.stdout)")
        #expect(during.stdout.contains("\"phase\" : \"commit\""), "\(during.stdout)")
        // git.branch judges the branch being rebased (validate's action requires it).
        let context = GateContext(
            git: FactsSnapshot(try repo.repository()), files: LocalFiles(root: repo.path),
            config: ProjectConfig(packs: ["Demo"]), evidence: EvidenceLedger(), commands: ProcessRunner(),
            branch: try Project.branchKey(of: try repo.repository()))
        #expect(try GitBranchGate.evaluate(GateParams(), context).passed)
        #expect(try !GitBranchGate.evaluate(GateParams(["main": .bool(true)]), context).passed)
        try repo.git(["rebase", "--abort"])
    }

    @Test("the hook's release-bump exemption covers only flow release's exact change: a new dependency or broken metadata is refused")
    func releaseBumpIsExact() throws {
        for (name, metadata) in [
            ("a new dependency", "{\"name\": \"Demo\", \"currentVersion\": \"1.0.1\", \"dependencies\": {\"Base\": {}}}\n"),
            ("broken metadata", "{\"name\": \"Demo\", \"currentVersion\": \"1.0.1\",\n"),
        ] {
            let repo = try evidenceRepo(branch: nil)
            #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
            var state = FlowState()
            state.branches["main"] = BranchState(workflow: "trivial-actions", phase: "merge-tag", updatedAt: "2026-01-01T00:00:00Z")
            _ = try StateStore(gitCommonDirectory: repo.path + "/.git").updateState { $0 = state }
            try repo.write("Packs/Demo/pack_metadata.json", metadata)
            try repo.write("Packs/Demo/ReleaseNotes/1_0_1.md", "#### Scripts\n\n##### Hello\n\n- Stub.\n")
            try repo.git(["add", "-A"])
            let commit = gitHooked(repo, ["commit", "-q", "-m", "bump"])
            #expect(commit.outcome == .exited(1), "\(name): \(commit.output)")
            #expect(commit.output.contains("commits on main are refused"), "\(name): \(commit.output)")
        }
    }
}
