import FlowCore
import FlowKit
import Foundation
import Testing

/// `flow phases --format mermaid|dot` and `flow status --all`: where a team stands, drawn.
@Suite("Workflow graphs and every branch's status")
struct PhasesGraphTests {
    static let dotInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")

    /// A project on the shipped xsoar-local workflow, at repo-setup on main.
    func surveyed() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.apply(initialCommit + [.remote("origin", url: "../origin.git")])
        let args = Array(CLITests.initArgs.dropLast(2)) + ["--workflow", "xsoar-local"]
        let run = try FlowBinary.run(args, in: repo.path, environment: ["FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows"])
        #expect(run.status == 0, "\(run.stderr)")
        return repo
    }

    static let localPhases = [
        "survey", "repo-setup", "create", "develop", "docs", "test", "lint", "validate", "commit",
        "merge-tag", "build-deploy",
    ]

    @Test("mermaid: a flowchart with every phase, its gates, every declared edge and the current phase marked")
    func mermaidIsStructurallyComplete() throws {
        let repo = try surveyed()
        let run = try FlowBinary.run(["phases", "--format", "mermaid"], in: repo.path)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "flowchart TD")
        let node = try Regex(#"^(p_[A-Za-z0-9_]+)\["(.*)"\]$"#, as: (Substring, Substring, Substring).self)
        let edge = try Regex(
            #"^(p_[A-Za-z0-9_]+) (-->|-\. goto \.->) (p_[A-Za-z0-9_]+)$"#, as: (Substring, Substring, Substring, Substring).self)
        var nodes: [String: String] = [:]
        var edges: [(String, String, Bool)] = []
        for line in lines.dropFirst() {
            if let m = line.wholeMatch(of: node) {
                #expect(!m.output.2.contains("\""), "an unescaped quote in \(line)")
                nodes[String(m.output.1)] = String(m.output.2)
            } else if let m = line.wholeMatch(of: edge) {
                edges.append((String(m.output.1), String(m.output.3), m.output.2 == "-->"))
            } else {
                #expect(line.hasPrefix("classDef current ") || line == "class p_repo_setup current", "unexpected line: \(line)")
            }
        }
        #expect(nodes.count == Self.localPhases.count)
        for phase in Self.localPhases {
            let id = "p_" + phase.replacingOccurrences(of: "-", with: "_")
            #expect(nodes[id]?.contains("<b>\(phase)</b>") == true, "\(phase) missing")
        }
        #expect(nodes["p_commit"]?.contains("git.clean") == true)
        // Every edge joins two nodes; the main line is solid, commit's way back to develop dashed.
        for (from, to, _) in edges { #expect(nodes[from] != nil && nodes[to] != nil) }
        #expect(edges.contains { $0 == ("p_survey", "p_repo_setup", true) })
        #expect(edges.contains { $0 == ("p_commit", "p_merge_tag", true) })
        #expect(edges.contains { $0 == ("p_commit", "p_develop", false) })
        #expect(lines.filter { $0.hasPrefix("class ") } == ["class p_repo_setup current"])
    }

    @Test("dot: renders with Graphviz, every phase a node, the current one filled", .enabled(if: dotInstalled, "needs graphviz"))
    func dotRendersWithGraphviz() throws {
        let repo = try surveyed()
        let run = try FlowBinary.run(["phases", "--format", "dot"], in: repo.path)
        #expect(run.status == 0, "\(run.stderr)")
        let file = repo.base + "/workflow.dot"
        try Data(run.stdout.utf8).write(to: URL(fileURLWithPath: file))
        let svg = ProcessRunner().run(["dot", "-Tsvg", file], in: repo.base, environment: [:], timeoutSeconds: 60)
        #expect(svg.succeeded, "\(svg.output)")
        // Graphviz writes a hyphen in an SVG title as &#45;.
        for phase in Self.localPhases {
            #expect(svg.output.contains("<title>\(phase.replacingOccurrences(of: "-", with: "&#45;"))</title>"), "\(phase) not drawn")
        }
        #expect(svg.output.contains("<title>commit&#45;&gt;develop</title>"), "the goto edge is not drawn")
        #expect(svg.output.contains("#ffd54f"), "the current phase is not marked")
        #expect(run.stdout.components(separatedBy: "fillcolor=").count == 2)
    }

    @Test("docs/workflows.md shows the shipped xsoar-local workflow exactly as flow phases --format mermaid draws it")
    func documentedGraphIsTheShippedWorkflow() throws {
        let workflow = try WorkflowLoader.load(file: SourceTree.root + "/Workflows/xsoar-local.yml")
        let drawn = WorkflowGraph.render(workflow, current: nil, format: .mermaid)
        let doc = try String(contentsOfFile: SourceTree.root + "/docs/workflows.md", encoding: .utf8)
        #expect(doc.contains("```mermaid\n" + drawn + "\n```"), "docs/workflows.md's mermaid block differs from:\n\(drawn)")
    }

    @Test("an unknown format is invalid input (exit 2), as every refused argument value is, with the command that works")
    func anUnknownFormatIsInvalidInput() throws {
        let repo = try surveyed()
        let run = try FlowBinary.run(["phases", "--format", "png"], in: repo.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--format png is not one of text, mermaid, dot"))
        #expect(run.stderr.contains("fix: flow phases --format mermaid"))
    }

    @Test("status --all: every local branch with its phase; blockers where it is checked out, the way to see them elsewhere")
    func statusOfEveryBranch() throws {
        let repo = try evidenceRepo()
        let other = repo.base + "/other"
        try repo.git(["worktree", "add", "-q", "-b", "feature/b", other])
        try repo.apply([.branch("feature/c"), .write("c.txt", "c\n"), .stage(["c.txt"]), .commit("c"), .checkout("feature/x")])
        try repo.git(["branch", "feature/m", "main"])  // nothing of its own: as good as merged
        #expect(try flowIn(repo, ["next"]).status == 0)  // feature/x: develop -> test
        try repo.write("Packs/Demo/FAIL", "")
        _ = try flowIn(repo, ["next"])  // the test fails: blocked at test
        let run = try flowIn(repo, ["status", "--all"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("feature/x: phase test - blocked"), "\(run.stdout)")
        #expect(run.stdout.contains("evidence.passed [Demo]: test failed on this content of Demo"), "\(run.stdout)")
        #expect(run.stdout.contains("feature/b: phase develop - ready to move on (\(other))"), "\(run.stdout)")
        #expect(run.stdout.contains("feature/c: phase (none recorded) - not evaluated"), "\(run.stdout)")
        #expect(run.stdout.contains("git switch feature/c && flow status shows what blocks it"), "\(run.stdout)")
        #expect(run.stdout.contains("main: phase"), "\(run.stdout)")
        #expect(run.stdout.contains("merged into main, which carries on from it (git branch -d feature/m when done)"), "\(run.stdout)")
        let json = try flowIn(repo, ["status", "--all", "--json"])
        let decoded = try JSONDecoder().decode([BranchStatus].self, from: Data(json.stdout.utf8))
        #expect(decoded.map(\.branch) == ["feature/b", "feature/c", "feature/m", "feature/x", "main"])
    }
}
