import FlowCore
import Foundation
import Testing

@Suite("flow verify release on real repositories")
struct VerifyReleaseTests {
    func expectRefused(
        _ repo: TempRepo, _ expected: String, args: [String] = ["verify", "release"],
        in dir: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let run = try ReleasePackRepo.flow(args, repo, in: dir)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)", sourceLocation: sourceLocation)
        #expect(
            (run.stdout + run.stderr).contains(expected), "expected \(expected) in:\n\(run.stdout)\n\(run.stderr)",
            sourceLocation: sourceLocation)
    }

    @Test func passesOnACleanAnnotatedReleaseOnMain() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.tag("v1.0.0", annotated: true)])
        let run = try ReleasePackRepo.flow(["verify", "release"], repo)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let json = try ReleasePackRepo.flow(["verify", "release", "--json"], repo)
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"gate\" : \"git.tag-on-head\""))
    }

    @Test func refusesAnUntaggedHead() throws {
        try expectRefused(try ReleasePackRepo.make(), "does not carry v1.0.0, the tag for Demo's currentVersion 1.0.0")
    }

    @Test func refusesALightweightTag() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.tag("v1.0.0", annotated: false)])
        try expectRefused(repo, "tag v1.0.0 on HEAD is lightweight")
    }

    @Test func refusesATagNotOnMain() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .branch("feature/x"), .write("Packs/Demo/README.md", "# Demo\n\nchanged\n"),
            .stage(["."]), .commit("x"), .tag("v1.0.0", annotated: true),
        ])
        try expectRefused(repo, "is not contained in main")
    }

    @Test func refusesAVersionMismatch() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .tag("v1.0.0", annotated: true), .write("Packs/Demo/pack_metadata.json", ReleasePackRepo.metadata("1.0.1")),
            .write("Packs/Demo/ReleaseNotes/1_0_1.md", ReleasePackRepo.notes), .stage(["."]), .commit("1.0.1"),
            .tag("v9.9.9", annotated: true),
        ])
        try expectRefused(repo, "HEAD is tagged v9.9.9 but Packs/Demo/pack_metadata.json says currentVersion 1.0.1")
    }

    @Test func refusesADirtyTree() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.tag("v1.0.0", annotated: true), .write("Packs/Demo/README.md", "dirty\n")])
        try expectRefused(repo, "modified: Packs/Demo/README.md")
    }

    @Test func refusesATrackedZip() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .writeBytes("Demo.zip", [0x50, 0x4B, 0x05, 0x06] + Array(repeating: 0, count: 18)),
            .stage(["Demo.zip"]), .commit("oops"), .tag("v1.0.0", annotated: true),
        ])
        try expectRefused(repo, "tracked build artifact: Demo.zip")
    }

    @Test func refusesMissingOrPlaceholderReleaseNotes() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", "\n#### Scripts\n\n##### Hello\n\n- %%UPDATE_RN%%\n"),
            .stage(["."]), .commit("stub"), .tag("v1.0.0", annotated: true),
        ])
        try expectRefused(repo, "placeholder %%UPDATE_RN%% left in the release notes")
    }

    @Test func saysExactlyWhatIsWrongInAShallowCloneWithoutTags() throws {
        // After flow release the tag sits one commit below main's tip, so a depth-1 clone of
        // main (as CI checkouts do) fetches no tag at all.
        let repo = try ReleasePackRepo.make()
        #expect(try ReleasePackRepo.flow(["release", "--skip-validate"], repo).status == 0)
        let clone = repo.base + "/clone"
        try repo.git(["clone", "-q", "--depth", "1", "file://" + repo.path, clone], in: repo.base)
        #expect(try repo.git(["tag"], in: clone).isEmpty)
        try expectRefused(repo, "this is a shallow clone with no tags", in: clone)
        try expectRefused(repo, "git fetch --tags --unshallow origin", in: clone)
    }

    @Test func acceptsOriginMainInACICheckout() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.tag("v1.0.0", annotated: true)])
        let clone = repo.base + "/ci"
        try repo.git(["clone", "-q", "file://" + repo.path, clone], in: repo.base)
        try repo.git(["checkout", "-q", "--detach", "v1.0.0"], in: clone)
        try repo.git(["branch", "-q", "-D", "main"], in: clone)
        let run = try ReleasePackRepo.flow(["verify", "release"], repo, in: clone)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
    }

    @Test func printsGitHubAnnotationsOnActions() throws {
        let repo = try ReleasePackRepo.make()
        let run = try ReleasePackRepo.flow(["verify", "release"], repo, environment: ["GITHUB_ACTIONS": "true", "FLOW_WORKFLOWS_DIR": ""])
        #expect(run.status == 1)
        #expect(run.stdout.contains("::error title=flow verify::git.tag-on-head: HEAD"))
    }
}
