import FlowGitTypes

/// `evidence.passed`: each listed check has a passing record for exactly the pack's current
/// content (the work tree for `flow next`, the index for the pre-commit hook).
public enum EvidencePassedGate: Gate {
    public static let id = "evidence.passed"
    public static let summary = "the workflow's checks (test, lint, validate in the shipped ones) passed on exactly this pack content"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim("S28", "the test check passed on exactly this content", shownBy: ["test failed", "edited after the checks"]),
        RuleClaim("S34", "the validate check passed on exactly this content", shownBy: ["validate never ran"]),
    ]
    public static let defaultChecks = ["test", "lint", "validate"]
    public static let parameters = [
        GateParameter("checks", .strings, "checks that must have passed (default: every check the workflow's actions record)"),
        GateParameter("source", .string, "worktree (default) or index: which content must have been checked"),
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let pack = context.pack, let directory = context.packDirectory else {
            return .fail("no pack to check", fix: "flow init --pack NAME")
        }
        let sourceName = params.string("source", default: "worktree")
        guard let source = TreeSource(rawValue: sourceName), source != .head else {
            return .fail("source must be worktree or index, not \(sourceName)", fix: "correct the workflow file")
        }
        guard let tree = try context.git.treeID(of: directory, in: source) else {
            return .fail(
                "\(directory) has no files in the \(source == .index ? "index" : "work tree")",
                fix: "create the pack first (flow init --pack \(pack))")
        }
        let checks = params.strings("checks", default: defaultChecks(context))
        var reasons: [String] = []
        for check in checks where context.evidence.record(check: check, pack: pack, tree: tree)?.passed != true {
            reasons.append(missing(check, pack: pack, tree: tree, ledger: context.evidence))
        }
        if reasons.isEmpty { return .pass("\(checks.joined(separator: ", ")) passed on tree \(tree.prefix(12))") }
        let stale = checks.filter { context.evidence.record(check: $0, pack: pack, tree: tree)?.passed != true }
        let failed = stale.filter { context.evidence.record(check: $0, pack: pack, tree: tree)?.passed == false }
        var fix =
            failed.isEmpty
            ? rerunFix(stale, context) : "fix what the \(failed.joined(separator: "/")) log shows, then \(rerun(stale, context))"
        // The staged tree is judged: stage what was checked, naming each file (never the
        // directory, which may hold a private untracked file), after a re-run when the work
        // tree's content has not passed either.
        if source == .index {
            let worktree = try context.git.treeID(of: directory, in: .workTree)
            let unchecked = checks.filter { check in
                worktree.map { context.evidence.record(check: check, pack: pack, tree: $0)?.passed != true } ?? true
            }
            let staging = try PackStaging.of(directory, context)
            let again = rerun(unchecked.isEmpty ? stale : unchecked, context)
            fix = staging.fix(
                rerun: failed.isEmpty ? again : "fix what the \(failed.joined(separator: "/")) log shows, then \(again)",
                rerunFix: failed.isEmpty ? rerunFix(unchecked, context) : nil, stale: !unchecked.isEmpty, commit: false)
        }
        return .fail(reasons: reasons, fix: fix)
    }

    static func missing(_ check: String, pack: String, tree: String, ledger: EvidenceLedger) -> String {
        let short = tree.prefix(12)
        if let exact = ledger.record(check: check, pack: pack, tree: tree), !exact.passed {
            return "\(check) failed on this content of \(pack) (tree \(short))" + (exact.log.map { "; log: \($0)" } ?? "")
        }
        if let latest = ledger.latest(check: check, pack: pack) {
            return "\(check) of \(pack) is stale: it \(latest.passed ? "passed" : "failed") on tree \(latest.tree.prefix(12)) "
                + "at \(latest.recordedAt), the content is now tree \(short)"
        }
        return "\(check) has not run on \(pack) (tree \(short))"
    }

    /// The checks a gate use without `checks:` requires: every check the workflow's actions
    /// record (test, lint, validate outside a workflow).
    public static func defaultChecks(_ context: GateContext) -> [String] {
        context.checks.map { $0.map(\.check) } ?? defaultChecks
    }

    /// The command that re-runs checks: back to the phase that runs the first of them (the
    /// workflow says which), then `flow next`, repeated through the rest.
    public static func rerun(_ checks: [String], _ context: GateContext) -> String {
        guard let first = checks.first else { return "flow next" }
        let phase = context.phase(running: first)
        // One command line for one check; for several, prose (how many `flow next` it takes depends on the workflow).
        if checks.count == 1 { return "flow goto \(phase) && flow next" }
        return "flow goto \(phase), then flow next until \(checks.joined(separator: ", ")) have run"
    }

    /// `rerun` as a fix of its own: the command line, or prose around the steps.
    static func rerunFix(_ checks: [String], _ context: GateContext) -> String {
        checks.count > 1 ? "re-run them: \(rerun(checks, context))" : rerun(checks, context)
    }

    static let pack: [RepoStep] = initialCommit + [.write("Packs/Demo/pack_metadata.json", "{}\n")]

    public static let examples: [GateExample] = [
        .passing(
            "all checks passed on this content", pack: "Demo",
            pack + [
                .evidence(check: "test", pack: "Demo", passed: true), .evidence(check: "lint", pack: "Demo", passed: true),
                .evidence(check: "validate", pack: "Demo", passed: true),
            ]),
        .failing(
            "validate never ran", pack: "Demo", reason: "validate has not run on Demo",
            pack + [.evidence(check: "test", pack: "Demo", passed: true), .evidence(check: "lint", pack: "Demo", passed: true)]),
        .failing(
            "edited after the checks", pack: "Demo", reason: "test of Demo is stale",
            pack + [
                .evidence(check: "test", pack: "Demo", passed: true), .evidence(check: "lint", pack: "Demo", passed: true),
                .evidence(check: "validate", pack: "Demo", passed: true),
                .write("Packs/Demo/pack_metadata.json", "{ }\n"),
            ]),
        .failing(
            "checked content not staged", params: ["source": .string("index"), "checks": .list([.string("test")])],
            pack: "Demo", reason: "test of Demo is stale",
            pack + [
                .stage(["Packs/Demo"]), .write("Packs/Demo/pack_metadata.json", "{ }\n"),
                .evidence(check: "test", pack: "Demo", passed: true),
            ]),
        .failing(
            "checked with an edit not staged: the fix names the edited file",
            params: ["source": .string("index"), "checks": .list([.string("test")])],
            pack: "Demo", reason: "test of Demo is stale", fix: "git add -- Packs/Demo/pack_metadata.json",
            pack + [
                .write("Packs/Demo/README.md", "# Demo\n"), .stage(["Packs/Demo"]), .commit("pack"),
                .write("Packs/Demo/pack_metadata.json", "{ }\n"), .evidence(check: "test", pack: "Demo", passed: true),
            ]),
        .failing(
            "checked with a private note untracked in the pack: the fix never stages it in a command",
            params: ["source": .string("index"), "checks": .list([.string("test")])],
            pack: "Demo", reason: "test of Demo is stale", fix: "the checks ran with the untracked Packs/Demo/Integrations/Acme/notes.txt",
            fixOmits: "git add Packs/Demo",
            pack + [
                .stage(["Packs/Demo"]), .commit("pack"), .write("Packs/Demo/Integrations/Acme/notes.txt", "api key\n"),
                .evidence(check: "test", pack: "Demo", passed: true),
            ]),
        .passing(
            "staged content checked", params: ["source": .string("index"), "checks": .list([.string("test")])],
            pack: "Demo",
            pack + [.evidence(check: "test", pack: "Demo", passed: true), .stage(["Packs/Demo"])]),
        .failing(
            "test failed", params: ["checks": .list([.string("test")])], pack: "Demo", reason: "test failed on this content",
            pack + [.evidence(check: "test", pack: "Demo", passed: false)]),
    ]
}
