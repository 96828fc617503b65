import FlowCore
import FlowKit
import Foundation
import Testing

/// A stand-in demisto-sdk that also zips: `zip-packs -i <packDir> -o <out>` writes
/// `<out>/uploadable_packs/<Pack>.zip` with the pack's files (python3's zipfile), so `flow build`
/// runs to its end without the real tool.
func installZippingSDK(in bin: String) throws {
    let script = """
        #!/bin/sh
        case "$1" in
        --version) echo 'demisto-sdk version: 0.0.0 (fake)' ;;
        zip-packs)
            mkdir -p "$5/uploadable_packs"
            exec python3 -c 'import os, sys, zipfile
        src, out = sys.argv[1], sys.argv[2]
        with zipfile.ZipFile(out, "w") as z:
            for d, _, fs in os.walk(src):
                for f in fs:
                    p = os.path.join(d, f)
                    z.write(p, os.path.relpath(p, src))' "$3" "$5/uploadable_packs/$(basename "$3").zip" ;;
        esac
        exit 0

        """
    try Data(script.utf8).write(to: URL(fileURLWithPath: bin + "/demisto-sdk"))
    chmod(bin + "/demisto-sdk", 0o755)
}

@Suite("phase roles: the commands ask the workflow, every shipped workflow releases with hooks installed")
struct PhaseRoleTests {
    @Test("the shipped workflows declare their roles; the JSON Schema lists exactly the loader's roles")
    func shippedRoles() throws {
        func roles(_ name: String) throws -> [String: String] {
            let workflow = try WorkflowLocator.load(name, root: "/")
            return Dictionary(uniqueKeysWithValues: workflow.phases.compactMap { p in p.role.map { ($0.rawValue, p.id) } })
        }
        #expect(
            try roles("xsoar-local") == [
                "feature-start": "develop", "create": "create", "commit": "commit",
                "release": "merge-tag", "build": "build-deploy",
            ])
        #expect(try roles("xsoar-marketplace") == ["feature-start": "develop", "create": "create", "commit": "commit"])
        #expect(try roles("minimal") == ["feature-start": "develop", "commit": "commit", "release": "release", "build": "build"])

        let data = try #require(FileManager.default.contents(atPath: SourceTree.root + "/Workflows/workflow.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let phase = try #require(((schema["$defs"] as? [String: Any])?["phase"] as? [String: Any])?["properties"] as? [String: Any])
        #expect((phase["role"] as? [String: Any])?["enum"] as? [String] == PhaseRole.names)
    }

    @Test("feature start and the hook follow the roles, not phase ids", arguments: [false, true])
    func renamedPhases(renamed: Bool) throws {
        // The same workflow with every phase renamed: the roles still say which is which.
        let name = { (id: String) in renamed ? "step-" + id : id }
        let text = """
            schema: 1
            id: renamed
            phases:
              - id: \(name("survey"))
              - id: \(name("create"))
                role: create
              - id: \(name("develop"))
                role: feature-start
              - id: \(name("commit"))
              - id: \(name("merge-tag"))
                role: release
            """
        let (workflow, problems) = WorkflowLoader.lint(data: Data(text.utf8), file: "renamed.yml")
        #expect(problems.isEmpty, "\(problems)")
        let flow = try #require(workflow)
        let mainPastCreate = BranchState(
            workflow: "renamed", phase: name("develop"),
            completed: [name("survey"), name("create")], updatedAt: "t")
        let start = FeatureStart.startState(workflow: flow, main: mainPastCreate, now: "t")
        #expect(start.phase == name("develop"))
        #expect(start.completed == [name("survey"), name("create")])
        let mainBeforeCreate = BranchState(workflow: "renamed", phase: name("survey"), completed: [], updatedAt: "t")
        #expect(FeatureStart.startState(workflow: flow, main: mainBeforeCreate, now: "t").phase == name("survey"))
        #expect(flow.phase(withRole: .release)?.id == name("merge-tag"))
    }

    /// feature start → checks (stand-ins) → commit through the hooks → merge → flow release → flow build.
    @Test(
        "every shipped workflow, hooks installed: feature, checks, commit, merge, release, build",
        arguments: ["minimal", "xsoar-local", "xsoar-marketplace"])
    func releaseUnderEveryShippedWorkflow(_ workflow: String) throws {
        let p = try PackRepo(packType: workflow == "xsoar-marketplace" ? "marketplace" : "local", workflow: workflow)
        try installZippingSDK(in: p.repo.base + "/fake-bin")
        let repo = p.repo
        try p.setUpRepository()
        let hasCreate = workflow != "minimal"
        if !hasCreate {
            // minimal has no create phase and no check phases: the pack is there from the start,
            // and the feature changes a file outside it (the hook checks evidence only for packs).
            #expect(try p.flow(["create", "--no-sdk"]).status == 0)
            try repo.apply([.stage(["."]), .commit("pack")])
        }
        #expect(try p.flow(["hooks", "install"]).status == 0)
        let start = try p.flow(["feature", "start", "hello"])
        #expect(start.status == 0, "\(start.stderr)")
        if hasCreate {
            try p.advance(from: "repo-setup", to: "create")
            try p.create()
            try p.advance(from: "create", to: "develop")
            try p.writeIntegration()
            for (from, to) in [("develop", "docs"), ("docs", "test"), ("test", "lint"), ("lint", "validate"), ("validate", "commit")] {
                try p.advance(from: from, to: to)
            }
        } else {
            #expect(start.stdout.contains("at phase develop"), "\(start.stdout)")
            try repo.apply([.write("NOTES.md", "hello\n"), .stage(["NOTES.md"])])
        }
        // flow init turned the seed's commit convention on: feat(<Pack>): ...
        let commit = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): Hello"])
        #expect(commit.succeeded, "the hooks refused the feature commit: \(commit.output)")
        try repo.git(["checkout", "-q", "main"])
        let merge = gitHooked(repo, ["merge", "-q", "--no-ff", "--no-edit", "feature/hello"])
        #expect(merge.succeeded, "\(merge.output)")
        let merged = try repo.git(["rev-parse", "HEAD"])

        let release = try p.flow(["release"])
        if workflow == "xsoar-marketplace" {
            // Marketplace packs are not tagged or zipped by you: refused before anything changes.
            #expect(release.status == 2, "\(release.stdout)\(release.stderr)")
            #expect(release.stderr.contains("workflow xsoar-marketplace has no release phase"), "\(release.stderr)")
            #expect(release.stderr.contains("open the PR against demisto/content"))
            #expect(try repo.git(["tag", "--list"]).isEmpty)
            #expect(try repo.git(["rev-parse", "HEAD"]) == merged)
            #expect(try repo.git(["status", "--porcelain"]).isEmpty)
            let build = try p.flow(["build"])
            #expect(build.status == 2, "\(build.stderr)")
            #expect(build.stderr.contains("marketplace packs are never zipped by you"), "\(build.stderr)")
            return
        }
        #expect(release.status == 0, "flow release under \(workflow): \(release.stdout)\(release.stderr)")
        #expect(try repo.git(["status", "--porcelain"]).isEmpty, "flow release left the tree dirty")
        #expect(try repo.git(["rev-parse", "v1.0.0^{commit}"]) == merged)
        #expect(try repo.git(["log", "-1", "--format=%s"]) == "version(Demo): bump to v1.0.1 for next development cycle")
        let tree = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        #expect(try repo.git(["log", "-1", "--format=%B"]).contains("Flow-Evidence: pack=Demo tree=\(tree) checks=release"))
        // main is recorded past the release phase, at the build phase.
        let status = try p.flow(["status", "--json"])
        let build = workflow == "minimal" ? "build" : "build-deploy"
        #expect(status.stdout.contains("\"phase\" : \"\(build)\""), "\(status.stdout)")

        try repo.git(["checkout", "-q", "v1.0.0"])
        let built = try p.flow(["build"])
        #expect(built.status == 0, "flow build under \(workflow): \(built.stdout)\(built.stderr)")
        #expect(try ZipCheck.packVersion(inZip: repo.base + "/zips/Demo-1.0.0.zip") == "1.0.0")
        #expect(try repo.git(["status", "--porcelain"]).isEmpty)
    }

    /// A hook of the team's own refuses the bump commit after the tag is made: flow says what it
    /// left and how to finish without touching the tag; `flow release` again then only commits.
    @Test(
        "a bump commit that fails after the tag: the state said, the tag kept, finished by flow release again",
        arguments: [false, true])
    func bumpCommitFailsAfterTheTag(undoTheBump: Bool) throws {
        let repo = try ReleasePackRepo.make()
        let hooks = repo.path + "/.git/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        try Data("#!/bin/sh\nif [ -e \"$(git rev-parse --git-dir)/block\" ]; then echo 'team hook: not now' >&2; exit 1; fi\n".utf8)
            .write(to: URL(fileURLWithPath: hooks + "/pre-commit"))
        chmod(hooks + "/pre-commit", 0o755)
        #expect(try ReleasePackRepo.flow(["hooks", "install"], repo).status == 0)
        try repo.write(".git/block", "")
        let released = try repo.git(["rev-parse", "HEAD"])

        let failed = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        for words in [
            "v1.0.0 is tagged on \(released.prefix(12))", "committing the version bump failed", "team hook: not now",
            "keep it, never move or delete it", "Packs/Demo/pack_metadata.json at 1.0.1",
            "Packs/Demo/ReleaseNotes/1_0_1.md staged on main, not committed", "main recorded at phase release",
            "fix: fix what git says above, then run `flow release` again",
        ] {
            #expect(failed.stderr.contains(words), "missing \(words): \(failed.stderr)")
        }
        #expect(!failed.stderr.contains("tag -d"))
        #expect(try repo.git(["rev-parse", "v1.0.0^{commit}"]) == released)
        #expect(try repo.git(["diff", "--cached", "--name-only"]) == "Packs/Demo/ReleaseNotes/1_0_1.md\nPacks/Demo/pack_metadata.json")

        if undoTheBump { try repo.git(["reset", "-q", "--hard"]) }
        try FileManager.default.removeItem(atPath: repo.path + "/.git/block")
        let finished = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(finished.status == 0, "\(finished.stdout)\(finished.stderr)")
        #expect(finished.stdout.contains("Tagged Demo 1.0.0 as v1.0.0"), "\(finished.stdout)")
        #expect(try repo.git(["rev-parse", "v1.0.0^{commit}"]) == released)
        #expect(try repo.git(["rev-parse", "HEAD~1"]) == released)
        #expect(try repo.git(["log", "-1", "--format=%s"]) == "version(Demo): bump to v1.0.1 for next development cycle")
        #expect(repo.read("Packs/Demo/pack_metadata.json") == ReleasePackRepo.metadata("1.0.1"))
        #expect(try repo.git(["status", "--porcelain"]).isEmpty)
        let verify = try ReleasePackRepo.flow(["verify", "commits", "--range", "HEAD~1..HEAD"], repo)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
