import FlowCore
import FlowKit
import Foundation
import Testing

@Suite("The seed's commit convention: feat(<Pack>): …")
struct CommitConventionTests {
    @Test("subjects", arguments: [
        ("feat(Demo): add demo-say", true),
        ("fix(Demo): handle an empty fetch\n\nlonger body", true),
        ("version(Demo): bump to v1.0.1 for next development cycle", true),
        ("# a comment first\nfeat(Demo): add x", true),
        ("Merge branch 'feature/x'", true),
        ("fixup! feat(Demo): add x", true),
        ("stuff", false),
        ("feat: no pack", false),
        ("feature(Demo): wrong type", false),
        ("feat(Other): not our pack", false),
        ("feat(Demo):missing space", false),
        ("feat(Demo): ", false),
    ])
    func subjects(_ message: String, _ ok: Bool) {
        #expect((CommitConvention.problem(in: message, packs: ["Demo"]) == nil) == ok, "\(message)")
    }

    @Test("the commit-msg hook refuses a subject off the convention when the configuration turns it on; off by default")
    func hook() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("notes.txt", "a\n")
        try repo.git(["add", "notes.txt"])
        // Off (an existing configuration without the key): any subject.
        #expect(gitHooked(repo, ["commit", "-q", "-m", "stuff"]).succeeded)

        try repo.write(".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/trivial-actions.yml\npacks: [Demo]\ncommitConvention: true\n")
        try repo.write("notes.txt", "b\n")
        try repo.git(["add", "-A"])
        let refused = gitHooked(repo, ["commit", "-q", "-m", "stuff"])
        #expect(refused.outcome == .exited(1))
        #expect(refused.output.contains("commit subject \"stuff\" is not <type>(<PackName>): <summary>"), "\(refused.output)")
        #expect(refused.output.contains("fix: git commit -m \"feat(Demo): <what changed>\""), "\(refused.output)")
        let allowed = gitHooked(repo, ["commit", "-q", "-m", "docs(Demo): notes"])
        #expect(allowed.succeeded, "\(allowed.output)")
    }

    @Test("flow init turns the convention on for a new repository and keeps an existing configuration's choice")
    func initTurnsItOn() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let args = ["init", "--pack", "Demo", "--pack-type", "local", "--platform", "xsoar6", "--author", "Tester",
                    "--category", "Utilities", "--support", "community", "--zip-dir", repo.base + "/zips"]
        #expect(try flowIn(repo, args).status == 0)
        #expect(try ConfigStore.load(root: repo.path)?.commitConvention == true)
        try repo.write(".flow/config.yml", "workflow: minimal\npacks: [Demo]\n")
        #expect(try flowIn(repo, args).status == 0)
        #expect(try ConfigStore.load(root: repo.path)?.commitConvention == nil)
    }
}
