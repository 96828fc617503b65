import FlowCore
import FlowKit
import Foundation
import Testing

@Suite("flow doctor")
struct DoctorTests {
    func allTools(python: String = "3.11.7") -> FakeRunner {
        let runner = FakeRunner()
        runner.answers = [
            "git": FakeRunner.ok("git version 2.39.5\n"),
            "python3 -c": FakeRunner.ok(python + "\n"),
            "demisto-sdk": FakeRunner.ok("demisto-sdk version: 1.39.13\n"),
            "ruff": FakeRunner.ok("ruff 0.17.6\n"),
            "python3 -m pytest": FakeRunner.ok("pytest 9.0.3\n"),
        ]
        return runner
    }

    @Test func healthyWithTheToolsAndNoDocker() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit + [.remote("origin", url: "../o.git")])
        let report = Doctor(runner: allTools(), environment: [:]).run(at: repo.path)
        #expect(report.healthy)
        #expect(report.checks.first { $0.name == "docker" }?.level == .warning)
        #expect(report.checks.first { $0.name == "demisto-sdk" }?.detail == "demisto-sdk version: 1.39.13")
    }

    @Test func missingToolIsReportedWithItsFix() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        let runner = allTools()
        runner.answers["demisto-sdk"] = nil
        let report = Doctor(runner: runner, environment: [:]).run(at: repo.path)
        #expect(!report.healthy)
        let sdk = try #require(report.checks.first { $0.name == "demisto-sdk" })
        #expect(sdk.level == .missing)
        #expect(sdk.fix?.contains("pip install 'demisto-sdk==1.39.13'") == true)
        #expect(report.checks.first { $0.name == "origin" }?.level == .warning)
    }

    @Test func oldPythonIsMissing() throws {
        let report = Doctor(runner: allTools(python: "3.9.18"), environment: [:]).run(at: NSTemporaryDirectory())
        #expect(report.checks.first { $0.name == "python3" }?.level == .missing)
    }

    @Test func trapsAreWarned() throws {
        let repo = try TempRepo()
        try repo.apply(initialCommit)
        try repo.write(".flow/config.yml", "schemaVersion: 1\nworkflow: minimal\npacks: [Demo]\nplatform: xsoar6\n")
        try repo.git(["checkout", "-q", "--detach"])
        let report = Doctor(runner: allTools(), environment: ["DEMISTO_SDK_OFFLINE_ENV": "true", "XSIAM_AUTH_ID": "42"])
            .run(at: repo.path)
        let names = report.checks.filter { $0.level == .warning }.map(\.name)
        #expect(names.contains("DEMISTO_SDK_OFFLINE_ENV"))
        #expect(names.contains("XSIAM_AUTH_ID"))
        #expect(names.contains("HEAD"))
        #expect(report.healthy)
    }

    @Test func shallowCloneIsWarned() throws {
        let source = try TempRepo()
        try source.apply(initialCommit + [.write("b", "b"), .stage(["b"]), .commit("second")])
        let clone = source.base + "/shallow"
        try source.git(["clone", "-q", "--depth", "1", "file://" + source.path, clone], in: source.base)
        let report = Doctor(runner: allTools(), environment: [:]).run(at: clone)
        #expect(report.checks.first { $0.name == "shallow clone" }?.fix == "git fetch --unshallow --tags origin")
    }
}
