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
        #expect(jobs.count == 2)
        let verify = try #require(text.range(of: "flow verify release"))
        let build = try #require(text.range(of: "run: flow build"))
        #expect(verify.lowerBound < build.lowerBound)
        #expect(text.contains("flow verify commits --range"))
        #expect(text.contains("pull_request"))
    }
}
