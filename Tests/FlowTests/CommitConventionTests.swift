import FlowCore
import FlowKit
import Foundation
import Testing

@Suite("The commit convention of rule S50: feat(<Pack>): …")
struct CommitConventionTests {
    @Test(
        "subjects, by the packs the commit touches",
        arguments: [
            ("feat(Demo): add demo-say", ["Demo"], true),
            ("fix(Demo): handle an empty fetch\n\nlonger body", ["Demo"], true),
            ("version(Demo): bump to v1.0.1 for next development cycle", ["Demo"], true),
            ("# a comment first\nfeat(Demo): add x", ["Demo"], true),
            ("Merge branch 'feature/x'", ["Demo"], true),
            ("fixup! feat(Demo): add x", ["Demo"], true),
            ("feat(Demo)!: drop a command", ["Demo"], true),
            ("stuff", ["Demo"], false),
            ("feat: no pack", ["Demo"], false),
            ("feature(Demo): wrong type", ["Demo"], false),
            ("feat(Other): not our pack", ["Demo"], false),
            ("feat(Demo):missing space", ["Demo"], false),
            ("feat(Demo): ", ["Demo"], false),
            ("docs(repo): about Demo", ["Demo"], false),
            // No pack touched: the type and a summary; a scope only if it is (repo) or a pack.
            ("docs: root readme", [], true),
            ("docs(repo): CI workflow", [], true),
            ("chore: set up the repository", [], true),
            ("docs(Demo): notes about Demo at the root", [], true),
            ("docs(ci): not a pack", [], false),
            ("Set up the repository", [], false),
            ("docs:root readme", [], false),
            ("stuff", [], false),
            // Several packs: any one of them, or a comma list of them.
            ("feat(Demo): shared helper", ["Demo", "Other"], true),
            ("feat(Other): shared helper", ["Demo", "Other"], true),
            ("feat(Demo,Other): shared helper", ["Demo", "Other"], true),
            ("feat(Demo, Other): shared helper", ["Demo", "Other"], true),
            ("feat(Demo,Third): shared helper", ["Demo", "Other"], false),
            ("feat: shared helper", ["Demo", "Other"], false),
            ("feat(): shared helper", ["Demo", "Other"], false),
        ] as [(String, [String], Bool)])
    func subjects(_ message: String, _ touched: [String], _ ok: Bool) {
        let problem = CommitConvention.problem(in: message, packs: ["Demo", "Other"], touched: touched)
        #expect((problem == nil) == ok, "\(message) touching \(touched): \(problem ?? "accepted")")
    }

    /// Messages the hook refuses, each with the packs its commit touches.
    static let refused: [(String, [String])] = [
        ("stuff", []), ("stuff", ["Demo"]), ("Set up the repository", []), ("docs(Demo): root readme", ["Other"]),
        ("feat: no pack", ["Demo"]), ("feature(Demo): wrong type", ["Demo"]), ("feat(Demo):missing space", ["Demo"]),
        ("feat(Demo): ", ["Demo"]), ("docs(ci): pipeline", []), ("feat: it's \"quoted\" $(x)", ["Demo", "Other"]),
        ("feat(Third,Other): both", ["Demo", "Other"]), ("docs(repo): readme", ["Demo"]),
    ]

    @Test(
        "the fix for a refused subject is one command line whose subject the convention accepts for the same commit",
        arguments: refused)
    func fixPasses(_ message: String, _ touched: [String]) throws {
        let packs = ["Demo", "Other"]
        #expect(CommitConvention.problem(in: message, packs: packs, touched: touched) != nil, "\(message) should be refused")
        let fix = CommitConvention.fix(for: message, packs: packs, touched: touched)
        #expect(fix.hasPrefix("git commit -m "), "\(fix)")
        #expect(FixLine.isCommandLine(fix) && FixLine.syntaxProblem(fix) == nil, "\(fix): \(FixLine.syntaxProblem(fix) ?? "")")
        // What bash hands git as the message: the subject the fix suggests.
        let words = try FixLine.words(fix)
        #expect(words.count == 4, "\(words)")
        let subject = words.last ?? ""
        #expect(CommitConvention.problem(in: subject, packs: packs, touched: touched) == nil, "\(fix) is refused itself")
    }

    @Test("every commit subject flow suggests in its sources passes flow's own commit-msg hook")
    func suggestedSubjectsPass() throws {
        let suggestions = try SuggestedCommits.inSources()
        #expect(suggestions.count >= 4, "\(suggestions)")  // the set-up (twice), the demo's commit, the release bump
        for suggestion in suggestions {
            // A pack named as the scope is the pack the commit touches; no scope: a commit outside the packs.
            let touched = suggestion.scope.map { [$0] } ?? []
            #expect(
                CommitConvention.problem(in: suggestion.subject, packs: ["Demo", "HelloDemo"], touched: touched) == nil,
                "\(suggestion.file): \(suggestion.subject)")
        }
        #expect(CommitConvention.problem(in: GitRepositoryGate.setUpSubject, packs: ["Demo"], touched: []) == nil)
    }

    @Test("the commit-msg hook refuses a subject off the convention when the configuration turns it on; off by default")
    func hook() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("notes.txt", "a\n")
        try repo.git(["add", "notes.txt"])
        // Off (an existing configuration without the key): any subject.
        #expect(gitHooked(repo, ["commit", "-q", "-m", "stuff"]).succeeded)

        try repo.write(
            ".flow/config.yml", "workflow: \(SourceTree.root)/Tests/Workflows/trivial-actions.yml\npacks: [Demo]\ncommitConvention: true\n")
        try repo.write("notes.txt", "b\n")
        try repo.git(["add", "-A"])
        let refused = gitHooked(repo, ["commit", "-q", "-m", "stuff"])
        #expect(refused.outcome == .exited(1))
        #expect(refused.output.contains("commit subject \"stuff\" is not <type>: <summary>"), "\(refused.output)")
        #expect(refused.output.contains("fix: git commit -m 'chore: stuff'"), "\(refused.output)")
        let allowed = gitHooked(repo, ["commit", "-q", "-m", "docs(Demo): notes"])
        #expect(allowed.succeeded, "\(allowed.output)")

        // A commit outside the packs: `<type>: <summary>`, or the (repo) scope.
        try repo.write("README.md", "# the repository\n")
        try repo.git(["add", "README.md"])
        let root = gitHooked(repo, ["commit", "-q", "-m", "docs: root readme"])
        #expect(root.succeeded, "\(root.output)")
        try repo.write(".github/ci.yml", "on: push\n")
        try repo.git(["add", ".github/ci.yml"])
        let ci = gitHooked(repo, ["commit", "-q", "-m", "chore(repo): CI"])
        #expect(ci.succeeded, "\(ci.output)")

        // A commit in a pack names it; the subject the fix suggests passes the same hook.
        try repo.write("Packs/Demo/notes.md", "n\n")
        try repo.git(["add", "Packs/Demo/notes.md"])
        try repo.write(".git/COMMIT_EDITMSG", "docs: notes\n")
        let unnamed = try flowIn(repo, ["hook", "commit-msg", ".git/COMMIT_EDITMSG"])
        #expect(unnamed.status == 1)
        #expect(unnamed.stderr.contains("names no pack, but this commit touches Demo"), "\(unnamed.stderr)")
        #expect(unnamed.stderr.contains("fix: git commit -m 'docs(Demo): notes'"), "\(unnamed.stderr)")
        try repo.write(".git/COMMIT_EDITMSG", "docs(Demo): notes\n")
        #expect(try flowIn(repo, ["hook", "commit-msg", ".git/COMMIT_EDITMSG"]).status == 0)
    }

    @Test("flow init turns the convention on for a new repository and keeps an existing configuration's choice")
    func initTurnsItOn() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let args = [
            "init", "--pack", "Demo", "--pack-type", "local", "--platform", "xsoar6", "--author", "Tester",
            "--category", "Utilities", "--support", "community", "--zip-dir", repo.base + "/zips",
        ]
        #expect(try flowIn(repo, args).status == 0)
        #expect(try ConfigStore.load(root: repo.path)?.commitConvention == true)
        try repo.write(".flow/config.yml", "workflow: minimal\npacks: [Demo]\n")
        #expect(try flowIn(repo, args).status == 0)
        #expect(try ConfigStore.load(root: repo.path)?.commitConvention == nil)
    }
}
