import FlowCore
import FlowKit
import Foundation
import Testing

/// What a commit, a release and CI need comes from the workflow file alone: its phases' check
/// actions and gates. A workflow without a test phase asks for no test; a workflow that names
/// its phases otherwise gets fixes naming its phases; a repository tunes a shipped workflow with
/// `extends:` instead of copying it.
@Suite("the workflow is the policy")
struct WorkflowPolicyTests {
    static func load(_ text: String) throws -> Workflow {
        try WorkflowLoader.load(data: Data(text.utf8), file: "wf.yml")
    }

    static func lint(_ text: String) -> [String] {
        WorkflowLoader.lint(data: Data(text.utf8), file: "wf.yml").1.map(\.description)
    }

    @Test("each shipped workflow's commit policy is what its phases before the commit phase declare")
    func policyFromTheShippedWorkflows() throws {
        let minimal = try WorkflowLocator.load("minimal", root: "/")
        #expect(CommitPolicy(workflow: minimal, scope: .staged).checks.isEmpty)
        // What a pack is holds under every workflow: its files are its own (no link, no submodule).
        #expect(CommitPolicy(workflow: minimal, scope: .staged).uses.map(\.id) == [PackNoLinksGate.id])
        for name in ["xsoar-local", "xsoar-marketplace"] {
            let workflow = try WorkflowLocator.load(name, root: "/")
            let policy = CommitPolicy(workflow: workflow, scope: .staged)
            #expect(policy.checks == ["test", "lint", "validate"].map { RequiredCheck(check: $0, phase: $0) }, "\(name)")
            #expect(policy.uses.contains { $0.id == PackLogoGate.id })
            #expect(policy.uses.contains { $0.id == PackNoLinksGate.id })
        }
    }

    static let noLogo = """
        schema: 1
        id: acme
        extends: xsoar-local
        phases:
          - id: develop
            drop: [pack.logo]
          - id: validate
            drop: [pack.logo]
          - id: create
            add:
              - {id: pack.release-notes, with: {initial: optional}}
          - id: scan
            after: lint
            title: Security scan
            action: {check: scan, run: ["true"]}

        """

    @Test("extends: a shipped workflow with a gate dropped, a gate re-parametered and a phase added")
    func extendsTunesWithoutCopying() throws {
        let workflow = try Self.load(Self.noLogo)
        let shipped = try WorkflowLocator.load("xsoar-local", root: "/")
        #expect(workflow.id == "acme")
        #expect(workflow.title == shipped.title)
        #expect(
            workflow.phases.map(\.id) == [
                "survey", "repo-setup", "create", "develop", "docs", "test", "lint", "scan",
                "validate", "commit", "merge-tag", "build-deploy",
            ])
        let policy = CommitPolicy(workflow: workflow, scope: .staged)
        #expect(!policy.uses.contains { $0.id == PackLogoGate.id })
        #expect(policy.uses.contains { $0.id == PackReleaseNotesGate.id && $0.params.string("initial", default: "") == "optional" })
        #expect(
            !policy.uses.contains { $0.id == PackReleaseNotesGate.id && $0.params.values.isEmpty } == false,
            "docs keeps its own pack.release-notes")
        #expect(policy.checkNames == ["test", "lint", "scan", "validate"])
        // The phases it does not name are the shipped ones, roles and actions included.
        #expect(workflow.phase("merge-tag") == shipped.phase("merge-tag"))
        #expect(workflow.phase(withRole: .commit)?.id == "commit")
    }

    @Test("extends: mistakes are reported where they are, as any workflow problem")
    func extendsProblems() {
        #expect(Self.lint("id: a\nextends: nosuch\n").first?.contains("no shipped workflow named nosuch") == true)
        #expect(Self.lint("id: a\nextends: ./mine.yml\n").first?.contains("`extends` names a shipped workflow") == true)
        #expect(
            Self.lint("id: a\nextends: minimal\nphases:\n  - id: develop\n    drop: [pack.logo]\n").first?
                .contains("wf.yml:5:12: phase develop has no gate pack.logo to drop") == true)
        #expect(
            Self.lint("id: a\nextends: minimal\nphases:\n  - id: merge\n    remove: true\n").first?
                .contains("phase commit moves to merge, which this workflow removes") == true)
        #expect(
            Self.lint("id: a\nextends: minimal\nphases:\n  - id: x\n    after: nowhere\n").first?
                .contains("`after` names no phase") == true)
        #expect(
            Self.lint("id: a\nextends: minimal\nphases:\n  - id: develop\n    after: survey\n").first?
                .contains("unknown key `after`") == true)
        #expect(Self.lint("id: a\nphases:\n  - id: develop\n    drop: [git.branch]\n").first?.contains("unknown key `drop`") == true)
        #expect(
            Self.lint("id: a\nextends: minimal\nphases:\n  - id: develop\n    add: [no.such]\n").first?
                .contains("unknown gate id no.such") == true)
        #expect(Self.lint("id: a\nextends: minimal\n").isEmpty)
    }

    /// A repository on the shipped minimal workflow, set up and pushed, with flow's hooks.
    static func minimalRepo() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.git(["init", "-q", "--bare", repo.base + "/origin.git"])
        try repo.apply([.remote("origin", url: repo.base + "/origin.git")])
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: minimal\npacks: [Demo]\nzipDir: \(repo.base)/zips\n")
        try repo.write(".gitignore", "*.zip\n")
        try repo.write(".private-repo-settings", "")
        try repo.write("Packs/Demo/pack_metadata.json", ReleasePackRepo.metadata("1.0.0"))
        try repo.write("Packs/Demo/README.md", "# Demo\n\nA demo pack.\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n")
        try repo.write("Packs/Demo/Scripts/Hello/Hello.yml", ReleasePackRepo.helloYAML)
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", ReleasePackRepo.notes)
        try repo.apply([.stage(["."]), .commit("Set up the repository")])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        return repo
    }

    @Test("under the shipped minimal workflow a pack change is committed through the hooks, merged, released and built")
    func minimalWalksToABuiltRelease() throws {
        let repo = try Self.minimalRepo()
        let environment = XsoarTools.bin.map { ["PATH": XsoarTools.path($0)] } ?? [:]
        let start = try FlowBinary.run(["feature", "start", "more-docs"], in: repo.path, environment: environment)
        #expect(start.status == 0, "\(start.stdout)\(start.stderr)")
        try repo.write("Packs/Demo/README.md", "# Demo\n\nA demo pack, documented.\n")
        #expect(gitHooked(repo, ["add", "Packs/Demo/README.md"]).succeeded)
        // The old hook asked every workflow for test, lint and validate: "test has not run … flow goto test".
        let commit = gitHooked(repo, ["commit", "-q", "-m", "docs(Demo): say more"])
        #expect(commit.succeeded, "\(commit.output)")
        #expect(!commit.output.contains("flow goto test"))
        #expect(gitHooked(repo, ["checkout", "-q", "main"]).succeeded)
        let merge = gitHooked(repo, ["merge", "-q", "--no-ff", "--no-edit", "feature/more-docs"])
        #expect(merge.succeeded, "\(merge.output)")
        let release = try FlowBinary.run(["release"], in: repo.path, environment: environment)
        #expect(release.status == 0, "\(release.stdout)\(release.stderr)")
        #expect(release.stdout.contains("validate: none"), "minimal's release phase runs no action: \(release.stdout)")
        #expect(try repo.git(["cat-file", "-t", "v1.0.0"]) == "tag")
        let setUp = try repo.git(["rev-list", "--max-parents=0", "main"])
        let verify = try FlowBinary.run(["verify", "commits", "--range", "\(setUp)..main"], in: repo.path)
        #expect(verify.status == 0, "verify: \(verify.stdout)\(verify.stderr)")
        guard XsoarTools.installed else { return }  // flow build zips with demisto-sdk
        try repo.git(["checkout", "-q", "v1.0.0"])
        let build = try FlowBinary.run(["build"], in: repo.path, environment: environment)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(
            FileManager.default.fileExists(atPath: repo.base + "/zips/Demo-1.0.0.zip")
                || ((try? FileManager.default.contentsOfDirectory(atPath: repo.base + "/zips")) ?? []).contains { $0.hasSuffix(".zip") })
    }

    @Test("a missing check's fix names the phase of this workflow that runs it")
    func fixNamesTheWorkflowsPhase() throws {
        let repo = try TempRepo()
        try repo.write(
            ".flow/workflow.yml",
            """
            schema: 1
            id: unit-tested
            extends: minimal
            phases:
              - id: unit
                after: develop
                title: Unit tests
                action: {check: test, run: ["true"]}

            """)
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: .flow/workflow.yml\npacks: [Demo]\n")
        try repo.write("Packs/Demo/pack_metadata.json", ReleasePackRepo.metadata("1.0.0"))
        try repo.apply([.stage(["."]), .commit("Set up the repository"), .branch("feature/x")])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/README.md", "# Demo\n")
        #expect(gitHooked(repo, ["add", "."]).succeeded)
        let refused = gitHooked(repo, ["commit", "-q", "-m", "feat(Demo): readme"])
        #expect(!refused.succeeded)
        #expect(refused.output.contains("test has not run on Demo"), "\(refused.output)")
        #expect(refused.output.contains("flow goto unit && flow next"), "\(refused.output)")
        #expect(!refused.output.contains("flow goto test"), "\(refused.output)")
    }

    @Test("flow release judges main: an unrelated unmerged branch does not block it")
    func unmergedBranchDoesNotBlockRelease() throws {
        let repo = try ReleasePackRepo.make()
        try repo.apply([
            .branch("feature/wip-idea"), .write("idea.txt", "later\n"), .stage(["idea.txt"]), .commit("wip"),
            .checkout("main"),
        ])
        let run = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stderr.contains("feature/wip-idea"))
        #expect(try repo.git(["cat-file", "-t", "v1.0.0"]) == "tag")
    }
}
