import FlowCore
import Foundation
import Testing

@testable import FlowKit

@Suite("Workflow files")
struct WorkflowLoaderTests {
    static var shipped: [String] {
        let dir = SourceTree.root + "/Workflows"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".yml") }.sorted().map { dir + "/" + $0 }
    }

    @Test("every shipped workflow loads with no problems", arguments: shipped)
    func shippedWorkflowLoads(_ path: String) throws {
        let (workflow, problems) = WorkflowLoader.lint(file: path)
        #expect(problems.isEmpty, "\(problems)")
        #expect(workflow?.phases.isEmpty == false)
    }

    /// The workflow and the problems of `yaml` read as the file wf.yml.
    func load(_ yaml: String) -> (Workflow?, [Diagnostic]) {
        WorkflowLoader.lint(data: Data(yaml.utf8), file: "wf.yml")
    }

    func lint(_ yaml: String) -> [Diagnostic] { load(yaml).1 }

    @Test func syntaxErrorHasLineAndColumn() {
        let problems = lint("id: x\nphases:\n  - id: a\n    gates: [git.clean\n")
        #expect(problems.count == 1)
        #expect(problems[0].message.hasPrefix("YAML syntax"))
        #expect(problems[0].location.line >= 4)
        #expect(problems[0].location.file == "wf.yml")
    }

    @Test func unknownGateIsLocated() {
        let problems = lint("id: x\nphases:\n  - id: a\n    gates:\n      - git.clean\n      - git.nope\n")
        #expect(
            problems.map(\.description) == [
                "wf.yml:6:9: unknown gate id git.nope in phase a (known: \(GateRegistry.ids.joined(separator: ", ")))"
            ])
    }

    @Test func unknownParameterAndMissingRequired() {
        let problems = lint(
            """
            id: x
            phases:
              - id: a
                gates:
                  - id: git.remote
                    with: {nmae: origin}
                  - id: command
            """)
        #expect(problems.contains { $0.message.contains("unknown parameter nmae for gate git.remote") })
        #expect(problems.contains { $0.message.contains("gate command needs parameter argv") && $0.location.line == 7 })
    }

    @Test func duplicateUnknownTransitionAndUnreachable() {
        let problems = lint(
            """
            id: x
            phases:
              - id: a
                transitions: [c, ghost]
              - id: b
              - id: c
              - id: a
            """)
        let messages = problems.map(\.message)
        #expect(messages.contains { $0.hasPrefix("duplicate phase id a (first defined at 3:5)") })
        #expect(messages.contains("transition to unknown phase ghost from phase a"))
        #expect(messages.contains("phase b is unreachable from a"))
        #expect(!messages.contains("phase c is unreachable from a"))
    }

    @Test func emptyNonUTF8AndHuge() {
        #expect(lint("").map(\.message) == ["the file is empty: a workflow needs `id` and `phases`"])
        let bad = WorkflowLoader.lint(data: Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE]), file: "wf.yml").1
        #expect(bad.map(\.message) == ["file is not UTF-8 text"])
        let huge = WorkflowLoader.lint(data: Data(repeating: 0x20, count: WorkflowLoader.maximumBytes + 1), file: "wf.yml").1
        #expect(huge.first?.message.contains("at most") == true)
        #expect(lint("- just\n- a list\n").first?.message.hasPrefix("a workflow is a mapping") == true)
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = "id: x\nphases: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(lint(deep).map(\.description) == ["wf.yml:2:1: nesting deeper than 64 levels of [ or {: a workflow is a shallow document"])
        let dashes = "id: x\nphases:\n" + String(repeating: "- ", count: 5_000) + "a\n"
        #expect(lint(dashes).first?.message.hasPrefix("nesting deeper than") == true)
        // Brackets inside quotes and comments do not count.
        #expect(
            lint("id: x # " + String(repeating: "[", count: 100) + "\nphases:\n  - id: \"" + String(repeating: "{", count: 100) + "\"\n")
                .isEmpty)
    }

    @Test func unknownKeysAreReported() {
        let problems = lint("id: x\nphases:\n  - id: a\n    gatse: []\n")
        #expect(
            problems.map(\.description) == [
                "wf.yml:4:5: unknown key `gatse` (allowed: action, gates, id, role, summary, title, transitions)"
            ])
    }

    @Test func actionAndParametersAreRead() throws {
        let (workflow, problems) = load(
            """
            id: x
            phases:
              - id: a
                gates:
                  - id: command
                    with: {argv: [python3, -c, "print(1)"], timeout: 5}
                action: {check: test, run: [pytest, "{packDir}"], timeout: 30}
            """)
        #expect(problems.isEmpty)
        let phase = try #require(workflow?.phases.first)
        #expect(phase.gates.first?.params.strings("argv", default: []) == ["python3", "-c", "print(1)"])
        #expect(phase.gates.first?.params.int("timeout", default: 0) == 5)
        #expect(phase.action == PhaseAction(check: "test", run: ["pytest", "{packDir}"], timeoutSeconds: 30))
    }

    @Test("numbers as YAML reads them: a URL stays text, 1:30 is 90, an overflowing base-60 number is no number and no crash")
    func integersAsYAMLReadsThem() throws {
        let (workflow, problems) = load(
            """
            id: x
            phases:
              - id: a
                gates:
                  - id: command
                    with:
                      argv: [curl, http://localhost:8080/x]
                      timeout: 1:30
                      fix: see http://localhost:8080/help
            """)
        #expect(problems.isEmpty, "\(problems)")
        let params = try #require(workflow?.phases.first?.gates.first?.params)
        #expect(params.int("timeout", default: 0) == 90)
        // Yams' Node.int alone read this as the integer 0 (its base-60 reading: no part is digits).
        #expect(params.values["fix"] == .string("see http://localhost:8080/help"))

        // libFuzzer's crash: a base-60 number whose value overflows. Now a located problem.
        let overflow = lint("schema: -11111111:::&1111:1111111100008612933::::-:111111\nid: x\nphases:\n  - id: a\n")
        #expect(overflow.map(\.description).first?.hasPrefix("wf.yml:1:9: unsupported workflow schema -11111111") == true)
    }

    @Test(
        "which base-60 integers overflow, as Yams computes them",
        arguments: [
            ("1:30", false), ("-1:30", false), ("+59:59:59", false), ("9999999999999999:59:59:59:59:59", true),
            ("1:1:1:1:1:1:1:1:1:1", false), ("1:1:1:1:1:1:1:1:1:1:1", true), ("153722867280912931:0", true),
            ("-153722867280912930:7", false),
            ("0x1:2", false), ("07:08", false), ("a:b", false), ("https://h:1/x", false), ("12", false),
        ])
    func baseSixtyOverflow(text: String, overflows: Bool) {
        #expect(YAMLInteger.baseSixtyOverflows(text) == overflows)
    }
}
