import FlowCore
import FlowKit
import Foundation
import Testing

/// One origin, three clones: the owner sets the repository up and releases, a teammate clones it
/// and works through the hooks flow installed for them, a third keeps an unmerged branch.
@Suite("a team on one repository", .serialized)
struct TeamTests {
    /// A clone of `origin` in its own directory, with an identity, driven through flow and git with hooks on.
    final class Clone {
        let dir: String
        let environment: [String: String]

        init(of origin: String, into dir: String, environment: [String: String]) throws {
            self.dir = dir
            self.environment = environment
            let cloned = ProcessRunner().run(
                ["git", "clone", "-q", origin, dir], in: nil, environment: ["GIT_CONFIG_NOSYSTEM": "1"],
                timeoutSeconds: 60)
            #expect(cloned.succeeded, "\(cloned.output)")
            for (key, value) in [("user.email", "mate@example.com"), ("user.name", "mate"), ("commit.gpgsign", "false")] {
                _ = try git(["config", key, value])
            }
        }

        func flow(_ args: [String]) throws -> FlowRun { try FlowBinary.run(args, in: dir, environment: environment) }

        func git(_ args: [String]) throws -> CommandResult {
            ProcessRunner().run(["git"] + args, in: dir, environment: ["GIT_CONFIG_NOSYSTEM": "1"], timeoutSeconds: 120)
        }

        func write(_ relative: String, _ text: String) throws {
            let full = dir + "/" + relative
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }

        func read(_ relative: String) -> String {
            String(decoding: FileManager.default.contents(atPath: dir + "/" + relative) ?? Data(), as: UTF8.self)
        }
    }

    static let notes = "Packs/Demo/ReleaseNotes/1_0_1.md"

    /// The stub `flow release` wrote, its placeholder replaced by one bullet.
    static func bullet(_ stub: String, _ text: String) -> String {
        stub.replacingOccurrences(of: "%%UPDATE_RN%%", with: text)
    }

    @discardableResult
    static func ok(_ result: CommandResult, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> CommandResult {
        #expect(result.succeeded, "\(what): \(result.output)", sourceLocation: sourceLocation)
        return result
    }

    @Test(
        "owner releases 1.0.0; a teammate's clone starts at develop with hooks, merges; release notes union; an unmerged branch elsewhere; 1.0.1"
    )
    func threeClones() throws {
        // The owner: flow init installs the hooks and writes .gitattributes.
        let p = try PackRepo(packType: "local", workflow: "minimal")
        let owner = p.repo
        #expect(FileManager.default.fileExists(atPath: owner.path + "/.git/hooks/pre-commit"), "flow init installs the hooks")
        #expect(owner.read(".gitattributes")?.contains("Packs/*/ReleaseNotes/*.md merge=union") == true, "flow init writes .gitattributes")
        // Every commit of the owner's goes through the hooks, with the subjects flow suggests.
        try owner.git(["remote", "add", "origin", p.origin.path])
        try owner.apply([.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n"), .write("Packs/.gitkeep", "")])
        try owner.git(["add", "--", ".gitignore", ".gitattributes", ".flow/config.yml", "Packs/.gitkeep"])
        Self.ok(gitHooked(owner, ["commit", "-q", "-m", GitRepositoryGate.setUpSubject]), "the set-up commit")
        #expect(try p.flow(["create", "--no-sdk"]).status == 0)
        try owner.git(["add", "--", "Packs/Demo"])
        Self.ok(gitHooked(owner, ["commit", "-q", "-m", "feat(Demo): create the pack"]), "the create commit")
        let first = try p.flow(["feature", "start", "hello"])
        #expect(first.stdout.contains("at phase develop"), "\(first.stdout)")
        try owner.apply([.write("NOTES.md", "hello\n"), .stage(["NOTES.md"])])
        Self.ok(gitHooked(owner, ["commit", "-q", "-m", "docs: notes"]), "owner's feature commit")
        try owner.git(["checkout", "-q", "main"])
        Self.ok(gitHooked(owner, ["merge", "-q", "--no-ff", "--no-edit", "feature/hello"]), "owner's merge")
        let released = try p.flow(["release"])
        #expect(released.status == 0, "\(released.stdout)\(released.stderr)")
        let stub = owner.read(Self.notes) ?? ""
        #expect(stub.contains("%%UPDATE_RN%%"), "the bump writes the next version's stub: \(stub)")

        // After the release, main's next step is a feature branch, not flow release.
        let after = try p.flow(["status"])
        #expect(after.stdout.contains("next: flow feature start NAME"), "\(after.stdout)")
        #expect(!after.stdout.contains("flow release"), "\(after.stdout)")
        Self.ok(gitHooked(owner, ["push", "-q", "origin", "main", "v1.0.0"]), "owner's push")

        let environment = p.commonServer.merging(["FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows", "PATH": p.path]) { $1 }
        // The teammate: a plain clone, no flow command run before `flow feature start`.
        let mate = try Clone(of: p.origin.path, into: owner.base + "/mate", environment: environment)
        let status = try mate.flow(["status"])
        #expect(
            status.stderr.contains("flow's git hooks are missing") && status.stderr.contains("run flow hooks install"),
            "a clone without hooks is told: \(status.stderr)")
        let started = try mate.flow(["feature", "start", "mate-change"])
        #expect(started.status == 0, "\(started.stdout)\(started.stderr)")
        #expect(started.stdout.contains("at phase develop"), "a clone of a set-up repository starts at develop: \(started.stdout)")
        #expect(FileManager.default.fileExists(atPath: mate.dir + "/.git/hooks/pre-commit"), "feature start installed the hooks")
        #expect(!(try mate.flow(["status"])).stderr.contains("hooks are"), "hooks in place: no warning")
        // An artifact is refused by the hooks the teammate never installed by hand.
        try mate.write("AcmeExport.ZIP", "zip")
        Self.ok(try mate.git(["add", "-f", "AcmeExport.ZIP"]), "stage the zip")
        #expect(!(try mate.git(["commit", "-q", "-m", "docs: export"])).succeeded, "the hook refuses a staged zip")
        Self.ok(try mate.git(["rm", "-q", "--cached", "AcmeExport.ZIP"]), "unstage")
        try FileManager.default.removeItem(atPath: mate.dir + "/AcmeExport.ZIP")
        try mate.write(Self.notes, Self.bullet(stub, "Greets in French."))
        Self.ok(try mate.git(["add", Self.notes]), "stage the notes")
        Self.ok(try mate.git(["commit", "-q", "-m", "docs(Demo): French greeting"]), "teammate's commit through the hooks")
        Self.ok(try mate.git(["push", "-q", "origin", "feature/mate-change"]), "teammate's push")

        // The owner's own feature of the same cycle adds its bullet to the same file.
        #expect(try p.flow(["feature", "start", "german"]).status == 0)
        try owner.write(Self.notes, Self.bullet(stub, "Greets in German."))
        try owner.git(["add", Self.notes])
        Self.ok(gitHooked(owner, ["commit", "-q", "-m", "docs(Demo): German greeting"]), "owner's second feature")

        // The teammate merges their feature into main and pushes it.
        Self.ok(try mate.git(["checkout", "-q", "main"]), "teammate to main")
        Self.ok(try mate.git(["merge", "-q", "--no-ff", "--no-edit", "feature/mate-change"]), "teammate's merge through the hooks")
        Self.ok(try mate.git(["push", "-q", "origin", "main"]), "teammate pushes main")

        // A third clone keeps an unmerged branch, pushed.
        let third = try Clone(of: p.origin.path, into: owner.base + "/third", environment: environment)
        #expect(try third.flow(["feature", "start", "wip-idea"]).status == 0)
        try third.write("IDEAS.md", "later\n")
        Self.ok(try third.git(["add", "IDEAS.md"]), "stage")
        Self.ok(try third.git(["commit", "-q", "-m", "docs: ideas"]), "third's commit")
        Self.ok(try third.git(["push", "-q", "origin", "feature/wip-idea"]), "third's push")

        // The owner merges the German feature, pulls main: the two bullets meet without a conflict.
        try owner.git(["checkout", "-q", "main"])
        Self.ok(gitHooked(owner, ["merge", "-q", "--no-ff", "--no-edit", "feature/german"]), "owner merges German")
        Self.ok(gitHooked(owner, ["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"]), "owner pulls the teammate's work")
        let merged = owner.read(Self.notes) ?? ""
        #expect(
            merged.contains("- Greets in French.") && merged.contains("- Greets in German.") && !merged.contains("<<<<<<<"),
            "both bullets, no conflict: \(merged)")
        let context = try makeContext(owner, config: ProjectConfig(packs: ["Demo"]), pack: "Demo")
        #expect(try PackReleaseNotesGate.evaluate(GateParams(), context).passed, "pack.release-notes on the merged file")
        #expect(try DocsReleaseNotesFormatGate.evaluate(GateParams(), context).passed, "docs.release-notes-format on the merged file")

        // The third's branch, fetched into the owner's clone, does not block 1.0.1.
        try owner.git(["fetch", "-q", "origin"])
        try owner.git(["branch", "feature/wip-idea", "origin/feature/wip-idea"])  // a local branch too, unmerged
        let second = try p.flow(["release"])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect((try? owner.git(["rev-parse", "-q", "--verify", "v1.0.1^{commit}"])) != nil, "1.0.1 is tagged")
        // The whole history, as CI on a fresh clone verifies it: from the root commit (the one
        // before flow was set up), not only from the first release.
        let root = try owner.git(["rev-list", "--max-parents=0", "HEAD"])
        for range in ["v1.0.0..HEAD", "\(root)..HEAD"] {
            let verified = try p.flow(["verify", "commits", "--range", range])
            #expect(verified.status == 0, "\(range): \(verified.stdout)\(verified.stderr)")
        }
        let fresh = try Clone(of: p.origin.path, into: owner.base + "/ci", environment: environment)
        Self.ok(try fresh.git(["fetch", "-q", "origin"]), "CI fetches")
        try owner.git(["push", "-q", "origin", "main", "v1.0.1"])
        Self.ok(try fresh.git(["pull", "-q", "--ff-only", "origin", "main"]), "CI checks out main")
        let ci = try fresh.flow(["verify", "commits", "--range", "\(root)..HEAD"])
        #expect(ci.status == 0, "a fresh clone verifies the whole history: \(ci.stdout)\(ci.stderr)")
    }

    @Test("under xsoar-local, a fresh clone of a repository with its pack on main starts its first feature at develop, past create")
    func freshCloneIsPastCreate() throws {
        let origin = try TempRepo(bare: true)
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "workflow: xsoar-local\npacks: [Demo]\ncommonServer: stand-ins\n")
        try repo.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n")
        try repo.write("Packs/Demo/pack_metadata.json", ReleasePackRepo.metadata("1.0.1"))
        try repo.write("Packs/Demo/ReleaseNotes/1_0_1.md", "\n#### Scripts\n\n##### Hello\n\n- %%UPDATE_RN%%\n")
        try repo.apply([.stage(["."]), .commit("chore: set up the repository"), .remote("origin", url: origin.path)])
        try repo.git(["push", "-q", "origin", "main"])

        let mate = try Clone(
            of: origin.path, into: repo.base + "/mate",
            environment: ["FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows"])
        let main = try mate.flow(["status", "--json"])
        #expect(main.stdout.contains("\"phase\" : \"develop\""), "main of a clone is past set-up and create: \(main.stdout)")
        let started = try mate.flow(["feature", "start", "mate-change"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains("at phase develop"), "not survey, not create: \(started.stdout)")
    }

    @Test("a teammate's pushed branch whose commits carry Flow-Evidence for its pack trees is at the commit phase in another clone")
    func teammatesBranchAtCommit() throws {
        let origin = try TempRepo(bare: true)
        let repo = try evidenceRepo(branch: nil)
        try repo.git(["remote", "add", "origin", origin.path])
        try repo.git(["push", "-q", "origin", "main"])
        try repo.git(["checkout", "-q", "-b", "feature/x"])
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
        try repo.git(["add", "-A"])
        try passStandInChecks(repo)
        Self.ok(gitHooked(repo, ["commit", "-q", "-m", "friendlier"]), "commit with evidence")
        Self.ok(gitHooked(repo, ["push", "-q", "origin", "feature/x"]), "push")

        let mate = try Clone(of: origin.path, into: repo.base + "/mate", environment: [:])
        Self.ok(try mate.git(["checkout", "-q", "feature/x"]), "checkout the teammate's branch")
        let status = try mate.flow(["status", "--json"])
        #expect(status.stdout.contains("\"phase\" : \"commit\""), "derived from the trailers: \(status.stdout)")
        // Without evidence for its tip (a later edit), the branch is at develop.
        try mate.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hey'\n")
        Self.ok(try mate.git(["commit", "-q", "--no-verify", "-am", "edit"]), "an unchecked edit")
        let later = try mate.flow(["status", "--json"])
        #expect(later.stdout.contains("\"phase\" : \"develop\""), "\(later.stdout)")
    }

    @Test("hooks: manual leaves the hooks alone; husky's hooks directory is named with what to add")
    func manualAndHusky() throws {
        let repo = try evidenceRepo()
        try repo.write(".flow/config.yml", (repo.read(".flow/config.yml") ?? "") + "hooks: manual\n")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["commit", "-q", "--no-verify", "-am", "manual hooks"])
        let started = try flowIn(repo, ["feature", "start", "y"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/pre-commit"), "hooks: manual installs nothing")
        #expect(!started.stderr.contains("hooks are"), "hooks: manual is not warned about: \(started.stderr)")

        try repo.write(".husky/pre-commit", "npx lint-staged\n")
        try repo.git(["config", "core.hooksPath", ".husky"])
        let doctor = try flowIn(repo, ["doctor"])
        #expect(doctor.stdout.contains("husky owns the hooks (core.hooksPath .husky)"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("add the line `flow hook pre-commit \"$@\"` to .husky/pre-commit"), "\(doctor.stdout)")
        let install = try flowIn(repo, ["hooks", "install"])
        #expect(install.status == 1, "\(install.stdout)\(install.stderr)")
        #expect(repo.read(".husky/pre-commit") == "npx lint-staged\n", "husky's committed hook is left as it was")
        for name in ["pre-commit", "pre-merge-commit", "commit-msg", "pre-push"] {
            try repo.write(".husky/\(name)", "npx lint-staged\nflow hook \(name) \"$@\"\n")
        }
        let fine = try flowIn(repo, ["doctor"])
        #expect(fine.stdout.contains("husky (core.hooksPath .husky) calls flow hook in each hook"), "\(fine.stdout)")
    }

    @Test("lefthook's hooks in .git/hooks are chained: they run first, and doctor says so")
    func lefthookChained() throws {
        let repo = try evidenceRepo()
        let hooks = repo.path + "/.git/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        try Data("#!/bin/sh\n# lefthook generated\necho lefthook-ran >> \"$(git rev-parse --git-dir)/lefthook.log\"\n".utf8)
            .write(to: URL(fileURLWithPath: hooks + "/pre-commit"))
        chmod(hooks + "/pre-commit", 0o755)
        let before = try flowIn(repo, ["status"])
        #expect(
            before.stderr.contains("stale (pre-commit") && before.stderr.contains("missing (pre-merge-commit, commit-msg, pre-push)"),
            "\(before.stderr)")
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        let doctor = try flowIn(repo, ["doctor"])
        #expect(doctor.stdout.contains("chained to lefthook's hooks"), "\(doctor.stdout)")
        try repo.write("NOTES.md", "x\n")
        try repo.git(["add", "NOTES.md"])
        #expect(gitHooked(repo, ["commit", "-q", "-m", "notes"]).succeeded)
        #expect(repo.read(".git/lefthook.log") == "lefthook-ran\n", "lefthook's hook still runs")
        #expect(!(try flowIn(repo, ["status"])).stderr.contains("hooks are"))
    }

    @Test("hooks written for another flow binary are stale: every command says so, doctor too; the union line follows packsRoot")
    func staleHooksAndPacksRoot() throws {
        let repo = try evidenceRepo()
        let missing = try flowIn(repo, ["doctor"])
        #expect(
            missing.stdout.contains("missing: pre-commit, pre-merge-commit, commit-msg, pre-push: nothing is checked at commit"),
            "\(missing.stdout)")
        _ = try HooksInstaller.open(at: repo.path).install(flowPath: "/opt/old-flow/bin/flow")
        for args in [["status"], ["next", "--dry-run"], ["check"]] {
            let run = try flowIn(repo, args)
            let lines = run.stderr.split(separator: "\n").filter { $0.contains("git hooks are") }
            #expect(
                lines.count == 1 && lines[0].contains("stale (pre-commit, pre-merge-commit, commit-msg, pre-push")
                    && lines[0].hasSuffix("run flow hooks install"), "flow \(args[0]): \(run.stderr)")
        }
        let doctor = try flowIn(repo, ["doctor"])
        #expect(doctor.stdout.contains("for another flow binary"), "\(doctor.stdout)")
        #expect(try flowIn(repo, ["hooks", "install"]).status == 0)
        #expect(!(try flowIn(repo, ["status"])).stderr.contains("git hooks are"))

        #expect(GitAttributes.releaseNotesLine(packsRoot: "Content/Packs") == "Content/Packs/*/ReleaseNotes/*.md merge=union")
        #expect(try GitAttributes.ensureReleaseNotesUnion(root: repo.path, packsRoot: "Content/Packs"))
        #expect(!(try GitAttributes.ensureReleaseNotesUnion(root: repo.path, packsRoot: "Content/Packs")), "written once")
    }
}
