import FlowCore
import FlowGit
import FlowKit
import Foundation
import Testing

/// Answers from a script; records what was said and which defaults were offered.
final class ScriptedPrompter: SurveyPrompter {
    var answers: [String: String]
    var offered: [String: String] = [:]
    var said: [String] = []

    init(_ answers: [String: String]) { self.answers = answers }

    func ask(_ question: SurveyQuestion, default value: String?) -> String? {
        if let value { offered[question.flag] = value }
        return answers[question.flag] ?? value
    }

    func say(_ text: String) { said.append(text) }
}

@Suite("XSOAR pieces: changed paths, survey prompts, several packs")
struct XsoarUnitTests {
    @Test("changedPaths: committed and staged changes since the merge-base, not main's own later commits")
    func changedPathsSinceMergeBase() throws {
        let repo = try TempRepo()
        try repo.apply(
            initialCommit + [
                .branch("feature/x"), .write("a.txt", "a"), .stage(["a.txt"]), .commit("a"),
                .checkout("main"), .write("m.txt", "m"), .stage(["m.txt"]), .commit("main moves"),
            ])
        let git = try repo.repository()
        #expect(try git.changedPaths(since: "refs/heads/main") == [])
        try repo.apply([.checkout("feature/x"), .write("b.txt", "b"), .stage(["b.txt"]), .write("untracked.txt", "u")])
        // A fresh handle, as each flow process has: libgit2 keeps the index it first loaded.
        let again = try repo.repository()
        let changed = try #require(try again.changedPaths(since: "refs/heads/main"))
        #expect(Set(changed) == ["a.txt", "b.txt"])
        #expect(try again.changedPaths(since: "refs/heads/nope") == nil)
    }

    @Test("the survey offers DEMISTO_BASE_URL as the instance URL and reports secrets only as set or not")
    func surveyPrompts() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let prompter = ScriptedPrompter(["--pack": "Demo", "--author": "A", "--zip-dir": "/tmp/zips"])
        let env = ["DEMISTO_BASE_URL": "https://xsoar.example:443", "DEMISTO_API_KEY": "top-secret-key"]
        let result = try SurveyRunner.run(answers: SurveyAnswers(), at: repo.path, prompter: prompter, environment: env)
        #expect(prompter.offered["--instance-url"] == "https://xsoar.example:443")
        #expect(prompter.offered["--platform"] == "xsoar6")
        #expect(result.config.instanceURL == "https://xsoar.example:443")
        #expect(result.config.packType == "local")
        #expect(prompter.said.joined().contains("DEMISTO_API_KEY is set"))
        #expect(prompter.said.joined().contains("XSIAM_AUTH_ID is not set"))
        #expect(!prompter.said.joined().contains("top-secret-key"))
        #expect(repo.read(".flow/config.yml")?.contains("top-secret-key") == false)
    }

    @Test("with several packs, each pack gate is asked per pack and names it")
    func severalPacks() throws {
        let repo = try TempRepo()
        let complete: [RepoStep] = [
            .write(
                "Packs/Demo/pack_metadata.json",
                PackScaffold(
                    pack: "Demo", author: "A", category: "Utilities", support: "community",
                    platform: "xsoar6", created: "2026-01-01T00:00:00Z",
                    releaseNotes: false
                ).metadataJSON),
            .write("Packs/Demo/.pack-ignore", ""), .write("Packs/Demo/.secrets-ignore", ""),
        ]
        try repo.apply(initialCommit + complete + [.write("Packs/Other/.pack-ignore", "")])
        let context = try makeContext(repo, config: ProjectConfig(packs: ["Demo", "Other"], platform: "xsoar6"))
        let phase = Phase(
            id: "create", title: "Create", summary: nil,
            gates: [
                GateUse(id: "pack.metadata", params: GateParams(), location: nil),
                GateUse(id: "pack.ignore-files", params: GateParams(), location: nil),
            ],
            action: nil, transitions: nil, location: nil)
        let report = Engine(workflow: Workflow(id: "w", title: "w", phases: [phase], source: "w")).evaluate(phase, context)
        #expect(
            report.gates.map { "\($0.gate)/\($0.pack ?? "-")/\($0.passed)" }
                == ["pack.metadata/Demo/true", "pack.metadata/Other/false", "pack.ignore-files/Demo/true", "pack.ignore-files/Other/false"])
        let reasons = report.failures.flatMap(\.reasons)
        #expect(reasons.contains("pack Other: Packs/Other/pack_metadata.json is missing"))
        #expect(reasons.contains("pack Other: Packs/Other/.secrets-ignore is missing"))
    }
}
