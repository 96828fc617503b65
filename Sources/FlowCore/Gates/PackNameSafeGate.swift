/// `pack.name-safe`: the pack name is a plain PascalCase directory name (no `..`, `/`, spaces, non-ASCII).
public enum PackNameSafeGate: Gate {
    public static let id = "pack.name-safe"
    public static let summary = "the pack name is PascalCase and safe as a directory name"
    public static let scope = GateScope.pack

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let pack = context.pack else { return .fail("no pack given", fix: "flow init --pack NAME") }
        if let problem = PackName.problem(pack) {
            return .fail("pack \(pack): \(problem)", fix: "flow init --pack NewName (PascalCase, letters and digits)")
        }
        return .pass("pack \(pack)")
    }

    public static let examples: [GateExample] = [
        .passing("PascalCase", pack: "Demo", initialCommit),
        .failing("path trick", pack: "../Evil", reason: "path separator", initialCommit),
        .failing("space", pack: "My Pack", reason: "has spaces", initialCommit),
        .failing("unicode", pack: "Démo", reason: "non-ASCII", initialCommit),
        .failing("lower case", pack: "demo", reason: "not PascalCase", initialCommit),
    ]
}
