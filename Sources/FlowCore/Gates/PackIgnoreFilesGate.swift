/// `pack.ignore-files`: the pack has .pack-ignore and .secrets-ignore (demisto-sdk reads both).
public enum PackIgnoreFilesGate: Gate {
    public static let id = "pack.ignore-files"
    public static let summary = "the pack has .pack-ignore and .secrets-ignore"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim("S8", "`.pack-ignore` and `.secrets-ignore` exist", shownBy: ["secrets-ignore missing"])
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let dir = context.packDirectory, let pack = context.pack else { return .fail("no pack given", fix: "flow init --pack NAME") }
        let missing = [".pack-ignore", ".secrets-ignore"].map { "\(dir)/\($0)" }.filter { !context.files.exists($0) }
        if missing.isEmpty { return .pass() }
        return .fail(
            reasons: missing.map { "pack \(pack): \($0) is missing" },
            fix: "write them with flow create, or create them empty: touch \(Shell.words(missing))")
    }

    public static let examples: [GateExample] = [
        .passing("both", pack: "Demo", initialCommit + [PackExample.file(".pack-ignore", ""), PackExample.file(".secrets-ignore", "")]),
        .failing(
            "secrets-ignore missing", pack: "Demo", reason: "Packs/Demo/.secrets-ignore is missing",
            initialCommit + [PackExample.file(".pack-ignore", "")]),
    ]
}
