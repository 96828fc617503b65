import Foundation
import Testing

/// `flow demo` is the README's "run it" command: it must walk the lifecycle as narrated, with and
/// without the real tools (every step's exit code is checked inside the demo itself).
@Suite("flow demo")
struct DemoTests {
    func runDemo(path: String, tools: [String], binary: String = FlowBinary.path) throws -> (FlowRun, String) {
        let dir = NSTemporaryDirectory() + "flow-demo-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try FlowBinary.run(
            ["demo", dir] + tools, in: NSTemporaryDirectory(),
            environment: ["PATH": path, "FLOW_WORKFLOWS_DIR": SourceTree.root + "/Workflows"], binary: binary)
        return (run, dir)
    }

    @Test func withoutToolsSaysWhatItSkipped() throws {
        let (run, _) = try runDemo(path: "/usr/local/bin:/usr/bin:/bin", tools: [])
        #expect(run.status == 0, "\(run.stdout.suffix(2000))\(run.stderr)")
        #expect(run.stdout.contains("demisto-sdk not found: tool phases are skipped"))
        #expect(run.stdout.contains("skipped (tools not installed): test, lint, validate"))
        #expect(run.stdout.contains("flow pre-commit: refused"))
    }

    /// The test build, and the release build scripts/demo.sh runs (when scripts/test.sh made one):
    /// the demo once walked to the end with the one and stopped at `flow release` with the other.
    static let binaries = [FlowBinary.path] + (ReleaseBinary.path.map { [$0] } ?? [])

    @Test(.enabled(if: XsoarTools.installed, "needs the tools from scripts/xsoar-tools.sh"), arguments: binaries)
    func withToolsBuildsTheZip(binary: String) throws {
        let bin = try #require(XsoarTools.bin)
        let (run, dir) = try runDemo(path: "/usr/local/bin:/usr/bin:/bin", tools: ["--tools", bin], binary: binary)
        #expect(run.status == 0, "\(run.stdout.suffix(3000))\(run.stderr)")
        #expect(run.stdout.contains("Built \(dir)/zips/HelloDemo-1.0.0.zip"))
        #expect(run.stdout.contains("Flow-Evidence: pack=HelloDemo tree="))
        #expect(!run.stdout.contains("skipped (tools not installed)"))
    }
}
