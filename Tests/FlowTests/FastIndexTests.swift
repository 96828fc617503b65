import CLibGit2
import Foundation
import Testing

@testable import FlowCore
@testable import FlowGit

/// The fast index paths (own index reader, cache-tree walk) must answer exactly as libgit2 does.
@Suite struct FastIndexTests {
    /// A committed base: nested directories, names that sort around "/", an executable, a symlink.
    func base() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.apply([
            .write("Packs/A/pack_metadata.json", "{}\n"),
            .write("Packs/A/Integrations/I/I.py", "print(1)\n"),
            .write("Packs/A/Integrations/I/I.yml", "name: I\n"),
            .write("Packs/A/ReleaseNotes/1_0_0.md", "notes\n"),
            .write("Packs/B/README.md", "b\n"),
            .write("Packs/B/deep/er/still/file.txt", "deep\n"),
            .write("a-b", "x\n"), .write("a.b", "x\n"), .write("a/b", "x\n"), .write("a0", "x\n"),
            .write("tool.sh", "#!/bin/sh\n"),
        ])
        try repo.run(["chmod", "+x", "tool.sh"])
        try repo.run(["ln", "-s", "Packs/B/README.md", "link"])
        try repo.apply([.stage(["."]), .commit("base")])
        return repo
    }

    /// Compares every fast answer with libgit2's; returns whether the fast staged walk answered.
    @discardableResult
    func expectSame(_ repo: TempRepo, expectFastIndex: Bool = true) throws -> Bool {
        let r = try repo.repository()
        #expect((r.fastIndex() != nil) == expectFastIndex)
        #expect(try r.indexEntries() == (try r.libgit2IndexEntries()))
        for dir in ["", "Packs", "Packs/A", "Packs/A/", "Packs/B", "Packs/B/deep", "Packs/C", "a", "nothing"] {
            let prefix: String? = dir.isEmpty ? nil : dir
            #expect(try r.indexEntries(under: prefix) == (try r.libgit2IndexEntries(under: prefix)), "entries under \(dir)")
            let trimmed = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
            #expect(try r.treeID(of: dir, in: .index) == (try r.libgit2IndexTreeID(of: trimmed)), "tree id of \(dir)")
        }
        // Paths by a predicate on their bytes, read in the mapped index: libgit2's entries filtered.
        for predicate in [{ (_: UnsafeBufferPointer<UInt8>) in true }, { $0.last == 0x64 }, GitNoArtifactsGate.isArtifactName(bytes:)] {
            #expect(
                try r.indexPaths(where: predicate) == (try r.libgit2IndexEntries()).filter { $0.pathBytesSatisfy(predicate) }.map(\.path))
        }
        let slow = try r.libgit2StagedChanges()
        #expect(try r.stagedChanges() == slow)
        let fast = try r.fastStagedChanges()
        if let fast { #expect(fast == slow) }
        return fast != nil
    }

    @Test func cleanIndexAfterCommitIsAnsweredFromTheCacheTree() throws {
        let repo = try base()
        #expect(try expectSame(repo))
        #expect(try repo.repository().stagedChanges().isEmpty)
        // The root's cache-tree id is HEAD's tree.
        #expect(try repo.repository().treeID(of: "", in: .index) == (try repo.git(["rev-parse", "HEAD^{tree}"])))
    }

    @Test func modifiedAndAddedFilesInNestedDirectories() throws {
        let repo = try base()
        try repo.apply([
            .write("Packs/A/Integrations/I/I.py", "print(2)\n"),
            .write("Packs/A/ReleaseNotes/1_0_1.md", "more\n"),
            .write("Packs/B/deep/er/new/file.txt", "new\n"),
            .write("a/c", "c\n"),
            .stage(["."]),
        ])
        #expect(try expectSame(repo))
        let kinds = try repo.repository().stagedChanges().map { "\($0.kind.rawValue) \($0.path)" }
        #expect(
            kinds == [
                "modified Packs/A/Integrations/I/I.py", "added Packs/A/ReleaseNotes/1_0_1.md",
                "added Packs/B/deep/er/new/file.txt", "added a/c",
            ])
    }

    @Test func deletedFilesAndWholeDirectories() throws {
        let repo = try base()
        try repo.git(["rm", "-q", "-r", "Packs/B", "a-b"])
        #expect(try expectSame(repo))
        #expect(try repo.repository().stagedChanges().allSatisfy { $0.kind == .deleted && $0.oid == nil })
    }

    @Test func renameFallsBackToLibgit2WithTheSameAnswer() throws {
        let repo = try base()
        try repo.git(["mv", "Packs/A/Integrations/I/I.yml", "Packs/A/Integrations/I/Renamed.yml"])
        #expect(try !expectSame(repo))
        #expect(try repo.repository().stagedChanges().map(\.kind) == [.renamed])
    }

    @Test func executableBitAndSymlinkTypeChange() throws {
        let repo = try base()
        try repo.run(["chmod", "-x", "tool.sh"])
        try repo.run(["chmod", "+x", "Packs/B/README.md"])
        try repo.run(["rm", "link"])
        try repo.write("link", "now a file\n")
        try repo.run(["ln", "-s", "tool.sh", "newlink"])
        try repo.apply([.stage(["."])])
        try expectSame(repo)  // type change with an addition: libgit2 decides
        try repo.git(["reset", "-q", "newlink"])
        #expect(try expectSame(repo))
        let kinds = try repo.repository().stagedChanges().map { "\($0.kind.rawValue) \($0.path) \(String($0.mode, radix: 8))" }
        #expect(kinds == ["modified Packs/B/README.md 100755", "type-changed link 100644", "modified tool.sh 100644"])
    }

    @Test func unbornBranch() throws {
        let repo = try TempRepo()
        try repo.apply([.write("Packs/A/x.py", "x\n"), .write("README.md", "r\n"), .stage(["."])])
        #expect(try expectSame(repo))
        #expect(try repo.repository().stagedChanges().count == 2)
    }

    @Test func indexVersion4() throws {
        let repo = try base()
        try repo.git(["update-index", "--index-version", "4"])
        try repo.apply([.write("Packs/A/Integrations/I/I_test.py", "t\n"), .write("Packs/B/README.md", "b2\n"), .stage(["."])])
        let header = try #require(FileManager.default.contents(atPath: repo.path + "/.git/index"))
        #expect(Array(header.prefix(8)) == Array("DIRC".utf8) + [0, 0, 0, 4])
        #expect(try expectSame(repo))
    }

    @Test func indexVersion3WithSkipWorktree() throws {
        let repo = try base()
        try repo.git(["update-index", "--skip-worktree", "Packs/B/README.md"])
        try repo.apply([.write("Packs/A/pack_metadata.json", "{\"v\": 2}\n"), .stage(["Packs/A"])])
        #expect(try expectSame(repo))
    }

    /// libgit2 1.5.1 cannot read a split index either: the fallback gives its error, as before.
    @Test func splitIndexFallsBack() throws {
        let repo = try base()
        try repo.git(["update-index", "--split-index"])
        try repo.apply([.write("Packs/A/pack_metadata.json", "{\"v\": 2}\n"), .stage(["Packs/A"])])
        let r = try repo.repository()
        #expect(r.fastIndex() == nil)
        #expect(throws: GitError.self) { try r.stagedChanges() }
        #expect(throws: GitError.self) { try r.indexEntries() }
        #expect(throws: GitError.self) { try r.treeID(of: "Packs/A", in: .index) }
    }

    @Test func intentToAddFallsBack() throws {
        let repo = try base()
        try repo.write("Packs/A/later.py", "later\n")
        try repo.git(["add", "-N", "Packs/A/later.py"])
        try expectSame(repo, expectFastIndex: false)
    }

    @Test func conflictStagesFallBack() throws {
        let repo = try base()
        try repo.apply([
            .branch("other"), .write("a0", "other\n"), .stage(["a0"]), .commit("other"),
            .checkout("main"), .write("a0", "main\n"), .stage(["a0"]), .commit("main"),
        ])
        _ = try? repo.git(["merge", "-q", "other"])
        try expectSame(repo, expectFastIndex: false)
    }

    @Test func indexWrittenByLibgit2() throws {
        let repo = try base()
        try repo.write("Packs/A/Integrations/I/I.py", "print(3)\n")
        try repo.write("Packs/C/new.md", "c\n")
        let r = try repo.repository()
        var index: OpaquePointer?
        #expect(git_repository_index(&index, r.handle) == 0)
        #expect(git_index_add_bypath(index, "Packs/A/Integrations/I/I.py") == 0)
        #expect(git_index_add_bypath(index, "Packs/C/new.md") == 0)
        #expect(git_index_write(index) == 0)
        git_index_free(index)
        #expect(try expectSame(repo))
        #expect(try repo.repository().stagedChanges().map(\.path) == ["Packs/A/Integrations/I/I.py", "Packs/C/new.md"])
    }

    @Test func parsedIndexFollowsTheFileOnDisk() throws {
        let repo = try base()
        let r = try repo.repository()
        #expect(try r.stagedChanges().isEmpty)
        try repo.apply([.write("Packs/A/pack_metadata.json", "{\"v\": 3}\n"), .stage(["Packs/A"])])
        #expect(try r.stagedChanges().map(\.path) == ["Packs/A/pack_metadata.json"])
        #expect(try r.treeID(of: "Packs/A", in: .index) == (try r.libgit2IndexTreeID(of: "Packs/A")))
    }

    /// During `git commit <paths>` git hands the hook a temporary index in $GIT_INDEX_FILE; the
    /// fast reader must read that one, as libgit2 does, not .git/index.
    @Test func hookSeesTheIndexGitPassesInTheEnvironment() throws {
        let probe = (FlowBinary.path as NSString).deletingLastPathComponent + "/flowgit-probe"
        try #require(FileManager.default.isExecutableFile(atPath: probe), "swift build builds flowgit-probe")
        let repo = try base()
        try repo.write(".git/hooks/pre-commit", "#!/bin/sh\n'\(probe)' > \"$(git rev-parse --git-dir)/probe.out\"\n")
        try repo.run(["chmod", "+x", ".git/hooks/pre-commit"])
        try repo.write("Packs/A/pack_metadata.json", "{\"changed\": true}\n")
        try repo.write("Packs/B/README.md", "changed\n")
        try repo.git(["add", "Packs/A"])
        // .git/index has Packs/A staged; the index git builds for this commit has only Packs/B.
        try repo.git(["commit", "-q", "-m", "only B", "Packs/B/README.md"])
        let packB = try repo.git(["rev-parse", "HEAD:Packs/B"])
        #expect(repo.read(".git/probe.out") == "main staged=1 zips=0+0 tags=0 trees=\(packB)\n")
    }

    /// git compares paths as bytes. The fuzz target found the general path matching a directory
    /// by String's canonical equivalence: "Packs/e\u{301}" (decomposed) listed the entries of
    /// "Packs/\u{e9}" (one code point), a different directory to git. Both paths now agree with git.
    @Test func directoryPrefixesAreComparedAsBytes() throws {
        let repo = try TempRepo()
        try repo.apply([.write("Packs/\u{e9}/x.txt", "x\n"), .write("Packs/e/y.txt", "y\n"), .stage(["."]), .commit("base")])
        let r = try repo.repository()
        let decomposed = "Packs/e\u{301}"
        #expect(try r.libgit2IndexEntries(under: decomposed).isEmpty)
        #expect(try r.indexEntries(under: decomposed).isEmpty)
        #expect(try r.libgit2IndexEntries(under: "Packs/\u{e9}").map(\.path) == ["Packs/\u{e9}/x.txt"])
        #expect(try r.indexEntries(under: "Packs/\u{e9}").map(\.path) == ["Packs/\u{e9}/x.txt"])
    }

    @Test func malformedIndexIsRefused() {
        #expect(IndexFile.parse(Array("DIRC".utf8) + [0, 0, 0, 9] + [UInt8](repeating: 0, count: 24)) == nil)
        #expect(IndexFile.parse(Array("JUNK".utf8) + [UInt8](repeating: 0, count: 40)) == nil)
        // Version 2, one entry announced, none present.
        #expect(IndexFile.parse(Array("DIRC".utf8) + [0, 0, 0, 2, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 20)) == nil)
    }

    /// libFuzzer's findings, from real index files git wrote (Tests/Fuzz/index): each damaged one
    /// is refused (libgit2 then answers) instead of stopping the hook.
    @Test func damagedIndexesFromTheFuzzerAreRefused() throws {
        let v4 = try #require(FileManager.default.contents(atPath: SourceTree.root + "/Tests/Fuzz/index/v4.idx"))
        let intact = try #require(IndexFile.parse([UInt8](v4)))
        #expect(intact.entries.count == 4)
        #expect(intact.entries.map(intact.pathString).contains("dir with space/ü.txt"))

        // An entry count of 2^32-1 in the header: it reserved room for all of them (~64 GB) first.
        var hugeCount = [UInt8](v4)
        hugeCount.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(IndexFile.parse(hugeCount) == nil)

        // Version 4 prefix compression: a "strip N bytes" number that wraps negative passed the
        // bound check and sliced past the paths (a trap). The first entry's number is at byte 74.
        var wrapping = [UInt8](v4)
        #expect(wrapping[74] == 0)
        wrapping.replaceSubrange(74..<75, with: [UInt8](repeating: 0xFF, count: 8) + [0x7F])
        #expect(IndexFile.parse(wrapping) == nil)

        // Entries out of path order (libFuzzer, checking agreement with libgit2): libgit2 lists
        // them as they stand while the directory ranges assumed sorted entries. Refused.
        let unsorted = try #require(FileManager.default.contents(atPath: SourceTree.root + "/Tests/Fuzz/index/unsorted-entries.idx"))
        #expect(IndexFile.parse([UInt8](unsorted)) == nil)

        // A path length in the flags (58) other than the path's (33): libgit2 stepped to the next
        // entry by the flags and read garbage there, this reader by the NUL. Refused.
        let mismatch = try #require(FileManager.default.contents(atPath: SourceTree.root + "/Tests/Fuzz/index/name-length-mismatch.idx"))
        #expect(IndexFile.parse([UInt8](mismatch)) == nil)
        for name in ["v2-tree.idx", "v3-skip.idx", "v4-invalidated.idx"] {
            let sound = try #require(FileManager.default.contents(atPath: SourceTree.root + "/Tests/Fuzz/index/" + name))
            #expect(IndexFile.parse([UInt8](sound)) != nil, "\(name) as git wrote it still parses")
        }
    }
}

@Suite struct ArtifactNameFastPathTests {
    /// The gate's own general path (what runs when the fast path declines or is switched off).
    func general(_ path: String) -> Bool { GitNoArtifactsGate.isArtifactNameByCharacters(path) }

    @Test func asciiBytesAgreeWithTheCharacterRule() {
        let samples = [
            "a.zip", "A.ZIP", "Packs/X/x.Zip", "zip", ".zip", "a.zipx", "a.zi", "",
            "X_build/out.json", "Packs/X_build/y", "Packs/_build/y", "Packs/build/y", "x_build",
            "Packs/X/uploadable_packs/a.txt", "uploadable_packs", "uploadable_packs/", "a_build/",
            "a//b_build//c", "x.zip.001", "Packs/X/a.ZIP.gz", "Vendor/sub.zip.d", "a.zip.tar", "a.zip./b", "Packs/x.zip.", ".zip.",
            "Packs/X/README.md", "Packs/X/Integrations/I/I.py", "é.zip", "Packs/é_build/x",
        ]
        for path in samples {
            #expect(GitNoArtifactsGate.isArtifactName(path) == general(path), "\(path)")
        }
        #expect(GitNoArtifactsGate.asciiIsArtifactName("é.zip") == nil)
        #expect(GitNoArtifactsGate.asciiIsArtifactName("Packs/X/x.ZIP") == true)
    }

    /// Random paths around every rule's edges (word boundaries of the 8-byte scan included):
    /// the byte rule and the character rule agree on all of them.
    @Test func randomPathsAgreeWithTheCharacterRule() {
        let parts = [
            "/", "_build", "uploadable_packs", ".zip", ".ZiP", "a", "Packs", "x_buil", "é", "zip", "_", ".",
            "ploadable_packs", "1234567", "uploadable_packsX", "b_build", ".zip.", ".ZIP.0",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var path = ""
            for _ in 0..<Int.random(in: 0...9, using: &rng) { path += parts.randomElement(using: &rng) ?? "" }
            #expect(GitNoArtifactsGate.isArtifactName(path) == general(path), "\(path)")
            let entry = FileEntry(path: path, mode: 0o100644, oid: String(repeating: "b", count: 40))
            #expect(entry.pathBytesSatisfy(GitNoArtifactsGate.isArtifactName(bytes:)) == general(path), "\(path)")
        }
    }

    /// The gate checks index entries on their bytes: same answers as on the path string,
    /// for entries mapped from the index and for entries made from a string.
    @Test func indexEntryBytesAgreeWithTheCharacterRule() throws {
        let samples = [
            "a.zip", "A.ZIP", "Packs/X/x.Zip", "a.zipx", "X_build/out.json", "Packs/X/uploadable_packs/a.txt",
            "Packs/X/README.md", "é.zip", "Packs/é_build/x", "Packs/X/é.txt", "Packs/Ünï/x.ZİP",
        ]
        for path in samples {
            let entry = FileEntry(path: path, mode: 0o100644, oid: String(repeating: "a", count: 40))
            #expect(entry.withPathBytes(GitNoArtifactsGate.isArtifactName(bytes:)) == general(path), "\(path)")
        }
        let repo = try TempRepo()
        try repo.apply(initialCommit + samples.map { .write($0, "x") } + [.stage(["."])])
        let entries = try Repository.discover(from: repo.path).indexEntries()
        #expect(entries.count == samples.count + 1)  // and README.md
        #expect(
            try Repository.discover(from: repo.path).indexPaths(where: GitNoArtifactsGate.isArtifactName(bytes:))
                == entries.map(\.path).filter(general))
        for entry in entries {
            #expect(entry.withPathBytes(GitNoArtifactsGate.isArtifactName(bytes:)) == general(entry.path), "\(entry.path)")
            #expect(entry.pathBytesSatisfy(GitNoArtifactsGate.isArtifactName(bytes:)) == general(entry.path), "\(entry.path)")
        }
    }
}

@Suite struct CABundleSkipTests {
    /// Outside libgit2's init the interposed function is mbedTLS's own: a missing file is an error.
    @Test func forwardsToMbedTLSOutsideInit() throws {
        _ = try TempRepo().repository()  // libgit2 initialised (the skip is over)
        #expect(!skipCABundleDuringInit)
        #expect(flowMbedtlsX509CrtParseFile(nil, "/nonexistent/ca.crt") != 0)
    }
}
