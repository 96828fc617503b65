import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct VerifyChecks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "Re-run the base branch workflow's checks (test, lint, validate) on the tip for every pack the range changed.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "BASE..TIP (default: origin/main..HEAD, or main..HEAD without origin/main).")
    var range: String?

    @Option(help: "Check only this pack (one job of a CI matrix).")
    var pack: String?

    @Flag(help: "List the packs to check without running anything (with --json: a CI matrix under `include`).")
    var plan = false

    @Flag(help: "For a maintainer: accept the range's changes to the rules (the policy files it names) and judge it with the new rules.")
    var acceptRuleChanges = false

    func run() throws {
        let request = Request(range: range, pack: pack, plan: plan, acceptRuleChanges: acceptRuleChanges, json: output.json)
        try runReporting { try Self.execute(request) { try repository.project(checkHooks: false) } }
    }

    /// What a run asks for, however its arguments were read.
    struct Request: Equatable {
        var range: String?
        var pack: String?
        var plan = false
        var acceptRuleChanges = false
        var json = false

        /// The plan as CI asks for it (`verify checks --plan [--json] [--range R]
        /// [--accept-rule-changes]`, in any order), read without ArgumentParser, whose set-up of
        /// the command tree is a quarter of a plan's time; nil for any other arguments, which the
        /// parser reads as usual (FastPath; HookFastPathTests compares the two).
        static func direct(_ arguments: [String]) -> Request? {
            guard arguments.count >= 3, arguments[0] == "verify", arguments[1] == "checks" else { return nil }
            var request = Request()
            var index = 2
            while index < arguments.count {
                switch arguments[index] {
                case "--plan" where !request.plan: request.plan = true
                case "--json" where !request.json: request.json = true
                case "--accept-rule-changes" where !request.acceptRuleChanges: request.acceptRuleChanges = true
                case "--range" where request.range == nil && index + 1 < arguments.count && !arguments[index + 1].hasPrefix("-"):
                    index += 1
                    request.range = arguments[index]
                default: return nil
                }
                index += 1
            }
            return request.plan ? request : nil
        }
    }

    /// The one body of `flow verify checks`, parsed or direct.
    static func execute(_ request: Request, project: () throws -> Project) throws -> ExitStatus {
        let (range, pack, plan, acceptRuleChanges) = (request.range, request.pack, request.plan, request.acceptRuleChanges)
        try WorkflowLocator.refuseOverrideInCI(command: "flow verify checks")
        let report = try ChecksVerifier(project: project())
            .verify(range: range, pack: pack, plan: plan, acceptRuleChanges: acceptRuleChanges)
        if request.json {
            printOut(JSONOutput.render(report))
            if report.rulesChanged {
                // The JSON goes to a file in CI (the plan): say why on stderr, where the log shows it.
                FileHandle.standardError.write(
                    Data("flow verify checks: \(PolicyInputs.rulesChangedMessage(report.policyChanges))\n".utf8))
            }
        } else {
            let console = Console.forStandardOutput()
            let whose =
                report.rulesSetUp
                ? "this checkout's workflow \(report.workflow) (the base has no \(PolicyInputs.configPath))"
                : report.acceptedRuleChanges
                    ? "the new rules' workflow \(report.workflow) (accepted with --accept-rule-changes)"
                    : "the base branch's workflow \(report.workflow)"
            var lines = ["\(plan ? "Packs to check" : "Checks") of \(report.range) with \(whose):"]
            if report.packs.isEmpty { lines.append("  no pack changed: nothing to check") }
            for pack in report.packs {
                lines.append("  \(pack.pack) (tree \(pack.tree.prefix(12)))")
                for check in pack.checks {
                    lines.append("    \(check.passed ? console.green("PASS") : console.red("FAIL")) \(check.message)")
                    if !check.passed, let out = check.output {
                        lines += out.split(separator: "\n", omittingEmptySubsequences: false).map { "       | \($0)" }
                    }
                }
            }
            lines += VerifyCommits.policyLines(
                report.policyChanges, accepted: report.acceptedRuleChanges, setUp: report.rulesSetUp,
                console: console)
            if !plan {
                lines.append(
                    report.packs.allSatisfy(\.passed)
                        ? console.green("Every check passed on the tip.")
                        : console.red("Checks failed on the tip: fix them on the branch and push again."))
            }
            printOut(lines.joined(separator: "\n"))
        }
        if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true", !request.json {
            for pack in report.packs {
                for check in pack.checks where !check.passed {
                    printOut("::error title=flow verify checks::\(pack.pack): \(check.message)")
                }
            }
            if report.rulesChanged {
                printOut("::error title=flow verify checks::\(PolicyInputs.rulesChangedMessage(report.policyChanges))")
            }
        }
        return report.passed ? .success : .blocked
    }
}
