import FlowCore
import FlowKit
import Foundation
import Testing

/// A fix string as it stands in flow's sources: `fix:`/`hint:` arguments and `fixes.append(...)`,
/// each Swift string literal (concatenated with `+`) with its interpolations as `X`.
struct SourceFix: CustomStringConvertible {
    let file: String
    let line: Int
    let text: String
    var description: String { "\(file):\(line): \(text)" }

    static func all() throws -> [SourceFix] {
        let root = SourceTree.root
        var result: [SourceFix] = []
        let enumerator = FileManager.default.enumerator(atPath: root + "/Sources")
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = Array(try String(contentsOfFile: root + "/Sources/" + path, encoding: .utf8))
            for marker in ["fix: ", "hint: ", "fixes.append("] {
                let m = Array(marker)
                var i = 0
                while i + m.count < text.count {
                    guard Array(text[i..<(i + m.count)]) == m else {
                        i += 1
                        continue
                    }
                    var j = i + m.count
                    // `fix: condition ? "…" : "…"`: both literals are fixes.
                    var alternative: Int?
                    if j < text.count, text[j] != "\"" {
                        var k = j
                        while k + 2 < text.count, k < j + 120, text[k] != "\n", text[k] != "\"" {
                            if text[k] == "?", text[k + 1] == " ", text[k + 2] == "\"" { break }
                            k += 1
                        }
                        if k + 2 < text.count, text[k] == "?", text[k + 2] == "\"" {
                            j = k + 2
                            if let (_, end) = literal(text, from: j) {
                                var n = end
                                while n < text.count, text[n] == " " || text[n] == "\n" { n += 1 }
                                if n + 2 < text.count, text[n] == ":", text[n + 1] == " ", text[n + 2] == "\"" { alternative = n + 2 }
                            }
                        }
                    }
                    var value = ""
                    var parsedAny = false
                    while j < text.count, text[j] == "\"" {
                        guard let (literal, end) = literal(text, from: j) else { break }
                        value += literal
                        parsedAny = true
                        j = end
                        // `+ "…"` continues the string, across lines.
                        var k = j
                        while k < text.count, text[k] == " " || text[k] == "\n" { k += 1 }
                        guard k < text.count, text[k] == "+" else { break }
                        k += 1
                        while k < text.count, text[k] == " " || text[k] == "\n" { k += 1 }
                        j = k
                    }
                    if parsedAny {
                        let line = text[..<i].filter { $0 == "\n" }.count + 1
                        result.append(SourceFix(file: "Sources/" + path, line: line, text: value))
                        if let alternative, let (other, _) = literal(text, from: alternative) {
                            result.append(SourceFix(file: "Sources/" + path, line: line, text: other))
                        }
                    }
                    i = max(j, i + 1)
                }
            }
        }
        return result
    }

    /// The value of the Swift string literal starting at `start` (a `"`), interpolations as `X`,
    /// and the index after it; nil for a multi-line or raw literal.
    static func literal(_ text: [Character], from start: Int) -> (String, Int)? {
        if start + 2 < text.count, text[start + 1] == "\"", text[start + 2] == "\"" { return nil }
        var i = start + 1
        var value = ""
        while i < text.count {
            let c = text[i]
            if c == "\"" { return (value, i + 1) }
            if c == "\n" { return nil }
            if c == "\\", i + 1 < text.count {
                let next = text[i + 1]
                switch next {
                case "(":
                    // Skip to the matching parenthesis (strings inside may hold parentheses).
                    var depth = 1
                    var k = i + 2
                    var inString = false
                    while k < text.count, depth > 0 {
                        let d = text[k]
                        if inString {
                            if d == "\\" { k += 1 } else if d == "\"" { inString = false }
                        } else if d == "\"" {
                            inString = true
                        } else if d == "(" {
                            depth += 1
                        } else if d == ")" {
                            depth -= 1
                        }
                        k += 1
                    }
                    value += "X"
                    i = k
                    continue
                case "n": value += "\n"
                case "t": value += "\t"
                default: value.append(next)
                }
                i += 2
                continue
            }
            value.append(c)
            i += 1
        }
        return nil
    }
}

/// A failing gate example with the fix its gate gives.
struct FailingExample: Sendable, CustomTestStringConvertible {
    let c: ExampleCase
    var testDescription: String { c.testDescription }
    static var all: [FailingExample] { ExampleCase.all.filter { !$0.example.passes }.map(FailingExample.init) }
}

@Suite("Every fix works when pasted")
struct FixLineTests {
    @Test("every fix string in the sources that starts with a command is one command line bash parses, without prose")
    func sourceFixes() throws {
        let fixes = try SourceFix.all()
        #expect(fixes.count > 150, "the scan found \(fixes.count) fix strings")
        for fix in fixes where FixLine.isCommandLine(fix.text) {
            #expect(FixLine.syntaxProblem(fix.text) == nil, "\(fix): \(FixLine.syntaxProblem(fix.text) ?? "")")
        }
    }

    /// Commands safe to run in a temporary example repository: they stage, unstage or write files.
    static func safeToRun(_ fix: String) -> Bool {
        let steps = fix.components(separatedBy: " && ")
        return steps.allSatisfy { step in
            ["git add ", "git rm --cached ", "printf ", "mkdir "].contains { step.hasPrefix($0) }
        }
    }

    @Test(
        "the fix of every failing gate example is one command line or prose; a safe command, run in the example's repository, answers the refusal and stages only what it names, never an artifact",
        arguments: FailingExample.all)
    func exampleFix(_ failing: FailingExample) throws {
        let c = failing.c
        let repo = try TempRepo()
        try repo.apply(c.example.steps)
        let outcome = try c.gate.evaluate(c.example.params, try exampleContext(repo, pack: c.example.pack))
        let fix = try #require(outcome.fix)
        #expect(!fix.contains("git add -A") && !fix.contains("git add . ") && !fix.hasSuffix("git add ."), "\(c.testDescription): \(fix)")
        // Quoted in prose too: a pasted `git add` names files, never a directory.
        #expect(
            FixLine.stagingProblem(fix, in: repo.path) == nil,
            "\(c.testDescription): \(fix): \(FixLine.stagingProblem(fix, in: repo.path) ?? "")")
        guard FixLine.isCommandLine(fix) else { return }
        #expect(FixLine.syntaxProblem(fix) == nil, "\(c.testDescription): \(fix): \(FixLine.syntaxProblem(fix) ?? "")")
        guard Self.safeToRun(fix) else { return }
        let untrackedBefore = Set(try repo.repository().status(pathspec: nil).filter(\.untracked).map(\.path))
        let run = ProcessRunner().run(["bash", "-c", fix], in: repo.path, environment: ["GIT_CONFIG_NOSYSTEM": "1"], timeoutSeconds: 60)
        #expect(run.succeeded, "\(c.testDescription): \(fix) failed: \(run.output)")
        let after = try repo.repository().status(pathspec: nil)
        for entry in after where entry.staged && untrackedBefore.contains(entry.path) {
            #expect(fix.contains(entry.path), "\(c.testDescription): \(fix) staged \(entry.path), which it does not name")
            #expect(!GitNoArtifactsGate.isArtifactName(entry.path), "\(c.testDescription): \(fix) staged the artifact \(entry.path)")
        }
        let again = try c.gate.evaluate(c.example.params, try exampleContext(repo, pack: c.example.pack))
        if let reason = c.example.reasonContains {
            #expect(!again.reasons.joined(separator: "\n").contains(reason), "\(c.testDescription): after \(fix): \(again.reasons)")
        }
    }

    @Test("a private note untracked in a checked pack: the hook names it, and no fix it gives stages it when pasted")
    func privateNoteNeverStaged() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        let note = "Packs/Demo/Scripts/Hello/notes.txt"
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.write(note, "api key: s3cr3t\n")
        try passStandInChecks(repo)
        try repo.git(["add", "--", "Packs/Demo/Scripts/Hello/Hello.py"])
        let refused = gitHooked(repo, ["commit", "-q", "-m", "friendlier"])
        #expect(!refused.succeeded, "the checks ran with the note: the staged tree is not the checked one")
        #expect(refused.output.contains(note), "the untracked note is named: \(refused.output)")
        let fixes = refused.output.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.hasPrefix("fix: ") ? String(text.dropFirst(5)) : nil
        }
        #expect(!fixes.isEmpty, "\(refused.output)")
        for fix in fixes {
            #expect(FixLine.stagingProblem(fix, in: repo.path) == nil, "\(fix)")
            if FixLine.isCommandLine(fix) {
                #expect(!fix.contains("notes.txt"), "a command that stages the note: \(fix)")
                if Self.safeToRun(fix) {
                    _ = ProcessRunner().run(["bash", "-c", fix], in: repo.path, environment: [:], timeoutSeconds: 60)
                }
            }
        }
        let staged = try repo.git(["diff", "--cached", "--name-only"])
        #expect(!staged.contains("notes.txt"), "\(staged)")
        // Kept out as the fix says, the checks run again and the commit goes through without it.
        try repo.write(".git/info/exclude", "\(note)\n")
        #expect(try flowIn(repo, ["goto", "develop"]).status == 0)
        try passStandInChecks(repo)
        let allowed = gitHooked(repo, ["commit", "-q", "-m", "friendlier"])
        #expect(allowed.succeeded, "\(allowed.output)")
        #expect(!(try repo.git(["show", "--name-only", "--format=", "HEAD"])).contains("notes.txt"))
    }

    @Test(
        "an edit on main: status names the way to a feature branch, which works when pasted, instead of a commit the hook refuses",
        arguments: ["develop", "release"])
    func editOnMainMovesToAFeature(_ phase: String) throws {
        let p = try PackRepo(packType: "local", workflow: "minimal")
        let repo = p.repo
        try repo.git(["remote", "add", "origin", p.origin.path])
        try repo.apply([.write(".gitignore", "*.zip\n"), .stage(["."]), .commit(GitRepositoryGate.setUpSubject)])
        #expect(try p.flow(["create", "--no-sdk"]).status == 0)
        try repo.apply([.stage(["."]), .commit("feat(Demo): create the pack")])
        // Main at develop (git.branch asks for a feature branch), or past a merge and waiting for
        // flow release (the merge-tag of xsoar-local), where git.clean is asked.
        let phases = ["survey", "repo-setup", "develop", "commit", "merge", "release"]
        let done = phases.prefix { $0 != phase }.map { "\"\($0)\"" }.joined(separator: ", ")
        try repo.write(
            ".git/flow/state.json",
            """
            {"schemaVersion": 1, "branches": {"main": {"workflow": "minimal", "phase": "\(phase)", "completed": [\(done)], "updatedAt": "t"}}}
            """)
        try repo.write("Packs/Demo/README.md", "# Demo\n\nEdited on main.\n")
        let status = try p.flow(["status"])
        #expect(status.stdout.contains("phase \(phase)"), "\(status.stdout)")
        let fixes = status.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("fix: ") }.map { String($0.dropFirst(5)) }
        #expect(!fixes.contains { $0.contains("git commit") }, "the hook refuses a commit on main: \(status.stdout)")
        let fix = try #require(fixes.first { $0.contains("feature start") }, "\(status.stdout)")
        #expect(FixLine.isCommandLine(fix) && FixLine.syntaxProblem(fix) == nil, "\(fix)")
        let pasted = fix.replacingOccurrences(of: "flow ", with: FlowBinary.path + " ").replacingOccurrences(of: "NAME", with: "readme")
        let run = ProcessRunner().run(
            ["bash", "-c", pasted], in: repo.path,
            environment: p.commonServer.merging(["FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows", "PATH": p.path]) { $1 },
            timeoutSeconds: 120)
        #expect(run.succeeded, "\(pasted): \(run.output)")
        #expect(try repo.git(["rev-parse", "--abbrev-ref", "HEAD"]) == "feature/readme")
        #expect(repo.read("Packs/Demo/README.md") == "# Demo\n\nEdited on main.\n", "the edit came along")
        try repo.git(["add", "--", "Packs/Demo/README.md"])
        TeamTests.ok(
            gitHooked(repo, ["commit", "-q", "-m", "docs(Demo): readme"]), "the edit, committed on the feature branch through the hooks")
    }

    @Test("an edit on a feature branch past its commit (merge-tag): status names the re-run the hook needs, not a bare commit")
    func editAfterCommitNeedsTheChecks() throws {
        let repo = try evidenceRepo(workflow: "merge-clean.yml")
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        for _ in 0..<2 { #expect(try flowIn(repo, ["next"]).status == 0) }  // develop -> test -> commit
        try repo.git(["add", "--", "Packs/Demo/Scripts/Hello/Hello.py"])
        TeamTests.ok(gitHooked(repo, ["commit", "-q", "-m", "friendlier"]), "the checked commit")
        #expect(try flowIn(repo, ["next"]).stdout.contains("now at merge-tag"))
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello!'\n")
        let status = try flowIn(repo, ["status"])
        let fixes = status.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("fix: ") }.map { String($0.dropFirst(5)) }
        let fix = try #require(fixes.first { $0.contains("git add") }, "\(status.stdout)")
        #expect(
            fix.hasPrefix(
                "re-run the checks (flow goto test && flow next), then commit: git add -- Packs/Demo/Scripts/Hello/Hello.py && git commit"),
            "a commit without the re-run is refused by the hook: \(fix)")
        // Done as it says, the commit goes through the hooks.
        #expect(try flowIn(repo, ["goto", "test"]).status == 0)
        #expect(try flowIn(repo, ["next"]).status == 0)
        try repo.git(["add", "--", "Packs/Demo/Scripts/Hello/Hello.py"])
        TeamTests.ok(gitHooked(repo, ["commit", "-q", "-m", "louder"]), "the re-checked commit")
    }

    @Test("git.clean with two packs to commit: one command line or prose, never two commands joined by prose")
    func twoPacksOneFix() throws {
        let repo = try TempRepo()
        try repo.apply(
            initialCommit + [
                .write("Packs/A/pack_metadata.json", "{}\n"), .write("Packs/B/pack_metadata.json", "{}\n"),
                .stage(["Packs"]), .commit("packs"), .branch("feature/x"),
                .write("Packs/A/pack_metadata.json", "{ }\n"), .write("Packs/B/pack_metadata.json", "{ }\n"),
                .evidence(check: "test", pack: "A", passed: true), .evidence(check: "test", pack: "B", passed: true),
            ])
        let context = try makeContext(repo, config: ProjectConfig(packs: ["A", "B"]), evidence: repo.evidence)
        let fix = try #require(try GitCleanGate.evaluate(GateParams(["checks": .list([.string("test")])]), context).fix)
        #expect(fix.contains("git add -- Packs/A/pack_metadata.json") && fix.contains("git add -- Packs/B/pack_metadata.json"), "\(fix)")
        #expect(!FixLine.isCommandLine(fix) || FixLine.syntaxProblem(fix) == nil, "\(fix): \(FixLine.syntaxProblem(fix) ?? "")")
    }

    @Test("flow create around a private note: its Next line stages the files flow wrote, never the note")
    func createNamesItsFiles() throws {
        let p = try PackRepo(packType: "local", workflow: "minimal")
        try p.repo.write("Packs/Demo/notes.txt", "api key\n")
        let created = try p.flow(["create", "--no-sdk"])
        #expect(created.status == 0, "\(created.stderr)")
        let next = try #require(created.stdout.split(separator: "\n").first { $0.hasPrefix("Next: ") }.map { String($0.dropFirst(6)) })
        #expect(FixLine.syntaxProblem(next) == nil && FixLine.stagingProblem(next, in: p.repo.path) == nil, "\(next)")
        let add = try #require(next.components(separatedBy: " && ").first)
        #expect(ProcessRunner().run(["bash", "-c", add], in: p.repo.path, environment: [:], timeoutSeconds: 60).succeeded, "\(add)")
        let staged = try p.repo.git(["diff", "--cached", "--name-only"])
        #expect(staged.contains("Packs/Demo/pack_metadata.json") && !staged.contains("notes.txt"), "\(staged)")
    }

    @Test("docs.readme-tables sends the user to the pack README it reads, not to a tool that writes another file")
    func readmeTablesFixNamesThePackReadme() throws {
        for example in DocsReadmeTablesGate.examples where !example.passes {
            let repo = try TempRepo()
            try repo.apply(example.steps)
            let outcome = try DocsReadmeTablesGate.evaluate(example.params, try makeContext(repo, pack: "Demo"))
            let fix = try #require(outcome.fix)
            #expect(fix.contains("edit Packs/Demo/README.md"), "\(example.name): \(fix)")
            #expect(!fix.contains("generate-docs -i"), "generate-docs writes the integration's README, not the pack's: \(fix)")
        }
    }

    @Test("a checkout without .flow/config.yml (an orphan gh-pages branch) commits through the hooks with a one-line note")
    func orphanBranchCommits() throws {
        let repo = try evidenceRepo(branch: nil)
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.git(["checkout", "-q", "--orphan", "gh-pages"])
        try repo.git(["rm", "-q", "-r", "-f", "."])
        try repo.write("index.html", "<html></html>\n")
        try repo.git(["add", "index.html"])
        let commit = gitHooked(repo, ["commit", "-q", "-m", "Publish the site"])
        #expect(commit.succeeded, "\(commit.output)")
        #expect(commit.output.contains("flow pre-commit: this checkout has no .flow/config.yml"), "\(commit.output)")
        #expect(!commit.output.contains("flow init"), "\(commit.output)")
    }
}
