import FlowCore
import Foundation

/// Finds workflow files: a shipped one by name, or the user's own by path.
public enum WorkflowLocator {
    /// The directory of the shipped workflows: `$FLOW_WORKFLOWS_DIR`, else `share/flow/Workflows`
    /// beside an installed binary, else `Workflows/` of the source checkout the binary was built in.
    public static func builtInDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let dir = environment["FLOW_WORKFLOWS_DIR"], !dir.isEmpty { return dir }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        let installed = dir.deletingLastPathComponent().appendingPathComponent("share/flow/Workflows").path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("Workflows").path
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               FileManager.default.fileExists(atPath: candidate) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    public static func builtInNames() -> [String] {
        guard let dir = builtInDirectory(),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// A name without a slash or `.yml` is a shipped workflow; anything else is a path
    /// (relative to `root`).
    public static func resolve(_ nameOrPath: String, root: String) throws -> String {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yml") || nameOrPath.hasSuffix(".yaml") {
            let path = nameOrPath.hasPrefix("/") ? nameOrPath : root + "/" + nameOrPath
            guard FileManager.default.fileExists(atPath: path) else {
                throw FlowError.invalid("workflow file \(path) does not exist", hint: "give an existing file, or one of: \(builtInNames().joined(separator: ", "))")
            }
            return path
        }
        guard let dir = builtInDirectory() else {
            throw FlowError.invalid("cannot find flow's shipped workflows",
                                    hint: "set FLOW_WORKFLOWS_DIR to the Workflows/ directory of flow's source")
        }
        let path = "\(dir)/\(nameOrPath).yml"
        guard FileManager.default.fileExists(atPath: path) else {
            throw FlowError.invalid("no shipped workflow named \(nameOrPath)",
                                    hint: "use one of: \(builtInNames().joined(separator: ", ")), or a path to your own file")
        }
        return path
    }
}
