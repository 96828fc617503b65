/// `docs.ascii`: the pack's markdown files this change touches are pure ASCII (XSOAR renders and
/// validates them so). Release notes shipped long ago are history: only files changed against the
/// merge-base with main (committed, staged, or edited in the work tree) are judged, and in a file
/// that was on main only the lines the change adds or modifies; with no main branch to compare
/// with, every file is.
public enum DocsAsciiGate: Gate {
    public static let id = "docs.ascii"
    public static let summary = "the pack's .md files this change touches are pure ASCII (file:line:column reported)"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S31",
            "the pack's `.md` files are ASCII where the change writes them (`file:line:column`): a new file whole, in a file on main the lines the change adds or modifies",
            shownBy: ["curly quote", "a file the change touches", "an arrow on a line the change adds"]),
        RuleClaim("S43", "release notes included", shownBy: ["nested release notes"]),
    ]

    /// At most this many characters are listed; the count says how many more there are.
    static let shown = 20

    /// `line:column: U+XXXX` for each non-ASCII character (columns count characters, from 1).
    public static func problems(in text: String) -> [String] {
        var found: [String] = []
        for (index, line) in TextScan.lines(text).enumerated() {
            for (column, scalar) in line.unicodeScalars.enumerated() where !scalar.isASCII {
                let code = String(scalar.value, radix: 16, uppercase: true)
                found.append(
                    "\(index + 1):\(column + 1): non-ASCII character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code) (\(scalar))"
                )
            }
        }
        return found
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let dir = context.packDirectory, let pack = context.pack else { return .fail("no pack given", fix: "flow init --pack NAME") }
        var candidates = context.allFiles(under: dir)
        if let changed = try context.git.changedPaths(since: "refs/heads/\(context.config.mainBranch)") {
            var touched = Set(changed)
            for entry in try context.git.status(pathspec: dir) where entry.unstaged || entry.untracked { touched.insert(entry.path) }
            candidates = candidates.filter(touched.contains)
        }
        var reasons: [String] = []
        var firstFile: String?
        let layout = context.layout
        for path in candidates where path.lowercased().hasSuffix(".md") {
            guard let bytes = context.files.read(path) else { continue }
            var found = problems(in: String(decoding: bytes, as: UTF8.self))
            // Clean as you code: in a file that was on main, the lines this change adds or modifies
            // (an old arrow three sections away is not this change's); a new file is judged whole.
            if let layout, let lines = try context.changedLines(path, of: layout) {
                found = found.filter { problem in Int(problem.prefix { $0 != ":" }).map(lines.contains) ?? true }
            }
            if !found.isEmpty { firstFile = firstFile ?? path }
            reasons += found.map { "pack \(pack): \(path):\($0)" }
        }
        guard let firstFile else { return .pass() }
        let extra = reasons.count > shown ? ["... and \(reasons.count - shown) more"] : []
        return .fail(
            reasons: Array(reasons.prefix(shown)) + extra,
            fix:
                "in \(firstFile)\(reasons.contains { !$0.contains(firstFile + ":") } ? " (and the other files listed)" : ""), replace each listed character with plain ASCII (' for U+2019, - for U+2013, \" for U+201C/U+201D, -> for U+2192)"
        )
    }

    public static let examples: [GateExample] = [
        .passing("plain ascii", pack: "Demo", initialCommit + [PackExample.file("README.md", "# Demo\n\nIt's fine.\n")]),
        .failing(
            "curly quote", pack: "Demo", reason: "Packs/Demo/README.md:3:3: non-ASCII character U+2019",
            initialCommit + [PackExample.file("README.md", "# Demo\n\nIt\u{2019}s not.\n")]),
        .failing(
            "nested release notes", pack: "Demo", reason: "Packs/Demo/ReleaseNotes/1_0_0.md:1:12: non-ASCII character U+00E9",
            initialCommit + [PackExample.file("ReleaseNotes/1_0_0.md", "- Fixed caf\u{00E9} bug\n")]),
        // Release notes shipped on main years ago are not this change's to fix.
        .passing(
            "historical release notes untouched", pack: "Demo",
            initialCommit + [
                PackExample.file("ReleaseNotes/1_0_3.md", "- Fixed caf\u{00E9} bug\n"), .stage(["Packs"]),
                .commit("history"), .branch("feature/x"), PackExample.file("README.md", "# Demo\n\nPlain.\n"),
                .stage(["Packs"]),
            ]),
        // In a README on main, only the lines the change adds or modifies are judged.
        .passing(
            "an old arrow on a line the change did not touch", pack: "Demo",
            initialCommit + [
                PackExample.file("README.md", "# Demo\n\nStep one \u{2192} step two.\n"), .stage(["Packs"]), .commit("on main"),
                .branch("feature/x"), PackExample.file("README.md", "# Demo\n\nStep one \u{2192} step two.\n\nMore words.\n"),
                .stage(["Packs"]),
            ]),
        .failing(
            "an arrow on a line the change adds", pack: "Demo", reason: "Packs/Demo/README.md:5:6: non-ASCII character U+2192",
            initialCommit + [
                PackExample.file("README.md", "# Demo\n\nStep one \u{2192} step two.\n"), .stage(["Packs"]), .commit("on main"),
                .branch("feature/x"), PackExample.file("README.md", "# Demo\n\nStep one \u{2192} step two.\n\nMore \u{2192} words.\n"),
                .stage(["Packs"]),
            ]),
        .failing(
            "a file the change touches", pack: "Demo", reason: "Packs/Demo/ReleaseNotes/1_0_4.md:1:3: non-ASCII character U+2192",
            initialCommit + [
                PackExample.file("ReleaseNotes/1_0_3.md", "- Fixed caf\u{00E9} bug\n"), .stage(["Packs"]),
                .commit("history"), .branch("feature/x"),
                PackExample.file("ReleaseNotes/1_0_4.md", "- \u{2192} arrow\n"),
            ]),
    ]
}
