import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 24, rule S39 (marketplace): a review round starts only once the first PR is filed, and a
/// round that changes the pack bumps exactly 0.0.1 over what the reviewers saw, at `flow next` and
/// at the push; two pushes of one round need one bump. Real repositories with a bare origin.
@Suite("marketplace review rounds")
struct ReviewRoundTests {
    /// The pack on main under xsoar-marketplace, pushed to a bare origin; feature/x pushed too, at
    /// open-pr (every earlier phase done), flow's hooks installed.
    static func atOpenPR() throws -> TempRepo {
        let repo = try TempRepo()
        try TrustReadme.scene(repo)
        let config = try #require(repo.read(".flow/config.yml"))
        try repo.write(".flow/config.yml", config.replacingOccurrences(of: "xsoar-local", with: "xsoar-marketplace"))
        try repo.git(["init", "-q", "--bare", "-b", "main", repo.base + "/origin.git"])
        try repo.apply([.stage(["."]), .commit("pack"), .branch("feature/x")])
        try repo.git(["push", "-q", "origin", "main", "feature/x"])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        let workflow = try WorkflowLocator.load("xsoar-marketplace", root: repo.path)
        let done = workflow.phases.prefix { $0.id != "open-pr" }.map(\.id)
        _ = try StateStore(gitCommonDirectory: repo.path + "/.git").updateState {
            $0.branches["feature/x"] = BranchState(
                workflow: "xsoar-marketplace", phase: "open-pr", completed: done, updatedAt: "2026-01-01T00:00:00Z")
        }
        return repo
    }

    static func phase(_ repo: TempRepo) throws -> String? {
        try StateStore(gitCommonDirectory: repo.path + "/.git").loadState().branches["feature/x"]?.phase
    }

    /// The PR filed: firstPRFiled committed and pushed, then `flow next` starts the round.
    static func filed(_ repo: TempRepo) throws {
        let config = try #require(repo.read(".flow/config.yml"))
        try repo.write(".flow/config.yml", config + "firstPRFiled: true\n")
        try repo.apply([.stage([".flow/config.yml"]), .commit("chore: the first PR is filed")])
        let push = gitHooked(repo, ["push", "-q", "origin", "feature/x"])
        #expect(push.succeeded, "\(push.output)")
        let next = try flowIn(repo, ["next"])
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        #expect(try phase(repo) == "develop")
    }

    static func bump(_ repo: TempRepo, to version: String) throws {
        let metadata = try #require(repo.read("Packs/Demo/pack_metadata.json"))
        try repo.write(
            "Packs/Demo/pack_metadata.json",
            metadata.replacingOccurrences(of: "\"currentVersion\": \"1.0.0\"", with: "\"currentVersion\": \"\(version)\""))
        try repo.write(
            "Packs/Demo/ReleaseNotes/\(version.replacingOccurrences(of: ".", with: "_")).md", TrustReadme.notes("Review round."))
    }

    @Test("open-pr does not loop back to develop until the first PR is filed (firstPRFiled) and HEAD is pushed")
    func openPRWaitsForThePR() throws {
        let repo = try Self.atOpenPR()
        let refused = try flowIn(repo, ["next"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("firstPRFiled is not true in .flow/config.yml"), "\(refused.stdout)")
        #expect(refused.stdout.contains("set `firstPRFiled: true` in .flow/config.yml"), "\(refused.stdout)")
        #expect(try Self.phase(repo) == "open-pr")
        // Filed, but the commit that says so is not pushed: the PR does not show HEAD.
        let config = try #require(repo.read(".flow/config.yml"))
        try repo.write(".flow/config.yml", config + "firstPRFiled: true\n")
        try repo.apply([.stage([".flow/config.yml"]), .commit("chore: the first PR is filed")])
        let unpushed = try flowIn(repo, ["next"])
        #expect(unpushed.status == 1, "\(unpushed.stdout)")
        #expect(unpushed.stdout.contains("git push -u origin feature/x"), "\(unpushed.stdout)")
        #expect(try Self.phase(repo) == "open-pr")
        #expect(gitHooked(repo, ["push", "-q", "origin", "feature/x"]).succeeded)
        let next = try flowIn(repo, ["next"])
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        #expect(try Self.phase(repo) == "develop")
        // The round's base: what the reviewers see.
        #expect(try repo.git(["rev-parse", "refs/flow/review/feature/x"]) == repo.git(["rev-parse", "HEAD"]))
    }

    @Test("a review round that changes the pack without a bump is refused at flow next and at the push; with it, it passes")
    func roundNeedsItsBump() throws {
        let repo = try Self.atOpenPR()
        try Self.filed(repo)
        try repo.write("Packs/Demo/README.md", TrustReadme.text("Changed in review."))
        let desk = try flowIn(repo, ["check", "--phase", "develop"])
        #expect(desk.stdout.contains("git.review-bump"), "\(desk.stdout)")
        #expect(desk.stdout.contains("is still at 1.0.0, the version the reviewers saw"), "\(desk.stdout)")
        try repo.apply([.stage(["Packs"]), .commit("docs(Demo): review changes")])
        let push = gitHooked(repo, ["push", "-q", "origin", "feature/x"])
        #expect(!push.succeeded, "\(push.output)")
        #expect(push.output.contains("is still at 1.0.0, the version the reviewers saw"), "\(push.output)")
        #expect(push.output.contains("set \"currentVersion\": \"1.0.1\""), "\(push.output)")

        try Self.bump(repo, to: "1.0.1")
        let bumped = try flowIn(repo, ["check", "--phase", "develop"])
        #expect(!bumped.stdout.contains("the version the reviewers saw"), "\(bumped.stdout)")
        try repo.apply([.stage(["Packs"]), .commit("version(Demo): 1.0.1 for the review round")])
        let pushed = gitHooked(repo, ["push", "-q", "origin", "feature/x"])
        #expect(pushed.succeeded, "\(pushed.output)")
    }

    @Test("two pushes in one review round need one bump; the next round needs the next")
    func twoPushesOneBump() throws {
        let repo = try Self.atOpenPR()
        try Self.filed(repo)
        try repo.write("Packs/Demo/README.md", TrustReadme.text("First push of the round."))
        try Self.bump(repo, to: "1.0.1")
        try repo.apply([.stage(["Packs"]), .commit("docs(Demo): first push")])
        let first = gitHooked(repo, ["push", "-q", "origin", "feature/x"])
        #expect(first.succeeded, "\(first.output)")
        try repo.write("Packs/Demo/README.md", TrustReadme.text("Second push of the same round."))
        try repo.apply([.stage(["Packs"]), .commit("docs(Demo): second push")])
        let second = gitHooked(repo, ["push", "-q", "origin", "feature/x"])
        #expect(second.succeeded, "\(second.output)")
        let desk = try flowIn(repo, ["check", "--phase", "develop"])
        #expect(!desk.stdout.contains("the version the reviewers saw"), "\(desk.stdout)")

        // Back at open-pr, the next round starts from what the reviewers now see (1.0.1).
        _ = try StateStore(gitCommonDirectory: repo.path + "/.git").updateState {
            $0.branches["feature/x"]?.phase = "open-pr"
        }
        let next = try flowIn(repo, ["next"])
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        try repo.write("Packs/Demo/README.md", TrustReadme.text("The next round."))
        let nextRound = try flowIn(repo, ["check", "--phase", "develop"])
        #expect(nextRound.stdout.contains("is still at 1.0.1, the version the reviewers saw"), "\(nextRound.stdout)")
    }
}
