import FlowGit
import Foundation
import Testing

@Suite("FlowGit facts on real repositories")
struct RepositoryTests {
    @Test func discoversFromSubdirectory() throws {
        let repo = try TempRepo()
        try repo.apply([.write("Packs/X/README.md", "x"), .stage(["Packs"]), .commit("c")])
        let opened = try Repository.discover(from: repo.path + "/Packs/X")
        #expect(
            opened.workDirectory == URL(fileURLWithPath: repo.path).resolvingSymlinksInPath().path
                || opened.workDirectory == repo.path)
        #expect(!opened.isBare)
    }

    @Test func notARepositoryIsPlainWords() throws {
        let dir = NSTemporaryDirectory() + "flow-norepo-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: GitError.self) { try Repository.discover(from: dir) }
        #expect(error?.kind == .notARepository)
        #expect(error?.message == "not a git repository: \(dir)")
    }

    @Test func unbornDetachedAndBranch() throws {
        let repo = try TempRepo()
        #expect(try repo.repository().head() == .unborn(branch: "main"))
        try repo.apply([.write("a", "a"), .stage(["a"]), .commit("c")])
        let commit = try repo.git(["rev-parse", "HEAD"])
        #expect(try repo.repository().head() == .branch(name: "main", commit: commit))
        try repo.git(["checkout", "-q", "--detach"])
        #expect(try repo.repository().head() == .detached(commit: commit))
    }

    @Test func linkedWorktreeSharesCommonDirectory() throws {
        let repo = try TempRepo()
        try repo.apply([.write("a", "a"), .stage(["a"]), .commit("c")])
        let other = repo.base + "/wt"
        try repo.git(["worktree", "add", "-q", "-b", "feature/x", other])
        let linked = try Repository.discover(from: other)
        #expect(linked.isLinkedWorktree)
        #expect(try linked.head().branchName == "feature/x")
        let main = try repo.repository()
        #expect(
            URL(fileURLWithPath: linked.commonDirectory).standardized.path
                == URL(fileURLWithPath: main.commonDirectory).standardized.path)
        #expect(linked.gitDirectory != main.gitDirectory)
    }

    @Test func tagsToldApart() throws {
        let repo = try TempRepo()
        try repo.apply([
            .write("a", "a"), .stage(["a"]), .commit("c"), .tag("v1.0.0", annotated: true),
            .tag("light", annotated: false),
        ])
        let head = try repo.git(["rev-parse", "HEAD"])
        let tags = try repo.repository().tags()
        #expect(tags.map(\.name) == ["light", "v1.0.0"])
        #expect(tags.first { $0.name == "v1.0.0" }?.annotated == true)
        #expect(tags.first { $0.name == "light" }?.annotated == false)
        #expect(tags.allSatisfy { $0.commit == head })
    }

    @Test func remotesListed() throws {
        let repo = try TempRepo()
        try repo.git(["remote", "add", "origin", "../origin.git"])
        #expect(try repo.repository().remoteNames() == ["origin"])
        #expect(try repo.repository().remoteURL("origin") == "../origin.git")
        #expect(try repo.repository().remoteURL("nope") == nil)
    }

    @Test func stagedChangesOfEveryKind() throws {
        let repo = try TempRepo()
        let body = String(repeating: "line of text for rename detection\n", count: 20)
        try repo.apply([
            .write("keep.txt", "1"), .write("gone.txt", "2"), .write("old.txt", body),
            .stage(["."]), .commit("c"),
        ])
        try repo.write("keep.txt", "changed")
        try repo.write("new.txt", "new")
        try FileManager.default.removeItem(atPath: repo.path + "/gone.txt")
        try repo.git(["mv", "old.txt", "renamed.txt"])
        try repo.git(["add", "-A"])
        let changes = try repo.repository().stagedChanges()
        let byPath = Dictionary(uniqueKeysWithValues: changes.map { ($0.path, $0) })
        #expect(byPath["keep.txt"]?.kind == .modified)
        #expect(byPath["new.txt"]?.kind == .added)
        #expect(byPath["gone.txt"]?.kind == .deleted)
        #expect(byPath["renamed.txt"]?.kind == .renamed)
        #expect(byPath["renamed.txt"]?.oldPath == "old.txt")
        #expect(byPath["new.txt"]?.oid == (try repo.git(["rev-parse", ":new.txt"])))
    }

    @Test func stagedOnUnbornBranch() throws {
        let repo = try TempRepo()
        try repo.apply([.write("a", "a"), .stage(["a"])])
        #expect(try repo.repository().stagedChanges().map(\.path) == ["a"])
    }

    @Test func trackedPathsUnderPrefix() throws {
        let repo = try TempRepo()
        try repo.apply([.write("Packs/A/x", "1"), .write("Packs/AB/y", "2"), .write("z", "3"), .stage(["."]), .commit("c")])
        #expect(try repo.repository().indexEntries(under: "Packs/A").map(\.path) == ["Packs/A/x"])
        #expect(try repo.repository().indexEntries(under: nil).count == 3)
    }

    @Test func cleanAndDirty() throws {
        let repo = try TempRepo()
        try repo.apply([.write("a", "a"), .stage(["a"]), .commit("c")])
        #expect(try repo.repository().status(pathspec: nil).isEmpty)
        try repo.write("a", "b")
        try repo.write("u", "u")
        let status = try repo.repository().status(pathspec: nil)
        #expect(status.contains { $0.path == "a" && $0.unstaged })
        #expect(status.contains { $0.path == "u" && $0.untracked })
    }

    @Test func containment() throws {
        let repo = try TempRepo()
        try repo.apply([
            .write("a", "a"), .stage(["a"]), .commit("c1"), .branch("feature/x"),
            .write("b", "b"), .stage(["b"]), .commit("c2"),
        ])
        let r = try repo.repository()
        let main = try #require(try r.resolveCommit("refs/heads/main"))
        let feature = try #require(try r.resolveCommit("feature/x"))
        #expect(try r.isAncestor(main, of: feature))
        #expect(try !r.isAncestor(feature, of: main))
        #expect(try r.resolveCommit("no-such-branch") == nil)
    }

    @Test("tree ids of a directory in HEAD, index and work tree match git's")
    func treeIDsMatchGit() throws {
        let repo = try TempRepo()
        try repo.apply([
            .write("Packs/X/pack_metadata.json", "{}"), .write("Packs/X/Scripts/S/S.py", "print(1)\n"),
            .write("Packs/X/Scripts/S/S_test.py", "def test(): pass\n"), .write("Packs/X-other", "not in X"),
            .write("Packs/X.a/f", "sorts before X/ in git"), .stage(["."]), .commit("c"),
        ])
        try repo.run(["chmod", "+x", repo.path + "/Packs/X/Scripts/S/S.py"])
        try repo.run(["ln", "-s", "S.py", repo.path + "/Packs/X/Scripts/S/link.py"])
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "-m", "mode and link"])
        let r = try repo.repository()
        let inHead = try repo.git(["rev-parse", "HEAD:Packs/X"])
        #expect(try r.treeID(of: "Packs/X", in: .head) == inHead)
        #expect(try r.treeID(of: "Packs/X", in: .index) == inHead)
        #expect(try r.treeID(of: "Packs/X", in: .workTree) == inHead)

        // An edit and a new file: the work tree id is what `git add` would stage.
        try repo.write("Packs/X/Scripts/S/S.py", "print(2)\n")
        try repo.write("Packs/X/README.md", "new\n")
        let beforeAdd = try r.treeID(of: "Packs/X", in: .workTree)
        #expect(try r.treeID(of: "Packs/X", in: .index) == inHead)
        try repo.git(["add", "Packs/X"])
        let staged = try repo.git(["write-tree", "--prefix=Packs/X/"])
        #expect(beforeAdd == staged)
        #expect(try repo.repository().treeID(of: "Packs/X", in: .index) == staged)
        #expect(try r.treeID(of: "Packs/Missing", in: .index) == nil)
    }
}
