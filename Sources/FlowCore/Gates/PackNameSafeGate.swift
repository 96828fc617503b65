/// `pack.name-safe`: the pack name is a plain directory name (no `..`, `/`, spaces, non-ASCII);
/// a pack new to the repository is PascalCase as rule S71 says, an existing one (on main, tagged
/// or adopted) keeps its name, `-` and `_` included.
public enum PackNameSafeGate: Gate {
    public static let id = "pack.name-safe"
    public static let summary = "the pack name is safe as a directory name; a new pack's is PascalCase"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S71", "PascalCase for a pack new to the repository; an existing pack keeps any safe name",
            shownBy: ["lower case", "new hyphenated pack"])
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let pack = context.pack else { return .fail("no pack given", fix: "flow init --pack NAME") }
        if let problem = PackName.existingProblem(pack) {
            return .fail("pack \(pack): \(problem)", fix: "choose a PascalCase name of letters and digits: flow init --pack NewName")
        }
        guard let layout = context.layout, PackName.problem(pack) != nil else { return .pass("pack \(pack)") }
        if let history = try context.publishedHistory(layout) { return .pass("pack \(pack): an existing pack keeps its name (\(history))") }
        return .fail(
            "pack \(pack): \(PackName.problem(pack) ?? "") and the pack is new to this repository",
            fix:
                "name a new pack in PascalCase (flow init --pack NewName); an existing pack published elsewhere: flow adopt --pack \(pack) --released"
        )
    }

    public static let examples: [GateExample] = [
        .passing("PascalCase", pack: "Demo", initialCommit),
        .failing("path trick", pack: "../Evil", reason: "path separator", initialCommit),
        .failing("space", pack: "My Pack", reason: "has spaces", initialCommit),
        .failing("unicode", pack: "Démo", reason: "non-ASCII", initialCommit),
        .failing("lower case", pack: "demo", reason: "not PascalCase", initialCommit),
        .failing("new hyphenated pack", pack: "Hello-World", reason: "is new to this repository", initialCommit),
        .passing(
            "existing hyphenated pack on main", pack: "HelloWorldPremium-Resell",
            initialCommit + [
                .write("Packs/HelloWorldPremium-Resell/pack_metadata.json", PackExample.metadata(version: "1.1.8")),
                .stage(["Packs"]), .commit("pack"), .branch("feature/x"),
            ]),
        .passing(
            "existing pack with underscores, tagged", pack: "Active_Directory_Query",
            initialCommit + [.tag("v1.0.0", annotated: true)]),
        .failing("leading dash", pack: "-rf", reason: "not a plain directory name", initialCommit),
    ]
}
