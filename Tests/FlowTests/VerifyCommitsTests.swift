import FlowCore
import Foundation
import Testing

@Suite("flow verify commits on real repositories")
struct VerifyCommitsTests {
    @Test func listsCommitsWithoutTrailerOrWithAStaleTree() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .branch("feature/x"), .write("Packs/Demo/Scripts/Hello/Hello.py", "v2\n"), .stage(["."]),
            .commit("good change"),
        ])
        try ReleasePackRepo.amendWithTrailer(repo)
        // A commit made with --no-verify: no trailer at all.
        try repo.apply([.write("Packs/Demo/Scripts/Hello/Hello.py", "v3\n"), .stage(["."]), .commit("skipped hooks")])
        // Checked content, then edited before committing: the trailer names the old tree.
        let oldTree = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        try repo.apply([.write("Packs/Demo/Scripts/Hello/Hello.py", "v4\n"), .stage(["."]), .commit("edited after checks")])
        try ReleasePackRepo.amendWithTrailer(repo, tree: oldTree)

        let run = try ReleasePackRepo.flow(["verify", "commits", "--range", "main..HEAD"], repo)
        #expect(run.status == 1, "\(run.stdout + run.stderr)")
        #expect(run.stdout.contains("Checked 3 commit(s)"))
        #expect(run.stdout.contains("skipped hooks"))
        #expect(run.stdout.contains("no Flow-Evidence trailer for pack Demo"))
        #expect(run.stdout.contains("edited after checks"))
        #expect(run.stdout.contains("is not the committed tree"))
        #expect(!run.stdout.contains("FAIL") || !run.stdout.contains("good change"))

        let json = try ReleasePackRepo.flow(["verify", "commits", "--json"], repo)
        #expect(json.status == 1)
        let data = try #require(json.stdout.data(using: .utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["offenders"] as? [Any])?.count == 2)
        #expect(object["range"] as? String == "main..HEAD")
    }

    @Test func passesWhenEveryCommitCarriesAMatchingTrailerAndSkipsMerges() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([.branch("feature/x"), .write("Packs/Demo/README.md", "# Demo\n\nv2\n"), .stage(["."]), .commit("docs")])
        try ReleasePackRepo.amendWithTrailer(repo)
        try repo.apply([
            .checkout("main"), .branch("feature/y"), .write("Packs/Demo/Scripts/Hello/Hello.py", "y\n"),
            .stage(["."]), .commit("y"),
        ])
        try ReleasePackRepo.amendWithTrailer(repo)
        try repo.apply([.merge("feature/x")])
        // Both sides changed Demo: the merged pack tree is new content, checked like any commit.
        let unchecked = try ReleasePackRepo.flow(["verify", "commits", "--range", "main..HEAD"], repo)
        #expect(unchecked.status == 1, "\(unchecked.stdout)")
        try ReleasePackRepo.amendWithTrailer(repo)
        let run = try ReleasePackRepo.flow(["verify", "commits", "--range", "main..HEAD"], repo)
        #expect(run.status == 0, "\(run.stdout + run.stderr)")
        #expect(run.stdout.contains("Checked 3 commit(s)"))
    }

    @Test func acceptsAReleaseTrailerOnlyOnAVersionBump() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .write("Packs/Demo/pack_metadata.json", ReleasePackRepo.metadata("1.0.1")),
            .write("Packs/Demo/ReleaseNotes/1_0_1.md", ReleasePackRepo.notes), .stage(["."]), .commit("bump"),
        ])
        try ReleasePackRepo.amendWithTrailer(repo, checks: "release")
        #expect(try ReleasePackRepo.flow(["verify", "commits", "--range", "main~1..main"], repo).status == 0)
        try repo.apply([.write("Packs/Demo/Scripts/Hello/Hello.py", "sneaky\n"), .stage(["."]), .commit("not a bump")])
        try ReleasePackRepo.amendWithTrailer(repo, checks: "release")
        let run = try ReleasePackRepo.flow(["verify", "commits", "--range", "main~1..main"], repo)
        #expect(run.status == 1)
        #expect(run.stdout.contains("does not raise a valid currentVersion"), "\(run.stdout)")
    }

    /// A commit made through the hooks (its trailer names its tree) that a content gate refuses:
    /// the hooks are not what failed, so the fix is the content's, not a rebase through the hooks.
    @Test func contentGateRefusalSaysWhatTheGateFoundNotRebase() throws {
        let repo = try TrustVerifyTests.repo()
        try repo.apply([.write("Packs/Demo/README.md", TrustReadme.text("A pack \u{2014} dashed.")), .stage(["."]), .commit("dash")])
        try TrustVerifyTests.trail(repo)
        let run = try TrustVerifyTests.verify(repo)
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("pack Demo: docs.ascii"), "\(run.stdout)")
        #expect(run.stdout.contains("judged with the rules of main"), "\(run.stdout)")
        #expect(run.stdout.contains("replace each listed character with plain ASCII"), "\(run.stdout)")
        #expect(!run.stdout.contains("rebase"), "\(run.stdout)")
        #expect(!run.stdout.contains("redo these commits through flow's hooks"), "\(run.stdout)")

        // The same refusal next to a commit without a trailer: that one still needs the hooks.
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("A pack \u{2014} dashed, twice.")), .stage(["."]), .commit("no hooks"),
        ])
        let both = try TrustVerifyTests.verify(repo)
        let unhooked = try repo.git(["rev-parse", "--short=12", "HEAD"])
        #expect(both.stdout.contains("redo \(unhooked) through flow's hooks"), "\(both.stdout)")
        #expect(both.stdout.contains("replace each listed character with plain ASCII"), "\(both.stdout)")

        let json = try ReleasePackRepo.flow(["verify", "commits", "--range", "main..HEAD~1", "--json"], repo)
        let data = try #require(json.stdout.data(using: .utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let offender = try #require((object["offenders"] as? [[String: Any]])?.first)
        #expect(offender["contentOnly"] as? Bool == true, "\(json.stdout)")
        #expect((offender["fix"] as? String)?.contains("plain ASCII") == true, "\(json.stdout)")
    }

    @Test func badRangeIsInvalidInput() throws {
        let repo = try ReleasePackRepo.make()
        #expect(try ReleasePackRepo.flow(["verify", "commits", "--range", "nope..HEAD"], repo).status == 2)
        #expect(try ReleasePackRepo.flow(["verify", "commits", "--range", "main"], repo).status == 2)
    }
}

@Suite("flow verify commits default range")
struct VerifyCommitsDefaultRangeTests {
    @Test func usesOriginMainWhenPresent() throws {
        let repo = try ReleasePackRepo.make()
        let clone = repo.base + "/ci"
        try repo.git(["clone", "-q", "file://" + repo.path, clone], in: repo.base)
        try repo.git(["config", "user.email", "ci@example.com"], in: clone)
        try repo.git(["config", "user.name", "ci"], in: clone)
        // Local main moves on without a trailer; only origin/main..HEAD counts.
        try Data("# Demo\n\nci\n".utf8).write(to: URL(fileURLWithPath: clone + "/Packs/Demo/README.md"))
        try repo.git(["commit", "-q", "--no-verify", "-am", "unchecked on main"], in: clone)
        let run = try ReleasePackRepo.flow(["verify", "commits"], repo, in: clone)
        #expect(run.status == 1)
        #expect(run.stdout.contains("of origin/main..HEAD"))
        #expect(run.stdout.contains("unchecked on main"))
        #expect(run.stdout.contains("Checked 1 commit(s)"))
    }
}
