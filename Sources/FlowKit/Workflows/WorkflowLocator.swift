import FlowCore
import Foundation

/// Finds workflows: a shipped one by name (compiled into flow, see EmbeddedFiles), or the user's
/// own by path.
public enum WorkflowLocator {
    /// The folder of the shipped workflows in flow's source tree (and in EmbeddedFiles).
    public static let shippedFolder = "Workflows"

    /// For development only: `FLOW_WORKFLOWS_DIR=<a Workflows/ directory>` makes flow read the
    /// shipped workflows from there instead of the copies compiled into it, so an edited workflow
    /// is tried without a rebuild. Unset (the normal case), the compiled-in copies are used.
    public static func overrideDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let dir = environment["FLOW_WORKFLOWS_DIR"], !dir.isEmpty else { return nil }
        return dir
    }

    /// True in CI: `CI=true` or `GITHUB_ACTIONS=true`.
    public static func inCI(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["CI"] == "true" || environment["GITHUB_ACTIONS"] == "true"
    }

    /// `flow verify` in CI judges with the shipped workflows, never with a development override.
    public static func refuseOverrideInCI(
        command: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        guard inCI(environment), let dir = overrideDirectory(environment: environment) else { return }
        throw FlowError.invalid(
            "FLOW_WORKFLOWS_DIR=\(dir) is set in CI: it replaces the shipped workflows and is for development only, "
                + "so \(command) does not run with it",
            hint: "remove FLOW_WORKFLOWS_DIR from the CI job's environment")
    }

    nonisolated(unsafe) static var announced = false

    /// One line on stderr, once per command, when the override is what a workflow is read from.
    static func announce(_ dir: String) {
        guard !announced else { return }
        announced = true
        FileHandle.standardError.write(
            Data("flow: FLOW_WORKFLOWS_DIR=\(dir): the shipped workflows are read from there, not from flow (development only)\n".utf8))
    }

    public static func builtInNames() -> [String] {
        let files: [String]
        if let dir = overrideDirectory() {
            files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        } else {
            files = EmbeddedFiles.names(in: shippedFolder)
        }
        return files.filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// A name without a slash or `.yml` is a shipped workflow; anything else is a path.
    public static func isShippedName(_ nameOrPath: String) -> Bool {
        !(nameOrPath.contains("/") || nameOrPath.hasSuffix(".yml") || nameOrPath.hasSuffix(".yaml"))
    }

    /// A shipped workflow's text and the name its problems are reported under; exit 2 naming
    /// the shipped ones for an unknown name.
    public static func shipped(_ name: String) throws -> (data: Data, file: String) {
        if let dir = overrideDirectory() {
            let path = "\(dir)/\(name).yml"
            announce(dir)
            if let data = FileManager.default.contents(atPath: path) { return (data, path) }
        } else if let bytes = EmbeddedFiles.bytes("\(shippedFolder)/\(name).yml") {
            return (Data(bytes), "\(shippedFolder)/\(name).yml (shipped with flow)")
        }
        let source = overrideDirectory().map { " (FLOW_WORKFLOWS_DIR=\($0))" } ?? ""
        throw FlowError.invalid(
            "no shipped workflow named \(name)\(source)",
            hint: "use one of: \(builtInNames().joined(separator: ", ")), or a path to your own file")
    }

    /// The path of the user's own workflow file (relative to `root`); exit 2 when it is missing.
    public static func resolve(_ path: String, root: String) throws -> String {
        let full = path.hasPrefix("/") ? path : root + "/" + path
        guard FileManager.default.fileExists(atPath: full) else {
            throw FlowError.invalid(
                "workflow file \(full) does not exist",
                hint: "give an existing file, or one of: \(builtInNames().joined(separator: ", "))")
        }
        return full
    }

    /// Loads a shipped workflow by name, or a workflow file (relative to `root`).
    public static func load(_ nameOrPath: String, root: String) throws -> Workflow {
        guard isShippedName(nameOrPath) else { return try WorkflowLoader.load(file: resolve(nameOrPath, root: root)) }
        let (data, file) = try shipped(nameOrPath)
        return try WorkflowLoader.load(data: data, file: file)
    }
}
