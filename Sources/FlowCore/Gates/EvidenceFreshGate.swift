import FlowGitTypes

/// `evidence.fresh`: the newest record of each check that has run on the pack on this branch is
/// about its current work-tree content; a check recorded on older content is stale. The same rule
/// decides whether `flow next` may skip a check as unchanged (EvidenceLedger.fresh).
public enum EvidenceFreshGate: Gate {
    public static let id = "evidence.fresh"
    public static let summary = "no recorded check is stale (the pack changed after it ran)"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim("S28", "no test result older than the content", shownBy: ["one character changed after the test"])
    ]
    public static let parameters = [
        GateParameter("checks", .strings, "checks to look at (default test, lint, validate)")
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let pack = context.pack, let directory = context.packDirectory else {
            return .fail("no pack to check", fix: "flow init --pack NAME")
        }
        let tree = try context.git.treeID(of: directory, in: .workTree) ?? "(empty)"
        var reasons: [String] = []
        var stale: [String] = []
        let branch = try context.evidenceBranch()
        for check in params.strings("checks", default: EvidencePassedGate.defaultChecks(context)) {
            guard let latest = context.evidence.latest(check: check, pack: pack, branch: branch), latest.tree != tree else { continue }
            stale.append(check)
            reasons.append(
                "\(check) of \(pack) is stale: it ran on tree \(latest.tree.prefix(12)) at \(latest.recordedAt), "
                    + "\(directory) is now tree \(tree.prefix(12))")
        }
        if reasons.isEmpty { return .pass() }
        return .fail(reasons: reasons, fix: EvidencePassedGate.rerunFix(stale, context))
    }

    static let pack: [RepoStep] = initialCommit + [.write("Packs/Demo/pack_metadata.json", "{}\n")]

    public static let examples: [GateExample] = [
        .passing("checks ran on this content", pack: "Demo", pack + [.evidence(check: "test", pack: "Demo", passed: true)]),
        .passing("nothing ran yet", pack: "Demo", pack),
        .passing(
            "a newer check of other content on another branch (a linked worktree) is not this branch's", pack: "Demo",
            pack + [
                .stage(["Packs"]), .commit("pack"), .evidence(check: "test", pack: "Demo", passed: true),
                .branch("feature/other"), .write("Packs/Demo/pack_metadata.json", "{ }\n"),
                .evidence(check: "test", pack: "Demo", passed: true), .stage(["Packs"]), .commit("other"),
                .checkout("main"),
            ]),
        .failing(
            "one character changed after the test", pack: "Demo", reason: "test of Demo is stale",
            pack + [.evidence(check: "test", pack: "Demo", passed: true), .write("Packs/Demo/pack_metadata.json", "{}\n\n")]),
        .failing(
            "edited, checked, then reverted: the newest run is of the edit", pack: "Demo", reason: "test of Demo is stale",
            pack + [
                .evidence(check: "test", pack: "Demo", passed: true), .write("Packs/Demo/pack_metadata.json", "{}\n\n"),
                .evidence(check: "test", pack: "Demo", passed: true), .write("Packs/Demo/pack_metadata.json", "{}\n"),
            ]),
        .passing(
            "another branch's newer run does not make this branch stale", pack: "Demo",
            pack + [
                .stage(["."]), .commit("pack"), .evidence(check: "test", pack: "Demo", passed: true),
                .branch("feature/y"), .write("Packs/Demo/pack_metadata.json", "{}\n\n"),
                .evidence(check: "test", pack: "Demo", passed: true), .stage(["."]), .commit("y"),
                .checkout("main"),
            ]),
    ]
}
