/// `repo.gitignore`: .gitignore keeps build output out of git (`*.zip`, `*_build/`, `uploadable_packs/`).
public enum RepoGitignoreGate: Gate {
    public static let id = "repo.gitignore"
    public static let summary = ".gitignore ignores *.zip, *_build/ and uploadable_packs/"
    public static let enforces = [
        RuleClaim(
            "S48", "`.gitignore` has `*.zip`, `*_build/` and `uploadable_packs/`; a commit that removes one is refused by the hook",
            shownBy: ["no .gitignore", "zip missing"])
    ]
    public static let parameters = [GateParameter("patterns", .strings, "lines .gitignore must hold (default the three build outputs)")]

    public static let defaultPatterns = ["*.zip", "*_build/", "uploadable_packs/"]

    /// A line counts when it is the pattern itself or the same pattern anchored anywhere (`**/`);
    /// the case-insensitive `*.[zZ][iI][pP]` covers `*.zip`.
    static func covers(_ lines: Set<String>, _ pattern: String) -> Bool {
        let same = pattern == "*.zip" ? [pattern, caseInsensitiveZip] : [pattern]
        return same.contains { lines.contains($0) || lines.contains("**/" + $0) }
    }

    /// The .gitignore line for zips in any case (git's patterns match case-sensitively).
    public static let caseInsensitiveZip = "*.[zZ][iI][pP]"

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let wanted = params.strings("patterns", default: defaultPatterns)
        let text = context.files.read(".gitignore").map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() })
        let missing = wanted.filter { !covers(lines, $0) }
        if missing.isEmpty { return .pass() }
        let what = context.files.exists(".gitignore") ? ".gitignore does not ignore" : "there is no .gitignore; it must ignore"
        // Appended to a last line without its newline, the first pattern would join that line.
        let newline = text.isEmpty || text.hasSuffix("\n") || text.hasSuffix("\r") ? "" : "\\n"
        let printf = newline + missing.map { $0 }.joined(separator: "\\n")
        return .fail(
            reasons: missing.map { "\(what) \($0)" },
            fix: "printf '\(printf)\\n' >> .gitignore && git add .gitignore")
    }

    public static let examples: [GateExample] = [
        .passing("all three", initialCommit + [.write(".gitignore", "*.zip\n*_build/\nuploadable_packs/\n")]),
        .passing("zips in any case", initialCommit + [.write(".gitignore", "*.[zZ][iI][pP]\n*_build/\nuploadable_packs/\n")]),
        .passing("anchored anywhere", initialCommit + [.write(".gitignore", "**/*.zip\n*_build/\r\n uploadable_packs/ \n")]),
        .failing("no .gitignore", reason: "there is no .gitignore; it must ignore *.zip", initialCommit),
        .failing(
            "zip missing", reason: ".gitignore does not ignore *.zip",
            initialCommit + [.write(".gitignore", "*_build/\nuploadable_packs/\n")]),
        // The fix's first pattern goes on a line of its own, not onto the comment that ends the file.
        .failing(
            "zip missing after a last line without its newline", reason: ".gitignore does not ignore *.zip",
            fix: "printf '\\n*.zip\\n' >> .gitignore",
            initialCommit + [.write(".gitignore", "*_build/\nuploadable_packs/\n#.idea/")]),
    ]
}
