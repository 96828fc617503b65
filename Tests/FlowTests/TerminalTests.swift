import FlowCore
import FlowKit
import Foundation
import Testing

/// What a person at a terminal sees: the survey's prompts and deploy's y/N question, driven on a
/// real pseudo-terminal (util-linux `script`), since both are asked only when stdin is a terminal.
@Suite(
    "Prompts on a terminal",
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"),
        "needs util-linux script for a pseudo-terminal"))
struct TerminalTests {
    static let plantedKey = "planted-api-key-9d41"

    func surveyRepo() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.apply(initialCommit + [.remote("origin", url: "../origin.git")])
        return repo
    }

    @Test func theSurveyAsksWithDefaultsAndReasksABadAnswer() throws {
        let repo = try surveyRepo()
        // Pack name (a bad one first), pack type (default), platform by number, author, category by
        // name, support (default), zip directory, instance URL (default from DEMISTO_BASE_URL).
        let answers = ["my pack", "MyPack", "", "3", "Ann Author", "Utilities", "", repo.base + "/zips", ""]
        let run = try FlowBinary.run(
            ["init"], in: repo.path,
            environment: [
                "DEMISTO_BASE_URL": "https://xsoar.example", "DEMISTO_API_KEY": Self.plantedKey, "XSIAM_AUTH_ID": "",
            ], stdin: answers.joined(separator: "\n") + "\n", onTerminal: true)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("DEMISTO_BASE_URL is set, DEMISTO_API_KEY is set, XSIAM_AUTH_ID is empty"))
        #expect(run.stdout.contains("pack name my pack has spaces"))
        #expect(run.stdout.contains("Choose 1-2 [local]"))
        #expect(run.stdout.contains("XSOAR instance URL (optional) [https://xsoar.example]"))
        #expect(!run.stdout.contains(Self.plantedKey))
        let config = try #require(repo.read(".flow/config.yml"))
        for line in [
            "- MyPack", "packType: local", "platform: xsiam", "author: Ann Author", "category: Utilities",
            "support: community", "zipDir: \(repo.base)/zips", "instanceURL: https://xsoar.example",
        ] {
            #expect(config.contains(line), "\(line) in\n\(config)")
        }
        #expect(!config.contains(Self.plantedKey))
        let status = try FlowBinary.run(["status"], in: repo.path)
        #expect(status.stdout.contains("phase repo-setup"), "\(status.stdout)")
    }

    @Test func inputEndingMidSurveyWritesNothingAndSaysWhatIsMissing() throws {
        let repo = try surveyRepo()
        let run = try FlowBinary.run(["init"], in: repo.path, stdin: "MyPack\nlocal\n", onTerminal: true)
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.stdout.contains("the survey is missing: --platform, --author, --category, --support, --zip-dir"))
        #expect(run.stdout.contains("the input ended before every question was answered"))
        // Asked once each, not again for every remaining question after the end of input.
        #expect(run.stdout.components(separatedBy: "Platform:").count == 2)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.flow/config.yml"))
    }

    /// A built zip with its manifest, a fake demisto-sdk that records its calls, and the server settings.
    func deployScene() throws -> (TempRepo, FakeSDK, [String: String]) {
        let repo = try ReleasePackRepo.make()
        let zips = repo.base + "/zips"
        try FileManager.default.createDirectory(atPath: zips, withIntermediateDirectories: true)
        try Data("zip bytes".utf8).write(to: URL(fileURLWithPath: zips + "/Demo-1.0.0.zip"))
        let manifest = BuildManifest(
            pack: "Demo", version: "1.0.0", tag: "v1.0.0", commit: "x", zip: "Demo-1.0.0.zip",
            sha256: try ZipCheck.sha256(of: zips + "/Demo-1.0.0.zip"), demistoSdkVersion: "test")
        try Data(JSONOutput.render(manifest).utf8).write(to: URL(fileURLWithPath: zips + "/Demo-1.0.0.json"))
        let sdk = try FakeSDK(base: repo.base, exitCode: 0)
        let env = [
            "PATH": sdk.path, "FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows",
            "DEMISTO_BASE_URL": "http://127.0.0.1:9", "DEMISTO_API_KEY": Self.plantedKey,
        ]
        return (repo, sdk, env)
    }

    @Test func deployAsksBeforeUploadingAndNoUploadsNothing() throws {
        let (repo, sdk, env) = try deployScene()
        let no = try FlowBinary.run(["deploy"], in: repo.path, environment: env, stdin: "n\n", onTerminal: true)
        #expect(no.status == 1, "\(no.stdout)")
        #expect(no.stdout.contains("Upload Demo-1.0.0.zip to http://127.0.0.1:9? [y/N]"))
        #expect(no.stdout.contains("Not uploaded."))
        #expect(!sdk.calls.contains("upload"))

        // Enter alone is the default: no.
        let enter = try FlowBinary.run(["deploy"], in: repo.path, environment: env, stdin: "\n", onTerminal: true)
        #expect(enter.status == 1)
        #expect(!sdk.calls.contains("upload"))

        let yes = try FlowBinary.run(["deploy"], in: repo.path, environment: env, stdin: "y\n", onTerminal: true)
        #expect(yes.status == 0, "\(yes.stdout)")
        #expect(sdk.calls.contains("upload"), "\(sdk.calls)")
        #expect(sdk.calls.contains("Demo-1.0.0.zip"))
        #expect(!(no.stdout + enter.stdout + yes.stdout + sdk.calls).contains(Self.plantedKey))
    }
}

extension TerminalTests {
    @Test func aRunningActionShowsPhaseToolAndElapsedSecondsOnATerminalOnly() throws {
        let repo = try TempRepo()
        try repo.write(
            "slow.yml",
            """
            schema: 1
            id: slow
            title: One slow check
            phases:
              - id: develop
                title: Develop
              - id: test
                title: Unit tests
                action:
                  check: test
                  run: [python3, -c, "import time; time.sleep(3.5); print('slow check done')"]
                gates:
                  - id: evidence.passed
                    with: {checks: [test]}
            """)
        try repo.write(".flow/config.yml", "workflow: \(repo.path)/slow.yml\npacks: [Demo]\n")
        try repo.write("Packs/Demo/pack_metadata.json", "{\"name\": \"Demo\", \"currentVersion\": \"1.0.0\"}\n")
        try repo.apply([.stage(["."]), .commit("initial"), .branch("feature/x")])
        try Scene.next(repo, times: 1)

        let live = try FlowBinary.run(["next"], in: repo.path, onTerminal: true)
        #expect(live.status == 0, "\(live.stdout)")
        // One line rewritten in place every second: carriage return, erase line, label, seconds.
        #expect(live.stdout.contains("\r\u{1B}[Ktest: python3 [Demo] 1s"), "\(live.stdout.debugDescription)")
        #expect(live.stdout.contains("\r\u{1B}[Ktest: python3 [Demo] 2s"))

        try repo.write("Packs/Demo/README.md", "# Demo\n")
        try repo.apply([.stage(["."])])
        _ = try FlowBinary.run(["goto", "test"], in: repo.path)
        let piped = try FlowBinary.run(["next"], in: repo.path)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stderr.contains("flow: test: python3 [Demo] running…"))
        #expect(!piped.stderr.contains("\u{1B}["))
    }
}
