import FlowCore
import FlowKit
import Foundation
import Testing

/// The whole local lifecycle with the real tools from PyPI (demisto-sdk, ruff, pytest), driven
/// through the flow binary and the git hooks it installs, in a scratch content repository with a
/// local bare repository as origin. Nothing of the public content repository is used: the pack
/// and one script come from the installed SDK's own templates, a second script (tests reading
/// test_data/, CommandResults) is written here, and the CommonServerPython.py the tests import is
/// a small one the test serves from 127.0.0.1 as the "downloaded" copy, found by flow's real
/// lookup and checked against its SHA-256. scripts/test.sh installs the tools (scripts/xsoar-tools.sh) first.
@Suite("End to end with the real XSOAR tools", .serialized)
struct EndToEndTests {
    /// A scratch area: isolated HOME, git identity, the tools and flow first on PATH.
    final class Scratch {
        let base: String
        let repo: String
        let environment: [String: String]
        private(set) var transcript: [String] = []

        init(toolsBin: String, extra: [String: String] = [:]) throws {
            base = NSTemporaryDirectory() + "flow-e2e-" + UUID().uuidString
            repo = base + "/repo"
            for dir in [repo, base + "/home", base + "/zips"] {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            }
            let flowDir = (FlowBinary.path as NSString).deletingLastPathComponent
            environment = [
                "HOME": base + "/home", "PATH": "\(toolsBin):\(flowDir):/usr/local/bin:/usr/bin:/bin",
                "CI": "true", "DEMISTO_SDK_IGNORE_CONTENT_WARNING": "1", "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_AUTHOR_NAME": "flow e2e", "GIT_AUTHOR_EMAIL": "e2e@example.com",
                "GIT_COMMITTER_NAME": "flow e2e", "GIT_COMMITTER_EMAIL": "e2e@example.com",
                // The workflows compiled into flow (EmbeddedFilesTests: the same bytes as Workflows/):
                // flow verify refuses FLOW_WORKFLOWS_DIR in CI, and this scenario runs as CI does.
                "FLOW_WORKFLOWS_DIR": "", "PYTHONDONTWRITEBYTECODE": "1",
                "FLOW_CACHE_DIR": base + "/cache",
            ].merging(extra) { $1 }
        }

        deinit { try? FileManager.default.removeItem(atPath: base) }

        /// Runs one step, bounded in time with stdin closed (or fed `input`), and checks its exit code.
        @discardableResult
        func step(
            _ argv: [String], expect: Int32 = 0, input: String? = nil, in dir: String? = nil,
            extra: [String: String] = [:], timeout: Int = 300,
            sourceLocation: Testing.SourceLocation = #_sourceLocation
        ) -> String {
            var env = environment
            env.merge(extra) { _, new in new }
            let started = Date()
            let result = ProcessRunner(input: input).run(argv, in: dir ?? repo, environment: env, timeoutSeconds: timeout)
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            transcript.append("$ \(argv.joined(separator: " "))  [\(result.outcome), \(seconds) s]")
            #expect(
                result.outcome == .exited(expect),
                "`\(argv.joined(separator: " "))` gave \(result.outcome), expected \(expect):\n\(result.output)",
                sourceLocation: sourceLocation)
            return result.output
        }

        func write(_ relative: String, _ text: String) throws {
            let full = repo + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }

        func read(_ relative: String) -> String {
            String(decoding: FileManager.default.contents(atPath: repo + "/" + relative) ?? Data(), as: UTF8.self)
        }
    }

    @Test(
        .enabled(if: XsoarTools.installed, "the real tools are installed by scripts/xsoar-tools.sh (scripts/test.sh runs it)"),
        .timeLimit(.minutes(10)))
    func localLifecycle() throws {
        // The "download" of CommonServerPython.py and demistomock.py: served on 127.0.0.1.
        let served = NSTemporaryDirectory() + "flow-e2e-served-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: served) }
        try Data(CommonServerFixture.commonServerPython.utf8).write(to: URL(fileURLWithPath: served + "/CommonServerPython.py"))
        try Data(CommonServerFixture.demistomock.utf8).write(to: URL(fileURLWithPath: served + "/demistomock.py"))
        let files = try LocalFileServer(serving: served)
        defer { files.stop() }
        let sums =
            "CommonServerPython.py=\(CommonServerFiles.sha256Hex(Data(CommonServerFixture.commonServerPython.utf8))),"
            + "demistomock.py=\(CommonServerFiles.sha256Hex(Data(CommonServerFixture.demistomock.utf8)))"
        let s = try Scratch(
            toolsBin: try #require(XsoarTools.bin),
            extra: ["FLOW_COMMON_SERVER_URL": files.url, "FLOW_COMMON_SERVER_SHA256": sums])
        let started = Date()
        let script = "Packs/Tiny/Scripts/HelloWorldScript"

        // Repository set-up: a content repository with a local bare origin.
        s.step(["git", "init", "-q", "--bare", "-b", "main", s.base + "/origin.git"], in: s.base)
        s.step(["git", "init", "-q", "-b", "main"])
        s.step(["git", "remote", "add", "origin", "../origin.git"])
        try s.write(".private-repo-settings", "")
        try s.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n__pycache__/\n.pytest_cache/\n.ruff_cache/\n")
        try s.write("Packs/.gitkeep", "")
        s.step(["git", "add", "-A"])
        s.step(["git", "commit", "-q", "-m", "Content repository skeleton"])
        s.step(["git", "push", "-q", "origin", "main"])

        // Survey, hooks, a feature branch.
        s.step([
            "flow", "init", "--pack", "Tiny", "--pack-type", "local", "--platform", "xsoar6", "--author", "Flow Tester",
            "--category", "Utilities", "--support", "community", "--zip-dir", s.base + "/zips",
        ])
        s.step(["flow", "hooks", "install"])
        s.step(["flow", "feature", "start", "greeting"])
        #expect(s.step(["flow", "next"]).contains("repo-setup passed: now at create"))

        // Create: demisto-sdk init fed the survey's answers, and a script from the SDK's templates.
        #expect(s.step(["flow", "next"], expect: 1).contains("fix: flow create"))
        #expect(s.step(["flow", "create"]).contains("(demisto-sdk init)"))
        s.step(
            [
                "demisto-sdk", "init", "--script", "-t", "HelloWorldScript", "-n", "HelloWorldScript", "--id",
                "HelloWorldScript", "-o", "Packs/Tiny/Scripts",
            ], input: "n\n")
        #expect(FileManager.default.fileExists(atPath: s.repo + "/" + script + "/HelloWorldScript_test.py"))
        // The README flow create leaves is a template: pack.readme refuses it until it is written.
        #expect(s.step(["flow", "next"], expect: 1).contains("template text left"))
        try s.write("Packs/Tiny/README.md", "# Tiny\n\nGreets people by name and prints greeting cards.\n")
        // A second script as real packs write them: its test reads test_data/ by a relative path
        // and builds CommandResults from CommonServerPython.
        let card = "Packs/Tiny/Scripts/GreetingCard"
        try s.write(
            card + "/GreetingCard.yml",
            s.read(script + "/HelloWorldScript.yml")
                .replacingOccurrences(of: "HelloWorldScript", with: "GreetingCard"))
        try s.write(
            card + "/GreetingCard.py",
            """
            from CommonServerPython import *  # noqa: F401,F403


            def greeting_card(person):
                text = tableToMarkdown("Greeting card", {"to": person["name"], "text": "Hello, " + person["name"] + "!"})
                return CommandResults(
                    outputs_prefix="Greeting.Card", outputs_key_field="to", outputs={"to": person["name"]}, readable_output=text
                )

            """)
        try s.write(
            card + "/GreetingCard_test.py",
            """
            import json

            from GreetingCard import greeting_card


            def test_greeting_card():
                with open("test_data/person.json", encoding="utf-8") as f:
                    person = json.load(f)
                result = greeting_card(person)
                assert result.outputs == {"to": "Dbot"}
                assert "Hello, Dbot!" in result.readable_output

            """)
        try s.write(card + "/test_data/person.json", "{\"name\": \"Dbot\"}\n")
        try s.write(card + "/README.md", "Prints a greeting card for a person.\n")
        s.step(["git", "add", "-A"])
        #expect(s.step(["flow", "next"]).contains("create passed: now at develop"))

        // Develop a change, then docs: the script's README is required with the change.
        let source = s.read(script + "/HelloWorldScript.py")
        #expect(source.contains("return f\"Hello {name}\""))
        try s.write(
            script + "/HelloWorldScript.py",
            source.replacingOccurrences(of: "return f\"Hello {name}\"", with: "return f\"Hello, {name}!\""))
        #expect(s.step(["flow", "next"]).contains("develop passed: now at docs"))
        // The whole pack is new on this branch: its README and release notes are part of the change.
        try s.write(
            script + "/README.md",
            "Says hello to a name.\n\n## Script Data\n\n| Name | Description |\n| --- | --- |\n| Script Type | python3 |\n")
        // The pack README in the seed's mandatory structure, with the script's arguments (docs.readme-sections/-tables).
        try s.write(
            "Packs/Tiny/README.md",
            PackReadme.complete(pack: "Tiny", scripts: [("GreetingCard", ["name"]), ("HelloWorldScript", ["name"])]))
        s.step(["git", "add", "-A"])
        #expect(s.step(["flow", "next"]).contains("docs passed: now at test"))

        // Test: real pytest, red first (the test still expects the old greeting)…
        let red = s.step(["flow", "next"], expect: 1)
        #expect(red.contains("2 failed"))
        // GreetingCard's directory ran first and passed: its test_data and CommandResults were found.
        let log = try #require(red.split(separator: "\n").first { $0.contains("log: ") }?.split(separator: " ").last.map(String.init))
        let testLog = String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
        #expect(testLog.contains("CommonServerPython: a download checked against its SHA-256, cached"), "\(testLog)")
        #expect(testLog.contains("(in \(s.repo)/\(card)) python3 -m pytest") && testLog.contains("1 passed"), "\(testLog)")
        #expect(red.contains("FAIL evidence.passed [Tiny]"))
        // …and a commit before the checks pass is refused by the pre-commit hook.
        #expect(s.step(["git", "commit", "-q", "-m", "fix(Tiny): too early"], expect: 1).contains("flow pre-commit: refused"))
        let test = s.read(script + "/HelloWorldScript_test.py")
        try s.write(script + "/HelloWorldScript_test.py", test.replacingOccurrences(of: "Hello Dbot", with: "Hello, Dbot!"))
        s.step(["git", "add", "-A"])
        #expect(s.step(["flow", "next"]).contains("test passed: now at lint"))
        #expect(s.step(["flow", "next"]).contains("lint passed: now at validate"))
        // The SDK's template is named after its type: the content repository's BA110 refuses it,
        // and lets the pack ignore it by name in .pack-ignore, as flow's configuration does.
        #expect(s.step(["flow", "next"], expect: 1).contains("[BA110]"))
        try s.write("Packs/Tiny/.pack-ignore", s.read("Packs/Tiny/.pack-ignore") + "\n[file:HelloWorldScript.yml]\nignore=BA110\n")
        s.step(["git", "add", "-A"])
        // The pack changed: its tests and lint run again on it before validate.
        s.step(["flow", "goto", "test"])
        #expect(s.step(["flow", "next"]).contains("test passed: now at lint"))
        #expect(s.step(["flow", "next"]).contains("lint passed: now at validate"))
        #expect(s.step(["flow", "next"]).contains("validate passed: now at commit"))

        // Commit through the hooks: allowed now, with the evidence trailer naming the pack's tree.
        s.step(["git", "commit", "-q", "-m", "fix(Tiny): friendlier greeting"])
        let tree = s.step(["git", "rev-parse", "HEAD:Packs/Tiny"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let message = s.step(["git", "log", "-1", "--format=%B"])
        #expect(message.contains("Flow-Evidence: pack=Tiny tree=\(tree) checks=test,lint,validate"))

        // A one-character edit after the checks is refused again.
        try s.write("Packs/Tiny/README.md", s.read("Packs/Tiny/README.md") + "x")
        s.step(["git", "add", "-A"])
        #expect(s.step(["git", "commit", "-q", "-m", "fix(Tiny): edit after test"], expect: 1).contains("is stale"))
        s.step(["git", "reset", "-q", "--hard"])
        #expect(s.step(["flow", "next"]).contains("commit passed: now at merge-tag"))

        // CI re-runs the base branch workflow's checks on the tip with the real tools.
        #expect(s.step(["flow", "verify", "checks", "--range", "main..HEAD", "--plan", "--json"]).contains("\"pack\" : \"Tiny\""))
        let checks = s.step(["flow", "verify", "checks", "--range", "main..HEAD", "--pack", "Tiny"], timeout: 900)
        #expect(
            checks.contains("PASS test passed") && checks.contains("PASS lint passed") && checks.contains("PASS validate passed"),
            "\(checks)")

        // Merge into main.
        s.step(["git", "checkout", "-q", "main"])
        s.step(["git", "merge", "-q", "--no-ff", "feature/greeting", "-m", "Merge feature/greeting"])
        s.step(["git", "push", "-q", "origin", "main"])
        #expect(s.step(["flow", "status"], expect: 0).contains("phase merge-tag"))

        // Nothing is built before the release is tagged.
        #expect(s.step(["flow", "build"], expect: 1).contains("tag"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.base + "/zips").isEmpty)

        // Release: real `demisto-sdk validate -a` on main, annotated tag, bump to 1.0.1 with a stub.
        s.step(["flow", "release"])
        #expect(s.step(["git", "tag", "-l", "-n1", "v1.0.0"]).contains("v1.0.0"))
        #expect(s.step(["git", "cat-file", "-t", "v1.0.0"]).trimmingCharacters(in: .whitespacesAndNewlines) == "tag")
        #expect(try PackMetadata.parse(Array(s.read("Packs/Tiny/pack_metadata.json").utf8), path: "m").get().currentVersionText == "1.0.1")
        #expect(s.read("Packs/Tiny/ReleaseNotes/1_0_1.md").contains("%%UPDATE_RN%%"))
        #expect(s.read("Packs/Tiny/ReleaseNotes/1_0_1.md").contains("#### Scripts\n\n##### GreetingCard\n"))
        // Every commit of the release carries valid evidence: none skipped the hooks.
        s.step(["flow", "verify", "commits", "--range", "v1.0.0~1..HEAD"])
        // The bump commit is not a release: CI would refuse to zip it.
        #expect(s.step(["flow", "verify", "release"], expect: 1).contains("v1.0.1"))
        #expect(s.step(["flow", "build"], expect: 1).contains("tag"))

        // CI's view: the tagged commit. verify release passes, build makes Tiny-1.0.0.zip.
        s.step(["git", "checkout", "-q", "v1.0.0"])
        s.step(["flow", "verify", "release"])
        s.step(["flow", "build"], timeout: 600)
        let zip = s.base + "/zips/Tiny-1.0.0.zip"
        #expect(FileManager.default.fileExists(atPath: zip))
        #expect(FileManager.default.fileExists(atPath: s.base + "/zips/Tiny-1.0.0.json"))
        #expect(s.step(["git", "status", "--porcelain"]).isEmpty, "the build left files in the work tree")
        let inside = s.step([
            "python3", "-c",
            "import json, sys, zipfile; print(json.loads(zipfile.ZipFile(sys.argv[1]).read('pack_metadata.json'))['currentVersion'])", zip,
        ])
        #expect(inside.trimmingCharacters(in: .whitespacesAndNewlines) == "1.0.0")

        // Deploy: demisto-sdk upload to a fake XSOAR API on 127.0.0.1 that records the upload.
        let server = try FakeXSOAR(base: s.base)
        defer { server.stop() }
        let key = "e2e-secret-api-key"
        let deployed = s.step(
            ["flow", "deploy", "--yes"],
            extra: [
                "DEMISTO_BASE_URL": "http://127.0.0.1:\(server.port)",
                "DEMISTO_API_KEY": key,
            ])
        #expect(!deployed.contains(key))
        #expect(server.requests().contains { $0["path"] as? String == "/contentpacks/installed/upload" && $0["has_zip"] as? Bool == true })

        print(s.transcript.joined(separator: "\n"))
        print("end-to-end lifecycle with the real tools: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}
