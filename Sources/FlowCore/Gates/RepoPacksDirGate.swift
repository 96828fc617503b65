/// `repo.packs-dir`: the content-repository layout demisto-sdk needs: a Packs/ directory at the root.
public enum RepoPacksDirGate: Gate {
    public static let id = "repo.packs-dir"
    public static let summary = "a Packs/ directory at the repository root (demisto-sdk needs it)"
    public static let enforces = [
        RuleClaim("S5", "`Packs/` (the configured `packsRoot`) is a directory at the root", shownBy: ["no Packs", "Packs is a file"])
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        let root = context.config.packsRoot
        if context.files.isDirectory(root) { return .pass("\(root)/ exists") }
        if context.files.exists(root) {
            return .fail("\(root) exists but is not a directory", fix: "mv \(root) \(root).bak && mkdir \(root)")
        }
        return .fail(
            "there is no \(root)/ directory at the repository root (demisto-sdk fails without it)",
            fix: "mkdir -p \(root)")
    }

    public static let examples: [GateExample] = [
        .passing("Packs present", initialCommit + [.write("Packs/.gitkeep", "")]),
        .failing("no Packs", reason: "no Packs/ directory", initialCommit),
        .failing("Packs is a file", reason: "not a directory", initialCommit + [.write("Packs", "x")]),
    ]
}
