import FlowCore
import FlowKit
import Foundation
import Testing

/// Packs shaped like real, accepted packs of the public content repositories (written here, not
/// copied): existing versions with history, hyphenated names, CRLF release notes, scripts-only
/// and playbook-only packs, partners with an Author_image. flow accepts what the marketplace
/// accepts and refuses what it refuses.
enum RealPack {
    static func metadata(name: String, version: String, support: String = "community", extra: String = "") -> String {
        """
        {
            "name": "\(name)",
            "description": "A pack of the shape real packs have.",
            "support": "\(support)",
            "currentVersion": "\(version)",
            "author": "Someone",
            "url": "https://example.com/support",
            "categories": ["Utilities"],
            "tags": [],
            "useCases": [],
            "keywords": [],
            "marketplaces": ["xsoar", "marketplacev2"]\(extra)
        }

        """
    }

    /// A pack at `version` with one release-notes file per earlier version (CRLF line endings,
    /// as some were written on Windows) and a script whose YAML names it differently.
    static func scriptsOnly(_ repo: TempRepo, pack: String, version: String, history: [String]) throws {
        let dir = "Packs/\(pack)"
        try repo.write("\(dir)/pack_metadata.json", metadata(name: pack, version: version))
        try repo.write("\(dir)/README.md", "# \(pack)\n\nFormats dates.\n")
        for old in history + [version] {
            try repo.write(
                "\(dir)/ReleaseNotes/\(old.replacingOccurrences(of: ".", with: "_")).md",
                "#### Scripts\r\n\r\n##### Format Date\r\n\r\n- Fixed an issue in \(old).\r\n")
        }
        try repo.write("\(dir)/Scripts/FormatDate/FormatDate.yml", "commonfields:\n  id: FormatDate\nname: Format Date\ntype: python\n")
        try repo.write("\(dir)/Scripts/FormatDate/FormatDate.py", "def main():\n    return 1\n")
    }
}

@Suite("Real pack shapes")
struct RealPackShapeTests {
    /// `flow init` on a repository holding the pack, minimal workflow.
    func initialized(pack: String, setUp: (TempRepo) throws -> Void) throws -> TempRepo {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        try setUp(repo)
        let run = try FlowBinary.run(
            [
                "init", "--pack", pack, "--pack-type", "local", "--platform", "xsoar6", "--author", "Me",
                "--category", "Utilities", "--support", "community", "--zip-dir", repo.base + "/zips",
            ],
            in: repo.path)
        #expect(run.status == 0, "init: \(run.stderr)")
        return repo
    }

    @Test("flow init accepts an existing hyphenated pack and refuses a new one")
    func hyphenatedNames() throws {
        _ = try initialized(pack: "HelloWorldPremium-Resell") { repo in
            try RealPack.scriptsOnly(repo, pack: "HelloWorldPremium-Resell", version: "1.1.8", history: ["1.0.0"])
        }
        let fresh = try TempRepo()
        try fresh.apply(initialCommit)
        let run = try FlowBinary.run(
            [
                "init", "--pack", "Hello-World", "--pack-type", "local", "--platform", "xsoar6",
                "--author", "Me", "--category", "Utilities", "--support", "community",
                "--zip-dir", fresh.base + "/zips",
            ], in: fresh.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("not PascalCase") && run.stderr.contains("a new pack's name"), "\(run.stderr)")
        let unsafe = try FlowBinary.run(["init", "--pack", "../x", "--pack-type", "local"], in: fresh.path)
        #expect(unsafe.status == 2)
    }

    @Test("an existing pack past 1.0.0 with history: accepted on main, by tag, or once adopted as released")
    func existingVersionWithHistory() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit + [.branch("feature/adopt")])
        try RealPack.scriptsOnly(repo, pack: "Format_Dates", version: "1.1.8", history: ["1.0.0", "1.0.1", "1.1.0"])
        let gate = PackInitialVersionGate.self
        var outcome = try gate.evaluate(
            GateParams([:]),
            try makeContext(
                repo, config: ProjectConfig(packs: ["Format_Dates"]),
                pack: "Format_Dates"))
        #expect(!outcome.passed)
        // No fix ever rewrites a published version or moves a tag.
        let fix = outcome.fix ?? ""
        #expect(fix.contains("flow adopt --pack Format_Dates --released"), "\(fix)")
        #expect(!fix.contains("rename") && !fix.contains("git tag") && !fix.contains("ReleaseNotes"), "\(fix)")
        outcome = try gate.evaluate(
            GateParams([:]),
            try makeContext(
                repo,
                config: ProjectConfig(
                    packs: ["Format_Dates"],
                    released: ["Format_Dates": "1.1.8"]),
                pack: "Format_Dates"))
        #expect(outcome.passed, "\(outcome.reasons)")
        // The names gate agrees: an adopted pack keeps its underscores.
        let name = try PackNameSafeGate.evaluate(
            GateParams([:]),
            try makeContext(
                repo,
                config: ProjectConfig(
                    packs: ["Format_Dates"],
                    released: ["Format_Dates": "1.1.8"]),
                pack: "Format_Dates"))
        #expect(name.passed, "\(name.reasons)")
        // CRLF release notes of the current version have their entry.
        let notes = try PackReleaseNotesGate.evaluate(GateParams([:]), try makeContext(repo, pack: "Format_Dates"))
        #expect(notes.passed, "\(notes.reasons)")
    }

    @Test("flow adopt records the current version as released and flow release will not tag it again")
    func adopt() throws {
        let repo = try initialized(pack: "HelloWorldPremium-Resell") { repo in
            try RealPack.scriptsOnly(repo, pack: "HelloWorldPremium-Resell", version: "1.1.8", history: ["1.0.0"])
        }
        var run = try FlowBinary.run(["adopt", "--pack", "HelloWorldPremium-Resell", "--released"], in: repo.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Recorded 1.1.8 as released"))
        let config = try ConfigStore.load(root: repo.path)
        #expect(config?.released == ["HelloWorldPremium-Resell": "1.1.8"])
        // The pack's files are untouched.
        #expect(repo.read("Packs/HelloWorldPremium-Resell/pack_metadata.json")?.contains("\"1.1.8\"") == true)
        try repo.apply([.stage(["."]), .commit("adopt")])
        run = try FlowBinary.run(["release"], in: repo.path, environment: ["PATH": "/usr/bin:/bin"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("already released before flow adopted it"), "\(run.stderr)")
        #expect(try !repo.git(["tag"]).contains("1.1.8"))
        // A directory that is not there is refused, naming the file.
        run = try FlowBinary.run(["adopt", "--pack", "Nope"], in: repo.path)
        #expect(run.status == 2 && run.stderr.contains("Packs/Nope/pack_metadata.json does not exist"), "\(run.stderr)")
    }

    @Test("flow create never overwrites a file that is there, even an empty one")
    func createKeepsEmptyFiles() throws {
        let repo = try initialized(pack: "Demo") { repo in
            try repo.write("Packs/Demo/README.md", "")
        }
        let run = try FlowBinary.run(["create", "--no-sdk"], in: repo.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(repo.read("Packs/Demo/README.md") == "")
        #expect(run.stdout.contains("kept  Packs/Demo/README.md"), "\(run.stdout)")
        #expect(!run.stdout.contains("wrote Packs/Demo/README.md"))
        // What it wrote is no README yet: the template fails pack.readme.
        try repo.write(
            "Packs/Other/README.md",
            PackScaffold(
                pack: "Other", author: "A", category: "Utilities", support: "community",
                platform: nil, created: "", releaseNotes: false
            ).readme)
        let readme = try PackReadmeGate.evaluate(GateParams([:]), try makeContext(repo, pack: "Other"))
        #expect(!readme.passed && readme.reasons.joined().contains("template text left"))
        // Its one table row is a placeholder too, refused with the rest.
        #expect(
            readme.reasons.contains { $0.contains("template text left: | Server URL | Base URL of the <service> API") },
            "\(readme.reasons)")
    }

    @Test("release-notes stubs name the content type and the item's display name")
    func releaseNotesStubs() throws {
        let repo = try TempRepo()
        try RealPack.scriptsOnly(repo, pack: "Dates", version: "1.0.1", history: [])
        let files = LocalFiles(root: repo.path)
        let scripts = PackVersioning.releaseNotesStub(pack: "Dates", files: files, layout: PackLayout(pack: "Dates"))
        #expect(scripts == "\n#### Scripts\n\n##### Format Date\n\n- %%UPDATE_RN%%\n")
        try repo.write("Packs/Plays/pack_metadata.json", RealPack.metadata(name: "Plays", version: "1.0.0"))
        try repo.write("Packs/Plays/Playbooks/playbook-Triage_Phishing.yml", "id: triage\nname: Triage Phishing\ntasks: {}\n")
        let playbooks = PackVersioning.releaseNotesStub(pack: "Plays", files: files, layout: PackLayout(pack: "Plays"))
        #expect(playbooks.contains("#### Playbooks\n\n##### Triage Phishing\n"), "\(playbooks)")
        try repo.write(
            "Packs/Partner/Integrations/AcmeV2/AcmeV2.yml", "commonfields:\n  id: AcmeV2\nname: AcmeV2\ndisplay: Acme Cloud v2\n")
        let integration = PackVersioning.releaseNotesStub(pack: "Partner", files: files, layout: PackLayout(pack: "Partner"))
        #expect(integration.contains("#### Integrations\n\n##### Acme Cloud v2\n"), "\(integration)")
    }

    @Test("pack_metadata.json follows the SDK: no created needed, PA107 marketplaces, partner url")
    func metadataRules() throws {
        let partner = RealPack.metadata(name: "HelloWorldPremium-Resell", version: "1.1.8", support: "partner")
        let ok = try PackMetadata.parse(Array(partner.utf8), path: "m").get()
        #expect(ok.problems.isEmpty, "\(ok.problems)")
        let noMarket = partner.replacingOccurrences(of: ",\n    \"marketplaces\": [\"xsoar\", \"marketplacev2\"]", with: "")
        let missing = try PackMetadata.parse(Array(noMarket.utf8), path: "m").get()
        #expect(missing.problems == ["m: PA107 missing required field \"marketplaces\""], "\(missing.problems)")
    }
}
