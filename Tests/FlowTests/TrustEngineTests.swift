import FlowCore
import FlowKit
import Foundation
import Testing

/// Issue 13, the engine: goto never moves forward, one freshness rule for the skip and the gate,
/// other branches' evidence ignored, a one-off `--workflow` writes no state.
@Suite("trust: the engine")
struct TrustEngineTests {
    static var shippedWorkflows: [String] {
        let dir = SourceTree.root + "/Workflows"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
            .map { dir + "/" + $0 }
    }

    @Test("goto refuses every forward target of every shipped workflow, and allows every earlier one")
    func gotoOnlyMovesBack() throws {
        #expect(Self.shippedWorkflows.count >= 3)
        for file in Self.shippedWorkflows {
            let workflow = try WorkflowLoader.load(file: file)
            let engine = Engine(workflow: workflow)
            let ids = workflow.phases.map(\.id)
            for (index, phase) in ids.enumerated() {
                let state = engine.start(at: phase, completed: Array(ids.prefix(index)), now: "t")
                for target in ids.suffix(from: index + 1) {
                    #expect(throws: FlowError.self, "\(workflow.id): goto \(target) from \(phase) must be refused") {
                        _ = try engine.goBack(state, to: target, now: "t")
                    }
                    do {
                        _ = try engine.goBack(state, to: target, now: "t")
                    } catch let error as FlowError {
                        #expect(error.status == .blocked)
                        #expect(error.description.contains("goto only moves back"))
                    }
                }
                for target in ids.prefix(index + 1) {
                    let moved = try engine.goBack(state, to: target, now: "t")
                    #expect(moved.phase == target)
                    #expect(!moved.completed.contains(target))
                }
            }
        }
    }

    @Test("edit, check, revert: `flow goto test && flow next` re-runs the check and the branch gets through")
    func editRevertReruns() throws {
        let repo = try evidenceRepo()
        for _ in 0..<4 { #expect(try flowIn(repo, ["next"]).status == 0) }  // develop, test, lint, validate at tree A
        let original = try #require(repo.read("Packs/Demo/Scripts/Hello/Hello.py"))
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'edited'\n")
        #expect(try flowIn(repo, ["goto", "test"]).status == 0)
        #expect(try flowIn(repo, ["next"]).status == 0)  // test on tree B
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", original)  // back to tree A
        #expect(try flowIn(repo, ["goto", "test"]).status == 0)
        let rerun = try flowIn(repo, ["next"])
        #expect(rerun.status == 0, "\(rerun.stdout)")
        #expect(rerun.stdout.contains("test passed ("), "the newest test run was on the edit: it must run again\n\(rerun.stdout)")
        #expect(!rerun.stdout.contains("test: unchanged"))
        #expect(try flowIn(repo, ["next"]).status == 0)  // lint
        let validate = try flowIn(repo, ["next"])
        #expect(validate.status == 0, "validate must pass once test and lint ran on this tree again\n\(validate.stdout)")
        #expect(try flowIn(repo, ["status", "--json"]).stdout.contains("\"phase\" : \"commit\""))
    }

    @Test("checks on another branch do not make this branch's evidence stale, even with --force")
    func otherBranchesIgnored() throws {
        let repo = try evidenceRepo()
        for _ in 0..<4 { #expect(try flowIn(repo, ["next"]).status == 0) }
        try repo.apply([.branch("feature/y")])
        try repo.write("Packs/Demo/Scripts/Hello/Hello.py", "def hello():\n    return 'y'\n")
        for _ in 0..<4 { #expect(try flowIn(repo, ["next", "--force"]).status == 0) }
        try repo.apply([.stage(["."]), .commit("y"), .checkout("feature/x")])
        #expect(try flowIn(repo, ["goto", "validate"]).status == 0)
        let back = try flowIn(repo, ["next", "--force"])
        #expect(back.status == 0, "feature/y's newer runs are not this branch's\n\(back.stdout)")
        #expect(!back.stdout.contains("stale"), "\(back.stdout)")
    }

    @Test("a one-off --workflow never writes the branch's state; goto under it is refused")
    func oneOffWorkflowWritesNoState() throws {
        let repo = try evidenceRepo()
        #expect(try flowIn(repo, ["next"]).status == 0)  // develop -> test
        let statePath = repo.path + "/.git/flow/state.json"
        let before = try #require(FileManager.default.contents(atPath: statePath))
        let run = try flowIn(repo, ["next", "--workflow", "minimal"])
        #expect(run.status == 0 || run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(FileManager.default.contents(atPath: statePath) == before, "a one-off workflow rewrote state.json")
        let goto = try flowIn(repo, ["goto", "survey", "--workflow", "minimal"])
        #expect(goto.status == 2, "\(goto.stderr)")
        #expect(goto.stderr.contains("one-off"))
        #expect(FileManager.default.contents(atPath: statePath) == before)
        #expect(try flowIn(repo, ["status", "--json"]).stdout.contains("\"phase\" : \"test\""))
    }
}
