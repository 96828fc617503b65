import FlowCore
import FlowKit
import Foundation
import Testing

/// A 120x50 PNG header (signature + IHDR), enough for pack.logo.
func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
    func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8) + be(width) + be(height) + [
        8, 6, 0, 0, 0, 0, 0, 0, 0,
    ]
}

/// A content repository driven through a shipped workflow with the flow binary.
final class PackRepo {
    let repo: TempRepo
    let origin: TempRepo

    /// Fake ruff, demisto-sdk and pytest first on PATH: these tests are about the phases.
    let path: String
    /// The CommonServerPython cache the test phase finds.
    let commonServer: [String: String]

    /// - Parameter workflow: a shipped workflow other than the pack type's own.
    init(packType: String, workflow: String? = nil) throws {
        repo = try TempRepo()
        origin = try TempRepo(bare: true)
        path = try FakeTools.install(in: repo.base)
        commonServer = try CommonServerFixture.environment(base: repo.base)
        try repo.apply(initialCommit)
        let run = try flow(
            [
                "init", "--pack", "Demo", "--pack-type", packType, "--platform", "xsoar6", "--author", "Tester",
                "--category", "Utilities", "--support", "community", "--zip-dir", repo.base + "/zips",
            ]
                + (workflow.map { ["--workflow", $0] } ?? []))
        #expect(run.status == 0, "init: \(run.stderr)")
    }

    func flow(_ args: [String]) throws -> FlowRun {
        try FlowBinary.run(
            args, in: repo.path,
            environment: commonServer.merging(["FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows", "PATH": path]) { $1 })
    }

    /// `flow next`, expecting it to move from one phase to the next.
    func advance(from phase: String, to next: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let run = try flow(["next"])
        #expect(run.status == 0, "next from \(phase): \(run.stdout)\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.contains("\(phase) passed: now at \(next)"), "\(run.stdout)", sourceLocation: sourceLocation)
    }

    func blocked(at phase: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let run = try flow(["next"])
        #expect(run.status == 1, "next at \(phase) should be blocked: \(run.stdout)", sourceLocation: sourceLocation)
        #expect(run.stdout.contains("Blocked at \(phase)"), "\(run.stdout)", sourceLocation: sourceLocation)
        return run.stdout
    }

    /// `flow create`, then the pack README a person writes over the template (which no docs gate passes).
    func create() throws {
        let created = try flow(["create", "--no-sdk"])
        #expect(created.status == 0, "\(created.stderr)")
        let template = try flow(["check", "--phase", "create"])
        #expect(template.stdout.contains("template text left"), "\(template.stdout)")
        try repo.write("Packs/Demo/README.md", PackReadme.complete(pack: "Demo", integration: "Hello"))
    }

    func setUpRepository() throws {
        try repo.git(["remote", "add", "origin", origin.path])
        try repo.apply([
            .write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n"), .write("Packs/.gitkeep", ""),
            .stage(["."]), .commit("repository set-up"),
        ])
    }

    /// An integration with its test, logo and docs, staged.
    func writeIntegration() throws {
        let dir = "Packs/Demo/Integrations/Hello"
        try repo.apply([
            .write("\(dir)/Hello.py", "def hello():\n    return 'hi'\n"),
            .write("\(dir)/Hello_test.py", "from Hello import hello\n\n\ndef test_hello():\n    assert hello() == 'hi'\n"),
            .writeBytes("\(dir)/Hello_image.png", pngHeader(width: 120, height: 50)),
            .write("\(dir)/README.md", "# Hello\n\nSays hello.\n"),
            .write("\(dir)/Hello_description.md", "Says hello.\n"),
            .write("Packs/Demo/README.md", PackReadme.complete(pack: "Demo", integration: "Hello")), .stage(["."]),
        ])
    }
}

@Suite("The shipped XSOAR workflows, phase by phase")
struct XsoarLifecycleTests {
    @Test("xsoar-local: survey through build-deploy on real repositories")
    func localWorkflow() throws {
        let p = try PackRepo(packType: "local")
        let setup = try p.blocked(at: "repo-setup")
        #expect(setup.contains("no remote named origin"))
        #expect(setup.contains("printf '*.zip\\n*_build/\\nuploadable_packs/\\n' >> .gitignore"))
        #expect(setup.contains("mkdir -p Packs"))
        try p.setUpRepository()

        let start = try p.flow(["feature", "start", "hello"])
        #expect(start.status == 0, "\(start.stderr)")
        // The first pack is not created yet, so the feature branch starts at main's phase.
        #expect(start.stdout.contains("feature/hello, at phase repo-setup"))
        try p.advance(from: "repo-setup", to: "create")

        let create = try p.blocked(at: "create")
        #expect(create.contains("Packs/Demo/pack_metadata.json is missing"))
        try p.create()
        // A new pack has no content items: its entry is the pack's own section, not an
        // `##### Demo` entry for an integration that does not exist.
        let stub = p.repo.read("Packs/Demo/ReleaseNotes/1_0_0.md") ?? ""
        #expect(stub == "## Demo\n\n- Initial release of **Demo**.\n", "\(stub)")
        #expect(DocsReleaseNotesFormatGate.problems(in: stub).isEmpty)
        try p.advance(from: "create", to: "develop")

        try p.repo.apply([.write("Packs/Demo/Integrations/Hello/Hello.py", "x = 1\n")])
        let develop = try p.blocked(at: "develop")
        #expect(develop.contains("Packs/Demo/Integrations/Hello/Hello_test.py is missing"))
        #expect(develop.contains("Hello_image.png is missing"))
        try p.writeIntegration()
        try p.advance(from: "develop", to: "docs")
        try p.advance(from: "docs", to: "test")
        try p.advance(from: "test", to: "lint")
        try p.advance(from: "lint", to: "validate")
        try p.advance(from: "validate", to: "commit")
        _ = try p.blocked(at: "commit")  // staged, not committed: git.clean
        // The pre-commit hook's content gates pass on the staged tree of a pack the phases passed.
        let hook = try p.flow(["hook", "pre-commit"])
        #expect(hook.status == 0, "\(hook.stdout)\(hook.stderr)")
        try p.repo.apply([.commit("Hello integration")])
        try p.advance(from: "commit", to: "merge-tag")

        // merge-tag happens on main: main takes over the merged feature branch's state.
        let onFeature = try p.blocked(at: "merge-tag")
        #expect(onFeature.contains("does not match main"))
        try p.repo.apply([.checkout("main"), .merge("feature/hello")])
        let untagged = try p.blocked(at: "merge-tag")
        #expect(untagged.contains("does not carry v1.0.0"), "\(untagged)")
        try p.repo.apply([.tag("v1.0.0", annotated: true)])
        try p.advance(from: "merge-tag", to: "build-deploy")
        // The gates pass, but nothing is built or deployed: the workflow is not complete yet.
        let last = try p.flow(["next"])
        #expect(
            last.status == 1 && last.stdout.contains("no zip of Demo 1.0.0 was built") && !last.stdout.contains("complete"),
            "\(last.stdout)")
        let status = try p.flow(["status", "--json"])
        #expect(status.stdout.contains("\"finished\" : false") || status.stdout.contains("\"finished\":false"), "\(status.stdout)")

        // goto moves back, never forward.
        let back = try p.flow(["goto", "develop"])
        #expect(back.status == 0, "\(back.stderr)")
        let forward = try p.flow(["goto", "build-deploy"])
        #expect(forward.status == 1, "\(forward.stderr)")
    }

    @Test(
        "xsoar-marketplace: 1.0.0 with 1_0_0.md on the first PR, then 0.0.1 per review round; verify release says why there is no release")
    func marketplaceWorkflow() throws {
        let p = try PackRepo(packType: "marketplace")
        try p.setUpRepository()
        #expect(try p.flow(["feature", "start", "new-pack"]).status == 0)
        try p.advance(from: "repo-setup", to: "create")
        try p.create()
        #expect(p.repo.read("Packs/Demo/ReleaseNotes/1_0_0.md")?.contains("- Initial release of **Demo**.") == true)
        #expect(p.repo.read("Packs/Demo/pack_metadata.json")?.contains("\"currentVersion\": \"1.0.0\"") == true)
        try p.advance(from: "create", to: "develop")
        try p.writeIntegration()
        try p.advance(from: "develop", to: "docs")
        try p.advance(from: "docs", to: "test")
        try p.advance(from: "test", to: "lint")
        try p.advance(from: "lint", to: "validate")

        // A bump before the first PR is merged is refused.
        let metadata = try #require(p.repo.read("Packs/Demo/pack_metadata.json"))
        try p.repo.write("Packs/Demo/pack_metadata.json", metadata.replacingOccurrences(of: "\"1.0.0\"", with: "\"1.0.1\""))
        let bumped = try p.blocked(at: "validate")
        #expect(bumped.contains("stays at 1.0.0 until its first PR is filed"))
        try p.repo.write("Packs/Demo/pack_metadata.json", metadata)

        try p.advance(from: "validate", to: "commit")
        try p.repo.apply([.stage(["."])])
        let hook = try p.flow(["hook", "pre-commit"])
        #expect(hook.status == 0, "the content gates pass on the staged marketplace pack: \(hook.stdout)\(hook.stderr)")
        try p.repo.apply([.commit("new pack")])
        try p.advance(from: "commit", to: "open-pr")
        // No review round before the PR is filed (git.pr-filed).
        let unfiled = try p.flow(["next"])
        #expect(unfiled.status == 1 && unfiled.stdout.contains("firstPRFiled is not true"), "\(unfiled.stdout)")
        // The PR is filed: a review round goes back to develop and bumps 0.0.1 with its release notes.
        try p.repo.write(".flow/config.yml", (p.repo.read(".flow/config.yml") ?? "") + "firstPRFiled: true\n")
        try p.repo.apply([.stage(["."]), .commit("first PR filed")])
        try p.repo.git(["push", "-q", "origin", "feature/new-pack"])
        let last = try p.flow(["next"])
        #expect(last.status == 0, "\(last.stdout)")
        #expect(last.stdout.contains("open-pr passed: now at develop"), "\(last.stdout)")
        try p.repo.write("Packs/Demo/pack_metadata.json", metadata.replacingOccurrences(of: "\"1.0.0\"", with: "\"1.0.1\""))
        try p.repo.apply([
            .write("Packs/Demo/ReleaseNotes/1_0_1.md", "#### Integrations\n\n##### Hello\n\n- Review feedback: clearer greeting.\n"),
            .stage(["."]),
        ])
        for (from, to) in [("develop", "docs"), ("docs", "test"), ("test", "lint"), ("lint", "validate"), ("validate", "commit")] {
            try p.advance(from: from, to: to)
        }
        let verify = try p.flow(["verify", "release"])
        #expect(verify.status == 1)
        #expect(
            (verify.stdout + verify.stderr).contains("the marketplace's CI builds the zip after your PR is merged"),
            "\(verify.stdout)\(verify.stderr)")
        let phases = try p.flow(["phases"])
        #expect(!phases.stdout.contains("build-deploy"))
        // Every command of an action is listed, and what it waits for.
        #expect(
            phases.stdout.contains("        then: ruff format --no-cache --config {lintConfig} --diff {lintTargets}"),
            "\(phases.stdout)")
        #expect(
            phases.stdout.contains(
                "action: demisto-sdk validate -i {packDir} --config-path {validationConfig}\n        runs only when git.branch passes"))
    }

    @Test("flow status in a half-done pack lists each missing file and the fix")
    func halfDonePack() throws {
        let p = try PackRepo(packType: "local")
        try p.setUpRepository()
        #expect(try p.flow(["feature", "start", "half"]).status == 0)
        try p.advance(from: "repo-setup", to: "create")
        try p.repo.write(
            "Packs/Demo/pack_metadata.json",
            """
            {"name": "Demo", "description": "d", "support": "community", "currentVersion": "1.0.0",
             "author": "A", "url": "", "categories": ["Utilities"], "tags": [], "useCases": [], "keywords": [],
             "marketplaces": ["xsoar"]}
            """)
        try p.repo.write("Packs/Demo/.pack-ignore", "")
        let status = try p.flow(["status"])
        #expect(status.stdout.contains("pass pack.metadata [Demo]"))
        #expect(status.stdout.contains("pack Demo: Packs/Demo/.secrets-ignore is missing"))
        #expect(!status.stdout.contains("Packs/Demo/.pack-ignore is missing"))
        #expect(status.stdout.contains("pack Demo: Packs/Demo/README.md is missing"))
        #expect(status.stdout.contains("pack Demo: Packs/Demo/ReleaseNotes/1_0_0.md is missing"))
        #expect(status.stdout.contains("fix: flow create"))
        // flow create completes it without touching what is there.
        let created = try p.flow(["create", "--no-sdk"])
        #expect(created.stdout.contains("kept  Packs/Demo/pack_metadata.json"))
        #expect(created.stdout.contains("wrote Packs/Demo/.secrets-ignore"))
        #expect(p.repo.read("Packs/Demo/pack_metadata.json")?.contains("\"description\": \"d\"") == true)
        // The README it wrote is a template, which pack.readme refuses until it is written.
        #expect(try p.flow(["next"]).stdout.contains("template text left"))
        try p.repo.write("Packs/Demo/README.md", PackReadme.complete(pack: "Demo", integration: "Hello"))
        #expect(try p.flow(["next"]).status == 0)

        // A second pack joins the configuration, and its gates name it.
        let second = try p.flow(["create", "--no-sdk", "--pack", "Second"])
        #expect(second.stdout.contains("Added Second to packs"), "\(second.stdout)")
        #expect(p.repo.read(".flow/config.yml")?.contains("Second") == true)
        try p.repo.apply([.remove("Packs/Second/.pack-ignore")])
        let check = try p.flow(["check", "--phase", "create"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("pack Second: Packs/Second/.pack-ignore is missing"), "\(check.stdout)")
        #expect(!check.stdout.contains("pack Demo: Packs/Demo/.pack-ignore is missing"))
    }
}

@Suite("Feature branches, create and the survey's input checks")
struct XsoarCommandTests {
    @Test func featureStartRefusesBadNameAndDirtyTree() throws {
        let p = try PackRepo(packType: "local")
        try p.setUpRepository()
        #expect(try p.flow(["feature", "start", "bad name"]).status == 2)
        #expect(try p.flow(["feature", "start", "../x"]).status == 2)
        try p.repo.write("README.md", "changed\n")
        let dirty = try p.flow(["feature", "start", "x"])
        #expect(dirty.status == 2)
        #expect(dirty.stderr.contains("uncommitted changes: README.md"))
        #expect(try p.repo.git(["branch", "--show-current"]) == "main")
    }

    @Test func featureStartAfterCreatePutsTheBranchAtDevelop() throws {
        let p = try PackRepo(packType: "local")
        try p.setUpRepository()
        #expect(try p.flow(["feature", "start", "one"]).status == 0)
        try p.advance(from: "repo-setup", to: "create")
        try p.create()
        try p.advance(from: "create", to: "develop")
        try p.repo.apply([.stage(["."]), .commit("pack"), .checkout("main"), .merge("feature/one")])
        let second = try p.flow(["feature", "start", "two"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("feature/two, at phase develop"), "\(second.stdout)")
        #expect(try p.repo.git(["branch", "--show-current"]) == "feature/two")
        #expect(try p.flow(["feature", "start", "two"]).status == 2)
    }

    @Test func initRefusesBadValuesWithExit2() throws {
        let repo = try TempRepo()
        let bad = try FlowBinary.run(["init", "--pack", "Demo", "--platform", "xsoar9"], in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--platform: xsoar9 is not one of"))
        let missing = try FlowBinary.run(["init", "--pack", "Demo"], in: repo.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--pack-type"))
        #expect(missing.stderr.contains("--author"))
        let warn = try FlowBinary.run(
            [
                "init", "--pack", "Demo", "--pack-type", "marketplace", "--platform", "xsoar6",
                "--author", "A", "--category", "Utilities", "--support", "community",
            ],
            in: repo.path, environment: ["XSIAM_AUTH_ID": "secret-id-value"])
        #expect(warn.status == 0, "\(warn.stderr)")
        #expect(warn.stderr.contains("XSIAM_AUTH_ID is set but the platform is XSOAR 6"))
        #expect(!(warn.stdout + warn.stderr).contains("secret-id-value"))
        #expect(repo.read(".flow/config.yml")?.contains("secret-id-value") == false)
        #expect(!warn.stderr.contains("may need manual adjustment"), "\(warn.stderr)")
    }

    @Test("S3: flow init warns that the lifecycle's API steps are written for XSOAR 6")
    func initWarnsForXsoar8AndXsiam() throws {
        for (platform, name) in [("xsoar8", "XSOAR 8"), ("xsiam", "XSIAM")] {
            let repo = try TempRepo()
            let run = try FlowBinary.run(
                [
                    "init", "--pack", "Demo", "--pack-type", "marketplace", "--platform", platform,
                    "--author", "A", "--category", "Utilities", "--support", "community",
                ],
                in: repo.path)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(
                run.stderr.contains(
                    "on \(name) the API steps (flow deploy's upload) may need manual adjustment (S3 (docs/xsoar-lifecycle.md#s3))"),
                "\(run.stderr)")
        }
    }

    @Test func scaffoldMetadataFollowsThePlatform() throws {
        for (platform, value) in [("xsoar6", "xsoar"), ("xsoar8", "xsoar_saas"), ("xsiam", "marketplacev2")] {
            let scaffold = PackScaffold(
                pack: "Demo", author: "A", category: "Utilities", support: "community",
                platform: platform, created: "2026-01-01T00:00:00Z", releaseNotes: false)
            let parsed = try PackMetadata.parse(Array(scaffold.metadataJSON.utf8), path: "m").get()
            #expect(parsed.problems.isEmpty, "\(parsed.problems)")
            #expect(parsed.fields["marketplaces"] as? [String] == [value])
            #expect(scaffold.files.map(\.0).contains("ReleaseNotes/1_0_0.md") == false)
        }
        let answers = PackCreator.sdkAnswers(
            PackScaffold(
                pack: "Demo", author: "A", category: "Messaging", support: "community",
                platform: "xsoar6", created: "x", releaseNotes: true))
        #expect(answers == "y\nDemo\nDemo content pack.\n4\n3\nxsoar\nA\n\n\n\nn\n")
    }

    /// Only where demisto-sdk is installed (scripts/xsoar-tools.sh); flow fills in what init leaves empty.
    @Test(.enabled(if: XsoarTools.installed, "needs demisto-sdk from scripts/xsoar-tools.sh"))
    func createDrivesDemistoSdkInit() throws {
        let p = try PackRepo(packType: "local")
        try p.setUpRepository()
        let path = XsoarTools.path(XsoarTools.bin ?? "")
        let run = try FlowBinary.run(
            ["create"], in: p.repo.path,
            environment: ["PATH": path, "FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("(demisto-sdk init)"))
        let metadata = try PackMetadata.parse(Array((p.repo.read("Packs/Demo/pack_metadata.json") ?? "").utf8), path: "m").get()
        #expect(metadata.problems.isEmpty, "\(metadata.problems)")
        #expect(metadata.fields["author"] as? String == "Tester")
        #expect(p.repo.read("Packs/Demo/README.md")?.contains("## Troubleshooting") == true)
    }
}

@Suite("Shipped workflow files")
struct WorkflowFilesTests {
    @Test("every file in Workflows/ loads with no diagnostics")
    func everyWorkflowLoads() throws {
        let dir = SourceTree.root + "/Workflows"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yml") }.sorted()
        #expect(files.contains("xsoar-local.yml") && files.contains("xsoar-marketplace.yml"))
        for file in files {
            let (workflow, diagnostics) = WorkflowLoader.lint(file: dir + "/" + file)
            #expect(diagnostics.isEmpty, "\(file): \(diagnostics)")
            #expect(workflow?.id == String(file.dropLast(4)), "\(file): id must match the file name")
        }
    }

    @Test("the XSOAR workflows have the lifecycle's phases in order")
    func lifecyclePhases() throws {
        let common = ["survey", "repo-setup", "create", "develop", "docs", "test", "lint", "validate", "commit"]
        let local = try WorkflowLoader.load(file: SourceTree.root + "/Workflows/xsoar-local.yml")
        #expect(local.phases.map(\.id) == common + ["merge-tag", "build-deploy"])
        let market = try WorkflowLoader.load(file: SourceTree.root + "/Workflows/xsoar-marketplace.yml")
        #expect(market.phases.map(\.id) == common + ["open-pr"])
    }

    @Test("the JSON Schema describes the keys the loader accepts")
    func schemaMatchesLoader() throws {
        let data = try #require(FileManager.default.contents(atPath: SourceTree.root + "/Workflows/workflow.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let top = try #require(schema["properties"] as? [String: Any])
        #expect(Set(top.keys) == WorkflowLoader.workflowKeys)
        let defs = try #require(schema["$defs"] as? [String: Any])
        let phase = try #require((defs["phase"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(phase.keys) == WorkflowLoader.phaseKeys.union(WorkflowLoader.extensionKeys))
        let action = try #require((defs["action"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(action.keys) == WorkflowLoader.actionKeys)
        // Every registered gate id fits the schema's id pattern.
        let pattern = try #require((defs["gateId"] as? [String: Any])?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        for id in GateRegistry.ids {
            #expect(regex.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil, "\(id)")
        }
    }
}
