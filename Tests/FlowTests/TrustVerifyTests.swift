import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 13, CI is the authority: `flow verify commits` gates every pack a commit touches, with
/// the base branch's rules, on each commit's own tree, merges included.
@Suite("trust: flow verify commits")
struct TrustVerifyTests {
    /// The xsoar-local pack committed on main (a sound pack for the content gates), then feature/x.
    static func repo() throws -> TempRepo {
        let repo = try TempRepo()
        try TrustReadme.scene(repo)
        try repo.apply([.stage(["."]), .commit("pack"), .branch("feature/x")])
        return repo
    }

    /// Appends trailers to HEAD's message: for each pack, its tree in HEAD unless given.
    static func trail(_ repo: TempRepo, _ packs: [(String, String?)] = [("Demo", nil)], checks: String = "test,lint,validate") throws {
        var message = try repo.git(["log", "-1", "--format=%B"]) + "\n"
        for (pack, tree) in packs {
            let actual = try tree ?? repo.git(["rev-parse", "HEAD:Packs/\(pack)"])
            message += "\nFlow-Evidence: pack=\(pack) tree=\(actual) checks=\(checks)"
        }
        try repo.git(["commit", "-q", "--amend", "--no-verify", "-m", message])
    }

    static func verify(_ repo: TempRepo, _ range: String = "main..HEAD") throws -> FlowRun {
        try ReleasePackRepo.flow(["verify", "commits", "--range", range], repo)
    }

    @Test("a checked commit passes; a commit touching no pack needs no trailer")
    func noPackNoTrailer() throws {
        let repo = try Self.repo()
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("More words.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("More words.")), .stage(["."]), .commit("docs"),
        ])
        try Self.trail(repo)
        try repo.apply([.write("README.md", "root readme\n"), .write(".github/x.yml", "a: 1\n"), .stage(["."]), .commit("root only")])
        let run = try Self.verify(repo)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("Checked 2 commit(s)"))
    }

    @Test("content gates run on each commit's tree: an em dash committed with a valid trailer fails")
    func contentGatesPerCommit() throws {
        let repo = try Self.repo()
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("A pack \u{2014} dashed.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("A pack \u{2014} dashed.")), .stage(["."]), .commit("dash"),
        ])
        try Self.trail(repo)
        let run = try Self.verify(repo)
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("pack Demo: docs.ascii"), "\(run.stdout)")
    }

    @Test("the base branch's rules count: a PR that switches to a laxer workflow and drops the pack is still gated")
    func baseRulesWin() throws {
        let repo = try Self.repo()
        let config = try #require(repo.read(".flow/config.yml"))
        try repo.write(
            ".flow/config.yml",
            config.replacingOccurrences(of: "xsoar-local", with: "minimal")
                .replacingOccurrences(of: "  - Demo\n", with: ""))
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("A pack \u{2014} dashed.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("A pack \u{2014} dashed.")), .stage(["."]), .commit("lax"),
        ])
        try Self.trail(repo)
        let run = try Self.verify(repo)
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("pack Demo: docs.ascii"), "\(run.stdout)")
    }

    @Test("a pack not in the configuration, or renamed, needs its trailer too")
    func everyPackDirectory() throws {
        let repo = try Self.repo()
        try repo.apply([.write("Packs/Other/README.md", "# Other\n"), .stage(["."]), .commit("other")])
        let other = try Self.verify(repo)
        #expect(other.status == 1)
        #expect(other.stdout.contains("no Flow-Evidence trailer for pack Other"), "\(other.stdout)")

        let renamed = try Self.repo()
        try renamed.git(["mv", "Packs/Demo", "Packs/Renamed"])
        try renamed.apply([.commit("rename")])
        let run = try Self.verify(renamed)
        #expect(run.status == 1)
        #expect(run.stdout.contains("no Flow-Evidence trailer for pack Renamed"), "\(run.stdout)")
    }

    @Test("an evil merge (pack content changed while merging) needs evidence; a clean merge does not")
    func evilMerge() throws {
        let repo = try Self.repo()
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("x side.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("x side.")), .stage(["."]), .commit("x"),
        ])
        try Self.trail(repo)
        try repo.apply([.checkout("main"), .branch("feature/y"), .write("docs.txt", "y\n"), .stage(["."]), .commit("y")])
        try repo.apply([.merge("feature/x")])
        let clean = try Self.verify(repo)
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.stdout.contains("1 merge(s) skipped"), "the merge takes Demo from feature/x as it is")

        try repo.git(["reset", "-q", "--hard", "HEAD~1"])
        try repo.git(["merge", "-q", "--no-ff", "-n", "--no-commit", "feature/x"])
        try repo.write("Packs/Demo/README.md", TrustReadme.text("changed while merging."))
        try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("changed while merging."))
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "--no-verify", "--no-edit"])
        let evil = try Self.verify(repo)
        #expect(evil.status == 1, "\(evil.stdout)")
        #expect(evil.stdout.contains("Merge branch"), "\(evil.stdout)")
        #expect(evil.stdout.contains("no Flow-Evidence trailer for pack Demo"))
    }

    @Test("squash/fixup: of several trailers the one naming the final tree counts")
    func squashedTrailers() throws {
        let repo = try Self.repo()
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("first.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("first.")), .stage(["."]), .commit("first"),
        ])
        let firstTree = try repo.git(["rev-parse", "HEAD:Packs/Demo"])
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("second.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("second.")), .stage(["."]), .commit("fixup"),
        ])
        try repo.git(["reset", "-q", "--soft", "HEAD~2"])
        try repo.git(["commit", "-q", "--no-verify", "-m", "squashed"])
        try Self.trail(repo, [("Demo", firstTree), ("Demo", nil)])
        let run = try Self.verify(repo)
        #expect(run.status == 0, "\(run.stdout)")
    }

    @Test("docs.updated-with-change is asked in CI of the range's whole change, as the hook asks it of the branch's")
    func docsWithTheChangeInCI() throws {
        let repo = try Self.repo()
        try repo.apply([.write("Packs/Demo/README.md", TrustReadme.text("No notes.")), .stage(["."]), .commit("docs only")])
        try Self.trail(repo)
        let run = try Self.verify(repo)
        #expect(run.status == 1, "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "pack Demo: docs.updated-with-change (the range's change): pack Demo: Packs/Demo/README.md changed but "
                    + "Packs/Demo/ReleaseNotes/1_0_0.md did not"), "\(run.stdout)")
        // The notes in a later commit of the same range: the range's change is whole.
        try repo.apply([.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("No notes.")), .stage(["."]), .commit("notes")])
        try Self.trail(repo)
        let whole = try Self.verify(repo)
        #expect(whole.status == 0, "\(whole.stdout)")

        // The tip also lacks the hooks' trailer: its fix stays the one command (the hook it runs names the docs).
        let bare = try Self.repo()
        try bare.apply([.write("Packs/Demo/README.md", TrustReadme.text("No hooks.")), .stage(["."]), .commit("no hooks")])
        let both = try Self.verify(bare)
        #expect(both.status == 1, "\(both.stdout)")
        #expect(both.stdout.contains("docs.updated-with-change (the range's change)"), "\(both.stdout)")
        let fixes = both.stdout.split(separator: "\n").filter { $0.contains("fix:") }
        #expect(fixes.count == 1 && fixes[0].hasSuffix("fix: git commit --amend --no-edit"), "\(both.stdout)")
    }

    @Test("S41 per commit in CI: a second commit with code only (--no-verify) is refused; with its bullet and README it passes")
    func docsPerCommitInCI() throws {
        func branch(secondWithDocs: Bool) throws -> FlowRun {
            let repo = try Self.repo()
            try repo.apply([
                .write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hi'\n"),
                .write("Packs/Demo/Scripts/Hello/Hello_test.py", "def test_hello():\n    assert True\n"),
                .write("Packs/Demo/README.md", TrustReadme.text("Hello says hi.")),
                .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("Says hi.")), .stage(["."]), .commit("feat(Demo): hello"),
            ])
            try Self.trail(repo)
            try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'hello'\n")
            if secondWithDocs {
                try repo.write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("Says hi.") + "- Says hello in full.\n")
                try repo.write("Packs/Demo/README.md", TrustReadme.text("Hello says hello in full."))
            }
            try repo.apply([.stage(["."]), .commit("fix(Demo): second")])
            try Self.trail(repo)
            return try Self.verify(repo)
        }
        let codeOnly = try branch(secondWithDocs: false)
        #expect(codeOnly.status == 1, "\(codeOnly.stdout)")
        #expect(
            codeOnly.stdout.contains(
                "pack Demo: docs.updated-with-change (this commit): pack Demo: this commit changes Scripts/Hello code or YAML but "
                    + "not Packs/Demo/ReleaseNotes/1_0_0.md"), "\(codeOnly.stdout)")
        #expect(!codeOnly.stdout.contains("the range's change"), "\(codeOnly.stdout)")
        let documented = try branch(secondWithDocs: true)
        #expect(documented.status == 0, "\(documented.stdout)")
    }

    @Test("a build artifact committed past the hook is refused in CI, by name or by content, in any commit of the range")
    func artifactsInCI() throws {
        let repo = try Self.repo()
        try repo.write("Demo-1.0.0.zip", [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        try repo.apply([.stage(["."]), .commit("build output")])
        try repo.write("docs/notes.docx.bin", [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26))
        try repo.apply([.stage(["."]), .commit("a zip under another name")])
        try repo.git(["rm", "-q", "--cached", "Demo-1.0.0.zip", "docs/notes.docx.bin"])
        try repo.apply([.commit("take them out")])
        let run = try Self.verify(repo)
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("git.no-artifacts: committed build artifact: Demo-1.0.0.zip"), "\(run.stdout)")
        #expect(
            run.stdout.contains("git.no-artifacts: committed file is a zip archive by its content: docs/notes.docx.bin"), "\(run.stdout)")
        #expect(!run.stdout.contains("take them out\n       git.no-artifacts"), "removing them is no artifact: \(run.stdout)")
        // A range without one passes.
        let clean = try Self.repo()
        try clean.apply([.write("docs/notes.md", "notes\n"), .stage(["."]), .commit("notes")])
        #expect(try Self.verify(clean).status == 0)
    }

    @Test("rebase --autosquash of checked work: the fixup's trailer is gone; the fix is the amend that writes it")
    func autosquashedFixup() throws {
        let repo = try Self.repo()
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("first.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("first.")), .stage(["."]), .commit("feat(Demo): first"),
        ])
        try Self.trail(repo)
        let message = try repo.git(["log", "-1", "--format=%B"])
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("second.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("second.")), .stage(["."]), .commit("fixup! feat(Demo): first"),
        ])
        try Self.trail(repo)
        // What `git rebase -i --autosquash` leaves: the fixup's content under the first message, its trailer dropped.
        try repo.git(["reset", "-q", "--soft", "HEAD~2"])
        try repo.git(["commit", "-q", "--no-verify", "-m", message])
        try repo.apply([.write("NOTES.md", "notes\n"), .stage(["."]), .commit("docs: notes")])
        let run = try Self.verify(repo)
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("is not the committed tree"), "\(run.stdout)")
        // Not the last commit: every commit goes through the hooks again, in one command.
        #expect(run.stdout.contains("fix: git rebase --exec 'git commit --amend --no-edit' main"), "\(run.stdout)")
        #expect(!run.stdout.contains("git rebase -i"), "\(run.stdout)")

        // The first tree is checked: the squashed commit's tree equal to it passes without a trailer of its own.
        let again = try Self.repo()
        try again.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("first.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("first.")), .stage(["."]), .commit("first"),
        ])
        try Self.trail(again)
        try again.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("second.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("second.")), .stage(["."]), .commit("second"),
        ])
        try Self.trail(again)
        try again.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("first.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("first.")), .stage(["."]), .commit("back to first"),
        ])
        let back = try Self.verify(again)
        #expect(back.status == 0, "\(back.stdout)")
    }

    @Test("revert and cherry-pick run no pre-commit hook: verify names them; a revert back to a checked tree passes")
    func revertFlagged() throws {
        let repo = try Self.repo()
        try repo.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("changed.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("changed.")), .stage(["."]), .commit("change"),
        ])
        try Self.trail(repo)
        try repo.git(["revert", "--no-edit", "HEAD"])
        // Back to main's tree: nothing unchecked, still named.
        let back = try Self.verify(repo)
        #expect(back.status == 0, "\(back.stdout)")
        #expect(back.stdout.contains("made by git revert"), "\(back.stdout)")

        // A revert that lands on a tree nobody checked (main's plus a later change) still needs the hooks.
        let later = try Self.repo()
        try later.apply([
            .write("Packs/Demo/README.md", TrustReadme.text("changed.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("changed.")), .stage(["."]), .commit("change"),
        ])
        try Self.trail(later)
        let first = try later.git(["rev-parse", "HEAD"])
        try later.apply([.write("Packs/Demo/Other.md", "other\n"), .stage(["."]), .commit("other")])
        try Self.trail(later)
        try later.git(["revert", "--no-edit", first])
        let run = try Self.verify(later)
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("made by git revert"), "\(run.stdout)")
        #expect(run.stdout.contains("fix: git commit --amend --no-edit"), "the last commit: \(run.stdout)")

        // A cherry-pick -x carries the original's trailer: it passes when the tree is the same,
        // and is still named.
        let picked = try Self.repo()
        try picked.apply([
            .branch("feature/src"), .write("Packs/Demo/README.md", TrustReadme.text("picked.")),
            .write("Packs/Demo/ReleaseNotes/1_0_0.md", TrustReadme.notes("picked.")), .stage(["."]),
            .commit("to pick"),
        ])
        try Self.trail(picked)
        try picked.apply([.checkout("feature/x")])
        try picked.git(["cherry-pick", "-x", "feature/src"])
        let pick = try Self.verify(picked, "main..feature/x")
        #expect(pick.stdout.contains("made by git cherry-pick"), "\(pick.stdout)")
    }

    @Test("checks=release only for flow release's exact bump on main")
    func releaseExemptionIsNarrow() throws {
        let repo = try Self.repo()
        let metadata = try #require(repo.read("Packs/Demo/pack_metadata.json"))
        let bumped = metadata.replacingOccurrences(of: "\"1.0.0\"", with: "\"1.0.1\"")
        let notes = "\n#### Scripts\n\n##### Hello\n\n- Fixed.\n"
        // On a feature branch: refused.
        try repo.apply([
            .write("Packs/Demo/pack_metadata.json", bumped), .write("Packs/Demo/ReleaseNotes/1_0_1.md", notes),
            .stage(["."]), .commit("bump on feature"),
        ])
        try Self.trail(repo, checks: "release")
        let feature = try Self.verify(repo)
        #expect(feature.status == 1)
        #expect(feature.stdout.contains("is not on main"), "\(feature.stdout)")

        // On main, exactly the bump: accepted.
        try repo.apply([
            .checkout("main"), .write("Packs/Demo/pack_metadata.json", bumped),
            .write("Packs/Demo/ReleaseNotes/1_0_1.md", notes), .stage(["."]), .commit("bump"),
        ])
        try Self.trail(repo, checks: "release")
        let exact = try Self.verify(repo, "main~1..main")
        #expect(exact.status == 0, "\(exact.stdout)")

        // On main, a bump that also adds a dependency: refused.
        let widened = bumped.replacingOccurrences(of: "\"1.0.1\"", with: "\"1.0.2\"")
            .replacingOccurrences(of: "\"categories\"", with: "\"dependencies\": {\"Base\": {}}, \"categories\"")
        try repo.apply([
            .write("Packs/Demo/pack_metadata.json", widened), .write("Packs/Demo/ReleaseNotes/1_0_2.md", notes),
            .stage(["."]), .commit("bump and more"),
        ])
        try Self.trail(repo, checks: "release")
        let wide = try Self.verify(repo, "main~1..main")
        #expect(wide.status == 1)
        #expect(wide.stdout.contains("changes more than currentVersion"), "\(wide.stdout)")
    }

    @Test("flow release without demisto-sdk exits 3 with the install command; --skip-validate is recorded in the tag")
    func releaseValidateFailsClosed() throws {
        let repo = try ReleasePackRepo.make()
        let missing = try ReleasePackRepo.flow(["release"], repo)
        #expect(missing.status == 3, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("pip install demisto-sdk"), "\(missing.stderr)")
        #expect(try repo.git(["tag"]).isEmpty, "nothing is tagged")
        let skipped = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(try repo.git(["tag", "-l", "--format=%(contents)", "v1.0.0"]).contains("Flow-Validate: skipped"))
        try repo.git(["checkout", "-q", "v1.0.0"])
        let verify = try ReleasePackRepo.flow(["verify", "release"], repo)
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stdout.contains("tagged with flow release --skip-validate"), "\(verify.stdout)")
    }

    @Test("flow release and flow verify release run the content gates on the release tree")
    func releaseContentGates() throws {
        let repo = try TempRepo()
        try TrustReadme.scene(repo)
        // A README with nothing but its title (committed without the hooks).
        try repo.write("Packs/Demo/README.md", "# Demo\n")
        try repo.apply([.stage(["."]), .commit("pack")])
        let release = try ReleasePackRepo.flow(["release", "--skip-validate"], repo)
        #expect(release.status == 1, "\(release.stdout)\(release.stderr)")
        #expect(release.stderr.contains("pack.readme"), "\(release.stderr)")
        #expect(try repo.git(["tag"]).isEmpty)
        try repo.git(["tag", "-a", "Demo-v1.0.0", "-m", "by hand"])
        try repo.git(["tag", "-a", "v1.0.0", "-m", "by hand"])
        let verify = try ReleasePackRepo.flow(["verify", "release"], repo)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("pack.readme"), "\(verify.stdout)")
    }

    /// CI runs in a fresh clone of the pull request's branch: origin/main, but no local main. The
    /// gates that compare with main (an existing pack keeps its version; only parameters the
    /// change adds need explaining) compare each commit with the range's base there, as the
    /// desk compares with main: without it an existing pack's bug fix at 1.0.1 read as a new pack.
    @Test("a fresh CI clone with no local main judges each commit against the range's base, as the desk does")
    func freshCloneWithoutLocalMain() throws {
        let repo = try Self.repo()
        try repo.apply([
            .write("Packs/Demo/pack_metadata.json", PackExampleText.metadata(version: "1.0.1")),
            .write("Packs/Demo/README.md", TrustReadme.text("More words.")),
            .write("Packs/Demo/ReleaseNotes/1_0_1.md", TrustReadme.notes("More words.")), .stage(["."]), .commit("docs(Demo): more words"),
        ])
        try Self.trail(repo)
        let desk = try Self.verify(repo)
        #expect(desk.status == 0, "with a local main: \(desk.stdout)\(desk.stderr)")
        let clone = repo.base + "/ci"
        try repo.git(["clone", "-q", "file://" + repo.path, clone], in: repo.base)
        #expect(try repo.git(["branch", "--list", "main"], in: clone).isEmpty, "the clone has no local main")
        let ci = try ReleasePackRepo.flow(["verify", "commits", "--range", "origin/main..HEAD"], repo, in: clone)
        #expect(ci.status == 0, "\(ci.stdout)\(ci.stderr)")
        #expect(!ci.stdout.contains("pack.initial-version"), "\(ci.stdout)")
    }
}
