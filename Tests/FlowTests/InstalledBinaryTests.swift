import FlowCore
import FlowKit
import Foundation
import Testing

/// flow as a user has it: one binary copied (or installed by scripts/install.sh) somewhere with
/// no source checkout near it.
@Suite("the binary alone, outside the checkout")
struct InstalledBinaryTests {
    /// The release build when scripts/test.sh made one, else the test build.
    static var binary: String { ReleaseBinary.path ?? FlowBinary.path }

    @Test("a copy in an empty directory runs init, status, next, hooks install and a commit through the hooks")
    func copiedBinaryWorksAnywhere() throws {
        let home = NSTemporaryDirectory() + "flow-installed-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/bin", withIntermediateDirectories: true)
        let flow = home + "/bin/flow"
        try FileManager.default.copyItem(atPath: Self.binary, toPath: flow)
        #expect(!SourceTree.root.hasPrefix(home) && !home.hasPrefix(SourceTree.root))

        let repo = try TempRepo()
        try repo.apply(initialCommit + [.remote("origin", url: "../origin.git")])
        // No FLOW_WORKFLOWS_DIR: the workflows come from inside the binary; the hooks find it on PATH.
        let env = ["FLOW_WORKFLOWS_DIR": "", "PATH": home + "/bin:/usr/local/bin:/usr/bin:/bin", "HOME": home]
        func run(_ args: [String]) throws -> FlowRun { try FlowBinary.run(args, in: repo.path, environment: env, binary: flow) }

        let initialised = try run(CLITests.initArgs)
        #expect(initialised.status == 0, "init: \(initialised.stderr)")
        let status = try run(["status"])
        #expect(status.status == 0, "status: \(status.stderr)")
        #expect(status.stdout.contains("repo-setup"), "\(status.stdout)")
        let next = try run(["next"])
        #expect(next.status == 0, "next: \(next.stdout)\(next.stderr)")
        #expect(next.stdout.contains("now at develop"), "\(next.stdout)")
        #expect(try run(["workflow", "show", "minimal"]).stdout.hasPrefix("# A small workflow"))
        let hooks = try run(["hooks", "install"])
        #expect(hooks.status == 0, "hooks install: \(hooks.stderr)")
        #expect(try String(contentsOfFile: repo.path + "/.git/hooks/pre-commit", encoding: .utf8).contains(flow))

        // Through the hooks: a zip is refused, a plain change on a feature branch goes in.
        #expect(try run(["feature", "start", "notes"]).status == 0)
        try repo.apply([.writeBytes("Demo.zip", Scene.zip), .stage(["Demo.zip"])])
        let refused = ProcessRunner().run(
            ["git", "commit", "-q", "-m", "zip"], in: repo.path,
            environment: env.merging(["GIT_CONFIG_NOSYSTEM": "1"]) { $1 }, timeoutSeconds: 120)
        #expect(refused.outcome == .exited(1), "\(refused.output)")
        #expect(refused.output.contains("Demo.zip"), "\(refused.output)")
        try repo.git(["rm", "-q", "--cached", "Demo.zip"])
        try repo.apply([.write("NOTES.md", "notes\n"), .stage(["NOTES.md"])])
        let allowed = ProcessRunner().run(
            ["git", "commit", "-q", "-m", "docs(Demo): notes"], in: repo.path,
            environment: env.merging(["GIT_CONFIG_NOSYSTEM": "1"]) { $1 }, timeoutSeconds: 120)
        #expect(allowed.succeeded, "\(allowed.output)")
        #expect(try repo.git(["log", "-1", "--format=%s"]) == "docs(Demo): notes")
    }

    @Test("scripts/install.sh --help says how; an unknown option is a usage error")
    func installScriptHelp() throws {
        let help = ProcessRunner().run(
            [SourceTree.root + "/scripts/install.sh", "--help"], in: SourceTree.root,
            environment: [:], timeoutSeconds: 60)
        #expect(help.succeeded)
        #expect(help.output.contains("usage: scripts/install.sh [--prefix DIR]"))
        #expect(help.output.contains("default: ~/.local"))
        let bad = ProcessRunner().run(
            [SourceTree.root + "/scripts/install.sh", "--prefx", "x"], in: SourceTree.root,
            environment: [:], timeoutSeconds: 60)
        #expect(bad.outcome == .exited(64))
        #expect(bad.output.contains("unknown option --prefx"))
    }

    @Test(
        "scripts/install.sh --prefix DIR installs the release binary as DIR/bin/flow and says whether it is on PATH",
        .enabled(if: ReleaseBinary.path != nil, "builds the release binary: scripts/test.sh sets FLOW_RELEASE_BIN"))
    func installScript() throws {
        let built = try #require(ReleaseBinary.path)
        let prefix = NSTemporaryDirectory() + "flow-prefix-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        // A PATH with swift but without PREFIX/bin.
        let swiftPath = ProcessRunner.locate("swift").map { ($0 as NSString).deletingLastPathComponent + ":" } ?? ""
        // The same build directory as FLOW_RELEASE_BIN's, so this is the build scripts/test.sh made.
        let scratch = URL(fileURLWithPath: built).deletingLastPathComponent().deletingLastPathComponent().path
        let run = ProcessRunner().run(
            [SourceTree.root + "/scripts/install.sh", "--prefix", prefix], in: SourceTree.root,
            environment: ["FLOW_SCRATCH": scratch, "PATH": swiftPath + "/usr/local/bin:/usr/bin:/bin"],
            timeoutSeconds: 1800)
        #expect(run.succeeded, "\(run.output)")
        #expect(run.output.contains("installed: \(prefix)/bin/flow"))
        #expect(run.output.contains("\(prefix)/bin is not on your PATH"))
        #expect(FileManager.default.contents(atPath: prefix + "/bin/flow") == FileManager.default.contents(atPath: built))
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/flow"))
    }
}
