import FlowCore
import Foundation
import Testing

@Suite("flow release on real repositories")
struct ReleaseTests {
    @Test func tagsBumpsWritesAStubAndCommitsWithATrailer() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .branch("feature/a"), .write("Packs/Demo/README.md", "# Demo\n\nmore\n"), .stage(["."]),
            .commit("a"), .checkout("main"), .merge("feature/a"),
        ])
        try ReleasePackRepo.amendWithTrailer(repo)  // the merged content was checked
        let run = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(run.status == 0, "\(run.stdout + run.stderr)")
        #expect(run.stdout.contains("validate: skipped"))
        // Annotated tag on the release commit, which is HEAD's parent.
        #expect(try repo.git(["cat-file", "-t", "v1.0.0"]) == "tag")
        #expect(try repo.git(["rev-parse", "v1.0.0^{commit}"]) == (try repo.git(["rev-parse", "HEAD~1"])))
        #expect(repo.read("Packs/Demo/pack_metadata.json") == ReleasePackRepo.metadata("1.0.1"))
        let stub = try #require(repo.read("Packs/Demo/ReleaseNotes/1_0_1.md"))
        #expect(stub.contains("%%UPDATE_RN%%"))
        #expect(stub.contains("#### Scripts"))
        #expect(try repo.git(["log", "-1", "--format=%s"]) == "version(Demo): bump to v1.0.1 for next development cycle")
        let tree = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        #expect(try repo.git(["log", "-1", "--format=%b"]).contains("Flow-Evidence: pack=Demo tree=\(tree) checks=release"))
        #expect(try repo.git(["status", "--porcelain"]).isEmpty)
        // The bump commit passes verify commits.
        let verify = try ReleasePackRepo.flow(["verify", "commits", "--range", "HEAD~1..HEAD"], repo)
        #expect(verify.status == 0, "\(verify.stdout)")
        // Releasing again is refused: 1.0.1's notes are only a stub.
        let again = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(again.status == 1)
        #expect(again.stderr.contains("placeholder %%UPDATE_RN%%"))
    }

    @Test func bumpsMinorWithAPackTagFormat() throws {
        let repo = try ReleasePackRepo.make(tagFormat: "{pack}-v{version}")
        let run = try ReleasePackRepo.flow(["release", "--bump", "minor", "--json", "--skip-validate"], repo)
        #expect(run.status == 0, "\(run.stdout + run.stderr)")
        #expect(run.stdout.contains("\"tag\" : \"Demo-v1.0.0\""))
        #expect(run.stdout.contains("\"nextVersion\" : \"1.1.0\""))
        #expect(repo.read("Packs/Demo/ReleaseNotes/1_1_0.md") != nil)
    }

    @Test func neverOverwritesAnExistingTag() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .tag("v1.0.0", annotated: true), .write("Packs/Demo/README.md", "# Demo\n\nlater\n"),
            .stage(["."]), .commit("later"),
        ])
        let before = try repo.git(["rev-parse", "v1.0.0^{commit}"])
        let run = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(run.status == 1)
        #expect(run.stderr.contains("tag v1.0.0 already exists"))
        #expect(run.stderr.contains("never moves or overwrites a tag"))
        #expect(try repo.git(["rev-parse", "v1.0.0^{commit}"]) == before)
        #expect(repo.read("Packs/Demo/pack_metadata.json") == ReleasePackRepo.metadata("1.0.0"))
    }

    @Test func refusesOffMainUnmergedDirtyOrBadInput() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.branch("feature/b"), .write("b.txt", "b"), .stage(["b.txt"]), .commit("b")])
        let offMain = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(offMain.status == 1)
        #expect(offMain.stderr.contains("runs on main"))
        try repo.apply([.checkout("main")])
        // feature/b stays unmerged: work not on main belongs to the next release (WorkflowPolicyTests).
        try repo.write("Packs/Demo/README.md", "dirty\n")
        let dirty = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(dirty.status == 1)
        #expect(dirty.stderr.contains("modified: Packs/Demo/README.md"))
        try repo.git(["checkout", "--", "."])
        #expect(try ReleasePackRepo.flow(["release", "--bump", "huge"], repo).status == 2)
        #expect(try ReleasePackRepo.flow(["release", "--pack", "Other"], repo).status == 2)
        try repo.apply([.write("Packs/Demo/pack_metadata.json", ReleasePackRepo.metadata("1.0")), .stage(["."]), .commit("bad")])
        let bad = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Packs/Demo/pack_metadata.json"))
        #expect(try repo.git(["tag"]).isEmpty)
    }
}

@Suite("flow release with demisto-sdk on PATH")
struct ReleaseValidateTests {
    @Test func refusesWhenValidateFailsOnMainAndCreatesNoTag() throws {
        let repo = try ReleasePackRepo.make()
        let sdk = try FakeSDK(base: repo.base, exitCode: 1)
        let run = try ReleasePackRepo.flow(["release"], repo, environment: ["PATH": sdk.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("demisto-sdk validate -a failed on main"))
        #expect(run.stderr.contains("fake failure output"))
        #expect(!run.stderr.contains("\u{1B}["))
        #expect(sdk.calls.contains("validate -a"))
        #expect(try repo.git(["tag"]).isEmpty)
        #expect(repo.read("Packs/Demo/pack_metadata.json") == ReleasePackRepo.metadata("1.0.0"))
    }

    @Test func tagsWhenValidatePasses() throws {
        let repo = try ReleasePackRepo.make()
        let sdk = try FakeSDK(base: repo.base, exitCode: 0)
        let run = try ReleasePackRepo.flow(["release"], repo, environment: ["PATH": sdk.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("validate: passed"))
        #expect(try repo.git(["tag"]) == "v1.0.0")
    }
}
