import FlowCore
import Foundation
import Testing

@testable import FlowKit

/// Clean as you code for line-level rules (`findings: changed-lines`): in a pack already on main,
/// ruff's findings and ruff format's changes count only on the lines a change adds or modifies;
/// a new pack is judged whole; `flow fix` formats exactly that scope.
@Suite("line-level rules judge the lines a change touches")
struct ChangedLinesTests {
    struct ParseRow: CustomTestStringConvertible, Sendable {
        let name: String
        let output: String
        let expected: [(String, ClosedRange<Int>)]
        var testDescription: String { name }
    }

    static let parseRows: [ParseRow] = [
        ParseRow(
            name: "ruff check concise",
            output: """
                Packs/Demo/a.py:1:8: F401 [*] `os` imported but unused
                Packs/Demo/a.py:8:1: T201 `print` found
                Found 2 errors.
                [*] 1 fixable with `--fix`.
                """, expected: [("Packs/Demo/a.py", 1...1), ("Packs/Demo/a.py", 8...8)]),
        ParseRow(
            name: "file:line: without a column", output: "x.py:3: error: Name \"y\" is not defined\n",
            expected: [("x.py", 3...3)]),
        ParseRow(
            name: "ruff format --diff: changed and inserted lines by the file's own numbers",
            output: """
                --- p.py
                +++ p.py
                @@ -1,5 +1,6 @@
                 import os
                -x = {"a":1}
                +
                +x = {"a": 1}
                 y = 2
                 z = 3
                 w = 4
                @@ -9,2 +10,2 @@
                 q = 1
                -print( "x" )
                +print("x")
                1 file would be reformatted
                """, expected: [("p.py", 2...2), ("p.py", 10...10)]),
        ParseRow(
            name: "a pure insertion touches the lines on both sides",
            output: """
                --- p.py
                +++ p.py
                @@ -3,2 +3,4 @@
                 import os
                +
                +
                 def f():
                """, expected: [("p.py", 3...4)]),
        ParseRow(
            name: "a syntax error is no finding (the failure counts whole)",
            output: "error: Failed to parse a.py:3:5: Expected an expression\n", expected: []),
        ParseRow(name: "a summary alone is no finding", output: "Found 3 errors.\n1 file would be reformatted\n", expected: []),
    ]

    @Test("findings are read from the tools' output", arguments: parseRows)
    func parse(_ row: ParseRow) {
        let found = ToolFindings.parse(row.output).map { ($0.file, $0.lines) }
        #expect(found.count == row.expected.count, "\(found)")
        for (got, want) in zip(found, row.expected) {
            #expect(got.0 == want.0 && got.1 == want.1, "\(found)")
        }
    }

    @Test("added lines are what a diff adds or modifies; ranges come bottom first")
    func addedLinesAndRanges() {
        let old = "a\nb\nc\nd\ne\n"
        let new = "a\nB\nc\nd\nnew\ne\nf\n"
        #expect(ToolFindings.addedLines(old: old, new: new) == [2, 5, 7])
        #expect(ToolFindings.ranges([2, 3, 4, 9, 11, 12]) == [11...12, 9...9, 2...4])
        let (new_, debt) = ToolFindings.split(
            ToolFindings.parse("a.py:2:1: E1 x\na.py:3:1: E2 y\nb.py:1:1: E3 z\n"),
            changed: { $0 == "a.py" ? [2] : nil })
        #expect(new_.map(\.text) == ["a.py:2:1: E1 x", "b.py:1:1: E3 z"], "b.py is new: judged whole")
        #expect(debt.map(\.text) == ["a.py:3:1: E2 y"])
    }

    @Test("the loader reads findings: and fix:, and refuses them without a check")
    func loader() throws {
        let shipped = try WorkflowLocator.shipped("xsoar-local")
        let workflow = try WorkflowLoader.load(data: shipped.data, file: shipped.file)
        let lint = try #require(workflow.phases.compactMap(\.action).first { $0.check == "lint" })
        #expect(lint.findings == .changedLines)
        #expect(lint.fix.first?.contains("{lintFile}") == true)
        let yaml = """
            schema: 1
            id: w
            phases:
              - id: a
                action: {run: [true], findings: changed-lines}
              - id: b
                action: {check: lint, run: [true], findings: every-line, fix: [[]]}
            """
        let (_, problems) = WorkflowLoader.lint(data: Data(yaml.utf8), file: "w.yml")
        #expect(problems.contains { $0.message.contains("`findings` and `fix` belong to a check") && $0.location.line == 5 }, "\(problems)")
        #expect(problems.contains { $0.message.contains("must be one of: changed-lines") && $0.location.line == 7 }, "\(problems)")
        #expect(problems.contains { $0.message.contains("each entry of `fix`") }, "\(problems)")
    }

    // MARK: real ruff on an adopted pack

    static let file = "Packs/Demo/Integrations/Demo/Demo.py"

    /// 500 lines ruff format would rewrite (`{"k":1}`), an old `print()`, an unused import.
    static func legacyCode() -> String {
        var lines = ["import os", "import demistomock as demisto", "", "", "def old( a ):", "    print( \"legacy\" )", "    return a", ""]
        for i in 0..<490 { lines.append("X\(i) = {\"k\":\(i)}") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A ProcessRunner with the real tools first on PATH.
    struct ToolsRunner: CommandRunning {
        let path: String
        func run(_ argv: [String], in directory: String?, environment: [String: String], timeoutSeconds: Int) -> CommandResult {
            var env = environment
            env["PATH"] = path
            return ProcessRunner().run(argv, in: directory, environment: env, timeoutSeconds: timeoutSeconds)
        }
    }

    static func lint(_ repo: TempRepo, tools: String) throws -> ActionReport {
        let project = try Project.open(at: repo.path)
        let action = try #require(project.workflow.phases.compactMap(\.action).first { $0.check == "lint" })
        return try ActionRunner(project: project, runner: ToolsRunner(path: XsoarTools.path(tools)), progress: SilentProgress())
            .runOnce(action, phase: "lint", pack: "Demo", branch: "feature/x", force: true)
    }

    static func repoWithPackOnMain() throws -> TempRepo {
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: xsoar-local\npacks: [Demo]\n")
        try repo.write(file, legacyCode())
        try repo.apply([.stage(["."]), .commit("chore: the pack as it was")])
        _ = try repo.git(["checkout", "-q", "-b", "feature/x"])
        return repo
    }

    @Test(
        "an adopted pack's one-line fix passes lint; a new print() or an unformatted new line in it fails, naming only that line",
        .enabled(if: XsoarTools.installed, "needs ruff (scripts/xsoar-tools.sh)"))
    func adoptedPack() throws {
        let tools = try #require(XsoarTools.bin)
        let repo = try Self.repoWithPackOnMain()
        let code = Self.legacyCode()

        // A one-line fix, formatted as ruff would: the 500 old lines and the old print() are debt.
        try repo.write(Self.file, code.replacingOccurrences(of: "X5 = {\"k\":5}", with: "X5 = {\"k\": 55}"))
        let fixed = try Self.lint(repo, tools: tools)
        #expect(fixed.result == .passed, "\(fixed.message)\n\(fixed.output ?? "")")
        #expect(fixed.message.contains("the pack's debt"), "\(fixed.message)")

        // The same change with a new print(): refused, and only that line is named.
        try repo.write(Self.file, code.replacingOccurrences(of: "X5 = {\"k\":5}", with: "X5 = {\"k\": 55}\nprint(X5)"))
        let printed = try Self.lint(repo, tools: tools)
        #expect(printed.result == .failed)
        let output = printed.output ?? ""
        #expect(output.contains("Demo.py:15:1: T201"), "\(output)")
        #expect(!output.contains("Demo.py:6:"), "the old print() is debt: \(output)")
        #expect(printed.message.contains("on lines this change adds or modifies"), "\(printed.message)")

        // An unformatted new line fails ruff format on that line only; flow fix formats that line and nothing else.
        let unformatted = code.replacingOccurrences(of: "X5 = {\"k\":5}", with: "X5 = {\"k\":55}")
        try repo.write(Self.file, unformatted)
        let format = try Self.lint(repo, tools: tools)
        #expect(format.result == .failed)
        #expect(format.output?.contains("Demo.py:14: the formatter would change this line") == true, "\(format.output ?? "")")
        #expect(format.message.contains("fix: flow fix --pack Demo"), "\(format.message)")
        let fix = try FlowBinary.run(["fix", "--pack", "Demo"], in: repo.path, environment: ["PATH": XsoarTools.path(tools)])
        #expect(fix.status == 0, "\(fix.stdout)\(fix.stderr)")
        #expect(fix.stdout.contains("--range 14-15"), "\(fix.stdout)")
        #expect(
            repo.read(Self.file) == code.replacingOccurrences(of: "X5 = {\"k\":5}", with: "X5 = {\"k\": 55}"),
            "only the changed line was formatted")
        #expect(try Self.lint(repo, tools: tools).result == .passed)
    }

    @Test(
        "the same file in a new pack is judged whole, and flow fix formats all of it",
        .enabled(if: XsoarTools.installed, "needs ruff (scripts/xsoar-tools.sh)"))
    func newPack() throws {
        let tools = try #require(XsoarTools.bin)
        let repo = try TempRepo()
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: xsoar-local\npacks: [Demo]\n")
        try repo.write("README.md", "root\n")
        try repo.apply([.stage(["."]), .commit("chore: set up")])
        _ = try repo.git(["checkout", "-q", "-b", "feature/x"])
        try repo.write(Self.file, Self.legacyCode())
        let report = try Self.lint(repo, tools: tools)
        #expect(report.result == .failed)
        #expect(report.output?.contains("Demo.py:6:5: T201") == true, "\(report.output ?? "")")
        let fix = try FlowBinary.run(["fix", "--pack", "Demo"], in: repo.path, environment: ["PATH": XsoarTools.path(tools)])
        #expect(fix.status == 0, "\(fix.stdout)\(fix.stderr)")
        #expect(fix.stdout.contains("--range 1 "), "\(fix.stdout)")
        #expect(repo.read(Self.file)?.contains("X7 = {\"k\": 7}") == true)
    }
}
