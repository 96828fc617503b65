import ArgumentParser
import FlowCore
import FlowKit
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a sample content repository and walk it through the lifecycle, narrating each phase.",
        discussion:
            "Uses the real demisto-sdk, ruff and pytest when they are on PATH (or in --tools), and says which phases it skipped when not.")

    @Argument(help: "Where to build the sample repository (default: a new temporary directory).")
    var directory: String?

    @Option(help: "A bin/ directory holding demisto-sdk, ruff and pytest (default: found on PATH).")
    var tools: String?

    func run() throws {
        try runReporting {
            let dir = directory ?? (NSTemporaryDirectory() + "flow-demo-" + String(UUID().uuidString.prefix(8)))
            if FileManager.default.fileExists(atPath: dir + "/content") {
                throw FlowError.invalid("\(dir)/content already exists", hint: "give an empty or new directory")
            }
            let toolsBin = tools ?? ProcessRunner.locate("demisto-sdk").map { ($0 as NSString).deletingLastPathComponent }
            let flowPath = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            print("flow demo in \(dir)" + (toolsBin == nil ? " (demisto-sdk not found: tool phases are skipped)" : ""))
            let summary = try Demo(directory: dir, flowPath: flowPath, toolsBin: toolsBin) { print($0) }.run()
            print("\nDemo complete: \(summary.steps) steps as narrated. Repository: \(dir)/content")
            for step in summary.skipped { print("  skipped (tools not installed): \(step)") }
            return .success
        }
    }
}
