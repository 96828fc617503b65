import FlowCore
import FlowGit
import FlowKit
import Foundation
import Testing

/// A pack README with the seed's mandatory sections (docs.readme-sections), one sentence varied.
enum TrustReadme {
    static func text(_ sentence: String) -> String {
        "# Demo\n\nThe Demo pack says hello to analysts in Cortex XSOAR and shows how flow checks packs. \(sentence)\n\n"
            + "## Dependencies\n\n*No dependencies*\n\n## Scripts\n\n### Hello\n\nSays hello to a name.\n\n"
            + "## Known Limitations\n\n- One greeting at a time.\n\n"
            + "## Troubleshooting\n\n| Issue | Solution |\n| --- | --- |\n| No greeting | Check the name argument. |\n"
    }

    /// Release notes in the official format, one line varied.
    static func notes(_ line: String) -> String { "\n#### Scripts\n\n##### Hello\n\n- \(line)\n" }

    /// Scene.xsoar with that README.
    static func scene(_ repo: TempRepo) throws {
        try Scene.xsoar(repo)
        try repo.write("Packs/Demo/README.md", text("A demo pack."))
    }
}

/// Issue 13, one view: what the pre-commit hook judges is exactly what git will commit, for every
/// pack directory the commit touches, whatever the evidence ledger or the configuration says.
@Suite("trust: commit-time decisions on the staged tree")
struct TrustCommitTests {
    /// The xsoar-local pack committed on main (hooks off), then hooks installed on feature/x.
    static func packRepo() throws -> TempRepo {
        let repo = try TempRepo()
        try TrustReadme.scene(repo)
        try repo.apply([.stage(["."]), .commit("pack"), .branch("feature/x")])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        return repo
    }

    /// Passing test/lint/validate records for the staged tree of `pack`, as a hand-edited ledger
    /// (or any way round the phases) would leave them.
    static func forgeEvidence(_ repo: TempRepo, pack: String = "Demo", branch: String = "feature/x") throws {
        let tree = try repo.git(["rev-parse", "\(try repo.git(["write-tree"])):Packs/\(pack)"])
        _ = try StateStore(gitCommonDirectory: repo.path + "/.git").updateEvidence { ledger in
            for check in ["test", "lint", "validate"] {
                ledger.add(
                    EvidenceRecord(
                        check: check, pack: pack, tree: tree, passed: true, tool: "forged", branch: branch,
                        recordedAt: "2026-01-01T00:00:00Z"))
            }
        }
    }

    /// How many content-gate passes `.git/flow/content-verdicts` holds.
    static func recordedPasses(_ repo: TempRepo) -> Int {
        guard let data = FileManager.default.contents(atPath: repo.path + "/.git/flow/content-verdicts") else { return 0 }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").count
    }

    @Test("good staged content with evidence commits (the content gates pass on a sound pack)")
    func soundPackCommits() throws {
        let repo = try Self.packRepo()
        try repo.write("Packs/Demo/README.md", TrustReadme.text("A demo pack, now with more words."))
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("More words in the README."))
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let commit = gitHooked(repo, ["commit", "-q", "-m", "docs(Demo): readme"])
        #expect(commit.succeeded, "\(commit.output)")
    }

    @Test("bad staged content is refused whatever the ledger says: em dash, placeholder notes, broken metadata")
    func contentGatesOnStagedTree() throws {
        let repo = try Self.packRepo()
        try repo.write("Packs/Demo/README.md", TrustReadme.text("A demo pack \u{2014} with an em dash."))
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", "%%UPDATE_RN%%\n")
        try repo.write("Packs/Demo/pack_metadata.json", "{\"name\": \"Demo\",\n")
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let commit = gitHooked(repo, ["commit", "-q", "-m", "bad"])
        #expect(commit.outcome == .exited(1), "\(commit.output)")
        #expect(commit.output.contains("docs.ascii (staged Packs/Demo)"), "\(commit.output)")
        #expect(commit.output.contains("pack.metadata (staged Packs/Demo)"), "\(commit.output)")
        #expect(commit.output.contains("stage each file you changed by name (git add FILE), never the directory"), "\(commit.output)")
        #expect(!commit.output.contains("git add Packs/Demo"), "\(commit.output)")
    }

    @Test("the content gates' cache answers as the workflow: cold, warm and with the fast paths off")
    func contentGatesCacheAgrees() throws {
        let repo = try Self.packRepo()
        try repo.write("Packs/Demo/README.md", TrustReadme.text("A demo pack \u{2014} with an em dash."))
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let cache = repo.path + "/.git/flow/content-gates"
        #expect(!FileManager.default.fileExists(atPath: cache))
        func hook(_ environment: [String: String]) -> CommandResult {
            ProcessRunner().run(
                [FlowBinary.path, "hook", "pre-commit"], in: repo.path,
                environment: environment.merging(["GIT_CONFIG_NOSYSTEM": "1"]) { _, new in new }, timeoutSeconds: 120)
        }
        let cold = hook([:])
        #expect(cold.outcome == .exited(1), "\(cold.output)")
        #expect(cold.output.contains("docs.ascii (staged Packs/Demo)"), "\(cold.output)")
        #expect(FileManager.default.fileExists(atPath: cache), "the cold run keeps the gate list")
        let warm = hook([:])
        let off = hook(["FLOW_FAST_PATHS": "0"])
        #expect(warm == cold)
        #expect(off == cold)
    }

    @Test("a content pass is bound to its content: reused for the same staged tree, never for another one")
    func contentVerdictsBoundToContent() throws {
        let repo = try Self.packRepo()
        func passes() -> Int { Self.recordedPasses(repo) }
        func hook(_ environment: [String: String] = [:]) -> CommandResult {
            ProcessRunner().run(
                [FlowBinary.path, "hook", "pre-commit"], in: repo.path,
                environment: environment.merging(["GIT_CONFIG_NOSYSTEM": "1"]) { _, new in new }, timeoutSeconds: 120)
        }
        let good = TrustReadme.text("A demo pack, now with more words.")
        try repo.write("Packs/Demo/README.md", good)
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("More words in the README."))
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        #expect(hook().outcome == .exited(0))
        #expect(passes() == 1, "the pass is recorded for the staged tree")
        #expect(hook().outcome == .exited(0))
        #expect(passes() == 1, "the same content reuses it")
        #expect(hook(["FLOW_FAST_PATHS": "0"]).outcome == .exited(0), "switched off, the gates answer the same")

        // Other content: its own tree, so the gates are asked and refuse it.
        try repo.write("Packs/Demo/README.md", TrustReadme.text("A demo pack \u{2014} with an em dash."))
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let bad = hook()
        #expect(bad.outcome == .exited(1), "\(bad.output)")
        #expect(bad.output.contains("docs.ascii (staged Packs/Demo)"))
        #expect(passes() == 1, "a refusal is never recorded")

        // Back to the checked content, but a release tag appeared: what the gates look at changed,
        // so they are asked again (and pass: a second entry).
        try repo.write("Packs/Demo/README.md", good)
        try repo.git(["add", "-A"])
        try repo.git(["tag", "-a", "v0.9.0", "-m", "0.9.0", "main"])
        #expect(hook().outcome == .exited(0))
        #expect(passes() == 2)

        // main moved on (the pack could have reached it from elsewhere, which changes the rules
        // for its version): asked again.
        let tip = try repo.git(["commit-tree", "main^{tree}", "-p", "main", "-m", "elsewhere"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        try repo.git(["update-ref", "refs/heads/main", tip])
        #expect(hook().outcome == .exited(0))
        #expect(passes() == 3)
    }

    @Test("flow next's content pass is the hook's: recorded for the checked tree staged or not, never from files the commit leaves out")
    func flowNextPassIsTheHooksPass() throws {
        let repo = try Self.packRepo()
        func passes() -> Int { Self.recordedPasses(repo) }
        // Checked before `git add` (the order the checks allow): the pass names the tree the
        // checks ran on, and the commit of that tree reuses it.
        try repo.write("Packs/Demo/README.md", TrustReadme.text("A demo pack, checked before it was staged."))
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("Checked before staging."))
        let project = try Project.open(at: repo.path)
        let tree = try #require(try project.repository.treeID(of: "Packs/Demo", in: .workTree))
        #expect(try project.repository.treeID(of: "Packs/Demo", in: .index) != tree)
        project.recordContentVerdict(pack: "Demo", tree: tree)
        #expect(passes() == 1)
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        // The hook in this process: a pass is bound to the binary that recorded it (this one).
        func hook() throws -> HookVerdict {
            try PreCommitHook(HookContext(repository: try Repository.discover(from: repo.path), root: repo.path, config: project.config))
                .run()
        }
        #expect(try hook().allowed)
        #expect(passes() == 1, "the hook found flow next's pass and asked no gate (it records after asking)")
        let commit = gitHooked(repo, ["commit", "-q", "-m", "docs(Demo): readme"])
        #expect(commit.succeeded, "\(commit.output)")

        // A README the commit leaves out (untracked and ignored) is no README: nothing recorded.
        try repo.git(["rm", "-q", "--cached", "Packs/Demo/README.md"])
        try repo.write(".gitignore", "Packs/Demo/README.md\n")
        try repo.git(["add", ".gitignore"])
        let withoutReadme = try #require(try project.repository.treeID(of: "Packs/Demo", in: .workTree))
        #expect(try project.repository.treeID(of: "Packs/Demo", in: .index) == withoutReadme, "staged as checked")
        let before = passes()
        try Project.open(at: repo.path).recordContentVerdict(pack: "Demo", tree: withoutReadme)
        #expect(passes() == before, "the ignored work-tree README must not count")
        try Self.forgeEvidence(repo)
        let refused = try hook()
        #expect(!refused.allowed)
        #expect(
            refused.refusals.contains { $0.reason.contains("pack.readme (staged Packs/Demo)") }, "\(refused.render(hook: "pre-commit"))")
        #expect(passes() == before, "a refusal records nothing")
    }

    @Test("flow next records no pass when a work-tree file is not the blob its entry names (git's filters change it)")
    func noPassFromFilteredBytes() throws {
        let repo = try Self.packRepo()
        try repo.git(["config", "core.autocrlf", "true"])
        try repo.write(
            "Packs/Demo/README.md", TrustReadme.text("Written with CRLF line ends.").replacingOccurrences(of: "\n", with: "\r\n"))
        let project = try Project.open(at: repo.path)
        let tree = try #require(try project.repository.treeID(of: "Packs/Demo", in: .workTree))
        project.recordContentVerdict(pack: "Demo", tree: tree)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/flow/content-verdicts"))
    }

    @Test("the gates read the index: a fix left unstaged does not help, a bad unstaged edit does not hurt")
    func indexNotWorkTree() throws {
        let repo = try Self.packRepo()
        try repo.write("Packs/Demo/README.md", TrustReadme.text("A demo pack \u{2014} staged with an em dash."))
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        try repo.write("Packs/Demo/README.md", TrustReadme.text("Fixed in the work tree only."))
        let refused = gitHooked(repo, ["commit", "-q", "-m", "staged em dash"])
        #expect(refused.outcome == .exited(1), "the staged README has an em dash: \(refused.output)")
        #expect(refused.output.contains("docs.ascii (staged Packs/Demo)"), "\(refused.output)")

        try repo.write("Packs/Demo/README.md", TrustReadme.text("A clean staged README."))
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("A clean README."))
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        try repo.write("Packs/Demo/README.md", TrustReadme.text("An unstaged \u{2014} em dash."))
        let allowed = gitHooked(repo, ["commit", "-q", "-m", "docs(Demo): clean staged"])
        #expect(allowed.succeeded, "only the staged README is committed: \(allowed.output)")
    }

    @Test("assume-unchanged / skip-worktree: checks refuse to run, the hook refuses the commit")
    func hiddenEntriesRefused() throws {
        for flag in ["--assume-unchanged", "--skip-worktree"] {
            let repo = try Self.packRepo()
            try repo.write("Packs/Demo/README.md", TrustReadme.text("Staged \u{2014} content."))
            try repo.git(["add", "-A"])
            try repo.write("Packs/Demo/README.md", TrustReadme.text("What the tools see."))
            try repo.git(["update-index", flag, "Packs/Demo/README.md"])
            try Self.forgeEvidence(repo)
            let commit = gitHooked(repo, ["commit", "-q", "-m", "hidden"])
            #expect(commit.outcome == .exited(1), "\(flag): \(commit.output)")
            #expect(commit.output.contains("Packs/Demo/README.md is marked \(flag.dropFirst(2))"), "\(commit.output)")
            #expect(commit.output.contains("git update-index --no-\(flag.dropFirst(2))"))
        }
    }

    @Test("assume-unchanged / skip-worktree: a check does not run (its evidence would name a tree it never saw)")
    func hiddenEntriesStopChecks() throws {
        for flag in ["--assume-unchanged", "--skip-worktree"] {
            let repo = try evidenceRepo()
            #expect(try flowIn(repo, ["next"]).status == 0)  // develop -> test
            try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello(:\n")
            try repo.git(["add", "-A"])
            try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
            try repo.git(["update-index", flag, "Packs/Demo/Scripts/Hello/Hello.py"])
            let run = try flowIn(repo, ["next"])
            #expect(run.status == 2, "\(flag): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("git hides its work-tree file"), "\(run.stderr)")
            #expect(try StateStore(gitCommonDirectory: repo.path + "/.git").loadEvidence().records.isEmpty)
        }
    }

    @Test("git add -N in a pack: the trailer's tree could not be the committed one, refused")
    func intentToAddRefused() throws {
        let repo = try Self.packRepo()
        try repo.write("Packs/Demo/README.md", TrustReadme.text("A demo pack, edited."))
        try repo.git(["add", "-A"])
        try repo.write("Packs/Demo/notes.txt", "new\n")
        try repo.git(["add", "-N", "Packs/Demo/notes.txt"])
        try Self.forgeEvidence(repo)
        let commit = gitHooked(repo, ["commit", "-q", "-m", "ita"])
        #expect(commit.outcome == .exited(1), "\(commit.output)")
        #expect(commit.output.contains("Packs/Demo/notes.txt is intent-to-add"), "\(commit.output)")
    }

    @Test("a pack not in the configuration is gated like any other")
    func unconfiguredPack() throws {
        let repo = try Self.packRepo()
        try repo.write("Packs/Other/README.md", "# Other\n")
        try repo.git(["add", "-A"])
        let commit = gitHooked(repo, ["commit", "-q", "-m", "other"])
        #expect(commit.outcome == .exited(1), "\(commit.output)")
        #expect(commit.output.contains("test has not run on Other"), "\(commit.output)")
    }

    @Test("a renamed pack directory is gated under its new name")
    func renamedPack() throws {
        let repo = try Self.packRepo()
        try repo.git(["mv", "Packs/Demo", "Packs/Renamed"])
        let commit = gitHooked(repo, ["commit", "-q", "-m", "rename"])
        #expect(commit.outcome == .exited(1), "\(commit.output)")
        #expect(commit.output.contains("on Renamed"), "\(commit.output)")
    }

    @Test("a commit that drops the pack from the configuration still gates the pack")
    func configDropsPack() throws {
        let repo = try Self.packRepo()
        let config = try #require(repo.read(".flow/config.yml"))
        try repo.write(
            ".flow/config.yml", config.replacingOccurrences(of: "- Demo", with: "").replacingOccurrences(of: "[Demo]", with: "[]"))
        try repo.write("Packs/Demo/README.md", TrustReadme.text("Unchecked \u{2014} change."))
        try repo.git(["add", "-A"])
        let commit = gitHooked(repo, ["commit", "-q", "-m", "drop"])
        #expect(commit.outcome == .exited(1), "\(commit.output)")
        #expect(commit.output.contains("test has not run on Demo"), "\(commit.output)")
    }

    @Test("docs.updated-with-change in the hook: a script changed without its README is refused, with it allowed")
    func docsGateOnStagedChange() throws {
        let repo = try TempRepo()
        try TrustReadme.scene(repo)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello_test.py", "def test_hello():\n    assert True\n")
        try repo.write("Packs/Demo/Scripts/Hello/README.md", "Says hello.\n")
        try repo.apply([.stage(["."]), .commit("pack"), .branch("feature/x")])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let refused = gitHooked(repo, ["commit", "-q", "-m", "code only"])
        #expect(refused.outcome == .exited(1), "\(refused.output)")
        #expect(refused.output.contains("docs.updated-with-change (staged Packs/Demo)"), "\(refused.output)")
        #expect(refused.output.contains("Scripts/Hello code or YAML changed but Packs/Demo/README.md did not"), "\(refused.output)")

        try repo.write("Packs/Demo/Scripts/Hello/README.md", "Says hello, louder.\n")
        try repo.write("Packs/Demo/README.md", TrustReadme.text("Hello now says hello louder."))
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", "\n#### Scripts\n\n##### Hello\n\n- Says hello.\n")
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let allowed = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): code and docs"])
        #expect(allowed.succeeded, "\(allowed.output)")
    }

    @Test("S41 per commit: a second commit that changes code only is refused by the hook; with its own bullet and README it passes")
    func docsPerCommitInTheHook() throws {
        let repo = try Self.packRepo()
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello_test.py", "def test_hello():\n    assert True\n")
        try repo.write("Packs/Demo/README.md", TrustReadme.text("Hello says hi."))
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("Says hi."))
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let first = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): hello with its docs"])
        #expect(first.succeeded, "\(first.output)")

        // The branch is documented by the first commit; the second changes the code alone.
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let refused = gitHooked(repo, ["commit", "-q", "-m", "fix(Demo): code only"])
        #expect(refused.outcome == .exited(1), "\(refused.output)")
        #expect(
            refused.output.contains("this commit changes Scripts/Hello code or YAML but not Packs/Demo/ReleaseNotes/1_0_0.md"),
            "\(refused.output)")
        #expect(refused.output.contains("add a bullet for this change to Packs/Demo/ReleaseNotes/1_0_0.md"), "\(refused.output)")

        // The fix followed: a new bullet in the current release notes, the README updated, in this commit.
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("Says hi.") + "- Says hello in full.\n")
        try repo.write("Packs/Demo/README.md", TrustReadme.text("Hello says hello in full."))
        try repo.git(["add", "-A"])
        try Self.forgeEvidence(repo)
        let allowed = gitHooked(repo, ["commit", "-q", "-m", "fix(Demo): code with its docs"])
        #expect(allowed.succeeded, "\(allowed.output)")
    }

    @Test("the hook's per-pack changed paths equal the whole-repository answer restricted to the pack")
    func packScopedChangedPaths() throws {
        let repo = try TempRepo()
        try repo.apply(
            initialCommit + [
                .write("Packs/Demo/a.txt", "a\n"), .write("Packs/Demo/b/c.txt", "c\n"),
                .write("Packs/Other/x.txt", "x\n"), .stage(["."]), .commit("base"),
                .branch("feature/x"), .write("Packs/Demo/a.txt", "a2\n"), .stage(["."]), .commit("a2"),
                .remove("Packs/Demo/b/c.txt"), .write("Packs/Demo/new.txt", "n\n"),
                .write("Packs/Other/x.txt", "x2\n"), .stage(["."]),
            ])
        let repository = try repo.repository()
        let whole = try #require(try repository.changedPaths(since: "refs/heads/main")).filter { $0.hasPrefix("Packs/Demo/") }
        let scoped = try #require(try repository.changedPaths(since: "refs/heads/main", under: "Packs/Demo"))
        #expect(Set(scoped) == Set(whole))
        #expect(Set(scoped) == ["Packs/Demo/a.txt", "Packs/Demo/b/c.txt", "Packs/Demo/new.txt"])
        #expect(try repository.changedPaths(since: "refs/heads/nope", under: "Packs/Demo") == nil)
    }
}
