import FlowCore
import FlowKit
import Foundation
import Testing

/// Clean as you code: an adopted pack's findings are recorded as debt (`.flow/baseline.txt`);
/// the gates refuse only new ones, an edit elsewhere does not bring a known one back, a fix
/// shrinks the debt, and a new pack meets every rule.
@Suite("recorded debt of adopted packs")
struct DebtTests {
    static let legacyCall = "    demisto.results('searched')\n"

    /// The realistic pack with old debt: a `demisto.results()` in one command and a README
    /// without its Troubleshooting section, on main, adopted as released.
    static func adoptedRepo() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.apply(RealisticPack.steps)
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: xsoar-local\npacks: [Demo]\n")
        try repo.write(RealisticPack.dir + "/AcmeAlerts.py", withLegacyCall(RealisticPack.code))
        let readme = RealisticPack.files.first { $0.0 == "Packs/Demo/README.md" }!.1
        try repo.write("Packs/Demo/README.md", String(readme[..<readme.range(of: "## Troubleshooting")!.lowerBound]))
        try repo.apply([.stage(["."]), .commit("chore: the pack as it was")])
        return repo
    }

    static func withLegacyCall(_ code: String, in function: String = "def search_alerts_command(") -> String {
        var lines = code.components(separatedBy: "\n")
        let at = lines.firstIndex { $0.hasPrefix(function) }! + 1
        lines.insert(String(legacyCall.dropLast()), at: at)
        return lines.joined(separator: "\n")
    }

    static func failures(_ repo: TempRepo) throws -> [String] {
        let project = try Project.open(at: repo.path)
        let head = try #require(try repo.repository().resolveCommit("HEAD"))
        return project.contentFailures("Demo", atCommit: head).flatMap { f in f.reasons.map { "\(f.gate): \($0)" } }
    }

    @Test("flow adopt records today's findings; the gates then refuse only new ones, wherever the old ones moved")
    func adoptedPackPaysOnlyForWhatAChangeTouches() throws {
        let repo = try Self.adoptedRepo()
        let before = try Self.failures(repo)
        #expect(before.contains { $0.contains("demisto.results() in search_alerts_command()") }, "\(before)")
        #expect(before.contains { $0.hasPrefix("docs.readme-sections") }, "\(before)")

        let adopt = try FlowBinary.run(["adopt", "--pack", "Demo", "--released"], in: repo.path)
        #expect(adopt.status == 0, "\(adopt.stdout)\(adopt.stderr)")
        #expect(adopt.stdout.contains("finding(s) of the content gates as Demo's debt in .flow/baseline.txt"), "\(adopt.stdout)")
        let recorded = try #require(repo.read(Baseline.relativePath))
        #expect(recorded.contains("Demo\tpack.code-conventions\t"))
        #expect(!(0...9).contains { recorded.contains("AcmeAlerts.py:\($0)") }, "findings are kept without line numbers: \(recorded)")
        try repo.apply([.stage(["."]), .commit("chore: adopt Demo")])
        #expect(try Self.failures(repo).isEmpty, "known debt is listed, not refused")

        // Lines added above the known finding move it; it stays known. A new one in another function is refused.
        let code = try #require(repo.read(RealisticPack.dir + "/AcmeAlerts.py"))
        let moved = code.replacingOccurrences(of: "MAX_FETCH = 50\n", with: "MAX_FETCH = 50\nDEFAULT_LIMIT = 50\n\n")
        try repo.write(RealisticPack.dir + "/AcmeAlerts.py", moved)
        try repo.apply([.stage(["."]), .commit("fix(Demo): a constant")])
        #expect(try Self.failures(repo).isEmpty)
        try repo.write(RealisticPack.dir + "/AcmeAlerts.py", Self.withLegacyCall(moved, in: "def get_alert_command("))
        try repo.apply([.stage(["."]), .commit("fix(Demo): a new legacy call")])
        let fresh = try Self.failures(repo)
        #expect(fresh.count == 1, "\(fresh)")
        #expect(fresh.first?.contains("demisto.results() in get_alert_command()") == true, "\(fresh)")

        // Fixing both: the new one is gone, the old one shows as fixed, and --prune shrinks the file.
        try repo.write(RealisticPack.dir + "/AcmeAlerts.py", moved.replacingOccurrences(of: Self.legacyCall, with: ""))
        try repo.apply([.stage(["."]), .commit("fix(Demo): CommandResults")])
        #expect(try Self.failures(repo).isEmpty)
        let debt = try FlowBinary.run(["debt"], in: repo.path)
        #expect(debt.status == 0, "\(debt.stderr)")
        #expect(debt.stdout.contains("fixed: pack.code-conventions"), "\(debt.stdout)")
        #expect(debt.stdout.contains("flow debt --prune"))
        let entries = recorded.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.count
        let prune = try FlowBinary.run(["debt", "--prune"], in: repo.path)
        #expect(prune.status == 0, "\(prune.stderr)")
        let shrunk = try #require(repo.read(Baseline.relativePath))
        #expect(!shrunk.contains("pack.code-conventions"))
        #expect(shrunk.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.count == entries - 1)
        #expect(shrunk.contains("docs.readme-sections"), "the README's debt is still owed")
    }

    @Test("a new pack has no debt: the same findings in a pack flow did not adopt are refused")
    func newPackMeetsEveryRule() throws {
        let repo = try Self.adoptedRepo()
        #expect(try FlowBinary.run(["adopt", "--pack", "Demo", "--released"], in: repo.path).status == 0)
        // The same pack under another name: not adopted, so held to every rule.
        let recorded = try #require(repo.read(Baseline.relativePath))
        try repo.write(Baseline.relativePath, recorded.replacingOccurrences(of: "Demo\t", with: "Other\t"))
        #expect(try Self.failures(repo).contains { $0.contains("demisto.results() in search_alerts_command()") })
    }

    @Test("the recorded debt only shrinks: CI names a range that adds to it, and lets one that prunes it through")
    func debtGrowthIsARuleChange() throws {
        let repo = try Self.adoptedRepo()
        #expect(try FlowBinary.run(["adopt", "--pack", "Demo", "--released"], in: repo.path).status == 0)
        try repo.apply([.stage(["."]), .commit("chore: adopt Demo")])
        let recorded = try #require(repo.read(Baseline.relativePath))
        try repo.apply([.branch("feature/excuse")])
        try repo.write(
            Baseline.relativePath,
            recorded
                + "Demo\tpack.code-conventions\tpack Demo: Packs/Demo/Integrations/AcmeAlerts/AcmeAlerts.py: demisto.results() in get_alert_command() (S63)\n"
        )
        try repo.apply([.stage(["."]), .commit("chore: excuse a new finding")])
        let grown = try FlowBinary.run(["verify", "commits", "--range", "main..HEAD"], in: repo.path)
        #expect(grown.status == 1, "\(grown.stdout)\(grown.stderr)")
        #expect((grown.stdout + grown.stderr).contains(Baseline.relativePath), "\(grown.stdout)\(grown.stderr)")
        try repo.apply([.checkout("main"), .branch("feature/prune")])
        let pruned = recorded.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("pack.ignore-files") }
        try repo.write(Baseline.relativePath, pruned.joined(separator: "\n"))
        try repo.apply([.stage(["."]), .commit("chore: prune")])
        let shrunk = try FlowBinary.run(["verify", "commits", "--range", "main..HEAD"], in: repo.path)
        #expect(!(shrunk.stdout + shrunk.stderr).contains("rules changed"), "\(shrunk.stdout)\(shrunk.stderr)")
    }

    @Test("the hook judges with the recorded debt the commit carries: an unstaged entry excuses nothing, a staged one is read")
    func hookReadsTheStagedBaseline() throws {
        let repo = try Self.adoptedRepo()
        #expect(try FlowBinary.run(["adopt", "--pack", "Demo", "--released"], in: repo.path).status == 0)
        try repo.apply([.stage(["."]), .commit("chore: adopt Demo"), .branch("feature/legacy")])
        let recorded = try #require(repo.read(Baseline.relativePath))
        let code = try #require(repo.read(RealisticPack.dir + "/AcmeAlerts.py"))
        try repo.write(RealisticPack.dir + "/AcmeAlerts.py", Self.withLegacyCall(code, in: "def get_alert_command("))
        try repo.git(["add", RealisticPack.dir + "/AcmeAlerts.py"])
        // The known finding's entry, about the new call instead.
        let known = try #require(recorded.split(separator: "\n").first { $0.contains("search_alerts_command()") })
        let excuse = known.replacingOccurrences(of: "search_alerts_command()", with: "get_alert_command()") + "\n"
        let finding = "demisto.results() in get_alert_command()"
        // The entry only in the work tree: the commit would not carry it, so the finding is refused.
        try repo.write(Baseline.relativePath, recorded + excuse)
        let unstaged = try FlowBinary.run(["hook", "pre-commit"], in: repo.path)
        #expect(unstaged.status == 1, "\(unstaged.stdout)\(unstaged.stderr)")
        #expect(unstaged.stderr.contains("pack.code-conventions") && unstaged.stderr.contains(finding), "\(unstaged.stderr)")
        // Staged and then taken out of the work tree: the commit carries it, and the hook reads it.
        try repo.git(["add", Baseline.relativePath])
        try repo.write(Baseline.relativePath, recorded)
        let staged = try FlowBinary.run(["hook", "pre-commit"], in: repo.path)
        #expect(staged.status == 1, "the checks have not run: \(staged.stderr)")
        #expect(!staged.stderr.contains(finding), "\(staged.stderr)")
        // A staged file flow cannot read is named, with the command that restages it.
        try repo.write(Baseline.relativePath, "not an entry\n")
        try repo.git(["add", Baseline.relativePath])
        try repo.write(Baseline.relativePath, recorded)
        let bad = try FlowBinary.run(["hook", "pre-commit"], in: repo.path)
        #expect(bad.status == 2, "\(bad.stdout)\(bad.stderr)")
        #expect(
            bad.stderr.contains(".flow/baseline.txt (as staged):1:") && bad.stderr.contains("git add .flow/baseline.txt"), "\(bad.stderr)")
    }

    @Test("the hook's unparsed debt answers as the parsed file: the same entries and the same key; a bad line excuses nothing")
    func unparsedBaselineAnswersAsParsed() throws {
        let text =
            "# comment\nDemo\tpack.code-conventions\tpack Demo: a.py: demisto.results() in f() (S63)\r\n\nDemo\tdocs.readme-sections\tx\n"
        let parsed = try Baseline.parse(text).get()
        let unparsed = Baseline(unparsed: text)
        #expect(unparsed.keyText == parsed.keyText)
        #expect(unparsed.entries == parsed.entries && unparsed == parsed)
        #expect(unparsed.entries.count == 2)
        // Entries changed in memory are keyed by what they hold, not by the file they came from.
        var pruned = parsed
        pruned.entries.removeLast()
        #expect(pruned.keyText != parsed.keyText)
        // A line that is not an entry: the file is refused where it is parsed, and excuses nothing unparsed.
        let bad = text + "not an entry\nDemo\tgit.clean\tx\n"
        #expect((try? Baseline.parse(bad).get()) == nil)
        #expect(Baseline(unparsed: bad).entries == parsed.entries)
        #expect(Baseline(unparsed: bad).keyText != parsed.keyText)
    }

    @Test("findings are known by gate, file and what they are about, never by line or column")
    func findingsWithoutLineNumbers() {
        #expect(
            Baseline.finding("pack Demo: Packs/Demo/A/A.py:12: demisto.results() in f()")
                == "pack Demo: Packs/Demo/A/A.py: demisto.results() in f()")
        #expect(
            Baseline.finding("pack Demo: Packs/Demo/README.md:3:14: non-ASCII character U+2019")
                == "pack Demo: Packs/Demo/README.md: non-ASCII character U+2019")
        #expect(Baseline.finding("S63 (docs/xsoar-lifecycle.md#s63): 2 calls") == "S63 (docs/xsoar-lifecycle.md#s63): 2 calls")
        let baseline = Baseline(entries: [.init(pack: "Demo", gate: "pack.logo", finding: "a.py: x")])
        #expect(baseline.unknown(["a.py:3: x", "a.py:9: x"], pack: "Demo", gate: "pack.logo") == (["a.py:9: x"], 1))
        #expect(baseline.unknown(["a.py:3: x"], pack: "Other", gate: "pack.logo") == (["a.py:3: x"], 0))
        #expect(Baseline.parse("# c\nDemo\tgit.clean\tx\n") == .failure(BaselineProblem(line: 2)), "git gates never carry debt")
        #expect(Baseline.parse(baseline.text) == .success(baseline))
    }

    @Test("a per-pack exception with its reason in .flow/config.yml lists the gate's findings instead of refusing them")
    func perPackException() throws {
        let repo = try Self.adoptedRepo()
        #expect(try Self.failures(repo).contains { $0.hasPrefix("docs.readme-sections") })
        let reason = "the vendor's portal writes this README; tracked in ACME-12"
        try repo.write(
            ".flow/config.yml",
            """
            schemaVersion: 1
            workflow: xsoar-local
            packs: [Demo]
            exceptions:
              - pack: Demo
                gate: docs.readme-sections
                reason: "\(reason)"
            """)
        let after = try Self.failures(repo)
        #expect(!after.contains { $0.hasPrefix("docs.readme-sections") }, "\(after)")
        #expect(after.contains { $0.contains("demisto.results()") }, "other gates still judge: \(after)")
        let project = try Project.open(at: repo.path)
        let shown = try FlowBinary.run(["workflow", "show", "--resolved"], in: repo.path)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("#   Demo: docs.readme-sections (\(reason))"), "\(shown.stdout)")
        #expect(project.config.fingerprint != ProjectConfig(packs: ["Demo"]).fingerprint)
    }

    struct BadException: CustomTestStringConvertible, Sendable {
        let entry: String
        let says: String
        var testDescription: String { says }
    }

    @Test(
        "an exception without a reason, for a git or evidence gate, or for an unknown pack is refused where it is written",
        arguments: [
            BadException(entry: "  - {pack: Demo, gate: docs.readme-sections, reason: \"\"}", says: "needs a `reason:`"),
            BadException(entry: "  - {pack: Demo, gate: evidence.passed, reason: slow}", says: "is not a content gate"),
            BadException(entry: "  - {pack: Other, gate: pack.logo, reason: none yet}", says: "Other is not a configured pack"),
        ])
    func badException(_ row: BadException) throws {
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: xsoar-local\npacks: [Demo]\nexceptions:\n\(row.entry)\n")
        let status = try FlowBinary.run(["status"], in: repo.path)
        #expect(status.status == 2, "\(status.stdout)\(status.stderr)")
        #expect(status.stderr.contains(".flow/config.yml:5: exception for"), "\(status.stderr)")
        #expect(status.stderr.contains(row.says), "\(status.stderr)")
    }

    /// Whole-pack docs rules follow the change: a command the change adds or alters needs its README
    /// tables even when the pack's old findings about other commands are debt.
    @Test("an adopted pack's touched command needs its tables; the other commands' missing tables stay debt")
    func docsFollowTheChange() throws {
        let repo = try Self.adoptedRepo()
        let readme = try #require(repo.read("Packs/Demo/README.md"))
        let ipDoc = RealisticPack.commandDoc("ip", ["ip"], [("Acme.IP.address", "String")])
        try repo.write("Packs/Demo/README.md", readme.replacingOccurrences(of: ipDoc, with: ""))
        try repo.apply([.stage(["."]), .commit("chore: the README as it was")])
        #expect(try Self.failures(repo).contains { $0.contains("no \"### ip\" section") })
        let adopt = try FlowBinary.run(["adopt", "--pack", "Demo", "--released"], in: repo.path)
        #expect(adopt.status == 0, "\(adopt.stdout)\(adopt.stderr)")
        try repo.apply([.stage(["."]), .commit("chore: adopt Demo"), .branch("feature/x")])
        let yamlPath = RealisticPack.dir + "/AcmeAlerts.yml"
        let yaml = try #require(repo.read(yamlPath))
        // An argument entry `verbose` inserted before the line that holds `marker`, at its indentation.
        func withVerbose(_ text: String, before marker: String) throws -> String {
            var lines = text.components(separatedBy: "\n")
            // The last such line: `- name: ip` names the command first, then its argument.
            let at = try #require(lines.lastIndex { $0.trimmingCharacters(in: .whitespaces) == marker })
            let indent = String(lines[at].prefix { $0 == " " })
            lines.insert(contentsOf: [indent + "- name: verbose", indent + "  description: More detail."], at: at)
            return lines.joined(separator: "\n")
        }

        // A new argument of acme-search-alerts without its table row: refused, naming the touched command only.
        let searchChanged = try withVerbose(yaml, before: "- name: limit")
        #expect(searchChanged != yaml)
        try repo.write(yamlPath, searchChanged)
        try repo.apply([.stage(["."]), .commit("feat(Demo): verbose search")])
        var found = try Self.failures(repo).filter { $0.hasPrefix("docs.readme-tables") }
        #expect(found.count == 1, "\(found)")
        #expect(
            found.first?.contains("lacks verbose, which the YAML declares (this change touches acme-search-alerts)") == true, "\(found)")

        // Its row written: passes; the ip command's missing section is still debt, not a failure.
        let row = "| limit |"
        let updated = try #require(repo.read("Packs/Demo/README.md"))
        try repo.write("Packs/Demo/README.md", updated.replacingOccurrences(of: row, with: "| verbose | More detail. | Optional |\n" + row))
        try repo.apply([.stage(["."]), .commit("docs(Demo): verbose")])
        found = try Self.failures(repo).filter { $0.hasPrefix("docs.readme-tables") }
        #expect(found.isEmpty, "\(found)")

        // Touching ip itself brings its missing section due.
        let ipChanged = try withVerbose(try #require(repo.read(yamlPath)), before: "- name: ip")
        try repo.write(yamlPath, ipChanged)
        try repo.apply([.stage(["."]), .commit("feat(Demo): verbose ip")])
        found = try Self.failures(repo).filter { $0.hasPrefix("docs.readme-tables") }
        #expect(found.contains { $0.contains("no \"### ip\" section") && $0.contains("(this change touches ip)") }, "\(found)")
    }
}
