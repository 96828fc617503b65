import FlowCore
import FlowKit
import Foundation
import Testing

/// The README's walk, run verbatim: every shell block marked `<!-- walk -->`, in order, in one
/// bash session (`set -e`) in a scratch directory, with the real tools and the built flow on PATH,
/// an isolated HOME and git identity, no XSOAR server (deploy leaves the zip in the zip directory).
/// The README cannot drift from what flow does without this test failing.
@Suite("The README walk, verbatim")
struct WalkTests {
    /// The marked blocks of a markdown document, in order.
    static func walkBlocks(_ markdown: String) -> [String] {
        let lines = markdown.components(separatedBy: "\n")
        var blocks: [String] = []
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            guard lines[i] == "<!-- walk -->" else { continue }
            var j = i + 1
            while j < lines.count && lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
            guard j < lines.count, lines[j] == "```sh" else { continue }
            var body: [String] = []
            j += 1
            while j < lines.count && lines[j] != "```" {
                body.append(lines[j])
                j += 1
            }
            blocks.append(body.joined(separator: "\n"))
            i = j
        }
        return blocks
    }

    static var readme: String { (try? String(contentsOfFile: SourceTree.root + "/README.md", encoding: .utf8)) ?? "" }

    @Test("the walk is marked, and stages files by name")
    func walkIsMarked() {
        let blocks = Self.walkBlocks(Self.readme)
        #expect(blocks.count == 5, "\(blocks.count) marked blocks")
        let script = blocks.joined(separator: "\n")
        #expect(script.hasPrefix("mkdir my-content && cd my-content\ngit init -b main"))
        #expect(
            !script.contains("git add -A") && !script.contains("git add --all") && !script.contains("git add .\n"),
            "the walk stages specific files, never git add -A")
        #expect(script.contains("flow deploy"))
    }

    @Test("the walk has its own heading and its first command is on the README's first screen")
    func walkStartsOnTheFirstScreen() throws {
        let lines = Self.readme.components(separatedBy: "\n")
        let heading = try #require(lines.firstIndex(of: "## Your first pack in ten minutes"))
        let first = try #require(lines.firstIndex(of: "mkdir my-content && cd my-content"))
        #expect(heading < first && first < 40, "the walk's first command is on line \(first + 1)")
    }

    @Test("every relative link of the README, CONTRIBUTING.md and docs/ leads to a file, and the README links every document")
    func documentsAreLinked() throws {
        let root = SourceTree.root
        let link = try Regex(#"\]\(([^)#\s]+)(#[^)]*)?\)"#)
        var broken: [String] = []
        for document in UserText.documents {
            let text = try String(contentsOfFile: root + "/" + document, encoding: .utf8)
            let folder = (document as NSString).deletingLastPathComponent
            for match in text.matches(of: link) {
                guard let target = match.output[1].substring.map(String.init), !target.contains("://") else { continue }
                let path = folder.isEmpty ? target : folder + "/" + target
                if !FileManager.default.fileExists(atPath: root + "/" + path) { broken.append("\(document): \(target)") }
            }
        }
        #expect(broken.isEmpty, "\(broken)")
        let unlinked = UserText.documents.filter { $0 != "README.md" && !Self.readme.contains("](\($0))") }
        #expect(unlinked.isEmpty, "the README does not link \(unlinked)")
    }

    /// The walk as written, and under a repository workflow that `extends: xsoar-local` and drops a
    /// gate (written and committed with the set-up): both go from a feature to a built release
    /// through the hooks.
    static func script(tuned: Bool) throws -> String {
        var script = "set -e\n" + Self.walkBlocks(Self.readme).joined(separator: "\n") + "\n"
        guard tuned else { return script }
        let stand = "echo \"commonServer: stand-ins\" >> .flow/config.yml\n"
        let tune =
            "printf 'schema: 1\\nid: tuned\\nextends: xsoar-local\\nphases:\\n  - id: develop\\n    drop: [pack.fetch]\\n' > .flow/tuned.yml\n"
            + "sed -i 's|^workflow: .*|workflow: .flow/tuned.yml|' .flow/config.yml\n"
        let add = "git add .gitignore .gitattributes .private-repo-settings .flow/config.yml"
        #expect(script.contains(stand) && script.contains(add), "the walk's set-up lines moved: update this test")
        script = script.replacingOccurrences(of: stand, with: stand + tune)
        return script.replacingOccurrences(of: add, with: add + " .flow/tuned.yml")
    }

    @Test(
        .enabled(if: XsoarTools.installed, "the real tools are installed by scripts/xsoar-tools.sh (scripts/test.sh runs it)"),
        .timeLimit(.minutes(10)), arguments: [false, true])
    func theWalkRunsVerbatim(tuned: Bool) throws {
        let bin = try #require(XsoarTools.bin)
        let base = NSTemporaryDirectory() + "flow-walk-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/home", withIntermediateDirectories: true)
        let script = try Self.script(tuned: tuned)
        try Data(script.utf8).write(to: URL(fileURLWithPath: base + "/walk.sh"))
        let flowDir = (FlowBinary.path as NSString).deletingLastPathComponent
        let environment = [
            "HOME": base + "/home", "PATH": "\(bin):\(flowDir):/usr/local/bin:/usr/bin:/bin", "NO_COLOR": "1",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "flow walk", "GIT_AUTHOR_EMAIL": "walk@example.com",
            "GIT_COMMITTER_NAME": "flow walk", "GIT_COMMITTER_EMAIL": "walk@example.com",
            "FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows", "DEMISTO_BASE_URL": "", "DEMISTO_API_KEY": "",
            "PYTHONDONTWRITEBYTECODE": "1",
            // As a developer runs the walk, also when the suite runs in CI (flow verify refuses the override there).
            "CI": "false", "GITHUB_ACTIONS": "false",
        ]
        let started = Date()
        let run = ProcessRunner().run(["bash", "-x", base + "/walk.sh"], in: base, environment: environment, timeoutSeconds: 540)
        #expect(
            run.outcome == .exited(0), "the README walk stopped:\n\(run.output.split(separator: "\n").suffix(60).joined(separator: "\n"))")
        // Piped, each phase says once what it runs, with the tools' names.
        #expect(
            run.output.components(separatedBy: "flow: lint: ruff check + ruff format [MyPack] running…").count == 2,
            "\(run.output.split(separator: "\n").filter { $0.contains("running…") })")
        #expect(run.output.contains("flow: build: demisto-sdk zip-packs [MyPack] running…"))
        let repo = base + "/my-content"
        let zip = base + "/packs/MyPack-1.0.0.zip"
        #expect(FileManager.default.fileExists(atPath: zip))
        #expect(try ZipCheck.packVersion(inZip: zip) == "1.0.0")
        #expect(FileManager.default.fileExists(atPath: base + "/packs/MyPack-1.0.0.json"))
        let git = { (args: [String]) in ProcessRunner().run(["git"] + args, in: repo, environment: environment, timeoutSeconds: 60).output }
        #expect(git(["ls-remote", "--tags", "origin"]).contains("refs/tags/v1.0.0"), "the tag did not reach origin")
        #expect(git(["log", "--format=%B", "main"]).contains("Flow-Evidence: pack=MyPack tree="))
        // The released notes are in the official format and name only what the pack has.
        let notes = git(["show", "v1.0.0:Packs/MyPack/ReleaseNotes/1_0_0.md"])
        #expect(DocsReleaseNotesFormatGate.problems(in: notes).isEmpty, "\(notes)")
        #expect(
            notes.components(separatedBy: "#### Integrations").count == 2 && notes.contains("##### MyPack Greeter\n")
                && !notes.contains("##### MyPack\n"), "\(notes)")
        if tuned {
            let shown = ProcessRunner().run(
                [FlowBinary.path, "workflow", "show", "--resolved"], in: repo, environment: environment, timeoutSeconds: 60)
            #expect(shown.output.contains("id: \"tuned\"") && !shown.output.contains("- pack.fetch\n"), "\(shown.output)")
        }
        print(
            "README walk\(tuned ? " (extends: xsoar-local, pack.fetch dropped)" : "") with the real tools: \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        )
    }
}
