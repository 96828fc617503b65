import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 13, push: pre-push judges the remote ref and the object it will point at.
@Suite("trust: pre-push")
struct TrustPushTests {
    static func repo() throws -> (TempRepo, TempRepo) {
        let remote = try TempRepo(bare: true)
        let repo = try evidenceRepo(branch: nil)
        try repo.git(["remote", "add", "origin", remote.path])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        #expect(gitHooked(repo, ["push", "-q", "origin", "main"]).succeeded)
        return (repo, remote)
    }

    @Test("a branch, a commit id or a lightweight tag pushed under a release tag name is refused")
    func remoteRefJudged() throws {
        let (repo, remote) = try Self.repo()
        let branchAsTag = gitHooked(repo, ["push", "-q", "origin", "main:refs/tags/v1.0.0"])
        #expect(branchAsTag.outcome != .exited(0), "\(branchAsTag.output)")
        #expect(branchAsTag.output.contains("release tags are annotated tags made by flow release"), "\(branchAsTag.output)")

        let sha = try repo.git(["rev-parse", "HEAD"])
        let shaAsTag = gitHooked(repo, ["push", "-q", "origin", "\(sha):refs/tags/v9.9.9"])
        #expect(shaAsTag.outcome != .exited(0), "\(shaAsTag.output)")

        try repo.git(["tag", "v1.0.0"])
        let lightweight = gitHooked(repo, ["push", "-q", "origin", "v1.0.0"])
        #expect(lightweight.outcome != .exited(0), "\(lightweight.output)")
        #expect(lightweight.output.contains("git tag -d v1.0.0"), "\(lightweight.output)")
        // Pushing the same lightweight tag again would be refused again: never suggested.
        #expect(!lightweight.output.contains("git push origin refs/tags/v1.0.0"), "\(lightweight.output)")
        #expect(try remote.git(["tag", "--list"]).isEmpty)

        try repo.git(["tag", "-d", "v1.0.0"])
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0"])
        let annotated = gitHooked(repo, ["push", "-q", "origin", "v1.0.0"])
        #expect(annotated.succeeded, "\(annotated.output)")
        // An ordinary tag name is nobody's business.
        try repo.git(["tag", "nightly"])
        #expect(gitHooked(repo, ["push", "-q", "origin", "nightly"]).succeeded)
    }

    @Test("a lightweight release tag made before flow managed the repository pushes to a new remote as history")
    func tagsFromBeforeFlowPush() throws {
        let remote = try TempRepo(bare: true)
        let repo = try TempRepo()
        try repo.write("Packs/Demo/pack_metadata.json", "{\"name\": \"Demo\", \"currentVersion\": \"0.9.0\"}\n")
        try repo.apply([.stage(["."]), .commit("the pack before flow")])
        try repo.git(["tag", "v0.9.0"])
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: minimal\npacks: [Demo]\n")
        try repo.apply([.stage(["."]), .commit("chore: adopt flow")])
        try repo.git(["remote", "add", "origin", remote.path])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        #expect(gitHooked(repo, ["push", "-q", "origin", "main"]).succeeded)
        let old = gitHooked(repo, ["push", "-q", "origin", "v0.9.0"])
        #expect(old.succeeded, "\(old.output)")
        #expect(old.output.contains("from before flow managed this repository"), "\(old.output)")
        // A lightweight tag on a commit flow manages is still no release.
        try repo.git(["tag", "v1.0.0"])
        #expect(gitHooked(repo, ["push", "-q", "origin", "v1.0.0"]).outcome != .exited(0))
    }

    @Test("without .flow/config.yml branches push; release tags are refused")
    func withoutConfig() throws {
        let (repo, remote) = try Self.repo()
        try repo.apply([.branch("old")])
        try repo.git(["rm", "-q", "-r", ".flow"])
        try repo.git(["commit", "-q", "--no-verify", "-m", "no flow here"])
        let branch = gitHooked(repo, ["push", "-q", "origin", "old"])
        #expect(branch.succeeded, "\(branch.output)")
        try repo.git(["tag", "-a", "v1.0.0", "-m", "1.0.0"])
        let tag = gitHooked(repo, ["push", "-q", "origin", "v1.0.0"])
        #expect(tag.outcome != .exited(0))
        #expect(tag.output.contains("has no .flow/config.yml"), "\(tag.output)")
        #expect(try remote.git(["tag", "--list"]).isEmpty)
    }

    @Test("with tagFormat {pack}-v{version}, a release tag of a pack not in the configuration is checked too")
    func unconfiguredPackTag() throws {
        let (repo, remote) = try Self.repo()
        try repo.write("Packs/Other/pack_metadata.json", "{\"name\": \"Other\", \"currentVersion\": \"1.0.0\"}\n")
        try repo.write(
            ".flow/config.yml",
            "workflow: \(SourceTree.root)/Tests/Workflows/trivial-actions.yml\npacks: [Demo]\ntagFormat: \"{pack}-v{version}\"\n")
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "--no-verify", "-m", "other pack"])
        try repo.git(["tag", "-a", "Other-v2.0.0", "-m", "wrong version"])
        let wrong = gitHooked(repo, ["push", "-q", "origin", "Other-v2.0.0"])
        #expect(wrong.outcome != .exited(0), "\(wrong.output)")
        #expect(wrong.output.contains("Packs/Other/pack_metadata.json"), "\(wrong.output)")
        try repo.git(["tag", "-a", "Other-v1.0.0", "-m", "1.0.0"])
        let good = gitHooked(repo, ["push", "-q", "origin", "Other-v1.0.0"])
        #expect(good.succeeded, "\(good.output)")
        #expect(try remote.git(["tag", "--list"]) == "Other-v1.0.0")
    }
}
